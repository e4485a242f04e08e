"""A file's bytes as text: decoded strictly, guessed only among encodings that decode it without error.

The rule (:func:`decode`): a given encoding must decode every byte; with none given, UTF-8 (a BOM
allowed) is tried first; a file that is UTF-8 but for a few damaged bytes is refused at the first
of them (decoding it as Windows-1251 would turn every Cyrillic letter into two wrong ones); else
Windows-1251 and KOI8-R — Russian offices' other encodings — are tried, and of those that decode
the whole file the one whose Cyrillic letters are mostly lower-case is taken (Russian text is;
KOI8-R read as Windows-1251 swaps the cases). Bytes no encoding decodes are an input error that
names the byte, its line and the encodings tried.
"""

from __future__ import annotations

import codecs
import re

from netmatch.exceptions import InvalidInputError

__all__ = ["GUESSED", "decode", "encoding_name"]

#: The encodings tried, in turn, when none is given.
GUESSED = ("utf-8-sig", "cp1251", "koi8-r")
_LOWER = re.compile("[а-яё]")
_UPPER = re.compile("[А-ЯЁ]")
_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1251": "Windows-1251", "koi8-r": "KOI8-R"}


def encoding_name(encoding: str) -> str:
    """The name a user knows an encoding by.

    >>> encoding_name("cp1251"), encoding_name("koi8-r"), encoding_name("utf-8-sig")
    ('Windows-1251', 'KOI8-R', 'UTF-8')
    """
    return _NAMES.get(codecs.lookup(encoding).name, encoding)


def _where(data: bytes, at: int) -> tuple[str, int]:
    """The byte at ``at`` in hex, and its line."""
    return f"0x{data[at]:02X}", data.count(b"\n", 0, at) + 1


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with a few damaged bytes: far more valid multi-byte letters than bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # characters beyond ASCII, at C speed
    return good > 4 * bad


def decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in (see the module's rule).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    encoding : str, optional
        The encoding the user gave; ``None`` to guess among :data:`GUESSED`.
    name : str
        The file's name, for the messages.

    Raises
    ------
    InvalidInputError
        When the given encoding is unknown or fails on a byte, or no guessed encoding fits.

    Examples
    --------
    >>> decode("Школа".encode("koi8-r"), None, "r.csv")
    ('Школа', 'koi8-r')
    >>> decode("Школа".encode("cp1251"), None, "r.csv")
    ('Школа', 'cp1251')
    >>> try:
    ...     decode("Школа №1 — лучшая".encode() + b"\\xff", None, "r.csv")
    ... except InvalidInputError as exc:
    ...     print(str(exc.problems[0]).split(",")[0])
    r.csv is UTF-8 but for byte 0xFF at line 1
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InvalidInputError([
                f"Unknown encoding {encoding!r} for {name}: use e.g. utf-8, cp1251 or koi8-r."]) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            byte, line = _where(data, exc.start)
            raise InvalidInputError([
                f"{name} is not in {encoding}: byte {byte} at line {line} is not; pass the file's encoding "
                "(encoding=..., --encoding), or leave it out to let netmatch tell."]) from None
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            byte, line = _where(data, exc.start)
            raise InvalidInputError([
                f"{name} is UTF-8 but for byte {byte} at line {line}, which is not; fix that place in the file, "
                "or pass its encoding (encoding=..., --encoding)."]) from None
        first = exc.start
    fits: list[tuple[int, int, str, str]] = []
    for guess in GUESSED[1:]:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError as exc:
            first = max(first, exc.start)
            continue
        fits.append((len(_LOWER.findall(text)) - len(_UPPER.findall(text)), -len(fits), text, guess))
    if not fits:
        tried = ", ".join(_NAMES[g] for g in GUESSED)
        byte, line = _where(data, first)
        raise InvalidInputError([
            f"{name} is in no encoding netmatch knows ({tried}): byte {byte} at line {line} fits none; save the file "
            "as UTF-8, or pass its encoding (encoding=..., --encoding)."])
    _, _, text, guess = max(fits)
    return text, guess

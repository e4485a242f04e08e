"""Files a spreadsheet may open, written so that neither a formula nor a half-written file gets through.

:func:`neutralise` and :func:`unquote` are a pair: a text cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — OWASP's list
against CSV injection) is written with a leading apostrophe, and a reader removes exactly one
again. A text that already starts with apostrophes before such a character gets one more, so
the pair is lossless: ``unquote(neutralise(v)) == v`` for every text.

:func:`replacing` writes a file under a temporary name in its folder and renames it into place
only when it is complete, so that a stopped run leaves the previous file or none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["neutralise", "replacing", "unquote"]

#: A text a spreadsheet would run: after any apostrophes, one of OWASP's formula characters.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """A cell safe for a spreadsheet: text that would run as a formula gets a leading apostrophe.

    Only text is touched: numbers, negative ones included, stay as they are.

    >>> neutralise('=HYPERLINK("x")'), neutralise("-1"), neutralise(-1.5), neutralise("Школа № 1")
    ('\\'=HYPERLINK("x")', "'-1", -1.5, 'Школа № 1')
    >>> neutralise("'=1")  # already quoted once: one more, so that a reader gets "'=1" back
    "''=1"
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The text :func:`neutralise` was given: one leading apostrophe before a formula character removed.

    >>> unquote("'=1+1"), unquote("''=1"), unquote("'quoted'"), unquote("-5")
    ('=1+1', "'=1", "'quoted'", '-5')
    """
    return text[1:] if _QUOTED.match(text) else text


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed to ``path`` when the block ends without an error.

    The temporary file lives in the same folder, so the rename is atomic: whoever opens ``path``
    sees the previous file or the complete new one, never a part. On any error or interruption
    (``KeyboardInterrupt`` included) the temporary file is removed and the error goes on.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with replacing(Path(tmp) / "a.txt") as part:
    ...         _ = part.write_text("done", encoding="utf-8")
    ...         busy = [p.name for p in Path(tmp).iterdir()]
    ...     busy[0].endswith(".part.txt"), [p.name for p in Path(tmp).iterdir()]
    (True, ['a.txt'])
    """
    target = Path(path)
    # hidden, one per process (two runs into one folder do not share it); the suffix stays last
    part = target.with_name(f".{target.stem}.{os.getpid()}.part{target.suffix}")
    try:
        yield part
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise

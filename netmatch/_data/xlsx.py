"""Workbooks read safely: the zip and its XML checked before any sheet is parsed, every failure an input error.

:func:`sheets` gives every sheet's rows (python-calamine when installed, else openpyxl, the same
cells either way). Before a reader sees the file, :func:`inspect` streams each part of the zip once,
with the limits of :data:`LIMITS`, and refuses what no spreadsheet program writes and what would
change values silently:

- a file that is not a zip, or a damaged one (bad CRC, truncated data);
- a part whose unpacked size is beyond :data:`LIMITS` (total and ratio: a zip bomb is refused
  from the sizes the zip declares, before anything is unpacked; Python's :mod:`zipfile` never
  unpacks more than a part declares);
- any ``<!DOCTYPE`` or ``<!ENTITY`` in the XML (an entity bomb, or an entity naming a local file
  or an address: Office files never declare one);
- a formula whose value was never computed (``=600+42`` saved by a program that does not
  calculate): it would read as an empty cell.

A sheet whose ``<dimension>`` tag disagrees with its rows is read by openpyxl with the
dimension reset, so no row or column is cut.
"""

from __future__ import annotations

import datetime
import functools
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netmatch.exceptions import InvalidInputError

__all__ = ["LIMITS", "Limits", "inspect", "sheet_titles", "sheets"]


@dataclass(frozen=True)
class Limits:
    """The declared limits of a workbook netmatch reads.

    Parameters
    ----------
    unpacked : int
        Bytes of all parts unpacked together (2 GiB: a national registry of 40,000 schools
        unpacks to about 0.3 GiB).
    ratio : int
        Unpacked over packed size of one part larger than ``ratio_from`` bytes; sheet XML packs
        10–100 times, a zip bomb about 1,000 times.
    ratio_from : int
        Parts at most this large unpacked are not held to ``ratio``.
    """

    unpacked: int = 2 << 30
    ratio: int = 400
    ratio_from: int = 32 << 20


#: The limits :func:`inspect` applies.
LIMITS = Limits()

_CHUNK = 1 << 20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# a cell with a formula and no value: <c r="B2"><f>600+42</f></c> (a value is <v>…</v> after the formula)
_NO_VALUE = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*</c>')
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*[0-9]*:?[A-Z]*([0-9]+)"')
_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')


@dataclass
class Found:
    """What :func:`inspect` saw: whether any sheet holds error cells or a stale dimension."""

    error_cells: bool = False
    stale_dimension: bool = False


def _damaged(path: Path, what: str) -> InvalidInputError:
    return InvalidInputError([f"{path.name} is not a readable .xlsx workbook ({what}); open it in Excel or "
                              "LibreOffice and save it again as .xlsx."])


def inspect(path: Path, limits: Limits = LIMITS) -> Found:
    """Check a workbook before it is read (see the module's notes); raise :class:`InvalidInputError` if refused.

    The answer is kept for the file as it is (its size and time of change): the registry's
    sheets and its procedures sheet are read from one check.

    >>> inspect(Path("no-such.xlsx"))
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: 'no-such.xlsx'
    """
    st = path.stat()
    return _inspect(str(path.resolve()), st.st_size, st.st_mtime_ns, limits)


@functools.lru_cache(maxsize=8)
def _inspect(name: str, size: int, mtime: int, limits: Limits) -> Found:
    path = Path(name)
    found = Found()
    with path.open("rb") as file:  # a missing or unreadable file is the OSError it is; below, the bytes are at fault
        try:
            _check(zipfile.ZipFile(file), path, limits, found)
        except InvalidInputError:
            raise
        # what zipfile raises on damaged bytes (NotImplementedError: a compression method it does not know)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, KeyError, OSError) as exc:
            raise _damaged(path, str(exc) or type(exc).__name__) from None
    return found


def _check(z: zipfile.ZipFile, path: Path, limits: Limits, found: Found) -> None:
    """The sizes of every part, then each XML part streamed once (:func:`_scan`)."""
    with z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.unpacked:
            raise InvalidInputError([
                f"{path.name} unpacks to {total:,} bytes, more than the limit of {limits.unpacked:,}; "
                "a registry workbook is far smaller: check the file."])
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > limits.ratio_from and ratio > limits.ratio:
                raise InvalidInputError([
                    f"{path.name}: the part {info.filename} unpacks {ratio:,} "
                    f"times its packed size (the limit is {limits.ratio:,}); a registry workbook never "
                    "does: check the file."])
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _scan(z, info, path, found)


def _scan(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, found: Found) -> None:
    """Stream one XML part: refuse a DTD or a formula without its value; note error cells, a stale dimension."""
    sheet = info.filename.startswith("xl/worksheets/")
    tail = b""
    declared: int | None = None
    last_row = 0
    first = True
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            block = tail + chunk
            if _DTD.search(block):
                raise InvalidInputError([
                    f"{path.name}: the part {info.filename} declares XML entities (<!DOCTYPE or <!ENTITY>), which "
                    "no spreadsheet program writes; it is not read. Save the table again from Excel or LibreOffice."])
            if sheet:
                if first:
                    m = _DIMENSION.search(block)
                    declared = int(m.group(1)) if m else None
                    first = False
                missing = _NO_VALUE.search(block)
                if missing:
                    raise InvalidInputError([
                        f"{path.name}: cell {missing.group(1).decode()} of {info.filename} holds a formula whose "
                        "value was never computed, so it would read as empty; open the file in Excel or "
                        "LibreOffice and save it again (the values are then computed), or type the value."])
                found.error_cells |= b' t="e"' in block
                rows = _ROW.findall(block)
                if rows:
                    last_row = max(last_row, int(rows[-1]))
            tail = block[-256:]  # a tag cut between two chunks is seen whole in the next block
    if sheet and declared is not None and last_row > declared:
        found.stale_dimension = True


def _calamine_cell(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: ``None`` for empty, whole numbers as ``int``, dates with a time."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value) is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


def sheets(path: Path, titles: set[str] | None = None) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet's rows (or only those titled ``titles``), after :func:`inspect`; failures are input errors."""
    found = inspect(path)
    try:
        out = None if found.error_cells or found.stale_dimension else _calamine_sheets(path, titles)
        return out if out is not None else _openpyxl_sheets(path, titles)
    except (InvalidInputError, MemoryError, OSError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a reader's own error, or a Rust panic (a BaseException) in calamine
        raise _damaged(path, str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__) from None


def sheet_titles(path: Path) -> list[str]:
    """The titles of a workbook's sheets, from its index alone (after :func:`inspect`)."""
    import xml.etree.ElementTree as ET

    inspect(path)
    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, zlib.error) as exc:
        raise _damaged(path, str(exc)) from None
    return [el.get("name", "") for el in root.iter() if el.tag.endswith("}sheet") or el.tag == "sheet"]


def _calamine_sheets(path: Path, titles: set[str] | None) -> list[tuple[str, list[list[Any]]]] | None:
    """Every sheet's rows read by python-calamine (much faster), or ``None`` when it is not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    wb = CalamineWorkbook.from_path(str(path))
    out = []
    for title in wb.sheet_names:
        if titles is None or title in titles:
            rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
            out.append((title, [[_calamine_cell(c) for c in r] for r in rows]))
    return out


def _openpyxl_sheets(path: Path, titles: set[str] | None) -> list[tuple[str, list[list[Any]]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([
            f"Reading {path.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            if titles is None or ws.title in titles:
                ws.reset_dimensions()  # read every row the sheet holds, not those its <dimension> tag claims
                out.append((ws.title, [list(values) for values in ws.iter_rows(values_only=True)]))
        return out
    finally:
        wb.close()

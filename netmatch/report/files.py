"""The plan's files: CSV tables, the Excel workbook, and everything at once into one folder.

Text that a spreadsheet would run as a formula (a cell beginning with ``=``, ``+``, ``-`` or
``@``, or a tab or carriage return) is neutralised with a leading apostrophe in CSV and Excel,
as OWASP advises against CSV injection, and Excel gets it as a text cell; numbers, negative
ones included, stay numbers.

>>> import tempfile
>>> from netmatch.report.tables import Column, Table
>>> t = Table("t", "T", (Column("a", "А", "A"), Column("n", "Число", "Number", "int")), [["=1+1", -2]])
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_csv(t, Path(tmp) / "t.csv", "en").read_text(encoding="utf-8-sig").splitlines()
['A,Number', "'=1+1,-2"]
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch._base.files import neutralise, replacing
from netmatch.exceptions import InvalidInputError
from netmatch.report.html import render_html
from netmatch.report.record import write_json
from netmatch.report.tables import Table, tables

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["write_csv", "write_excel", "write_plan"]

_FORMATS = {"int": "0", "num": "0.00", "km": "0.0", "share": "0%"}
_WIDTH = {"long": 60, "text": 24}
_ORDER = ("pairs", "unpaired", "resources", "resource_use", "sites", "kpis", "schools")


def _plain_cell(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return neutralise(v)


def write_csv(table: Table, path: str | Path, lang: str = "ru") -> Path:
    """One table as CSV: UTF-8 with a BOM (Excel opens it in Cyrillic), comma-separated, decimal point.

    >>> import tempfile
    >>> from netmatch.report.tables import Column
    >>> t = Table("t", "T", (Column("a", "Школа", "School"),), [["S1"], [None]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_csv(t, Path(tmp) / "t.csv").read_bytes()[:3]
    b'\\xef\\xbb\\xbf'
    """
    target = Path(path)
    with replacing(target) as part, part.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(c.header(lang)) for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if (v := _plain_cell(x)) is None else v for x in row])
    return target


class _Styles:
    """The workbook's cell styles, made once: openpyxl finds a style it has seen by identity first,
    so one object per style (not an equal copy per sheet) keeps writing a region's cells fast."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.head_font, self.head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="264653")
        self.head = Alignment(wrap_text=True, vertical="center")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.note = Font(italic=True)


def _fill_sheet(ws: Worksheet, t: Table, lang: str, styles: _Styles) -> None:
    """One table on a sheet: bold frozen header with filters, wrapped long texts, number formats."""
    wrap, top = styles.wrap, styles.top
    ws.append([c.header(lang) for c in t.columns])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = styles.head_font, styles.head_fill, styles.head
    # rows by number: openpyxl's max_row scans every cell, quadratic over a region's rows
    for r, row in enumerate(t.rows, start=2):
        for j, (value, col) in enumerate(zip(row, t.columns, strict=True), start=1):
            cell = ws.cell(row=r, column=j)
            v = _plain_cell(value)
            if v == "":
                continue
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula, whatever the text
                if v.startswith("'"):
                    cell.quotePrefix = True
            elif col.kind in _FORMATS and isinstance(v, int | float) and not isinstance(v, bool):
                cell.number_format = _FORMATS[col.kind]
            cell.alignment = wrap if col.kind == "long" else top
    if t.note and not t.rows:
        ws.cell(row=2, column=1, value=t.note).font = styles.note
    for j, col in enumerate(t.columns, start=1):
        letter = ws.cell(row=1, column=j).column_letter
        longest = max([len(col.header(lang))] + [len(str(r[j - 1])) for r in t.rows if r[j - 1] is not None])
        ws.column_dimensions[letter].width = max(8, min(_WIDTH.get(col.kind, 14), longest + 2))
    ws.freeze_panes = "A2"
    if t.rows:
        ws.auto_filter.ref = ws.dimensions


def write_excel(record: Mapping[str, Any], path: str | Path, lang: str = "ru") -> Path:
    """The workbook: «Пары», «Без пары», «Ресурсы», «Загрузка ресурсов», «Размещение центров», «Показатели», «Школы».

    A plan with warnings of identification opens with a «Предупреждения» sheet.

    Header rows are bold and frozen, with filters; long texts wrap; text that could run as a
    formula is written, neutralised, as a text cell.

    >>> import tempfile
    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> from openpyxl import load_workbook
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load_workbook(write_excel(plan_record(plan(nm.datasets.load_demo())), Path(tmp) / "p.xlsx")).sheetnames
    ['Пары', 'Без пары', 'Ресурсы', 'Загрузка ресурсов', 'Размещение центров', 'Показатели', 'Школы']
    """
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError(["Writing Excel needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = Workbook()
    wb.remove(wb.active)
    all_tables = tables(record, lang)
    styles = _Styles()
    for key in ("warnings", *_ORDER) if "warnings" in all_tables else _ORDER:  # the warnings first: read them first
        t = all_tables[key]
        _fill_sheet(wb.create_sheet(t.title), t, lang, styles)
    target = Path(path)
    with replacing(target) as part:
        wb.save(part)
    return target


def write_plan(record: Mapping[str, Any], folder: str | Path, lang: str = "ru",
               step: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write ``plan.json``, ``plan.xlsx``, a CSV per table and ``report.html`` into ``folder``.

    Everything is written first into a hidden folder inside ``folder`` and moved into place only
    when every file is complete, ``plan.json`` last: a run stopped by Ctrl-C, a full disk or an
    error leaves the previous outputs as they were, and while files are being moved there is no
    ``plan.json``. So a folder holding ``plan.json`` holds one whole plan; files of an earlier
    plan that this one does not have (a warnings table) are removed.

    ``step`` is called with a short name before each part (for a progress bar).
    Returns the paths by name (``json``, ``xlsx``, ``html`` and ``csv:<table>``).

    >>> import tempfile
    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sorted(write_plan(plan_record(plan(nm.datasets.load_demo())), tmp))[:4]
    ['csv:kpis', 'csv:pairs', 'csv:resource_use', 'csv:resources']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tick = step or (lambda _: None)
    stage = Path(tempfile.mkdtemp(prefix=".netmatch-", suffix=".part", dir=out))
    try:
        staged = _write_all(record, stage, lang, tick)
        _move_in(staged, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return {key: out / p.name for key, p in staged.items()}


def _write_all(record: Mapping[str, Any], folder: Path, lang: str, tick: Callable[[str], None]) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    tick("json")
    paths["json"] = write_json(record, folder / "plan.json")
    tick("xlsx")
    paths["xlsx"] = write_excel(record, folder / "plan.xlsx", lang)
    tick("csv")
    for key, t in tables(record, lang).items():
        paths[f"csv:{key}"] = write_csv(t, folder / f"{key}.csv", lang)
    tick("html")
    paths["html"] = folder / "report.html"
    paths["html"].write_text(render_html(record, lang), encoding="utf-8")
    return paths


def _move_in(staged: Mapping[str, Path], out: Path) -> None:
    """Rename the complete files into ``out``: first away with the old ``plan.json``, last in with the new."""
    (out / "plan.json").unlink(missing_ok=True)
    names = {p.name for p in staged.values()}
    for key in ("warnings", *_ORDER):  # a table the previous plan had and this one has not
        if f"{key}.csv" not in names:
            (out / f"{key}.csv").unlink(missing_ok=True)
    for key, p in staged.items():
        if key != "json":
            os.replace(p, out / p.name)
    os.replace(staged["json"], out / "plan.json")

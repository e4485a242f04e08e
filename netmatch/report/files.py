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
from typing import Any

from netmatch._base.files import neutralise, replacing
from netmatch.report.html import render_html
from netmatch.report.record import write_json
from netmatch.report.tables import Table, tables
from netmatch.report.workbook import write_workbook

__all__ = ["write_csv", "write_excel", "write_plan"]

_ORDER = ("pairs", "unpaired", "resources", "resource_use", "sites", "kpis", "schools")
#: The tables a plan has only with its parts: associations, organisations, needs, groups, people, events.
_EXTRA = ("networks", "organisations", "needs", "groups", "curators", "mentors", "events", "agreements")
#: Decimals a CSV keeps by column kind: enough to recompute what the tables show, no float noise
#: (0.43750000000000006); a count that is whole is written whole, ids and texts as they are.
_CSV_DIGITS = {"int": 2, "num": 2, "km": 2, "score": 4, "share": 4}


def _plain_cell(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return neutralise(v)


def _csv_cell(v: Any, kind: str) -> Any:
    """A cell for CSV: a float rounded by its kind (whole when it is), anything else as it is.

    >>> _csv_cell(0.43750000000000006, "share"), _csv_cell(5.0, "int"), _csv_cell(12.345678, "km"), _csv_cell("S1", "")
    (0.4375, 5, 12.35, 'S1')
    """
    if isinstance(v, float) and math.isfinite(v) and kind in _CSV_DIGITS:
        x = round(v, _CSV_DIGITS[kind])
        return int(x) if x.is_integer() else x
    v = _plain_cell(v)
    return "" if v is None else v


def write_csv(table: Table, path: str | Path, lang: str = "ru") -> Path:
    """One table as CSV: UTF-8 with a BOM (Excel opens it in Cyrillic), comma-separated, decimal point.

    Numbers are rounded by their column's kind (shares and scores to 4 decimals, distances and
    hours to 2, whole numbers whole), so the file holds what the tables mean, not float noise.

    >>> import tempfile
    >>> from netmatch.report.tables import Column
    >>> t = Table("t", "T", (Column("a", "Школа", "School"),), [["S1"], [None]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_csv(t, Path(tmp) / "t.csv").read_bytes()[:3]
    b'\\xef\\xbb\\xbf'
    """
    target = Path(path)
    kinds = [c.kind for c in table.columns]
    with replacing(target) as part, part.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(c.header(lang)) for c in table.columns])
        for n, row in enumerate(table.rows):
            writer.writerow([_csv_cell(x, k if k != "mixed" else table.row_kinds[n])
                             for x, k in zip(row, kinds, strict=True)])
    return target


def write_excel(record: Mapping[str, Any], path: str | Path, lang: str = "ru", *,
                prepared: Mapping[str, Table] | None = None) -> Path:
    """The workbook: «Пары», «Без пары», «Ресурсы», «Загрузка ресурсов», «Размещение центров», «Показатели», «Школы»,
    «О расчёте»; «Кураторы» and «Наставники» when the plan assigned them.

    A plan with warnings of identification opens with a «Предупреждения» sheet. The layout,
    formats and print setup are those of :mod:`netmatch.report.workbook`: on each table sheet the
    caption in row 1, the headers in row 2, the rows from row 3. ``prepared`` are the plan's
    :func:`~netmatch.report.tables.tables` when already made for this record and ``lang``.

    >>> import tempfile
    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> from openpyxl import load_workbook
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load_workbook(write_excel(plan_record(plan(nm.datasets.load_demo())), Path(tmp) / "p.xlsx")).sheetnames
    ['Пары', 'Сетевые объединения', 'Без пары', 'Ресурсы', 'Загрузка ресурсов', 'Размещение центров', 'Показатели', \
'Показатели и цели', 'Организации-партнёры', 'Потребности школ', 'Кураторы', 'Наставники', 'Школы', 'О расчёте']
    """
    return write_workbook(_sheets(prepared if prepared is not None else tables(record, lang)), record, path, lang)


def _sheets(all_tables: Mapping[str, Table]) -> list[Table]:
    """The tables in the workbook's order: the warnings first (read them first), then :data:`_ORDER`."""
    order: tuple[str, ...] = ("warnings", *_ORDER) if "warnings" in all_tables else _ORDER
    if "networks" in all_tables:  # beside the pairs: the two forms a coordinator reads first
        order = tuple(k for o in order for k in ((o, "networks") if o == "pairs" else (o,)))
    if "indicators" in all_tables:  # the programme's indicators beside its KPIs
        order = tuple(k for o in order for k in ((o, "indicators") if o == "kpis" else (o,)))
    for extra in _EXTRA[1:]:  # before «Школы», in this order
        if extra in all_tables:
            order = tuple(k for o in order for k in ((extra, o) if o == "schools" else (o,)))
    return [all_tables[k] for k in order]


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
    ['csv:curators', 'csv:indicators', 'csv:kpis', 'csv:mentors']
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
    made = tables(record, lang)  # once for the workbook, the CSVs and the page (a second at 40,000 schools)
    paths["xlsx"] = write_excel(record, folder / "plan.xlsx", lang, prepared=made)
    tick("csv")
    for key, t in made.items():
        paths[f"csv:{key}"] = write_csv(t, folder / f"{key}.csv", lang)
    tick("html")
    paths["html"] = folder / "report.html"
    paths["html"].write_text(render_html(record, lang, prepared=made), encoding="utf-8")
    options = (record.get("settings") or {}).get("agreements") or {}
    if "agreements" in made and options.get("write", True) and _can_write_docx():
        from netmatch.report.agreements import write_agreements

        tick("docx")
        write_agreements(record, folder / "agreements", lang, template=options.get("template"))
        paths["agreements"] = folder / "agreements"
    return paths


def _can_write_docx() -> bool:
    """Whether python-docx (the ``docs`` extra) is installed: without it the drafts are listed, not written."""
    import importlib.util

    return importlib.util.find_spec("docx") is not None


def _move_in(staged: Mapping[str, Path], out: Path) -> None:
    """Rename the complete files into ``out``: first away with the old ``plan.json``, last in with the new."""
    (out / "plan.json").unlink(missing_ok=True)
    names = {p.name for p in staged.values()}
    for key in ("warnings", *_ORDER, *_EXTRA):  # a table the previous plan had and this one has not
        if f"{key}.csv" not in names:
            (out / f"{key}.csv").unlink(missing_ok=True)
    if (out / "agreements").is_dir():  # the drafts of the previous plan go with it
        shutil.rmtree(out / "agreements")
    for key, p in staged.items():
        if key != "json":
            os.replace(p, out / p.name)
    os.replace(staged["json"], out / "plan.json")

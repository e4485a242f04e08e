"""The plan's Excel workbook, written with XlsxWriter: formats by column, print setup, «О расчёте».

Every table sheet has the same layout: row 1 its caption — the title with the number of rows,
or, for an empty table, the note that says why it is empty (never a fake row in a column of
schools); row 2 the headers, bold, frozen and with filters; the rows from row 3. With pandas:
``pd.read_excel("plan.xlsx", sheet_name=None, header=1)``. Numbers stay numbers and are shown
by their column's kind: shares as percentages (``0%``), counts as whole numbers with thousands
grouped (``#,##0``; Excel shows the separator of its locale), distances and hours with one
decimal, pair scores with two. Pages print landscape, one page wide, the header row repeated
on every page, the sheet's name and page number in the footer. The last sheet, «О расчёте»
(«About»), holds the plan's name, netmatch's version, the source file, the years and counts
of the data, the pairing method and every parameter set, in words with units.

Text that a spreadsheet would run as a formula is written, neutralised by a leading apostrophe,
as a text cell; XlsxWriter is told never to turn a string into a formula, number or link.
Written in XlsxWriter's constant-memory mode: rows stream to disk, so 40,000 schools take no
more memory than a district.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from netmatch._base.files import neutralise, replacing
from netmatch._base.log import stage
from netmatch._words.numbers import number
from netmatch.exceptions import InvalidInputError
from netmatch.report.params import setting_rows
from netmatch.report.tables import Table
from netmatch.report.words import METHOD, li, plan_name

__all__ = ["NUMBER_FORMATS", "write_workbook"]

#: Excel number formats by column kind (see :class:`netmatch.report.tables.Column`).
NUMBER_FORMATS = {"int": "#,##0", "num": "#,##0.0", "km": "#,##0.0", "score": "0.00", "share": "0%"}
_WIDTH = {"long": 60, "text": 24}
_ABOUT = ("О расчёте", "About")


def _caption(t: Table, lang: str) -> str:
    if not t.rows:
        return t.note or ("Таблица пуста." if lang == "ru" else "The table is empty.")
    return f"{t.title} (" + ("строк: " if lang == "ru" else "rows: ") + f"{number(len(t.rows), lang)})"


def _widths(t: Table, lang: str) -> list[float]:
    """Each column as wide as its longest text (within its kind's limit), at least 8."""
    out: list[float] = []
    for j, col in enumerate(t.columns):
        longest = max([len(col.header(lang)), *(len(str(r[j])) for r in t.rows if r[j] is not None)])
        out.append(max(8, min(_WIDTH.get(col.kind, 14), longest + 2)))
    return out


class _Writer:
    """One workbook's formats, made once, and the sheet writing."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.head = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#264653", "text_wrap": True,
                                   "valign": "vcenter", "border": 1})
        self.caption = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"italic": True, "font_size": 12})
        self.text = wb.add_format({"valign": "top"})
        self.quoted = wb.add_format({"valign": "top", "quote_prefix": True})
        self.long = wb.add_format({"valign": "top", "text_wrap": True})
        self.long_quoted = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
        self.numbers = {k: wb.add_format({"valign": "top", "num_format": f}) for k, f in NUMBER_FORMATS.items()}

    def _setup(self, ws: Any, ncols: int, header_row: int) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many long as it takes
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer("&L&A&R&P / &N")

    def table(self, t: Table, lang: str) -> None:
        """One table on its sheet: caption, headers, rows; formats by column kind, and by row where it is mixed."""
        ws = self.wb.add_worksheet(t.title[:31])
        ncols = len(t.columns)
        for j, width in enumerate(_widths(t, lang)):
            ws.set_column(j, j, width)
        ws.set_row(1, 30)  # the header row: two lines of wrapped header
        ws.write_string(0, 0, _caption(t, lang), self.caption if t.rows else self.note)
        for j, col in enumerate(t.columns):
            ws.write_string(1, j, col.header(lang), self.head)
        kinds = [c.kind for c in t.columns]
        for r, row in enumerate(t.rows, start=2):
            for j, value in enumerate(row):
                self._cell(ws, r, j, value, kinds[j] if kinds[j] != "mixed" else t.row_kinds[r - 2])
        ws.freeze_panes(2, 0)
        if t.rows:
            ws.autofilter(1, 0, len(t.rows) + 1, ncols - 1)
        self._setup(ws, ncols, 1)
        stage("write.sheet", sheet=t.title, rows=len(t.rows))

    def _cell(self, ws: Any, r: int, j: int, value: Any, kind: str) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            ws.write_boolean(r, j, value, self.text)
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return
            ws.write_number(r, j, value, self.numbers.get(kind, self.text))
        else:
            text = neutralise(str(value))
            quoted = text.startswith("'")
            if kind == "long":
                ws.write_string(r, j, text, self.long_quoted if quoted else self.long)
            else:
                ws.write_string(r, j, text, self.quoted if quoted else self.text)

    def about(self, record: Mapping[str, Any], lang: str) -> None:
        """«О расчёте»: what the plan is, what it was made from and with which settings."""
        i = li(lang)
        ws = self.wb.add_worksheet(_ABOUT[i])
        ws.set_column(0, 0, 48)
        ws.set_column(1, 1, 70)
        ws.write_string(0, 0, ("О расчёте плана", "About this plan")[i], self.caption)
        rows: list[tuple[str, Any]] = []
        counts = record.get("counts") or {}
        method = record.get("method") or ""
        rows += [(("План", "Plan")[i], plan_name(record.get("name"), lang)),
                 (("Реестр", "Registry")[i], record.get("registry") or ""),
                 (("Файл реестра", "Registry file")[i], record.get("source") or ""),
                 (("Годы результатов", "Years of results")[i], ", ".join(map(str, record.get("years") or [])) or "—"),
                 (("Школ", "Schools")[i], counts.get("schools", len(record.get("schools") or []))),
                 (("Строк результатов", "Result rows")[i], counts.get("results")),
                 (("Ресурсов", "Resources")[i], counts.get("resources")),
                 (("Метод подбора пар", "Pairing method")[i], METHOD.get(method, (method, method))[i]),
                 (("Версия netmatch", "netmatch version")[i], record.get("netmatch") or "")]
        settings = setting_rows(record.get("settings"), lang)
        rows.append((("Параметры расчёта", "Settings")[i],
                     ("заданы ниже; остальные — по умолчанию", "below; the others at their defaults")[i] if settings
                     else ("все по умолчанию", "all at their defaults")[i]))
        for r, (label, value) in enumerate([*rows, *settings], start=2):
            ws.write_string(r, 0, label, self.long)
            self._cell(ws, r, 1, value, "int" if isinstance(value, int) else "long")
        self._setup(ws, 2, 0)


def write_workbook(tables: Sequence[Table], record: Mapping[str, Any], path: str | Path, lang: str = "ru") -> Path:
    """Write ``tables`` (each a sheet, in order) and «О расчёте» to ``path``, atomically.

    >>> import tempfile
    >>> from netmatch.report.tables import Column
    >>> t = Table("t", "Доли", (Column("a", "Школа", "School"), Column("s", "Доля", "Share", "share")), [["S1", 0.5]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     import openpyxl
    ...     ws = openpyxl.load_workbook(write_workbook([t], {}, Path(tmp) / "t.xlsx"))["Доли"]
    ...     [c.value for c in ws["A"]], ws["B3"].number_format
    (['Доли (строк: 1)', 'Школа', 'S1'], '0%')
    """
    try:
        import xlsxwriter
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError(["Writing Excel needs XlsxWriter: pip install 'netmatch[excel]'."]) from None
    target = Path(path)
    with replacing(target) as part:
        wb = xlsxwriter.Workbook(str(part), {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_numbers": False, "strings_to_urls": False,
                                             "default_date_format": "yyyy-mm-dd"})
        try:
            writer = _Writer(wb)
            for t in tables:
                writer.table(t, lang)
            writer.about(record, lang)
        finally:
            wb.close()
    return target

"""Outputs of a plan: the saved record, tables, CSV/Excel/JSON files and the HTML report.

Everything starts from a **saved plan** — a plain JSON-able dict built by :func:`plan_record`
(:mod:`~netmatch.report.record`). :func:`tables` (:mod:`~netmatch.report.tables`) builds the
output tables once; :mod:`~netmatch.report.files` writes them as CSV and Excel and
:func:`write_plan` writes everything into one folder; :func:`render_html`
(:mod:`~netmatch.report.html`, with the map in :mod:`~netmatch.report.map` and the charts in
:mod:`~netmatch.report.charts`) renders the self-contained HTML page from the templates in
``templates/``; :func:`compare_records` (:mod:`~netmatch.report.compare`) puts two saved plans
side by side. The words of every output live in :mod:`~netmatch.report.words`.

>>> import netmatch as nm
>>> from netmatch._scenario import plan
>>> record = plan_record(plan(nm.datasets.load_demo()))
>>> record["format"], len(record["schools"]), record["kpis"]["share_covered"]
('netmatch-plan', 18, 1.0)
>>> [t.title for t in tables(record).values()][:3]
['Пары', 'Сетевые объединения', 'Без пары']
"""

from netmatch.report.compare import compare_records
from netmatch.report.files import write_csv, write_excel, write_plan
from netmatch.report.html import render_html
from netmatch.report.record import FORMAT, dynamics, neutralise, plan_record, read_plan, write_json
from netmatch.report.tables import Column, Table, kpi_rows, sites_table, tables
from netmatch.report.words import no_coordinates, no_coordinates_line

__all__ = [
    "FORMAT",
    "Column",
    "Table",
    "compare_records",
    "dynamics",
    "kpi_rows",
    "neutralise",
    "no_coordinates",
    "no_coordinates_line",
    "plan_record",
    "read_plan",
    "render_html",
    "sites_table",
    "tables",
    "write_csv",
    "write_excel",
    "write_json",
    "write_plan",
]

"""Outputs of a plan: the saved record, tables, CSV/Excel/JSON files and the HTML report."""

from netmatch.report.core import (
    FORMAT,
    Column,
    Table,
    compare_records,
    dynamics,
    kpi_rows,
    neutralise,
    plan_record,
    read_plan,
    render_html,
    sites_table,
    tables,
    write_csv,
    write_excel,
    write_json,
    write_plan,
)

__all__ = [
    "FORMAT",
    "Column",
    "Table",
    "compare_records",
    "dynamics",
    "kpi_rows",
    "neutralise",
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

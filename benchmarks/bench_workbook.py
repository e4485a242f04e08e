"""The plan's workbook at region scale: ``report.write_excel`` beside bare XlsxWriter writing the same cells.

The plan of ``make_region(--schools)`` is made once (not timed); then, in turns, netmatch's
workbook (formats by column, captions, widths, print setup, «О расчёте») and a bare
XlsxWriter loop writing the same values with ``write_row`` and no formats, both in
constant-memory mode. Prints each run's wall and CPU seconds, the ratio of medians and the
load average (the machine is shared: CPU seconds and same-run ratios are what to quote).

    python -m benchmarks.bench_workbook --schools 40000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _bare(tables: list[Any], path: Path, lang: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    for t in tables:
        ws = wb.add_worksheet(t.title[:31])
        ws.write_row(1, 0, [c.header(lang) for c in t.columns])
        for r, row in enumerate(t.rows, start=2):
            ws.write_row(r, 0, ["" if v is None else v for v in row])
    wb.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=40000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import netmatch as nm
    from netmatch import report
    from netmatch._scenario import plan

    t0 = time.perf_counter()
    record = report.plan_record(plan(nm.datasets.make_region(args.schools, seed=1), sharing=False))
    tables = report.tables(record, "ru")
    cells = sum(len(t.rows) * len(t.columns) for t in tables.values())
    print(f"plan of {args.schools:,} schools made in {time.perf_counter() - t0:.1f} s; "
          f"{cells:,} cells in {len(tables)} tables")
    runs: dict[str, list[tuple[float, float]]] = {"netmatch": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            for name in ("netmatch", "bare"):
                path = Path(tmp) / f"{name}{k}.xlsx"
                w, c = time.perf_counter(), time.process_time()
                if name == "netmatch":
                    report.write_excel(record, path, "ru")
                else:
                    _bare(list(tables.values()), path, "ru")
                runs[name].append((time.perf_counter() - w, time.process_time() - c))
                print(f"  {name:9s} {runs[name][-1][0]:6.2f} s wall {runs[name][-1][1]:6.2f} s CPU "
                      f"{path.stat().st_size / 1e6:6.1f} MB")
    med = {n: (statistics.median(x for x, _ in r), statistics.median(y for _, y in r)) for n, r in runs.items()}
    print(f"netmatch / bare XlsxWriter, medians of {args.repeat}: {med['netmatch'][0] / med['bare'][0]:.2f}x wall "
          f"({med['netmatch'][0]:.2f} s / {med['bare'][0]:.2f} s), {med['netmatch'][1] / med['bare'][1]:.2f}x CPU; "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

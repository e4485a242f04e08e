"""The HTML report at national scale in Chromium: its size, and how soon it can be used.

The plan of ``make_region(--schools)`` is made once (not timed); its report is rendered (timed)
and opened ``--repeat`` times in Debian's Chromium through Playwright with the network blocked.
«Usable» is the moment the page's script has drawn the tables' first pages and the map
(``html[data-ready]``; the page's own ``performance.now()``, from navigation start). Beside it, in
the same run, the peer: the same tables written out as plain HTML rows (what the report was before
it carried long tables as data), with no map, timed to its ``load`` event.

    python -m benchmarks.bench_report --schools 40000 --repeat 3 --peer-repeat 1

Prints each run, the medians and the load average (the machine is shared: quote same-run ratios).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"


def _plain_page(record: dict[str, Any], lang: str) -> str:
    """Every table of the report as plain HTML rows: the peer."""
    from netmatch.report.html import html_table
    from netmatch.report.tables import tables

    body = "".join(f"<h2>{t.title}</h2>{html_table(t, lang)}" for t in tables(record, lang).values())
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def _open(browser: Any, path: Path, ready: str) -> tuple[float, dict[str, float], int]:
    """(ms to usable, the page's own timings, requests tried) of one opening of ``path``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    tried: list[str] = []
    problems: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            tried.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri(), wait_until="load", timeout=0)  # the peer takes minutes at 40,000 schools
    if ready == "report":
        page.wait_for_selector("html[data-ready='1']", timeout=120_000)
        timing = page.evaluate("NM.timing")
        ms = timing["ready"]
    else:
        timing = {}
        ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.close()
    if problems:
        raise RuntimeError(f"{path.name}: {problems}")
    return float(ms), timing, len(tried)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=40000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="ru")
    ap.add_argument("--peer-repeat", type=int, default=1, help="openings of the peer (minutes each at 40,000)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    import netmatch as nm
    from netmatch import report
    from netmatch._scenario import plan

    t0 = time.perf_counter()
    record = report.plan_record(plan(nm.datasets.make_region(args.schools, seed=1)))
    print(f"plan of {args.schools:,} schools made in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        w, c = time.perf_counter(), time.process_time()
        html = report.render_html(record, args.lang)
        print(f"report rendered in {time.perf_counter() - w:.2f} s wall, {time.process_time() - c:.2f} s CPU")
        pages = {"report": folder / "report.html", "plain": folder / "plain.html"}
        pages["report"].write_text(html, encoding="utf-8")
        if args.peer_repeat:
            pages["plain"].write_text(_plain_page(record, args.lang), encoding="utf-8")
        else:
            del pages["plain"]
        for name, path in pages.items():
            print(f"  {name:7s} {path.stat().st_size / 1e6:7.1f} MB")
        runs: dict[str, list[float]] = {"report": [], "plain": []}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for k in range(args.repeat):
                for name, path in pages.items():
                    if name == "plain" and k >= args.peer_repeat:
                        continue
                    ms, timing, tried = _open(browser, path, name)
                    runs[name].append(ms)
                    parts = ", ".join(f"{k} {v:.0f}" for k, v in timing.items() if k != "ready")
                    print(f"  {name:7s} usable after {ms / 1000:6.2f} s ({parts or 'load event'}; "
                          f"requests tried: {tried})")
            browser.close()
    med = {k: statistics.median(v) / 1000 for k, v in runs.items() if v}
    peer = (f", plain tables loaded after {med['plain']:.2f} s ({med['plain'] / med['report']:.1f}x longer)"
            if "plain" in med else "")
    print(f"medians of {args.repeat} and {args.peer_repeat}: report usable after {med['report']:.2f} s{peer}; "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

if __name__ == "__main__":
    main()

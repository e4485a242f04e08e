"""Reading a registry against pandas, side by side in one process: CSV at national scale, XLSX.

Writes ``make_region(n)`` with Russian headers (``<name>.csv``, ``<name>.results.csv``,
``<name>.resources.csv``), then times ``pandas.read_csv`` on the three files (the pyarrow engine
when pyarrow is installed, else the C engine, and says which) and ``netmatch.read_registry`` on
the same files: wall seconds, CPU seconds (``time.process_time``), the ratio, and the peak
resident memory of the process (``resource.getrusage``). The files are written by a child
process; both readers first read a 200-school registry (imports and set-ups paid), then
each reads the region ``--repeat`` times in turn, then ``--repeat`` times in a block of its
own (after an untimed run), and the ratios of the medians and minima are quoted for both (the
first peak printed is the reader's own). The machine's load (``os.getloadavg``) is
printed beside the figures. ``--xlsx N`` does the same for an ``N``-school workbook against
``pandas.read_excel`` (calamine when python-calamine is installed, else openpyxl).

Run: ``python -m benchmarks.bench_read --schools 40000 --xlsx 5000``
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import netmatch


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(label: str, fn: Callable[[], Any]) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {label:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU   peak RSS so far {_peak_mb():7.0f} MB")
    return wall, cpu


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def _engine() -> str:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "c"
    return "pyarrow"


def _write(n: int, path: Path) -> None:
    """``make_region(n)`` written to ``path`` by a child process, to keep this one's peak memory the reader's."""
    if path.exists():
        return
    code = ("import sys, netmatch; from netmatch.datasets import make_region; "
            "netmatch.write_registry(make_region(int(sys.argv[1]), seed=0), sys.argv[2], headers='ru')")
    subprocess.run([sys.executable, "-c", code, str(n), str(path)], check=True)


def _warm_up(folder: Path, engine: str) -> None:
    """Both readers read a small registry first: imports and one-time set-ups are paid before the timing."""
    path = folder / "warm200.csv"
    _write(200, path)
    netmatch.read_registry(path)
    for f in (path, path.with_name(f"{path.stem}.results.csv")):
        pd.read_csv(f, engine=engine)


def bench_csv(n: int, folder: Path, repeat: int) -> float:
    """Time pandas and read_registry on the CSV files of an ``n``-school region, ``repeat`` times in turn.

    Returns the ratio of the median wall times; the minima's ratio is printed too.
    """
    path = folder / f"region{n}.csv"
    t0 = time.perf_counter()
    _write(n, path)
    files = [path, path.with_name(f"{path.stem}.results.csv"), path.with_name(f"{path.stem}.resources.csv")]
    sizes = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.0f} MB" for f in files)
    print(f"make_region({n:,}) written in {time.perf_counter() - t0:.1f} s: {sizes}")
    engine = _engine()
    _warm_up(folder, engine)
    print(f"CSV, {_load()}:")

    def with_pandas() -> None:
        for f in files:
            pd.read_csv(f, engine=engine)

    holder: dict[str, Any] = {}
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(repeat):  # in turn, so that the machine's load falls on both alike
        ours.append(_timed("netmatch.read_registry", lambda: holder.update(reg=netmatch.read_registry(path))))
        theirs.append(_timed(f"pandas.read_csv(engine={engine!r}), 3 files", with_pandas))
    reg = holder.pop("reg")
    print(f"  read {len(reg.schools):,} schools, {len(reg.results):,} results, {len(reg.resources):,} resources")
    _ratio(f"in turn, medians of {repeat}", ours, theirs)
    # In turn, pandas runs on memory the other reader has just given back to the system, and is slowed
    # by it (0.35 s alone, up to 0.7 s right after read_registry, seen here): so each in a block too.
    print("  each reader in a block, after an untimed run of its own:")
    ours = _block("netmatch.read_registry", lambda: netmatch.read_registry(path), repeat)
    theirs = _block(f"pandas.read_csv(engine={engine!r}), 3 files", with_pandas, repeat)
    return _ratio(f"in blocks, medians of {repeat}", ours, theirs)


def _block(label: str, fn: Callable[[], Any], repeat: int) -> list[tuple[float, float]]:
    fn()
    return [_timed(label, fn) for _ in range(repeat)]


def _ratio(how: str, ours: list[tuple[float, float]], theirs: list[tuple[float, float]]) -> float:
    """Print the ratios of the medians (wall, CPU) and of the minima (wall); return the medians' wall ratio."""
    (ow, oc), (tw, tc) = (tuple(statistics.median(x) for x in zip(*ours, strict=True)),
                          tuple(statistics.median(x) for x in zip(*theirs, strict=True)))
    best = min(w for w, _ in ours) / min(w for w, _ in theirs)
    print(f"  ratio read_registry / pandas {how}: {ow / tw:.2f}x wall ({ow:.2f} s / {tw:.2f} s), "
          f"{oc / tc:.2f}x CPU; minima: {best:.2f}x wall; peak RSS {_peak_mb():.0f} MB; {_load()}")
    return ow / tw


def bench_xlsx(n: int, folder: Path) -> float:
    """Time pandas and read_registry on an ``n``-school workbook; the wall ratio."""
    path = folder / f"region{n}.xlsx"
    t0 = time.perf_counter()
    _write(n, path)
    print(f"\nmake_region({n:,}) written as XLSX in {time.perf_counter() - t0:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)")
    try:
        import python_calamine  # noqa: F401
        engine = "calamine"
    except ImportError:
        engine = "openpyxl"
    print(f"XLSX, {_load()}:")
    holder: dict[str, Any] = {}
    ours_wall, _ = _timed("netmatch.read_registry", lambda: holder.update(reg=netmatch.read_registry(path)))
    reg = holder.pop("reg")
    pandas_wall, _ = _timed(f"pandas.read_excel(engine={engine!r}), all sheets",
                            lambda: pd.read_excel(path, sheet_name=None, engine=engine))
    print(f"  read {len(reg.schools):,} schools, {len(reg.results):,} results, {len(reg.resources):,} resources")
    ratio = ours_wall / pandas_wall
    print(f"  ratio read_registry / pandas: {ratio:.2f}x wall; peak RSS {_peak_mb():.0f} MB; {_load()}")
    return ratio


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--schools", type=int, default=40_000, help="schools in the CSV region (0: skip)")
    parser.add_argument("--xlsx", type=int, default=0, help="schools in the XLSX region (0: skip)")
    parser.add_argument("--dir", type=Path, default=None, help="keep the files here (and reuse them)")
    parser.add_argument("--repeat", type=int, default=3, help="CSV timings of each reader, in turn")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.schools:
            bench_csv(args.schools, folder, args.repeat)
        if args.xlsx:
            bench_xlsx(args.xlsx, folder)


if __name__ == "__main__":
    main()

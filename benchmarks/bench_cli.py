"""The coordinator's command at scale: ``netmatch plan`` on a synthetic region, stage by stage.

Writes ``make_region(n)`` as a folder of Russian-header CSV files, then runs
``netmatch plan FOLDER --progress`` in this process; the progress lines give the time at each
stage (reading, identification with pairing and resources, siting, plan.json, Excel, CSV, HTML).

Run: ``python -m benchmarks.bench_cli --sizes 10000 40000``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from netmatch import write_registry
from netmatch.cli import main as cli_main
from netmatch.datasets import make_region


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    args = parser.parse_args(argv)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "registry"
            t0 = time.perf_counter()
            write_registry(make_region(n, seed=0), folder, headers="ru")
            print(f"\nmake_region({n:,}) written as CSV in {time.perf_counter() - t0:.1f} s; netmatch plan:")
            t0 = time.perf_counter()
            code = cli_main(["plan", str(folder), "--out", str(Path(tmp) / "plan"), "--progress"])
            print(f"netmatch plan exited {code} after {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

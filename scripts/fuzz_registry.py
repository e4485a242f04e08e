"""A long fuzzing run of the registry readers: seeded, every format, bytewise and structural.

Each case mutates a small registry written as CSV (Russian and English headers), XLSX or JSON
(:mod:`tests.fuzzing`), reads it and checks the outcome: refused with an ``InvalidInputError``,
or read with every value in its declared range and paired (identify → graph → pairing →
``check_pairing``) without a crash or a violation. Anything else is a failure, grouped by its
reason; a case running over ``--slow`` seconds is counted too (a bomb must be refused at once)::

    python scripts/fuzz_registry.py --cases 5000 --seed 11
    python scripts/fuzz_registry.py --cases 200 --keep failures/   # keep the failing inputs

Exit status 1 when any case failed. The tests run the same checks under hypothesis, bounded.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.fuzzing, from any folder

import netmatch as nm
from tests.fuzzing import FuzzFailure, outcome, random_case, registry_files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--schools", type=int, default=12, help="size of the registry mutated")
    ap.add_argument("--slow", type=float, default=5.0, help="seconds after which a case counts as slow")
    ap.add_argument("--keep", type=Path, help="folder to keep the failing inputs in")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    failures: dict[str, list[int]] = collections.defaultdict(list)
    slow: list[tuple[int, str, float]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        files = registry_files(nm.datasets.make_region(args.schools, seed=args.seed), Path(tmp) / "base")
        for case in range(args.cases):
            kind, found = random_case(files, rng)
            folder = Path(tmp) / "case"
            folder.mkdir(exist_ok=True)
            for old in folder.iterdir():
                old.unlink()
            t = time.perf_counter()
            try:
                counts[f"{kind}: {outcome(folder, found)}"] += 1
            except FuzzFailure as exc:
                reason = str(exc).splitlines()[0][:160]
                failures[reason].append(case)
                counts[f"{kind}: FAILED"] += 1
                if args.keep:
                    target = args.keep / f"case{case}"
                    target.mkdir(parents=True, exist_ok=True)
                    for name, data in found.items():
                        (target / name).write_bytes(data)
            if (spent := time.perf_counter() - t) > args.slow:
                slow.append((case, kind, spent))
    print(f"{args.cases} cases, seed {args.seed}, {time.perf_counter() - start:.0f} s")
    for key in sorted(counts):
        print(f"  {key:32} {counts[key]}")
    for reason, cases in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"FAILED {len(cases)}× (cases {', '.join(map(str, cases[:8]))}): {reason}")
    for case, kind, spent in slow:
        print(f"SLOW case {case} ({kind}): {spent:.1f} s")
    return 1 if failures or slow else 0


if __name__ == "__main__":
    raise SystemExit(main())

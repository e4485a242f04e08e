"""Benchmark :func:`netmatch._siting.site_centres` on the OR-Library p-median instances pmed1–pmed40.

The instances (Beasley 1985) live in ``../shared/benchmarks/pmed`` beside the repository; see its
``SOURCE.md``. Each instance is solved with ``objective="median"`` under a per-instance time limit, and
one line per instance reports the value found against the published optimum (``pmedopt.txt``)::

    python -m benchmarks.bench_pmed                    # from the repository root: all 40, 60 s each
    python -m benchmarks.bench_pmed --time-limit 20 1 2 3

:func:`read_orlib_pmed` is also what ``tests/test_siting.py`` uses to read the instances.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import shortest_path

ROOT = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository; NETMATCH_SHARED overrides (as in ``tests/conftest.py``).
PMED = Path(os.environ.get("NETMATCH_SHARED", ROOT.parent / "shared")) / "benchmarks" / "pmed"


def read_orlib_pmed(path: str | os.PathLike[str]) -> tuple[np.ndarray, int]:
    """Read an OR-Library p-median instance: the all-pairs shortest-path cost matrix and ``p``.

    The file holds ``n_vertices n_edges p`` and then one ``i j cost`` line per undirected edge
    (1-based). As OR-Library prescribes, edges are read in turn so that the last cost of a repeated
    edge wins, and the costs are then closed under shortest paths (Floyd's algorithm; here
    :func:`scipy.sparse.csgraph.shortest_path`). Every vertex is both a client and a candidate site.

    Parameters
    ----------
    path : path-like
        A ``pmedK.txt`` file.

    Returns
    -------
    cost : numpy.ndarray of shape (n, n)
        Shortest-path costs; ``np.inf`` between disconnected vertices.
    p : int
        The number of medians to open.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "tiny.txt"
    ...     _ = path.write_text("3 3 1\\n1 2 5\\n2 3 1\\n2 1 2\\n")
    ...     cost, p = read_orlib_pmed(path)
    >>> cost
    array([[0., 2., 3.],
           [2., 0., 1.],
           [3., 1., 0.]])
    >>> p
    1
    """
    with open(path, encoding="ascii") as f:
        n, n_edges, p = (int(t) for t in f.readline().split())
        edges = np.loadtxt(f, dtype=np.int64, ndmin=2)
    if edges.shape != (n_edges, 3):
        raise ValueError(f"{path}: expected {n_edges} edges of 3 numbers, got shape {edges.shape}")
    i, j, c = edges[:, 0] - 1, edges[:, 1] - 1, edges[:, 2].astype(np.float64)
    # the last occurrence of each undirected edge wins: take first occurrences in reversed order
    key = np.minimum(i, j) * n + np.maximum(i, j)
    _, first_reversed = np.unique(key[::-1], return_index=True)
    last = len(key) - 1 - first_reversed
    i, j, c = i[last], j[last], c[last]
    graph = sparse.csr_array((c, (i, j)), shape=(n, n))
    return shortest_path(graph, method="FW", directed=False), p


def read_optima(path: str | os.PathLike[str]) -> dict[str, float]:
    """The published optimum of each instance, from ``pmedopt.txt`` (a header line, then ``name value``)."""
    with open(path, encoding="ascii") as f:
        next(f)
        return {name: float(value) for name, value in (line.split() for line in f if line.strip())}


def main(argv: list[str] | None = None) -> int:
    from netmatch._siting import site_centres
    from netmatch.exceptions import InfeasibleError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", type=int, help="instance numbers (default 1..40)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (default 60)")
    args = parser.parse_args(argv)
    if not PMED.is_dir():
        print(f"{PMED} is absent: the team's shared data sits beside the repository", file=sys.stderr)
        return 1
    optima = read_optima(PMED / "pmedopt.txt")
    print(f"site_centres(objective='median', time_limit={args.time_limit:g}) on OR-Library pmed")
    print(f"{'inst':>6} {'n':>4} {'p':>4} {'value':>8} {'optimum':>8} {'bound':>9} {'gap_opt%':>9} "
          f"{'gap_bnd%':>9} {'status':>10} {'seconds':>8}")
    total, solved, worst = 0.0, 0, 0.0
    numbers = args.instances or list(range(1, 41))
    for k in numbers:
        name = f"pmed{k}"
        cost, p = read_orlib_pmed(PMED / f"{name}.txt")
        opt = optima[name]
        start = time.perf_counter()
        try:
            s = site_centres(cost, p, time_limit=args.time_limit)
        except InfeasibleError as err:
            seconds = time.perf_counter() - start
            total += seconds
            print(f"{name:>6} {len(cost):>4} {p:>4} {'-':>8} {opt:>8.0f} no siting: {err} ({seconds:.1f} s)")
            continue
        seconds = time.perf_counter() - start
        total += seconds
        to_opt = 100 * (s.objective - opt) / opt
        worst = max(worst, to_opt)
        solved += s.objective == opt and s.status == "optimal"
        print(f"{name:>6} {len(cost):>4} {p:>4} {s.objective:>8.0f} {opt:>8.0f} {s.bound:>9.1f} {to_opt:>9.3f} "
              f"{100 * s.gap:>9.3f} {s.status:>10} {seconds:>8.1f}", flush=True)
    print(f"summary: {solved}/{len(numbers)} proven optimal at the published value; worst gap to the optimum "
          f"{worst:.3f}%; total {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

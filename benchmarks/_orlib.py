"""Readers for Beasley's OR-Library benchmark files, shared by the tests and the benchmarks.

Only the edges of the project read files; the solvers in ``netmatch`` take arrays.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["GapInstance", "read_gap_optima", "read_orlib_gap", "shared_dir"]

#: One generalised assignment instance: cost (m, n), load (m, n), capacity (m,).
GapInstance = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]


def shared_dir() -> Path:
    """The team's shared data folder: ``$NETMATCH_SHARED`` or ``../shared`` beside the repository."""
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("NETMATCH_SHARED", root.parent / "shared"))


def read_orlib_gap(path: str | Path) -> list[GapInstance]:
    """All instances of an OR-Library ``gapN.txt`` file, in file order.

    The format (OR-Library ``gapinfo``): the number of problems P, then for each problem the
    number of agents m and jobs n, m rows of n costs, m rows of n loads (resource consumptions)
    and m capacities. Numbers are separated by white space; line breaks carry no meaning.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    list of (cost, load, capacity)
        Integer arrays of shapes (m, n), (m, n) and (m,).

    Raises
    ------
    ValueError
        The file ends early or has numbers left over.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("1\\n2 3\\n1 2 3\\n4 5 6\\n7 8 9 1 2 3\\n10 11\\n")
    >>> [(c.tolist(), a.tolist(), b.tolist()) for c, a, b in read_orlib_gap(f.name)]
    [([[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [1, 2, 3]], [10, 11])]
    """
    tokens = np.array(Path(path).read_text().split(), dtype=np.int64)
    pos = 1
    out: list[GapInstance] = []
    for k in range(int(tokens[0])):
        if pos + 2 > tokens.shape[0]:
            raise ValueError(f"{path}: problem {k + 1} of {tokens[0]} is missing")
        m, n = int(tokens[pos]), int(tokens[pos + 1])
        pos += 2
        need = 2 * m * n + m
        if pos + need > tokens.shape[0]:
            found = tokens.shape[0] - pos
            raise ValueError(f"{path}: problem {k + 1} needs {need} numbers after 'm n', found {found}")
        cost = tokens[pos:pos + m * n].reshape(m, n)
        load = tokens[pos + m * n:pos + 2 * m * n].reshape(m, n)
        capacity = tokens[pos + 2 * m * n:pos + need]
        out.append((cost, load, capacity))
        pos += need
    if pos != tokens.shape[0]:
        raise ValueError(f"{path}: {tokens.shape[0] - pos} numbers left over after {tokens[0]} problems")
    return out


def read_gap_optima(path: str | Path) -> dict[tuple[str, int], dict[str, str]]:
    """Rows of ``optima.csv`` keyed by (file name, 1-based index in the file)."""
    with open(path, newline="") as f:
        return {(row["orlib_file"], int(row["index_in_file"])): row for row in csv.DictReader(f)}

"""Load a registry with other headers: the English key stage 4 tables, through a column mapping.

Needs ``../shared/data/england_ks4_2019.csv`` beside the repository (the team's shared data);
pass another path as the first argument to use your own copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import netmatch as nm

COLUMNS = {
    "URN": "id", "SCHNAME": "name", "TOWN": "settlement", "LATITUDE": "latitude", "LONGITUDE": "longitude",
    # Attainment 8 is the closest English figure to an ОГЭ mean score; map it as a wide results column.
    "ATT8SCR": "ОГЭ 2019 attainment 8 средний балл",
    "PTL2BASICS_95": "ОГЭ 2019 english and maths доля высоких результатов",
}


def main(path: Path | None = None) -> nm.Registry:
    path = path or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "england_ks4_2019.csv"
    # NP, NE, SUPP and LOWCOV mean "not published": missing, never zero. Other columns are skipped on purpose.
    reg = nm.read_registry(path, columns=COLUMNS, na_values=("NP", "NE", "SUPP", "LOWCOV"), unknown="ignore")
    att8 = reg.results.mean_score[reg.results.subject == "attainment 8"]
    print(f"{len(reg)} schools; Attainment 8 known for {att8.size}, median {np.median(att8):.1f}")
    return reg


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)

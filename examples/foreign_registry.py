"""Load a registry with other headers and other assessments: the English key stage 4 tables.

The columns are mapped onto netmatch's fields, and the two English measures are declared as
assessments of their own: Attainment 8 (0–90) and Progress 8, a value-added score that is
negative for schools below the national expectation. On the command line the same is a
``--config`` file with ``[columns]``, ``[procedures.ks4]``, ``[procedures.p8]`` and
``[read] na_values``.

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
    # wide results columns: assessment, year, subject, figure
    "ATT8SCR": "KS4 2019 attainment 8 средний балл",
    "P8MEA": "P8 2019 progress 8 средний балл",
    "PTL2BASICS_95": "KS4 2019 english and maths доля высоких результатов",
}
ASSESSMENTS = [
    nm.Assessment(code="ks4", name_ru="KS4 (GCSE)", name_en="Key stage 4 (GCSE)", scale_min=0, scale_max=90),
    nm.Assessment(code="p8", name_ru="Progress 8", name_en="Progress 8", scale_min=-10, scale_max=10),
]


def main(path: Path | None = None) -> nm.Registry:
    path = path or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "england_ks4_2019.csv"
    # NP, NE, SUPP and LOWCOV mean "not published": missing, never zero. Other columns are skipped on purpose.
    reg = nm.read_registry(path, columns=COLUMNS, na_values=("NP", "NE", "SUPP", "LOWCOV"), unknown="ignore",
                           assessments=ASSESSMENTS)
    att8 = reg.results.mean_score[reg.results.subject == "attainment 8"]
    p8 = reg.results.mean_score[reg.results.subject == "progress 8"]
    print(f"{len(reg)} schools; Attainment 8 known for {att8.size}, median {np.median(att8):.1f}; "
          f"Progress 8 for {p8.size}, {int((p8 < 0).sum())} below zero")
    return reg


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)

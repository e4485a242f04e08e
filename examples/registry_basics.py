"""Registry basics: load the demo district, look around, save it as Excel and read it back.

Run it with ``python examples/registry_basics.py``; it writes into a temporary folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import netmatch as nm


def main() -> nm.Registry:
    reg = nm.datasets.load_demo()
    print(reg)

    frames = reg.to_frames()  # pandas DataFrames, one row per school, result and resource
    crowded = frames.schools[frames.schools["students"] > frames.schools["design_capacity"]]
    print("Over design capacity:", ", ".join(crowded["name"]))

    ege = frames.results[frames.results["procedure"] == "ege"]
    print(ege.groupby("year")["mean_score"].mean().round(1).to_string())

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "district.xlsx"
        nm.write_registry(reg, path, headers="ru")  # sheets «Школы», «Результаты», «Ресурсы»
        again = nm.read_registry(path)
        assert again == reg
        print(f"Saved and read back {path.name}: {len(again)} schools, {len(again.results)} results")
    return reg


if __name__ == "__main__":
    main()

"""A registry as a department or an open-data portal publishes it, read and planned with the documented options only.

One registry built in code carries every quirk at once: extra columns, headers in mixed spellings
and languages, one year of results, results keyed by school name (with legal-form prefixes and ё)
instead of the code, special (коррекционные) schools, schools without coordinates, cells marked
"not published", and a declared regional assessment with signed progress scores beside ОГЭ.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netmatch.cli import main
from tests.test_catalog import latin_words

N = 60


def _registry(folder: Path) -> Path:
    rng = np.random.default_rng(5)
    ids = [f"{4401 + i}" for i in range(N)]
    kinds = ["коррекционная" if i % 15 == 7 else "СОШ" for i in range(N)]
    names = [f"{'МБОУ' if i % 2 else 'МАОУ'} «{'Коррекционная школа' if k == 'коррекционная' else 'Средняя школа'} "
             f"№ {i + 1}»" for i, k in enumerate(kinds)]
    lat = 56.0 + rng.uniform(-0.25, 0.25, N)
    lon = 40.0 + rng.uniform(-0.4, 0.4, N)
    schools = pd.DataFrame({
        "Код ОО": ids, "Полное наименование ОО": names, "МО": ["Озёрный район"] * N,
        "широта": np.round(lat, 5).astype(object), "LONGITUDE": np.round(lon, 5).astype(object),
        "Вид ОО": kinds, "Численность обучающихся": rng.integers(80, 900, N),
        "Адрес": [f"ул. Школьная, {i}" for i in range(N)], "Директор": ["Иванова А. П."] * N, "ИНН": ["3700000000"] * N,
    })
    schools.loc[[3, 11], ["широта", "LONGITUDE"]] = None  # two schools without coordinates
    quality = rng.normal(0, 1, N)
    quality[[k for k, kind in enumerate(kinds) if kind == "коррекционная"]] -= 3  # far below the general schools
    rows = []
    for i in range(N):
        name = names[i].replace("Средняя", "средняя").replace("№ ", "№")  # the results spell names their own way
        for subject in ("математика", "русский язык"):
            rows.append({"Наименование ОО": name, "МО": "Озерный район", "Год": "2024/25", "Процедура": "ОГЭ",
                         "Предмет": subject, "Участников": 40,
                         "Средний балл": "NP" if i == 20 else round(14 + 3 * quality[i] + rng.normal(0, 0.5), 1),
                         "Доля не преодолевших минимальный порог": max(0.0, round(0.12 - 0.08 * quality[i], 3))})
        rows.append({"Наименование ОО": name, "МО": "Озерный район", "Год": "2024/25", "Процедура": "РДР",
                     "Предмет": "читательская грамотность", "Участников": 38,
                     "Средний балл": round(0.4 * quality[i] + rng.normal(0, 0.1), 2), "Доля не преодолевших "
                     "минимальный порог": None})
    folder.mkdir()
    schools.to_csv(folder / "schools.csv", index=False, sep=";", encoding="cp1251")
    pd.DataFrame(rows).to_csv(folder / "results.csv", index=False, sep=";", encoding="cp1251")
    return folder


CONFIG = """
[procedures.rdr]
name_ru = "РДР"
name_en = "Regional diagnostic"
scale_min = -5
scale_max = 5

[read]
na_values = ["NP"]

# one procedure gives the share below the minimum: the published rule (two procedures) cannot apply, as
# the plan's warnings say; this department ranks its schools, with the floor
[rules]
preset = "regional_rank"

[columns]
LONGITUDE = "longitude"
"Численность обучающихся" = "students"
"""


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    tmp = tmp_path_factory.mktemp("real")
    folder = _registry(tmp / "район")
    config = tmp / "район.toml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp / "план"
    capture = tmp / "console.txt"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(["plan", str(folder), "--config", str(config), "--out", str(out), "--no-progress"])
    capture.write_text(buf.getvalue(), encoding="utf-8")
    assert code == 0, buf.getvalue()
    return buf.getvalue(), out, folder


def test_it_loads_with_the_documented_options_and_says_what_it_set_aside(planned: tuple[str, Path, Path]) -> None:
    console, _, _ = planned
    assert "«Адрес»" in console and "«Директор»" in console  # extra columns kept aside, listed once
    assert "ИНН" in console  # the two-meaning header reported
    assert "по наименованию" in console  # the results were joined by name


def test_identification_says_what_it_adapted(planned: tuple[str, Path, Path]) -> None:
    _, out, _ = planned
    record = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    codes = {w["code"] for w in record.get("warnings", [])}
    assert "years_adapted" in codes  # one year of results: the year rules adapted, and said so
    assert record["procedures"]  # the declared assessment is named in the plan


def test_special_schools_are_out_and_the_plan_pairs_where_leaders_exist(planned: tuple[str, Path, Path]) -> None:
    _, out, _ = planned
    record = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    schools = {s["id"]: s for s in record["schools"]}
    assert len(schools) == N  # every input school in the output
    special = [f"{4401 + i}" for i in range(N) if i % 15 == 7]
    needing = [sid for sid, s in schools.items() if "low_results" in s["statuses"]]
    assert needing and not set(special) & set(needing)  # special schools were not compared with general ones
    assert record["kpis"]["leaders"] > 0 and len(record["pairs"]) > 0


def test_schools_without_coordinates_have_a_reason(planned: tuple[str, Path, Path]) -> None:
    console, out, _ = planned
    assert "Школ без координат: 2" in console
    record = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    schools = {s["id"]: s for s in record["schools"]}
    for sid in ("4404", "4412"):  # in every output, with the reason it stays out of distance-based steps
        assert schools[sid]["lat"] is None and "координат" in schools[sid]["reasons_ru"]


def test_the_console_speaks_russian(planned: tuple[str, Path, Path]) -> None:
    console, _, folder = planned
    values = set()
    for file in folder.glob("*.csv"):
        values |= set(file.read_text(encoding="cp1251").replace(";", " ").split())
    assert not latin_words(console, values | {"LONGITUDE"}), latin_words(console, values)

"""Codes in one spelling, texts without control characters, rows as a spreadsheet numbers them, no empty registry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmatch as nm
from netmatch import report
from netmatch._data.ids import look_alike, normal_id, skeleton
from netmatch._scenario import plan
from netmatch.cli import main
from netmatch.cli.columns import note_lines

INVISIBLE = ["\u200b", "\ufeff", "\u200d", "\u2060", "\x1b", "\x07", "\x00", "\u202e"]


# --- the rule ---------------------------------------------------------------------------------------


@given(st.text(max_size=12))
def test_the_spelling_is_a_fixed_point_without_invisible_characters(text: str) -> None:
    once = normal_id(text)
    assert normal_id(once) == once
    assert (once == once.strip() and once.isprintable()) or " " in once or not once
    assert not any(ch in once for ch in INVISIBLE)


@given(st.text(alphabet="S0О1Ol", min_size=1, max_size=4), st.text(alphabet="S0О1Ol", min_size=1, max_size=4))
def test_look_alikes_are_exactly_the_codes_with_one_skeleton(a: str, b: str) -> None:
    found = look_alike([a, b])
    assert (b in found.get(a, [])) == (a != b and skeleton(a) == skeleton(b))


def test_number_sign_and_letters_stay() -> None:
    assert normal_id("№ 12") == "№ 12" and normal_id("Школа-5") == "Школа-5" and normal_id("Ｓ０１") == "S01"


# --- the reader -------------------------------------------------------------------------------------


def _demo_csv(tmp_path: Path) -> list[Path]:
    return nm.write_registry(nm.datasets.load_demo(), tmp_path / "r.csv", headers="ru")


def _edit(path: Path, old: str, new: str, line: int | None = None) -> None:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for k, text in enumerate(lines):
        if (line is None or k == line) and old in text:
            lines[k] = text.replace(old, new, 1)
            if line is None:
                break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("char", INVISIBLE[:5])
def test_an_invisible_character_in_a_code_is_removed_and_said(tmp_path: Path, char: str) -> None:
    files = _demo_csv(tmp_path)
    _edit(files[0], "S02", "S02" + char)
    _edit(files[1], "S03", char + "S03")  # in a results row too: it still joins its school
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry(files[0], notes=notes)
    assert reg == nm.datasets.load_demo().replace(name=reg.name)
    codes = [n for n in notes if n.kind == "codes"]
    assert {(n.table, n.changes) for n in codes} == {("schools", (("S02" + char, "S02"),)),
                                                     ("results", ((char + "S03", "S03"),))}
    line = note_lines(codes, "ru")[0]
    assert repr("S02" + char) in line and "«S02»" in line  # the invisible character is shown, escaped


def test_codes_in_json_and_dataframes_get_the_same_spelling(tmp_path: Path) -> None:
    reg = nm.datasets.load_demo()
    frames = reg.to_frames()
    frames.schools.loc[0, "id"] = "S01\u200b"
    notes: list[nm.ColumnNote] = []
    back = nm.read_registry(frames.schools, results=frames.results, resources=frames.resources, notes=notes)
    assert back.school("S01").name == reg.school("S01").name
    assert [n.changes for n in notes if n.kind == "codes"] == [(("S01\u200b", "S01"),)]


def test_look_alike_codes_are_refused_naming_both_rows(tmp_path: Path) -> None:
    files = _demo_csv(tmp_path)
    _edit(files[0], "S02", "SО1")  # a Cyrillic О and a one: looks like S01
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(files[0])
    lines = [str(p) for p in err.value.problems if p.column == "Код ОО" and p.table == "schools"]
    assert any("row 2" in line and "'SО1'" in line for line in lines), lines
    assert any("row 3" in line and "'S01'" in line for line in lines), lines


def test_a_code_collision_after_the_spelling_is_a_duplicate(tmp_path: Path) -> None:
    files = _demo_csv(tmp_path)
    _edit(files[0], "S02", "S01\u200b")
    with pytest.raises(nm.InvalidInputError, match="unique school id"):
        nm.read_registry(files[0])


def test_the_models_refuse_what_the_reader_would_respell() -> None:
    with pytest.raises(nm.InvalidInputError, match="one spelling"):
        nm.Registry(schools=[{"id": "S01\u200b", "name": "x"}])
    with pytest.raises(ValueError, match="one spelling"):
        nm.School(id="Ｓ01", name="x")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\u202e", "\x9b"])
def test_a_control_character_in_a_text_is_a_problem_of_its_cell(tmp_path: Path, char: str) -> None:
    files = _demo_csv(tmp_path)
    _edit(files[0], "МБОУ", "МБОУ" + char, line=4)
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(files[0])
    (p,) = err.value.problems
    assert p.row == 5 and p.column == "Наименование ОО" and f"U+{ord(char):04X}" in p.expected
    assert char not in str(err.value) and repr(char)[1:-1] in str(err.value)  # shown escaped, never raw


def test_a_control_character_in_a_result_subject_is_a_problem(tmp_path: Path) -> None:
    files = _demo_csv(tmp_path)
    _edit(files[1], "математика профильная", "мате\x1bматика профильная")
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(files[0])
    assert all(p.table == "results" and "U+001B" in p.expected for p in err.value.problems)


def test_line_breaks_and_tabs_in_names_are_kept() -> None:
    reg = nm.Registry(schools=[{"id": "S1", "name": "Школа\nдва\tкорпус"}])
    assert reg.schools[0].name == "Школа\nдва\tкорпус"


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('id,name,latitude,longitude\nS1,"Школа\nв две строки",50,60\nS2,Школа,95,60\n\nS3,x,91,0\n',
                    encoding="utf-8")
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(path)
    assert sorted(p.row for p in err.value.problems) == [3, 5]  # a blank row counts; a quoted break does not


def test_a_header_only_registry_is_refused_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,latitude,longitude\n", encoding="utf-8")
    with pytest.raises(nm.InvalidInputError, match="at least one school") as err:
        nm.read_registry(path)
    assert err.value.problems[0].source == str(path)
    assert main(["validate", str(path)]) == 2


def test_an_empty_table_of_schools_identifies_nothing_without_a_crash() -> None:
    empty = nm.Registry.model_construct(schools=(), results=nm.datasets.load_demo().results.empty(), resources=(),
                                        name=None, assessments=nm.datasets.load_demo().assessments)
    assert len(nm.identify(empty).to_frame()) == 0


# --- the poles and the antimeridian -----------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 0.0), (-90.0, 180.0), (89.99, -180.0), (0.0, 180.0),
                                          (-33.4, 179.99)])
def test_a_registry_at_a_pole_or_the_antimeridian_plans_and_reports(tmp_path: Path, lat: float,
                                                                   lon: float) -> None:
    reg = nm.datasets.load_demo()
    side = -1.0 if lat > 0 else 1.0
    schools = [s.model_copy(update={"latitude": lat + side * 0.001 * (i % 3),
                                    "longitude": ((lon + 0.02 * (i % 5) - 0.04) + 180) % 360 - 180})
               for i, s in enumerate(reg.schools)]
    p = plan(reg.replace(schools=schools))
    paths = report.write_plan(report.plan_record(p), tmp_path)
    assert paths["html"].stat().st_size > 0
    G = nm.build_graph(reg.replace(schools=schools))
    # across the antimeridian the schools are a few km apart, not half the world
    km = [d["km"] for _, _, d in G.edges(data=True)]
    assert km and max(km) < 60


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_every_school_at_a_pole_still_gets_a_report(tmp_path: Path, lat: float) -> None:
    reg = nm.datasets.load_demo()
    reg = reg.replace(schools=[s.model_copy(update={"latitude": lat}) for s in reg.schools])
    html = report.write_plan(report.plan_record(plan(reg)), tmp_path)["html"].read_text(encoding="utf-8")
    # Web Mercator draws a pole at its last parallel (85.05°): every school is in the map's data, none dropped
    data = json.loads(re.search(r'<script type="application/json" id="nm-data" data-enc="json">(.*?)</script>',
                                html, re.S).group(1))
    assert len(data["map"]["id"]) == 18 and set(data["map"]["lat"]) == {lat} and '<div id="map"' in html

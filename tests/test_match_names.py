"""Results keyed by school name, joined to the registry (issue 13, items 10 and 12).

A results table without the registry code names its schools («МБОУ «СОШ № 5»», «Гимназия
Эврика») and their municipality; ``read_registry`` joins them by normalised name — exactly,
then fuzzily with rapidfuzz within the municipality — and every row it cannot place with
certainty (ambiguous, unmatched, two names on one school) is a grouped problem naming its rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data.names import NameMatch, match_counts, matches_frame, normalize_municipalities, normalize_names
from netmatch.cli import main
from netmatch.cli.columns import columns_text

ENSK, NORTH, SOUTH = "г. Энск", "Северный муниципальный район", "Южный район"

#: A district's schools as departments write them: legal forms, quotes, «№», «ё», long forms.
SCHOOLS = [
    ("E01", "МБОУ «СОШ № 1»", ENSK),
    ("E05", "МБОУ «Средняя общеобразовательная школа № 5 имени А. С. Пушкина»", ENSK),
    ("E07", "МАОУ «Лицей № 7»", ENSK),
    ("E10", "МБОУ «Гимназия «Эврика»»", ENSK),
    ("E12", "МБОУ «Школа «Зелёный остров»»", ENSK),
    ("E20", "Лицей «Созвездие»", ENSK),
    ("E21", "Лицей «Созвездия»", ENSK),
    ("N01", "МКОУ «ООШ с. Луговое»", NORTH),
    ("N02", "МБОУ ООШ с. Луговое", NORTH),
    ("N05", "МКОУ «СОШ № 5»", NORTH),
    ("S01", "МБОУ СОШ №1", SOUTH),
]


def schools() -> pd.DataFrame:
    return pd.DataFrame({"Код ОО": [s[0] for s in SCHOOLS], "Наименование ОО": [s[1] for s in SCHOOLS],
                         "Муниципалитет": [s[2] for s in SCHOOLS]})


def results(names: list[str], munis: list[str | None] | None = None, **extra: list[object]) -> pd.DataFrame:
    """One ЕГЭ result per name (years 2010, 2011, ... so that no two rows repeat each other)."""
    frame = {"Наименование ОО": names, "Год": [2010 + k for k in range(len(names))], "Процедура": "ЕГЭ",
             "Предмет": "Математика", "Средний балл": 60.0}
    if munis is not None:
        frame["Муниципалитет"] = munis
    return pd.DataFrame({**frame, **extra})


def read(res: pd.DataFrame, **kw: object) -> tuple[nm.Registry, list[NameMatch]]:
    matches: list[NameMatch] = []
    reg = nm.read_registry({"schools": schools(), "results": res}, name_matches=matches, **kw)  # type: ignore[arg-type]
    return reg, matches


def failure(res: pd.DataFrame, **kw: object) -> tuple[nm.InvalidInputError, list[NameMatch]]:
    matches: list[NameMatch] = []
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({"schools": schools(), "results": res}, name_matches=matches, **kw)  # type: ignore[arg-type]
    return info.value, matches


# --- normalisation ----------------------------------------------------------------------------------


def test_spellings_of_one_school_normalise_alike() -> None:
    spellings = ["МБОУ «СОШ № 5»", "Средняя общеобразовательная школа N5", "муниципальное бюджетное "
                 "общеобразовательное учреждение средняя школа No. 5", "сош 5", "МКОУ \"СОШ №5\"", "СОШ-5"]
    assert set(normalize_names(spellings).tolist()) == {"сош №5"}
    assert normalize_names(["Гимназия «Зелёный остров»", "ГИМНАЗИЯ ЗЕЛЕНЫЙ ОСТРОВ"]).tolist() == [
        "гимназия зеленый остров"] * 2
    # a number after the kind is the school's number; other numbers are words
    assert normalize_names(["Лицей № 2 им. 50-летия Октября"]).tolist() == ["лицей им 50 летия октября №2"]
    assert normalize_names(["СОШ № 5", "СОШ № 6"]).tolist() == ["сош №5", "сош №6"]
    assert normalize_municipalities([ENSK, "Город Энск", "Энск городской округ", NORTH, "Северный р-н"]
                                    ).tolist() == ["энск"] * 3 + ["северный"] * 2


_ALPHABET = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁМОУСШNnoO0123456789 «»\"'.,-№()/_"))
_WORDS = st.sampled_from(["МБОУ", "МАОУ", "средняя", "общеобразовательная", "школа", "№", "N", "No.", "5", "12а",
                          "СОШ", "гимназия", "лицей", "имени", "основная", "учреждение", "образовательное",
                          "муниципальное", "бюджетное", "с", "углублённым", "изучением", "предметов", "г.", "р-н"])


@settings(max_examples=300)
@given(st.one_of(st.text(_ALPHABET, max_size=40), st.lists(_WORDS, max_size=10).map(" ".join)))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_names([text]).tolist()
    assert normalize_names(once).tolist() == once
    muni = normalize_municipalities([text]).tolist()
    assert normalize_municipalities(muni).tolist() == muni


# --- the join -----------------------------------------------------------------------------------------


def test_names_join_exactly_by_number_and_fuzzily_within_the_municipality() -> None:
    reg, matches = read(results(
        ["Средняя школа № 1", "СОШ №1", "МБОУ СОШ № 5 имени А.С. Пушкина", "Лицей №7", "Гимназия Эврико",
         "Школа Зеленый остров", "СОШ № 5"],
        [ENSK, "Южный р-н", "город Энск", "Энск", "г. Энск", ENSK, "Северный район"]))
    assert reg.results.school.tolist() == ["E01", "S01", "E05", "E07", "E10", "E12", "N05"]
    by_name = {m.name: m for m in matches}
    assert [m.method for m in matches] == ["exact"] * 4 + ["fuzzy", "exact", "exact"]
    typo = by_name["Гимназия Эврико"]
    assert typo.school == "E10" and typo.school_name == "МБОУ «Гимназия «Эврика»»" and 85 <= typo.score < 100
    assert match_counts(matches) == {"names": 7, "exact": 6, "number": 0, "fuzzy": 1, "ambiguous": 0,
                                     "unmatched": 0, "conflict": 0}
    frame = matches_frame(matches, "ru")
    assert frame.loc[4, ["Способ", "Код ОО"]].tolist() == ["нечётко", "E10"] and frame["Строк"].sum() == 7


def test_one_name_in_two_municipalities_needs_the_municipality() -> None:
    named = results(["СОШ № 1", "СОШ № 1"], [ENSK, SOUTH])
    assert read(named)[0].results.school.tolist() == ["E01", "S01"]
    err, matches = failure(results(["СОШ № 1", "СОШ № 1", "Лицей № 7"]))  # no municipality column
    (group,) = err.groups
    assert group.rows == (0, 1) and group.first.column == "Наименование ОО" and group.first.value == "СОШ № 1"
    text = group.text("en")
    assert "it fits 2" in text and "(E01)" in text and "(S01)" in text and "«Муниципалитет»" in text
    assert [m.method for m in matches] == ["ambiguous", "exact"] and matches[0].candidates == ("E01", "S01")


def test_ambiguous_unmatched_and_conflicting_names_are_grouped_problems_with_rows(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    folder.mkdir()
    schools().to_csv(folder / "schools.csv", sep=";", index=False)
    names = ["ООШ с. Луговое", "Прогимназия «Радуга»", "ООШ с. Луговое", "Лицей Созвезди", "Гимназия Эврика",
             "Гимназия Эврико", "Прогимназия «Радуга»", "СОШ № 5"]
    munis = [NORTH, ENSK, NORTH, ENSK, ENSK, ENSK, ENSK, ENSK]
    results(names, munis).to_csv(folder / "results.csv", sep=";", index=False)
    matches: list[NameMatch] = []
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(folder, name_matches=matches)
    err = info.value
    lines = {g.first.value: (g.rows, g.text("ru")) for g in err.groups}
    assert set(lines) == {"ООШ с. Луговое", "Прогимназия «Радуга»", "Лицей Созвезди", "Гимназия Эврико",
                          "СОШ № 5"}
    rows, text = lines["ООШ с. Луговое"]  # two schools of that name in one municipality: both named
    assert rows == (2, 4) and "(N01)" in text and "(N02)" in text and "подходят 2" in text
    rows, text = lines["Лицей Созвезди"]  # a fuzzy tie: both candidates with their scores
    assert rows == (5,) and "(E20)" in text and "(E21)" in text and "сходство" in text
    rows, text = lines["Прогимназия «Радуга»"]
    assert rows == (3, 8) and "школы с таким наименованием нет" in text
    rows, text = lines["Гимназия Эврико"]  # a typo of a name another row writes exactly: not merged
    assert rows == (7,) and "«Гимназия Эврика»" in text and "(E10)" in text
    rows, text = lines["СОШ № 5"]  # the closest school is named, below the cutoff
    assert rows == (9,) and "ближе всех «МБОУ «Средняя общеобразовательная школа № 5" in text
    assert all(p.source.endswith("results.csv") and p.column == "Наименование ОО" for p in err.problems)
    frame = err.to_frame("ru")
    assert len(frame) == 7 and frame["row"].tolist() == [2, 3, 4, 5, 7, 8, 9]
    methods = {m.name: m.method for m in matches}
    assert methods == {"ООШ с. Луговое": "ambiguous", "Прогимназия «Радуга»": "unmatched",
                       "Лицей Созвезди": "ambiguous", "Гимназия Эврика": "exact", "Гимназия Эврико": "conflict",
                       "СОШ № 5": "unmatched"}


def test_two_spellings_of_one_normalised_name_are_one_school() -> None:
    reg, matches = read(results(["МБОУ «Лицей № 7»", "Лицей N 7", "лицей 7"], [ENSK] * 3))
    assert reg.results.school.tolist() == ["E07"] * 3 and {m.method for m in matches} == {"exact"}


def test_other_problems_of_unjoined_rows_are_still_reported_without_a_made_up_code() -> None:
    err, _ = failure(results(["Прогимназия Радуга", "Лицей № 7"], [ENSK, ENSK], **{"Средний балл": [-1, 50]}))
    columns = sorted(str(p.column) for p in err.problems)
    assert columns == ["Наименование ОО", "Средний балл"]
    assert all(p.school is None for p in err.problems)


def test_a_school_number_column_and_number_only_rows() -> None:
    res = pd.DataFrame({"№ ОО": [7, "№ 5", "1"], "Муниципалитет": [ENSK, NORTH, SOUTH], "Год": [2024, 2024, 2024],
                        "Процедура": "ОГЭ", "Предмет": "Русский язык"})
    reg, matches = read(res)
    assert reg.results.school.tolist() == ["E07", "N05", "S01"] and {m.method for m in matches} == {"number"}
    with_name = results(["СОШ", "Лицей"], [ENSK, ENSK], **{"№ ОО": [1, 8]})
    err, _ = failure(with_name)
    assert [g.first.value for g in err.groups] == ["Лицей"]  # «СОШ» + 1 is E01; no lyceum № 8
    err, _ = failure(results(["СОШ № 1", "СОШ"], [ENSK, ENSK], **{"№ ОО": [2, "пять"]}))
    assert [(p.column, p.value) for p in err.problems] == [("№ ОО", 2), ("№ ОО", "пять")]
    assert "(1)" in err.problems[0].expected


def test_an_unknown_municipality_is_a_problem_of_its_column() -> None:
    err, _ = failure(results(["СОШ № 1"], ["Западный район"]))
    (p,) = err.problems
    assert p.column == "Муниципалитет" and p.value == "Западный район" and "municipality" in p.expected


# --- the option ---------------------------------------------------------------------------------------


def test_codes_win_in_auto_and_name_columns_are_kept_aside_as_before() -> None:
    res = results(["Прогимназия Радуга"], [ENSK]).assign(**{"Код ОО": ["E07"]})
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry({"schools": schools(), "results": res}, notes=notes)
    assert reg.results.school.tolist() == ["E07"]
    assert [(n.kind, n.table, n.header) for n in notes] == [("kept_aside", "results", "Наименование ОО"),
                                                            ("kept_aside", "results", "Муниципалитет")]
    # match_results="name" uses the names (and sets the code aside); "code" insists on a code column
    err, _ = failure(res, match_results="name")
    assert err.problems[0].value == "Прогимназия Радуга"
    err, _ = failure(results(["СОШ № 1"], [ENSK]), match_results="code")
    assert "required field 'school'" in str(err)
    err, _ = failure(pd.DataFrame({"Год": [2024], "Процедура": ["ЕГЭ"], "Предмет": ["Физика"]}),
                     match_results="name")
    assert "«Наименование ОО»" in err.problems[0].text("ru")


def test_exact_mode_and_no_rapidfuzz_match_exactly_and_say_how_to_match_typos(
        monkeypatch: pytest.MonkeyPatch) -> None:
    named = results(["Гимназия Эврико", "Лицей № 7"], [ENSK, ENSK])
    assert read(named)[0].results.school.tolist() == ["E10", "E07"]
    err, matches = failure(named, match_results="exact")
    assert [m.method for m in matches] == ["unmatched", "exact"]
    assert "--match-results exact" in err.problems[0].text("ru")
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # as if the names extra were not installed
    err, matches = failure(named)
    assert [m.method for m in matches] == ["unmatched", "exact"] and matches[1].school == "E07"
    (p,) = err.problems
    assert "pip install 'netmatch[names]'" in p.text("en") and "pip install 'netmatch[names]'" in p.text("ru")


# --- the command line ---------------------------------------------------------------------------------


def test_cli_joins_by_name_says_how_and_lists_the_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    folder = tmp_path / "реестр"
    folder.mkdir()
    schools().to_csv(folder / "Школы.csv", sep=";", index=False)
    results(["Лицей № 7", "Гимназия Эврико"], [ENSK, ENSK]).to_csv(folder / "Результаты.csv", sep=";", index=False)
    assert main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "Проверка пройдена" in out
    assert "сопоставлены со школами по наименованию: наименований 2 — точно 1, по номеру 0, нечётко 1" in err
    results(["Лицей № 7", "Прогимназия Радуга"], [ENSK, ENSK]).to_csv(folder / "Результаты.csv", sep=";",
                                                                      index=False)
    table = tmp_path / "problems.csv"
    assert main(["--lang", "en", "validate", str(folder), "--problems", str(table)]) == 2
    out, err = capsys.readouterr()
    assert "Results joined to the schools by name: 2 names — exact 1" in err and "unmatched 1" in err
    assert "'Прогимназия Радуга'" in err
    written = pd.read_csv(table)
    assert written["Value"].tolist() == ["Прогимназия Радуга"] and written["Row"].tolist() == [3]
    assert main(["validate", str(folder), "--match-results", "code"]) == 2
    assert "обязательный столбец «Код ОО»" in capsys.readouterr().err


def test_netmatch_columns_lists_the_name_headers() -> None:
    for lang in ("ru", "en"):
        text = columns_text(lang)
        assert "school_name — " in text and "Наименование ОО | school_name" in text and "№ ОО" in text
        assert "--match-results" in text


# --- a registry re-read by names gives the same results --------------------------------------------


_FORMS = ("МБОУ", "МАОУ", "МКОУ", "Муниципальное бюджетное общеобразовательное учреждение", "")
_KINDS = (("СОШ", "Средняя общеобразовательная школа"), ("ООШ", "основная школа"), ("Лицей", "ЛИЦЕЙ"),
          ("Гимназия", "гимназия"))
_MARKS = ("№ {}", "№{}", "N {}", "No. {}")


@settings(max_examples=25)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 40)), min_size=1, max_size=8, unique=True),
       st.data())
def test_codes_and_names_give_the_same_registry(schools_drawn: list[tuple[int, int]], data: st.DataObject) -> None:
    ids = [f"K{k:02d}" for k in range(len(schools_drawn))]
    written = [f"{data.draw(st.sampled_from(_FORMS))} «{_KINDS[kind][0]} № {n}»".strip()
               for kind, n in schools_drawn]
    respelt = [f"{data.draw(st.sampled_from(_FORMS))} {_KINDS[kind][1]} "
               f"{data.draw(st.sampled_from(_MARKS)).format(n)}" for kind, n in schools_drawn]
    munis = [data.draw(st.sampled_from([ENSK, NORTH])) for _ in ids]
    table = pd.DataFrame({"Код ОО": ids, "Наименование ОО": written, "Муниципалитет": munis})
    rows = data.draw(st.lists(st.integers(0, len(ids) - 1), min_size=1, max_size=12))
    coded = pd.DataFrame({"Код ОО": [ids[r] for r in rows], "Год": [2000 + k for k in range(len(rows))],
                          "Процедура": "ВПР", "Предмет": "Математика", "Средний балл": [3.5 + r for r in rows]})
    named = coded.drop(columns="Код ОО").assign(**{"Наименование ОО": [respelt[r] for r in rows],
                                                   "Муниципалитет": [munis[r] for r in rows]})
    by_code = nm.read_registry({"schools": table, "results": coded})
    by_name = nm.read_registry({"schools": table, "results": named})
    assert by_name == by_code

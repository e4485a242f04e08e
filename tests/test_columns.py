"""Registries as coordinators keep them: extra columns, misspelt and two-meaning headers, column mappings.

Issue 13, items 1 and 2: an extra column («Адрес», «Директор») is kept aside and listed once in a
note; a header one typo from a known one is an error naming it; ``unknown="error"`` / ``--strict``
makes every extra column an error; «ИНН» is the school code only when nothing else gives it; the
CLI reads a ``--columns`` mapping (and ``[columns]`` in ``--config``) and ``netmatch columns``
lists every header it reads.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.parse import norm
from netmatch._data.headers import HEADERS, MEANINGS, REQUIRED, ColumnNote, suggest
from netmatch.cli import main
from netmatch.cli.columns import columns_text, note_lines
from netmatch.cli.settings import load_config, resolve

EXTRAS = {"Адрес": ["ул. Ленина, 1", "ул. Мира, 5", None], "Директор": ["Иванова А. П.", "Петров И. И.", None],
          "Телефон": ["+7 900 000-00-01", None, None], "Примечание": [None, "филиал", None]}


def schools(**extra: list[object]) -> pd.DataFrame:
    """A small municipal registry in the departments' Russian headers, with ``extra`` columns."""
    base = {"Код ОО": ["S01", "S02", "S03"], "Наименование ОО": ["МБОУ СОШ № 1", "МБОУ ООШ с. Луговое", "Гимназия"],
            "Муниципалитет": ["Северный район"] * 3, "Широта": [55.1, 55.4, 55.2], "Долгота": [37.1, 37.5, 37.3],
            "Кол-во обучающихся": [610, 84, 900], "Сменность": [1, 1, 2]}
    return pd.DataFrame({**base, **extra})


def read(frame: pd.DataFrame, **kw: object) -> tuple[nm.Registry, list[ColumnNote]]:
    notes: list[ColumnNote] = []
    return nm.read_registry(frame, notes=notes, **kw), notes  # type: ignore[arg-type]


def problems(frame: pd.DataFrame, **kw: object) -> list[nm.Problem]:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry(frame, **kw)  # type: ignore[arg-type]
    return list(info.value.problems)


# --- extra columns ------------------------------------------------------------------------------------


def test_extra_columns_are_kept_aside_and_listed_once(tmp_path: Path) -> None:
    plain, none = read(schools())
    reg, notes = read(schools(**EXTRAS))
    assert reg == plain and none == []  # nothing of the extra columns leaks into the registry
    assert [(n.kind, n.table, n.header, n.filled) for n in notes] == [
        ("kept_aside", "schools", "Адрес", 2), ("kept_aside", "schools", "Директор", 2),
        ("kept_aside", "schools", "Телефон", 1), ("kept_aside", "schools", "Примечание", 1)]
    # a round trip still gives the same registry (the extra columns were never part of it)
    files = nm.write_registry(reg, tmp_path / "r.csv", headers="ru")
    assert nm.read_registry(files[0]) == reg


def test_extra_columns_in_a_csv_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "реестр.csv"
    schools(**EXTRAS).to_csv(path, sep=";", index=False)
    notes: list[ColumnNote] = []
    assert len(nm.read_registry(path, notes=notes)) == 3
    assert {n.source for n in notes} == {str(path)} and len(notes) == 4


def test_strict_makes_every_extra_column_an_error() -> None:
    probs = problems(schools(**EXTRAS), unknown="error")
    assert [p.column for p in probs] == list(EXTRAS)
    assert all("a column netmatch reads (strict mode" in p.expected and "known column" not in p.expected
               for p in probs)
    assert all(f"columns={{{p.column!r}: None}}" in (p.fix or "") for p in probs)
    assert all("строгая проверка" in p.text("ru") and f'"{p.column}" = "поле" или false' in p.text("ru")
               for p in probs)


def test_ignore_skips_without_notes() -> None:
    reg, notes = read(schools(**EXTRAS), unknown="ignore")
    assert len(reg) == 3 and notes == []


def test_notes_are_given_even_when_reading_fails() -> None:
    notes: list[ColumnNote] = []
    with pytest.raises(nm.InvalidInputError):
        nm.read_registry(schools(Адрес=["a", "b", "c"]).assign(Сменность=[1, 9, 1]), notes=notes)
    assert [n.header for n in notes] == ["Адрес"]


# --- misspelt headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "meant"), [
    ("Широто", "Широта"), ("Долгта", "Долгота"), ("Наименоване ОО", "Наименование ОО"),
    ("Сменнось", "Сменность"), ("Муниципалитт", "Муниципалитет"), ("longtitude", "longitude"),
    ("Кол-во обучащихся", "Кол-во обучающихся"), ("Населенный пукт", "Населённый пункт"),
])
def test_a_misspelt_header_is_an_error_that_names_the_header_meant(header: str, meant: str) -> None:
    frame = schools(**{header: [1, 2, 3]})
    (p,) = [p for p in problems(frame) if p.column == header]
    assert f"Did you mean {meant!r}?" in p.expected and f"columns={{{header!r}: None}}" in (p.fix or "")
    assert f"вы имели в виду «{meant}»?" in p.text("ru") and f'"{header}" = false' in p.text("ru")
    reg, notes = read(frame, columns={header: None})  # the fix the message names works
    assert len(reg) == 3 and notes == []


def test_a_misspelt_header_mapped_onto_its_field_is_read() -> None:
    frame = schools().rename(columns={"Широта": "Широто"})
    assert read(frame, columns={"Широто": "latitude"})[0].school("S02").latitude == 55.4


@pytest.mark.parametrize("header", [
    "Адрес", "Директор", "Телефон", "Примечание", "ОГРН", "КПП", "ОКТМО", "Email", "Сайт", "Индекс",
    "Лицензия", "Учредитель", "ФИО директора", "Электронная почта", "Год основания", "Код ОКПО",
    "Этажность", "Статус", "Категория", "Кол-во классов", "Педагоги", "Website", "Address", "Notes", "ИНН",
])
def test_ordinary_extra_columns_are_not_taken_for_typos(header: str) -> None:
    assert suggest("schools", header) is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыэюя АБВГД-", min_size=1, max_size=14))
def test_any_extra_header_is_kept_aside_or_a_named_problem(header: str) -> None:
    frame = schools()
    if header.strip() in frame.columns or not header.strip():
        return
    frame[header] = ["x", None, "y"]
    try:
        reg, notes = read(frame)
    except nm.InvalidInputError as exc:  # the only failure allowed, and it names the column
        assert all(p.column is not None for p in exc.problems)
        return
    assert reg.ids == ("S01", "S02", "S03")
    assert all(n.header == header for n in notes) and len(notes) <= 1


# --- two meanings ---------------------------------------------------------------------------------------


def test_inn_is_the_school_code_only_when_nothing_else_is() -> None:
    frame = schools().rename(columns={"Код ОО": "ИНН"})
    reg, notes = read(frame)
    assert reg.ids == ("S01", "S02", "S03")
    assert [(n.kind, n.header, n.field, n.holder) for n in notes] == [("resolved", "ИНН", "id", None)]
    reg, notes = read(schools(ИНН=["7701000001", "7701000002", "7701000003"]))
    assert reg.ids == ("S01", "S02", "S03")  # «Код ОО» wins: the documented priority
    assert [(n.kind, n.header, n.field, n.holder) for n in notes] == [("resolved", "ИНН", "id", "Код ОО")]


def test_an_explicit_mapping_wins_over_the_priority() -> None:
    frame = schools().rename(columns={"Код ОО": "Код"}).assign(ИНН=["1", "2", "3"])
    reg, notes = read(frame, columns={"ИНН": "id", "Код": None})
    assert reg.ids == ("1", "2", "3") and notes == []
    (p,) = problems(schools(ИНН=["1", "2", "3"]), columns={"ИНН": "id"})  # two columns asked for one field
    assert "already holds it" in p.expected


# --- mappings -------------------------------------------------------------------------------------------


def test_mapping_keys_match_like_headers_and_targets_are_checked() -> None:
    frame = schools().rename(columns={"Код ОО": "Код по ФИС"})
    assert read(frame, columns={"код  по фис": "id"})[0].ids == ("S01", "S02", "S03")
    probs = problems(schools(lat=[1, 2, 3]).drop(columns="Широта"), columns={"lat": "lattitude"})
    (p,) = [p for p in probs if p.column == "lat"]
    assert "did you mean 'latitude'?" in p.expected


def test_every_field_has_a_meaning_in_both_languages() -> None:
    assert {t: set(f) for t, f in MEANINGS.items()} == {t: set(f) for t, f in HEADERS.items()}
    assert all(ru and en for fields in MEANINGS.values() for ru, en in fields.values())
    assert all(set(REQUIRED[t]) <= set(HEADERS[t]) for t in REQUIRED)


# --- the command line -----------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def registry_csv(tmp_path: Path) -> Path:
    path = tmp_path / "реестр.csv"
    schools(**EXTRAS, ИНН=["7701000001", "7701000002", "7701000003"]).to_csv(path, sep=";", index=False)
    return path


def test_validate_accepts_extra_columns_with_one_note(registry_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(registry_csv))
    assert code == 0 and "Проверка пройдена" in out
    assert err.count("оставлены в стороне (4)") == 1 and all(err.count(f"«{h}»") == 1 for h in EXTRAS)
    assert "«ИНН»" in err and "берётся из столбца «Код ОО»" in err
    code, _, err = run(capsys, "--lang", "en", "validate", str(registry_csv))
    assert code == 0 and "kept aside (4)" in err and "comes from column 'Код ОО'" in err


def test_strict_in_the_cli(registry_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(registry_csv), "--strict")
    assert code == 2 and all(f"«{h}»" in err for h in EXTRAS) and "строгая проверка" in err
    code, _, err = run(capsys, "--lang", "en", "validate", str(registry_csv), "--strict")
    assert code == 2 and "strict mode" in err and "columns={'Адрес': None}" in err


def test_misspelt_header_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    schools().rename(columns={"Широта": "Широто"}).to_csv(path, sep=";", index=False)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "вы имели в виду «Широта»?" in err
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Широто" = "latitude"\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path), "--columns", str(mapping))
    assert code == 0 and "без координат" not in out


def test_a_mapping_file_on_every_reading_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    schools().rename(columns={"Код ОО": "Код по ФИС", "Наименование ОО": "Title"}).to_csv(path, sep=";", index=False)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Код по ФИС" = "id"\n[columns.schools]\n"Title" = "name"\n', encoding="utf-8")
    for command in ("validate", "identify", "plan"):
        code, _, err = run(capsys, command, str(path), "--columns", str(mapping), *(
            ["--no-progress", "--out", str(tmp_path / "plan")] if command == "plan" else []))
        assert code == 0 and "Найдено проблем" not in err, (command, err)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "«Код по ФИС»" in err  # the note says which columns were not read


def test_columns_in_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    schools().rename(columns={"Код ОО": "URN"}).to_csv(path, sep=";", index=False)
    config = tmp_path / "settings.toml"
    config.write_text('[rules]\nbottom_share = 0.2\n[columns]\nURN = "id"\n', encoding="utf-8")
    code, _, err = run(capsys, "identify", str(path), "--config", str(config))
    assert code == 0, err
    assert "columns" not in resolve(load_config(config)).as_dict()  # how it was read is not a plan setting
    assert resolve(load_config(config)).columns["schools"] == {"URN": "id"}


@pytest.mark.parametrize(("text", "expected"), [
    ('[columns]\n"Адрес" = 1\n', "нужно имя поля в кавычках"),
    ('[columns]\n"Адрес" = true\n', "нужно имя поля в кавычках"),
    ('[columns]\n"Адрес" = "id"\n[extra]\nx = 1\n', "нужен только раздел [columns]"),
    ('[columns\n', "ошибка синтаксиса TOML"),
    ('[columns]\n"Кол-во" = "studnets"\n', "вы имели в виду «students»?"),
])
def test_bad_mapping_files(text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    schools(**{"Кол-во": [1, 2, 3]}).to_csv(path, sep=";", index=False)
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path), "--columns", str(mapping))
    assert code == 2 and expected in err, err


def test_missing_mapping_file(registry_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(registry_csv), "--columns", "нет.toml")
    assert code == 2 and "Файл сопоставления столбцов не найден" in err and "--columns" in err


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_netmatch_columns_lists_every_header(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", lang, "columns")
    assert code == 0 and out.strip() == columns_text(lang)
    spelled = {norm(h) for line in out.splitlines() if line.startswith("      ") for h in line.split(" | ")}
    for table, fields in HEADERS.items():
        for field, headers in fields.items():
            assert {norm(h) for h in (field, *headers)} <= spelled, (table, field)
            meaning = MEANINGS[table][field][0 if lang == "ru" else 1]
            assert f"  {field}{'*' if field in REQUIRED[table] else ''} — {meaning}" in out
    assert ("[columns]" in out and "= false" in out and "Точка роста" in out
            and ("Школы" if lang == "ru" else "schools") in out)


def test_columns_command_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["columns", "--help"])
    assert "перечислить заголовки" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert "--columns" in out and "--strict" in out


def test_note_lines_group_the_extra_columns_per_table() -> None:
    notes = [ColumnNote("kept_aside", "schools", h, "r.csv") for h in ("Адрес", "Сайт")]
    notes.append(ColumnNote("kept_aside", "results", "Комментарий", "r.results.csv"))
    lines = note_lines(notes, "ru")
    assert lines[0].endswith("Школы, r.csv: «Адрес», «Сайт».") and "Результаты, r.results.csv" in lines[1]
    assert len(lines) == 3 and note_lines([], "en") == []


def test_extra_columns_of_the_results_and_resources_tables() -> None:
    results = pd.DataFrame({"Код ОО": ["S01", "S02"], "Год": [2024, 2024], "Процедура": ["ВПР", "ВПР"],
                            "Предмет": ["математика"] * 2, "Средний балл": [3.9, 3.4],
                            "Комментарий": ["", "пересдача"]})
    resources = pd.DataFrame({"Код ресурса": ["R1"], "Код ОО": ["S01"], "Вид ресурса": ["IT-куб"],
                              "Ответственный": ["Сидоров"]})
    notes: list[ColumnNote] = []
    reg = nm.read_registry({"schools": schools(), "results": results, "resources": resources}, notes=notes)
    assert len(reg.results) == 2 and len(reg.resources) == 1
    assert [(n.table, n.header, n.filled) for n in notes] == [("results", "Комментарий", 1),
                                                             ("resources", "Ответственный", 1)]
    probs = problems({"schools": schools(), "results": results.rename(columns={"Предмет": "Премет"})})
    (p,) = [p for p in probs if p.column == "Премет"]  # and the required subject is missing
    assert p.table == "results" and "Did you mean 'Предмет'?" in p.expected


def test_columns_command_takes_the_language_after_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "columns", "--lang", "en")
    assert code == 0 and out.startswith("Column headers netmatch reads")


def test_read_na_values_in_the_config_make_not_published_cells_missing(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    frame = schools()
    frame["Кол-во обучающихся"] = ["NP", "420", "900"]
    path = tmp_path / "район.csv"
    frame.to_csv(path, index=False)
    assert main(["validate", str(path)]) == 2  # «NP» (not published) is no number ...
    assert "«NP»" in capsys.readouterr().err
    config = tmp_path / "read.toml"
    config.write_text("[read]\nna_values = [\"NP\"]\n", encoding="utf-8")
    assert main(["validate", str(path), "--config", str(config)]) == 0  # ... unless the department says so
    capsys.readouterr()
    config.write_text('[read]\nna_values = 5\n', encoding="utf-8")
    assert main(["validate", str(path), "--config", str(config)]) == 2
    assert "na_values = 5 — нужен список текстов" in capsys.readouterr().err

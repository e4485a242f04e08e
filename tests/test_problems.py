"""Problems are grouped (issue 13, item 4): one line per problem with the count and the rows as ranges,
a missing column is one problem, every problem stays structured data, and ``validate --problems``
writes them as a table — in Russian and in English."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

import netmatch as nm
from netmatch.cli import main
from netmatch.exceptions import RECORD_FIELDS, InvalidInputError, Problem, group_problems, number_ranges

RU_COLUMNS = ["Код ОО", "Наименование ОО", "Муниципалитет", "Широта", "Долгота", "Сменность",
              "Кол-во обучающихся", "Доля обучающихся с ОВЗ"]


def district(n: int = 20) -> pd.DataFrame:
    """A district's schools table as a department keeps it: Russian headers, one school a row."""
    return pd.DataFrame({
        "Код ОО": [f"S{i:02d}" for i in range(1, n + 1)],
        "Наименование ОО": [f"МБОУ «СОШ № {i}»" for i in range(1, n + 1)],
        "Муниципалитет": ["Кебежский район"] * n,
        "Широта": [53.30 + i / 100 for i in range(n)],
        "Долгота": [92.40 + i / 100 for i in range(n)],
        "Сменность": [1 + i % 2 for i in range(n)],
        "Кол-во обучающихся": [300 + 10 * i for i in range(n)],
        "Доля обучающихся с ОВЗ": [0.05] * n,
    }, columns=RU_COLUMNS)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def error_of(source: object) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        nm.read_registry(source)  # type: ignore[arg-type]
    return info.value


def demo_files(tmp_path: Path) -> Path:
    """The demo district written as a coordinator's CSV files with Russian headers."""
    nm.write_registry(nm.datasets.load_demo(), tmp_path / "реестр.csv", headers="ru")
    return tmp_path / "реестр.csv"


# --- ranges and plurals -----------------------------------------------------------------------------


def test_number_ranges() -> None:
    assert number_ranges([12, 3, 4, 5, 6, 7, 8, 9]) == "3–9, 12"
    assert number_ranges([5]) == "5"
    assert number_ranges([2, 3]) == "2, 3"
    assert number_ranges([4, 4, 2, 3]) == "2–4"
    assert number_ranges(range(1, 100, 2), limit=3) == "1, 3, 5, …"


@given(st.sets(st.integers(1, 300), min_size=1, max_size=60))
def test_number_ranges_spell_out_exactly_the_rows(rows: set[int]) -> None:
    back: set[int] = set()
    for part in number_ranges(rows, limit=10_000).split(", "):
        a, _, b = part.partition("–")
        back |= set(range(int(a), int(b or a) + 1))
    assert back == rows


@pytest.mark.parametrize(("n", "ru", "en"), [
    (2, "2 строки", "2 rows"), (5, "5 строк", "5 rows"), (11, "11 строк", "11 rows"),
    (21, "21 строка", "21 rows"), (22, "22 строки", "22 rows"), (112, "112 строк", "112 rows"),
])
def test_counts_agree_with_the_number(n: int, ru: str, en: str) -> None:
    (group,) = group_problems([Problem("schools", "an integer from 1 to 3", column="Сменность", value=4, row=r,
                                       source="d.csv") for r in range(2, n + 2)])
    assert f"({ru})" in group.text("ru") and f"({en})" in group.text("en")


problem_lists = st.lists(st.builds(
    Problem, table=st.sampled_from(["schools", "results"]), expected=st.sampled_from(["a year", "a share",
                                                                                      "repeats row 3"]),
    column=st.sampled_from([None, "Год", "Доля"]), value=st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3)),
    row=st.one_of(st.none(), st.integers(2, 60)), source=st.sampled_from([None, "r.csv", "r.xlsx [Школы]"]),
    school=st.sampled_from([None, "S1", "S2"])), min_size=1, max_size=40)


@given(problem_lists)
def test_grouping_keeps_every_problem_once(problems: list[Problem]) -> None:
    err = InvalidInputError(problems)
    grouped = [p for g in err.groups for p in g.problems]
    assert sorted(map(id, grouped)) == sorted(map(id, err.problems)) and len(grouped) == len(problems)
    for g in err.groups:
        assert len({(p.table, p.source, p.column, p.expected) for p in g.problems}) == 1
        for lang in ("ru", "en"):
            assert "\n" not in g.text(lang)
    assert len(err.records("ru")) == len(problems)
    assert len(str(err).splitlines()) == (1 if len(err.groups) == 1 else 1 + len(err.groups))


# --- the same problem in many rows -----------------------------------------------------------------


def test_same_bad_value_in_many_rows_is_one_line(tmp_path: Path) -> None:
    schools = district()
    bad = [1, 2, 3, 4, 5, 6, 7, 10]  # 0-based: file rows 3–9 and 12 (the header is row 1)
    schools.loc[bad, "Сменность"] = 4
    schools.loc[15, "Кол-во обучающихся"] = -5  # another problem stays its own line
    path = write_csv(schools, tmp_path / "район.csv")
    err = error_of(path)
    assert len(err.problems) == 9 and len(err.groups) == 2
    assert [p.row for p in err.problems if p.column == "Сменность"] == [3, 4, 5, 6, 7, 8, 9, 12]
    ru, en = err.lines("ru"), err.lines("en")
    assert ru[0] == f"{path}, строки 3–9, 12 (8 строк), столбец «Сменность»: получено «4»; ожидалось: " \
        "число смен: 1, 2 или 3"
    assert en[0] == f"{path}, rows 3–9, 12 (8 rows), column 'Сменность': got '4'; expected " \
        + err.problems[0].expected
    assert ru[1].startswith(f"{path}, строка 17 (школа «S16»), столбец «Кол-во обучающихся»: получено «-5»")
    assert str(err).splitlines() == ["9 problems in the input:", "  - " + en[0], "  - " + en[1]]


def test_different_values_of_one_problem_are_listed(tmp_path: Path) -> None:
    # percentages without the sign in a share column: one problem, the values shown once each
    schools = district()
    schools["Доля обучающихся с ОВЗ"] = [35, 40, 35, 12, 7, 9, 51, 60, 35, 40] * 2
    err = error_of(write_csv(schools, tmp_path / "район.csv"))
    (line,) = err.lines("ru")
    assert "строки 2–21 (20 строк), столбец «Доля обучающихся с ОВЗ»" in line
    assert "получено «35», «40», «12», «7», «9» и ещё 2;" in line
    assert "got '35', '40', '12', '7', '9' and 2 more;" in err.lines("en")[0]
    assert len(err.problems) == 20


def test_duplicate_codes_referring_to_different_rows_are_one_line(tmp_path: Path) -> None:
    schools = pd.concat([district(6), district(6)], ignore_index=True)  # the table pasted twice
    err = error_of(write_csv(schools, tmp_path / "район.csv"))
    assert len(err.problems) == 6
    (line,) = err.lines("en")
    assert "rows 8–13 (6 rows), column 'Код ОО': got 'S01', 'S02', 'S03', 'S04', 'S05' and 1 more" in line
    assert {p.expected for p in err.problems} == {f"a unique school id; row {r} has the same id" for r in range(2, 8)}


def test_a_changed_school_code_is_one_line_per_table(tmp_path: Path) -> None:
    path = demo_files(tmp_path)
    schools = pd.read_csv(path, dtype=str, keep_default_na=False)
    schools.loc[schools["Код ОО"] == "S05", "Код ОО"] = "S05-2024"  # recoded in the schools table only
    schools.to_csv(path, index=False, encoding="utf-8-sig")
    results = pd.read_csv(tmp_path / "реестр.results.csv", dtype=str)
    rows = [i + 2 for i in results.index[results["Код ОО"] == "S05"]]
    err = error_of(path)
    assert len(err.problems) > 60 and len(err.groups) == 5  # partners, results, resources, staff, teachers
    by_table = {g.first.table: g for g in err.groups}
    group = by_table["results"]
    assert group.count == len(rows) and group.rows == tuple(rows)
    text = group.text("ru")
    assert f"строки {number_ranges(rows)} ({len(rows)} строк" in text
    assert "столбец «Код ОО»: получено «S05»" in text
    results_file = tmp_path / "реестр.results.csv"
    assert group.text("en").startswith(f"{results_file}, rows {number_ranges(rows)} ({len(rows)} rows)")


# --- a missing column ------------------------------------------------------------------------------


@pytest.mark.parametrize(("dropped", "missing", "there"), [("Широта", "Широта", "Долгота"),
                                                           ("Долгота", "Долгота", "Широта")])
def test_a_deleted_coordinate_column_is_one_problem(tmp_path: Path, dropped: str, missing: str, there: str) -> None:
    path = write_csv(district(18).drop(columns=[dropped]), tmp_path / "район.csv")
    err = error_of(path)
    (p,) = err.problems
    assert (p.column, p.row, p.index, p.source) == (missing, None, None, str(path))
    assert err.lines("ru") == [
        f"{path}, столбец «{missing}»: нет такого столбца — в таблице есть «{there}», а координаты нужны обе "
        f"(широта и долгота). Добавьте столбец «{missing}» или удалите «{there}», если координаты неизвестны."]
    assert f"Add the '{missing}' column, or delete '{there}'" in str(err)


def test_a_deleted_coordinate_column_in_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "район.xlsx"
    with pd.ExcelWriter(path) as book:
        district(18).drop(columns=["Широта"]).to_excel(book, sheet_name="Школы", index=False)
    (p,) = error_of(path).problems
    assert (p.file, p.sheet, p.column) == (str(path), "Школы", "Широта")


def test_a_missing_code_column_is_one_problem(tmp_path: Path) -> None:
    err = error_of(write_csv(district().drop(columns=["Код ОО"]), tmp_path / "район.csv"))
    (p,) = err.problems
    assert "'id'" in p.expected and "«Код ОО»" in err.lines("ru")[0] and "обязательный столбец" in err.lines("ru")[0]


# --- structured problems -----------------------------------------------------------------------------


def test_every_problem_stays_a_record(tmp_path: Path) -> None:
    schools = district()
    schools.loc[[1, 2, 3], "Сменность"] = 7
    path = tmp_path / "район.xlsx"
    with pd.ExcelWriter(path) as book:
        schools.to_excel(book, sheet_name="Школы", index=False)
    err = error_of(path)
    records = err.records("ru")
    assert len(records) == len(err.problems) == 3
    assert [list(r) for r in records] == [list(RECORD_FIELDS)] * 3
    first = records[0]
    assert (first["file"], first["sheet"], first["row"], first["school"], first["column"], first["value"]) == \
        (str(path), "Школы", 3, "S02", "Сменность", 7)
    assert first["problem"].startswith("ожидалось: ")
    assert err.records("en")[0]["problem"].startswith("expected ")
    frame = pd.DataFrame(err.records())
    assert list(frame.columns) == list(RECORD_FIELDS) and frame["row"].tolist() == [3, 4, 5]


def test_problems_of_a_frame_are_items() -> None:
    frame = pd.DataFrame({"id": [f"S{i}" for i in range(6)], "name": "x", "shifts": [1, 9, 9, 9, 1, 9]})
    err = error_of(frame)
    assert err.lines("en") == ["schools DataFrame, items 1–3, 5 (4 items), column 'shifts': got 9; expected "
                               + err.problems[0].expected]
    assert err.lines("ru")[0].startswith("schools DataFrame, элементы 1–3, 5 (4 элемента), столбец «shifts»")
    assert [r["row"] for r in err.records()] == [1, 2, 3, 5]


def test_a_value_with_a_line_break_stays_on_its_line() -> None:
    p = Problem("schools", "a year", column="Год", value="20\n24", row=3, source="r.csv")
    assert p.text("ru") == "r.csv, строка 3, столбец «Год»: получено '20\\n24'; ожидалось: a year"


def test_a_single_problem_reads_as_before() -> None:
    p = Problem("schools", "an integer from 1 to 3", column="Сменность", value="4", row=7, source="d.csv", school="S07")
    assert str(InvalidInputError([p])) == str(p) == p.text("en") == \
        "d.csv, row 7 (school 'S07'), column 'Сменность': got '4'; expected an integer from 1 to 3"
    assert str(InvalidInputError(["The 'k' parameter of f must be at least 1. Got 0 instead."])) == \
        "The 'k' parameter of f must be at least 1. Got 0 instead."


def test_the_message_is_cut_but_no_problem_is_lost() -> None:
    problems = [Problem("schools", f"problem {k}", row=k + 2, source="d.csv") for k in range(250)]
    err = InvalidInputError(problems)
    lines = str(err).splitlines()
    assert lines[0] == "250 problems in the input:" and len(lines) == 1 + 200 + 1
    assert "50 more lines" in lines[-1] and len(err.problems) == len(err.groups) == 250


# --- the command line -------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_prints_the_grouped_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schools = district()
    schools.loc[[1, 2, 3, 4, 5, 6, 7, 10], "Сменность"] = 4
    path = write_csv(schools, tmp_path / "район.csv")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "Найдено проблем: 8 (одинаковые объединены, разных: 1)"
    assert lines[1].startswith(f"  - {path}, строки 3–9, 12 (8 строк), столбец «Сменность»: получено «4»")
    assert lines[2] == f"Каждая строка по отдельности: netmatch validate {path} --problems проблемы.xlsx"
    code, _, err = run(capsys, "validate", str(path), "--lang", "en")
    assert code == 2 and "Problems found: 8 (alike ones grouped, distinct: 1)" in err
    assert "rows 3–9, 12 (8 rows), column 'Сменность': got '4'" in err


@pytest.mark.parametrize(("lang", "headers"), [
    ("ru", ["Файл", "Лист", "Строка", "Школа", "Столбец", "Значение", "Проблема", "Как исправить"]),
    ("en", ["File", "Sheet", "Row", "School", "Column", "Value", "Problem", "Fix"]),
])
def test_validate_writes_the_problems_table(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str,
                                            headers: list[str]) -> None:
    path = demo_files(tmp_path)
    schools = pd.read_csv(path, dtype=str, keep_default_na=False)
    schools.loc[schools["Код ОО"] == "S05", "Код ОО"] = "S05-2024"
    schools.to_csv(path, index=False, encoding="utf-8-sig")
    err_lib = error_of(path)
    for suffix in (".xlsx", ".csv"):
        table = tmp_path / f"problems{suffix}"
        code, out, err = run(capsys, "validate", str(path), "--problems", str(table), "--lang", lang)
        assert code == 2 and str(table) in out and str(len(err_lib.problems)) in out
        assert len(err.splitlines()) == 1 + 5 + 1  # the count, five grouped lines (staff too), what to do
        if suffix == ".xlsx":
            rows = [list(r) for r in load_workbook(table).active.iter_rows(values_only=True)]
        else:
            with table.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
        assert rows[0] == headers and len(rows) == 1 + len(err_lib.problems)
        results_rows = [r for r in rows[1:] if str(r[0]).endswith("реестр.results.csv")]
        assert {str(r[5]) for r in results_rows} == {"S05"} and {r[4] for r in results_rows} == {"Код ОО"}
        assert all(str(r[6]).startswith("ожидалось" if lang == "ru" else "expected") for r in rows[1:])


def test_validate_problems_on_a_good_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "p.csv"
    code, out, _ = run(capsys, "validate", str(demo_files(tmp_path)), "--problems", str(table))
    assert code == 0 and "ошибок нет" in out and "строк: 0" in out
    assert table.read_text(encoding="utf-8-sig").splitlines() == [
        "Файл,Лист,Строка,Школа,Столбец,Значение,Проблема,Как исправить"]


def test_validate_problems_needs_xlsx_or_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(demo_files(tmp_path)), "--problems", str(tmp_path / "p.txt"))
    assert code == 2 and "можно записать в .xlsx или .csv" in err
    assert not (tmp_path / "p.txt").exists()


def test_missing_column_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(district(18).drop(columns=["Широта"]), tmp_path / "район.csv")
    code, _, err = run(capsys, "identify", str(path))
    assert code == 2
    assert err.splitlines()[:2] == ["Найдено проблем: 1",
                                    f"  - {path}, столбец «Широта»: нет такого столбца — в таблице есть «Долгота», "
                                    "а координаты нужны обе (широта и долгота). Добавьте столбец «Широта» или "
                                    "удалите «Долгота», если координаты неизвестны."]

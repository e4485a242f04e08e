"""Honest warnings of identification: short data, no results, rules that can select no school (issue 13, item 5).

Registries with one or two years of results are the region generator's three years with the
earlier ones dropped; the others are built in code. Each case checks what identification does
(adapts, keeps the rule, or stops), the note it records with its fix, what the plan's unpaired
reasons say, and what ``netmatch validate`` prints in Russian and English.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._identify import Note, Status, check_rules, identify
from netmatch.cli import main
from netmatch.cli.summary import notes_text, print_notes

#: The notes that explain an empty list of leaders.
LEADER_CAUSES = {"no_results", "no_results_in_window", "years_short", "no_years_enough", "no_leaders"}


@pytest.fixture(scope="module")
def region() -> nm.Registry:
    return nm.datasets.make_region(400, seed=3)


def keep_years(registry: nm.Registry, *years: int) -> nm.Registry:
    """The registry with the results of these years only (as open data publish one or two years)."""
    res = registry.results
    return registry.replace(results=res.take(np.isin(res.year, np.array(years))))


def codes(notes: tuple[Note, ...]) -> list[tuple[str, str]]:
    return [(n.code, n.rule) for n in notes]


def small(results: list[dict[str, Any]], n: int = 6, **school: Any) -> nm.Registry:
    schools = [{"id": f"S{i}", "name": f"Школа {i}", "social_wellbeing_index": 0.3 + 0.1 * i, **school}
               for i in range(n)]
    return nm.Registry(schools=schools, results=results)


def results_of(n: int, years: tuple[int, ...], procs: tuple[str, ...] = ("ЕГЭ", "ОГЭ"),
               below: bool = True) -> list[dict[str, Any]]:
    return [{"school": f"S{i}", "year": y, "procedure": p, "subject": "математика", "mean_score": 40.0 + 5 * i,
             "share_below_minimum": (0.4 if i == 0 else 0.05) if below else None, "participants": 20}
            for i in range(n) for y in years for p in procs]


# --- three years: no note (the golden outputs depend on it) ------------------------------------------


def test_three_years_have_no_notes(region: nm.Registry) -> None:
    # the programmes' comparison of kinds (the default) is no warning; stating another one is
    for rules in ({}, {"school_kinds": {}}):
        assert identify(nm.datasets.load_demo(), rules).notes == ()
        assert identify(region, rules).notes == ()
        assert check_rules(region, rules) == ()
    (note,) = identify(region, {"school_kinds": {"evening": "exclude"}}).notes
    assert note.code == "school_kinds" and "вечерняя" in note.text("ru")


# --- one and two years ----------------------------------------------------------------------------------


def test_one_year_adapts_every_year_rule_and_says_so(region: nm.Registry) -> None:
    one = keep_years(region, 2025)
    ident = identify(one)
    # (the relative rule, with its bottom_years, is not in force by default: only with preset="regional_rank")
    assert codes(ident.notes) == [("years_adapted", "leader_years"), ("years_adapted", "consecutive_years")]
    ranked = identify(one, {"preset": "regional_rank"})
    assert codes(ranked.notes)[-1] == ("years_adapted", "bottom_years")
    leader_note = ident.notes[0]
    assert leader_note.adapted and leader_note.fix == "rules.leader_years=1"
    assert leader_note.text("ru").startswith(
        "лидеры выбраны по 1 году результатов вместо 3: в реестре нет более ранних лет")
    assert "leaders selected on 1 year of results instead of 3" in leader_note.text("en")
    # leaders are found, and their reasons say on how many years
    assert ident.leaders and ident.low_results
    top = next(r for r in ident.reasons_of(ident.leaders[0]) if r.rule == "top")
    assert "1 год подряд (2025)" in top.text("ru") and top.threshold == 1
    # the rules kept on the result are the ones given, not the adapted ones
    assert ident.rules.leader_years == 3
    assert check_rules(one) == ident.notes


def test_one_year_plan_pairs_where_leaders_exist(region: nm.Registry) -> None:
    p = nm.plan(keep_years(region, 2025))
    assert len(p.pairing.pairs) > 0
    assert p.identification.notes[0].code == "years_adapted"


def test_two_years_adapt_only_the_rules_that_need_more(region: nm.Registry) -> None:
    ident = identify(keep_years(region, 2024, 2025))
    assert codes(ident.notes) == [("years_adapted", "leader_years")]
    assert ident.notes[0].text("ru").startswith("лидеры выбраны по 2 годам результатов вместо 3")
    assert ident.notes[0].fix == "rules.leader_years=2"
    assert ident.leaders


def test_stating_the_years_silences_the_note(region: nm.Registry) -> None:
    one = keep_years(region, 2025)
    ident = identify(one, {"leader_years": 1, "consecutive_years": 1, "bottom_years": 1})
    assert ident.notes == ()
    assert ident.leaders == identify(one).leaders


def test_strict_keeps_the_requirement_and_names_the_fix(region: nm.Registry) -> None:
    one = keep_years(region, 2025)
    ident = identify(one, {"short_data": "strict"})
    assert ident.leaders == ()
    assert [n.code for n in ident.notes] == ["years_short"] * 2
    note = ident.notes[0]
    assert not note.adapted and note.fix == "rules.leader_years=1"
    assert note.text("ru").startswith("лидеры не выбираются: правило требует 3 года результатов подряд, а в "
                                      "расчёте 1 год (2025)")
    assert "rules.short_data=adapt" in note.text("en")
    # the leader note is the cause: no second "no leaders" note
    assert "no_leaders" not in [n.code for n in ident.notes]


def test_strict_plan_unpaired_reason_names_the_cause(region: nm.Registry) -> None:
    p = nm.plan(keep_years(region, 2025), rules={"short_data": "strict"})
    assert p.pairing.pairs == ()
    u = p.pairing.unpaired[0]
    assert u.code == "no_leaders"
    assert "2025" in u.reason("ru") and "предупреждениях выявления" in u.reason("ru")
    assert u.reason("ru") != "в реестре нет школ-лидеров"


def test_stop_raises_with_every_note(region: nm.Registry) -> None:
    with pytest.raises(nm.InvalidInputError) as exc:
        identify(keep_years(region, 2025), {"short_data": "stop"})
    text = str(exc.value)
    assert "лидеры не выбираются" in text and "rules.leader_years=1" in text and "rules.consecutive_years=1" in text
    # with enough data, stop changes nothing
    assert identify(region, {"short_data": "stop"}).leaders == identify(region).leaders


def test_an_explicit_requirement_is_kept(region: nm.Registry) -> None:
    ident = identify(region, {"leader_years": 4})
    assert ident.leaders == ()
    (note,) = ident.notes
    assert (note.code, note.rule, note.fix) == ("years_short", "leader_years", "rules.leader_years=3")
    assert "задано в настройках: rules.leader_years=4" in note.text("ru")


def test_a_shorter_window_is_told_apart_from_missing_years(region: nm.Registry) -> None:
    note = identify(region, {"n_years": 1}).notes[0]
    assert "окно расчёта короче (rules.n_years=1)" in note.text("ru")
    assert "2023, 2024, 2025" in note.text("ru")


# --- no results, and rules the data cannot feed ---------------------------------------------------------


def test_no_results_is_told_and_only_unfavourable_are_named() -> None:
    demo = nm.datasets.load_demo()
    empty = demo.replace(results=demo.results.take(demo.results.year == 0))
    ident = identify(empty)
    assert [n.code for n in ident.notes] == ["no_results"]
    assert "нет результатов оценочных процедур" in ident.notes[0].text("ru")
    assert ident.low_results == () and ident.leaders == () and ident.unfavourable
    p = nm.plan(empty)
    reasons = {u.reason("ru") for u in p.pairing.unpaired}
    assert reasons and all("нет результатов оценочных процедур" in r for r in reasons)
    with pytest.raises(nm.InvalidInputError):
        identify(empty, {"short_data": "stop"})


def test_no_results_in_the_window() -> None:
    ident = identify(nm.datasets.load_demo(), {"years": (2019,)})
    assert [n.code for n in ident.notes] == ["no_results_in_window"]
    assert "2023, 2024, 2025" in ident.notes[0].text("ru")


def test_no_share_below_the_minimum() -> None:
    reg = small(results_of(6, (2024, 2025), below=False))
    assert [n.code for n in identify(reg, {"leader_years": 2, "bottom_years": 2}).notes] == ["no_share_below"]
    ident = identify(reg, {"low_rule": "threshold", "leader_years": 2})
    (note,) = ident.notes
    assert ident.low_results == () and note.fix == "rules.low_rule=relative rules.relative_floor=0"
    assert not note.adapted and "ШНОР не выбираются" in note.text("ru")
    # the relative rule's floor needs the share too: without it the rule says so, and selects nobody
    (note,) = identify(reg, {"low_rule": "relative", "leader_years": 2, "bottom_years": 2}).notes
    assert note.code == "no_share_below" and not note.adapted
    # without the floor, chosen explicitly, the rank alone decides: no note
    assert identify(reg, {"low_rule": "relative", "relative_floor": 0, "leader_years": 2,
                          "bottom_years": 2}).notes == ()


def test_one_procedure_cannot_meet_min_procedures() -> None:
    reg = small(results_of(6, (2024, 2025), procs=("ЕГЭ",)))
    ident = identify(reg, {"low_rule": "threshold", "leader_years": 2})
    assert ident.low_results == ()
    (note,) = ident.notes
    assert (note.code, note.fix) == ("few_procedures", "rules.min_procedures=1")
    assert "ЕГЭ" in note.text("ru")
    assert identify(reg, {"low_rule": "threshold", "leader_years": 2, "min_procedures": 1}).low_results == ("S0",)


def test_no_context_means_no_unfavourable() -> None:
    reg = small(results_of(6, (2024, 2025)), social_wellbeing_index=None)
    ident = identify(reg, {"leader_years": 2})
    assert "no_context" in [n.code for n in ident.notes] and ident.unfavourable == ()


def test_no_leader_though_needed_says_what_ruled_them_out(region: nm.Registry) -> None:
    ident = identify(region, {"min_qualified_share": 1.0, "risk_share": 1.0})
    if ident.leaders:  # every school of the region would have to miss 100% of qualified staff
        pytest.skip("a school with 100% qualified teachers")
    note = ident.notes[-1]
    assert note.code == "no_leaders" and note.fix == "rules.min_qualified_share=0"
    assert "с долей педагогов высшей и первой категории ниже 100%" in note.text("ru")


# --- the note and the result ------------------------------------------------------------------------------


def test_notes_are_immutable_and_shown_in_the_repr(region: nm.Registry) -> None:
    ident = identify(keep_years(region, 2025))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ident.notes[0].code = "x"  # type: ignore[misc]
    assert isinstance(ident.notes, tuple)
    assert "notes 2" in repr(ident) and len(repr(ident)) < 300
    assert set(ident.notes[0].as_dict()) == {"code", "rule", "text_ru", "text_en", "fix", "adapted"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(years=st.sets(st.sampled_from((2023, 2024, 2025))), mode=st.sampled_from(("adapt", "strict")),
       leader_years=st.none() | st.integers(1, 5))
def test_never_no_leaders_without_the_reason(years: set[int], mode: str, leader_years: int | None) -> None:
    demo = nm.datasets.load_demo()
    rules: dict[str, Any] = {"short_data": mode}
    if leader_years is not None:
        rules["leader_years"] = leader_years
    ident = identify(keep_years(demo, *sorted(years)), rules)
    needs = any(st_ & {Status.LOW_RESULTS, Status.UNFAVOURABLE} for st_ in ident.statuses)
    if needs and not ident.leaders:
        assert LEADER_CAUSES & {n.code for n in ident.notes}
    assert all(n.text_ru and n.text_en for n in ident.notes)


# --- what the command line prints -------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_validate_prints_the_warnings_before_passing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      region: nm.Registry) -> None:
    path = tmp_path / "one.csv"
    nm.write_registry(keep_years(region, 2025), path, headers="ru")
    code, out = run(capsys, "validate", str(path))
    assert code == 0
    assert "Предупреждения (2) — прочтите до плана:" in out
    assert "  ! лидеры выбраны по 1 году результатов вместо 3" in out
    assert "    задать явно: --set rules.leader_years=1" in out
    assert out.index("Предупреждения") < out.index("ошибок нет")
    code, out = run(capsys, "--lang", "en", "validate", str(path))
    assert "Warnings (2) — read before the plan:" in out and "leaders selected on 1 year" in out
    assert "    to state it: --set rules.leader_years=1" in out


def test_validate_without_results_says_nothing_can_be_identified(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    demo = nm.datasets.load_demo()
    path = tmp_path / "no-results.csv"
    nm.write_registry(demo.replace(results=demo.results.take(demo.results.year == 0)), path, headers="ru")
    code, out = run(capsys, "validate", str(path))
    assert code == 0
    assert "в реестре нет результатов оценочных процедур" in out and "ШНОР и школы-лидеры не выявляются" in out
    assert out.index("нет результатов оценочных") < out.index("ошибок нет")
    _, out = run(capsys, "--lang", "en", "validate", str(path))
    assert "the registry has no assessment results" in out


def test_validate_of_the_demo_prints_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    demo = nm.datasets.load_demo()
    from netmatch.cli.summary import summary

    assert "Предупреждения" not in summary(demo) and "Warnings" not in summary(demo, "en")


def test_print_notes_in_both_languages(capsys: pytest.CaptureFixture[str], region: nm.Registry) -> None:
    notes = identify(keep_years(region, 2025), {"short_data": "strict"}).notes
    print_notes(notes, "ru")
    out = capsys.readouterr().out
    assert out.startswith("Предупреждения (2) — прочтите до плана:\n  ! лидеры не выбираются")
    assert "    исправление: --set rules.leader_years=1" in out and out.endswith("\n\n")
    assert notes_text(notes, "en").splitlines()[1].startswith("  ! no leaders: the rule asks for 3 years")
    print_notes((), "ru")
    assert capsys.readouterr().out == ""


# --- kinds of school (issue 13, item 8) ---------------------------------------------------------------------


def kinds_registry() -> nm.Registry:
    """Ten general schools and four special (коррекционные) ones with far lower results, three years."""
    schools = [{"id": f"G{i}", "name": f"СОШ {i}", "kind": "СОШ", "social_wellbeing_index": 0.2 + 0.05 * i}
               for i in range(10)]
    schools += [{"id": f"K{i}", "name": f"Коррекционная школа {i}", "kind": "коррекционная",
                 "social_wellbeing_index": 0.3} for i in range(4)]
    means = {**{f"G{i}": 50.0 + 2 * i for i in range(10)}, **{f"K{i}": 20.0 + 2 * i for i in range(4)}}
    results = [{"school": s, "year": y, "procedure": p, "subject": "математика", "mean_score": m,
                "share_below_minimum": 0.5 if s.startswith("K") else 0.05, "participants": 20}
               for s, m in means.items() for y in (2023, 2024, 2025) for p in ("ЕГЭ", "ОГЭ")]
    return nm.Registry(schools=schools, results=results)


def test_special_schools_fill_the_low_results_list_when_every_kind_is_compared() -> None:
    ident = identify(kinds_registry(), {"school_kinds": {}})
    assert set(ident.low_results) == {"K0", "K1", "K2", "K3"}
    assert ident.notes == ()


def test_special_schools_are_left_out_by_default_as_the_programmes_do() -> None:
    default = identify(kinds_registry())
    assert default.statuses == identify(kinds_registry(), {"school_kinds": {"special": "exclude"}}).statuses
    assert not set(default.low_results) & {"K0", "K1", "K2", "K3"}
    assert default.notes == ()  # the default is stated in the report, not warned about
    assert default.reasons_of("K0")[0].rule == "kind"  # but each school left out has its reason


def test_excluded_kind_gets_no_status_a_reason_and_a_note() -> None:
    reg = kinds_registry()
    ident = identify(reg, {"school_kinds": {"коррекционная": "exclude"}})
    assert not set(ident.low_results) & {"K0", "K1", "K2", "K3"}
    for k in ("K0", "K3"):
        assert ident.status_of(k) == frozenset({Status.ORDINARY})
        (reason,) = ident.reasons_of(k)
        assert reason.rule == "kind" and "исключён из сравнения" in reason.text("ru")
    (note,) = ident.notes
    assert note.code == "school_kinds" and "коррекционная — 4" in note.text("ru") and "special 4" in note.text("en")
    assert check_rules(reg, {"school_kinds": {"special": "exclude"}}) == ident.notes
    # the general schools are judged exactly as if the special ones were not in the registry
    general = reg.replace(schools=reg.schools[:10], results=reg.results.take(np.char.startswith(
        reg.results.school.astype(str), "G")))
    alone = identify(general)
    assert ident.statuses[:10] == alone.statuses
    np.testing.assert_allclose(ident.overall[:10], alone.overall)
    assert np.isnan(ident.overall[10:]).all()


def test_own_group_ranks_a_kind_among_its_own_schools() -> None:
    ident = identify(kinds_registry(), {"school_kinds": {"special": "own_group"}, "low_rule": "relative",
                                        "bottom_share": 0.25, "relative_floor": 0})
    # the bottom quarter of each group: the lowest of the four special schools, not all four
    assert set(ident.low_results) == {"G0", "G1", "G2", "K0"}
    assert abs(float(np.nanmean(ident.overall[10:]))) < 1e-9  # z-scores centred within the group
    assert ident.reasons_of("K1")[0].text("ru").startswith("сравнивается только со школами своего типа")
    assert "сравниваются только со школами своего типа: коррекционная — 4" in ident.notes[0].text("ru")


def test_school_kinds_reject_an_unknown_kind() -> None:
    with pytest.raises(nm.InvalidInputError, match="school_kinds"):
        identify(kinds_registry(), {"school_kinds": {"частная": "exclude"}})


def test_unpaired_reason_quotes_the_note_when_the_graph_carries_it(region: nm.Registry) -> None:
    from netmatch.matching import unpaired_reason

    one = keep_years(region, 2025)
    ident = identify(one, {"short_data": "strict"})
    G = nm.build_graph(one, identification=ident)
    G.graph["notes"] = [n.as_dict() for n in ident.notes]
    cand = nm.candidates_of(G)
    row = int(np.flatnonzero(cand.needs_partner)[0])
    u = unpaired_reason(G, cand, row, 0, np.zeros(0, np.int64), np.zeros(len(cand.ids)), cand.capacity)
    assert u.code == "no_leaders"
    assert u.reason("ru").startswith("в реестре нет школ-лидеров: лидеры не выбираются: правило требует 3 года")
    assert u.reason("ru").endswith("(исправление: --set rules.leader_years=1)")
    assert "(fix: --set rules.leader_years=1)" in u.reason("en")

"""Small defects of real registries (issue 13): a registry where no school needs a centre, a
registry's name through CSV, and the spellings of school kinds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmatch as nm
from netmatch._siting.core import site_no_clients
from netmatch._siting.registry import NO_CLIENTS_NOTE
from netmatch.cli import main
from netmatch.cli.settings import SitingOptions
from netmatch.cli.siting import plan_siting, siting_record

#: Rules under which no school of the demo is ШНОР or ШНСУ: no share of low results reaches 100%
#: and no conditions are unfavourable.
NOBODY_NEEDY = {"low_rule": "threshold", "low_share_threshold": 1.0, "unfavourable_share": 0.0}
NOBODY_NEEDY_ARGS = [arg for key, value in NOBODY_NEEDY.items() for arg in ("--set", f"rules.{key}={value}")]


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return nm.datasets.load_demo()


@pytest.fixture(scope="module")
def nobody_needy(demo: nm.Registry) -> object:
    ident = nm.identify(demo, nm.IdentificationRules(**NOBODY_NEEDY))  # type: ignore[arg-type]
    assert not ident.needs_partner.any()
    return ident


# --- 1. a registry where no school needs a centre ----------------------------------------------------------------


@pytest.mark.parametrize("objective", ["coverage", "median"])
def test_siting_without_needy_schools_sites_nothing_and_says_why(demo: nm.Registry, nobody_needy: object,
                                                                  objective: str) -> None:
    s = nm.site_centres(demo, objective=objective, identification=nobody_needy)
    centres = {r.host for r in demo.resources if r.kind.value in ("growth_point", "growth_point_science",
                                                                  "growth_point_digital", "it_cube", "quantorium")}
    assert s.sites == () and s.site_schools == ()
    assert {s.site_ids[j] for j in s.open} == centres  # type: ignore[index]
    assert s.client_ids == () and s.assignment.shape == (0,) and s.client_cost.shape == (0,)
    assert (s.objective, s.bound, s.gap, s.status, s.objective_kind) == (0.0, 0.0, 0.0, "optimal", objective)
    assert s.note() == s.note("ru") == NO_CLIENTS_NOTE[0] and "ШНОР" in s.note()
    assert s.note("en") == NO_CLIENTS_NOTE[1] and s.note("en").startswith("No school needs a centre")
    assert s.kpis.clients == 0 and s.kpis.served == 0 and np.isnan(s.kpis.share_served)
    assert list(s.to_frame().columns) == ["client", "school", "site", "site_school", "cost", "covered"]
    assert len(s.to_frame()) == 0
    assert len(repr(s)) < 300 and repr(s).startswith("<Siting: 0 clients")
    assert all(c.change == 0.0 for c in s.marginal) and len(s.marginal) == len(s.site_ids)  # type: ignore[arg-type]
    assert s == nm.site_centres(demo, objective=objective, identification=nobody_needy)


def test_a_siting_with_clients_has_no_note(demo: nm.Registry) -> None:
    s = nm.site_centres(demo)
    assert s.note() == s.note("en") == "" and s.site_schools == ("S08",)


def test_siting_without_needy_schools_still_checks_its_parameters(demo: nm.Registry, nobody_needy: object) -> None:
    with pytest.raises(nm.InvalidInputError, match="The 'k' parameter of site_centres"):
        nm.site_centres(demo, 10_000, identification=nobody_needy)
    with pytest.raises(nm.InvalidInputError, match="The 'objective' parameter of site_centres"):
        nm.site_centres(demo, objective="nearest", identification=nobody_needy)  # type: ignore[arg-type]


def test_site_no_clients_core() -> None:
    s = site_no_clients(4, 2, objective="median", fixed=[3], candidates=[0, 2], note_en="why")
    assert s.sites == () and s.open == (3,) and s.fixed == (3,) and s.unserved == ()
    assert [(c.site, c.status, c.rank) for c in s.marginal] == [(3, "fixed", 1), (0, "closed", 1), (2, "closed", 2)]
    assert s.note("en") == "why" and s.note("ru") == ""


@given(st.integers(1, 12).flatmap(lambda m: st.tuples(st.just(m), st.sets(st.integers(0, m - 1)))),
       st.sampled_from(["median", "coverage"]))
def test_site_no_clients_keeps_the_fixed_sites_and_values_every_site_at_zero(
        m_fixed: tuple[int, set[int]], objective: str) -> None:
    m, fixed = m_fixed
    s = site_no_clients(m, 0, objective=objective, radius=5.0, fixed=sorted(fixed))
    assert s.open == s.fixed == tuple(sorted(fixed)) and s.sites == ()
    assert sorted(c.site for c in s.marginal) == list(range(m))
    assert {c.status for c in s.marginal if c.site not in fixed} <= {"closed"}
    assert s.kpis.new_sites == 0 and s.kpis.open_sites == len(fixed) and s.to_frame().empty


def test_siting_record_and_plan_carry_the_note(demo: nm.Registry, nobody_needy: object) -> None:
    rec = siting_record(demo, SitingOptions(k=1), nobody_needy)
    assert (rec["note_ru"], rec["note_en"]) == NO_CLIENTS_NOTE
    assert [c["status"] for c in rec["centres"]] == ["fixed"] * len(rec["centres"])
    assert rec["assignment"] == {} and rec["unserved"] == []
    assert plan_siting(demo, SitingOptions(k=1), nobody_needy) == rec
    assert "note_ru" not in siting_record(demo, SitingOptions(k=1))  # a plan with clients keeps its record


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_cli_site_and_plan_without_needy_schools(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 demo: nm.Registry, lang: str) -> None:
    path = tmp_path / "region.csv"
    nm.write_registry(demo, path)
    note = NO_CLIENTS_NOTE[0 if lang == "ru" else 1]
    code = main(["--lang", lang, "site", str(path), "--no-progress", *NOBODY_NEEDY_ARGS])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert note in out and "Traceback" not in out + err and "'cost' parameter" not in out + err
    code = main(["--lang", lang, "plan", str(path), "--out", str(tmp_path / "plan"), "--no-progress",
                 *NOBODY_NEEDY_ARGS])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert note in out and "'cost' parameter" not in out + err
    saved = json.loads((tmp_path / "plan" / "plan.json").read_text(encoding="utf-8"))
    assert saved["siting"]["note_ru"] == NO_CLIENTS_NOTE[0] and saved["siting"]["centres"]


# --- 3. spellings of school kinds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("spelling", "kind"), [
    ("Школа", nm.SchoolKind.SECONDARY), ("школа", nm.SchoolKind.SECONDARY),
    ("общеобразовательная школа", nm.SchoolKind.SECONDARY), ("СОШ", nm.SchoolKind.SECONDARY),
    ("КШИ", nm.SchoolKind.BOARDING), ("кши", nm.SchoolKind.BOARDING),
    ("Кадетская школа-интернат", nm.SchoolKind.BOARDING), ("школа-интернат", nm.SchoolKind.BOARDING),
    ("коррекционная", nm.SchoolKind.SPECIAL), ("С(К)ОШ", nm.SchoolKind.SPECIAL),
    ("коррекционная школа-интернат", nm.SchoolKind.SPECIAL), ("специальная", nm.SchoolKind.SPECIAL),
])
def test_school_kind_spellings(spelling: str, kind: nm.SchoolKind) -> None:
    assert nm.SchoolKind.parse(spelling) is kind


def test_every_school_kind_spelling_names_one_kind() -> None:
    from netmatch._base.parse import norm

    seen: dict[str, nm.SchoolKind] = {}
    for member in nm.SchoolKind:
        for spelling in (member.value, member.label_ru, *member.aliases):
            assert seen.setdefault(norm(spelling), member) is member, spelling


def test_a_registry_reads_school_and_cadet_boarding_school(tmp_path: Path) -> None:
    text = "Код ОО;Наименование ОО;Тип ОО\nA;МБОУ «Школа № 5»;Школа\nB;ГБОУ «Кадетская школа-интернат»;КШИ\n"
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    reg = nm.read_registry(path)
    assert (reg.school("A").kind, reg.school("B").kind) == (nm.SchoolKind.SECONDARY, nm.SchoolKind.BOARDING)

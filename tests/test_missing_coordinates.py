"""Schools without coordinates, the same way in every stage: left out with one reason each, listed once.

Registries are built in code as coordinators send them: a region where one school in ten has
no «Широта»/«Долгота», and the demo with two such schools. Graph, pairing, sharing, siting, plan,
report and command line must go on without them, give each one reason, and list them once with
a count — never an abort, never a wall of ids.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._base.lists import SHOWN, id_list, more
from netmatch._siting import CENTRE_KINDS, LeftOut, registry_siting_inputs
from netmatch.cli import main
from netmatch.cli.settings import SitingOptions
from netmatch.cli.siting import plan_siting, siting_record
from netmatch.report import kpi_rows, no_coordinates, no_coordinates_line, plan_record, render_html, tables

# --- registries built in code ---------------------------------------------------------------------


def without_coordinates(registry: nm.Registry, ids: set[str]) -> nm.Registry:
    """The registry with ``ids`` stripped of latitude and longitude, through its frames as a user would."""
    frames = registry.to_frames()
    schools = frames.schools.copy()
    schools.loc[schools["id"].isin(ids), ["latitude", "longitude"]] = np.nan
    return nm.read_registry(schools, results=frames.results, resources=frames.resources, name=registry.name)


@pytest.fixture(scope="module")
def region() -> tuple[nm.Registry, set[str]]:
    """A 3,000-school region where 300 schools (needy, leaders, hosts, candidates alike) lack coordinates."""
    reg = nm.datasets.make_region(3000, seed=1)
    rng = np.random.default_rng(0)
    gone = {str(x) for x in np.array(reg.ids)[rng.choice(len(reg.ids), 300, replace=False)]}
    return without_coordinates(reg, gone), gone


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    """The demo with S08 and S12 (both ШНОР/ШНСУ and candidate sites) without coordinates."""
    return without_coordinates(nm.datasets.load_demo(), {"S08", "S12"})


def _roles(reg: nm.Registry) -> dict[str, set[str]]:
    """Who the default registry siting would take as clients, existing centres and candidates."""
    ident = nm.identify(reg)
    clients = {reg.ids[i] for i in np.flatnonzero(ident.needs_partner)}
    centres = {r.host for r in reg.resources if r.kind.value in CENTRE_KINDS}
    candidates = {s.id for s in reg.schools if s.centre_candidate} - centres
    return {"client": clients, "centre": centres, "candidate": candidates}


# --- the helper that cuts every list of ids -------------------------------------------------------


def test_id_list_shows_a_few_and_counts_the_rest() -> None:
    ids = [f"R{i:06d}" for i in range(1, 301)]
    assert id_list(ids) == "R000001, R000002, R000003, R000004, R000005 и ещё 295"
    assert id_list(ids, "en") == "R000001, R000002, R000003, R000004, R000005 and 295 more"
    assert id_list(ids[:SHOWN]) == ", ".join(ids[:SHOWN])
    assert more(0) == "" and id_list([]) == ""


@given(st.lists(st.text(alphabet="ABCS0123456789", min_size=1, max_size=8), max_size=60),
       st.sampled_from(["ru", "en"]), st.integers(1, 12))
def test_id_list_never_shows_more_than_its_limit(items: list[str], lang: str, limit: int) -> None:
    text = id_list(items, lang, limit=limit)
    head, _, tail = text.partition(" и ещё " if lang == "ru" else " and ")
    shown = head.split(", ") if head else []
    assert shown == items[:limit]
    hidden = int(re.sub(r"\D", "", tail)) if tail else 0
    assert len(shown) + hidden == len(items)


# --- every stage on the region ------------------------------------------------------------------


def test_graph_and_pairing_give_each_unlocated_school_one_reason(region: tuple[nm.Registry, set[str]]) -> None:
    reg, gone = region
    G = nm.build_graph(reg)
    assert all(G.nodes[s]["lat"] is None for s in gone)
    touching = [(a, b) for a, b, d in G.edges(data=True) if (a in gone or b in gone) and not d["required"]]
    assert touching == []  # no distance-based candidate pair without coordinates
    pairing = nm.optimal_pairing(G)
    assert not {p.partner for p in pairing.pairs} & gone and not {p.leader for p in pairing.pairs} & gone
    needy = _roles(reg)["client"]
    reasons = [u for u in pairing.unpaired if u.school in gone]
    assert sorted(u.school for u in reasons) == sorted(needy & gone)  # each once
    assert {u.code for u in reasons} == {"no_coordinates"}
    assert all(u.reason("ru") and u.reason("en") for u in reasons)


def test_sharing_gives_each_unlocated_demand_its_reason(region: tuple[nm.Registry, set[str]]) -> None:
    reg, gone = region
    sharing = nm.share_resources(reg)
    hosts = {r.id: r.host for r in reg.resources}
    assert not [f for f in sharing.flows if f.school in gone or hosts[f.resource] in gone]
    mine = [u for u in sharing.unmet if u.school in gone]
    assert mine and {u.code for u in mine} == {"no_coordinates"}
    assert len({(u.school, u.profile) for u in mine}) == len(mine)  # one reason per demand


def test_siting_leaves_them_out_with_a_reason_instead_of_stopping(region: tuple[nm.Registry, set[str]]) -> None:
    reg, gone = region
    siting = nm.site_centres(reg)
    roles = _roles(reg)
    expected = {s for ids in roles.values() for s in ids} & gone
    left = [x.school for x in siting.left_out]
    assert sorted(left) == sorted(expected) and len(left) == len(set(left))
    assert not set(left) & set(siting.client_ids or ()) and not set(left) & set(siting.site_ids or ())
    for x in siting.left_out:
        assert isinstance(x, LeftOut) and x.code == "no_coordinates"
        assert set(x.roles) == {r for r, ids in roles.items() if x.school in ids}
        assert "координат" in x.reason("ru") and "coordinates" in x.reason("en")
    assert siting.kpis.left_out == len(left) and siting.kpis.as_dict()["left_out"] == len(left)
    assert len(repr(siting)) < 300 and f"left out {len(left)}" in repr(siting)
    # the clients that have coordinates are exactly those of the siting
    assert set(siting.client_ids or ()) == roles["client"] - gone


def test_the_plan_runs_and_the_report_lists_them_once(region: tuple[nm.Registry, set[str]]) -> None:
    reg, gone = region
    p = nm.plan(reg)
    siting = plan_siting(p.registry, SitingOptions(k=1), p.identification)
    assert siting is not None and siting["centres"] and "note_ru" not in siting
    record = plan_record(p, siting=siting)
    assert sorted(no_coordinates(record)) == sorted(gone)
    rows = {r["key"]: r for r in kpi_rows(record, "ru")}
    row = rows["no_coordinates"]
    assert row["value"] == 300 and row["text"].endswith("и ещё 295)") and len(row["text"]) < 120
    assert {r["key"]: r for r in kpi_rows(record, "en")}["no_coordinates"]["text"].endswith("and 295 more)")
    assert len(json.dumps(record["siting"]["left_out"][0], ensure_ascii=False)) < 400
    page = render_html(record, "ru")
    assert page.count("Школ без координат: 300") == 1  # the map's note, without the ids
    assert tables(record, "ru")["sites"].note.startswith("В размещении не участвуют школы без координат")


# --- the demo, by hand ----------------------------------------------------------------------------


def test_demo_siting_names_both_schools_with_both_roles(demo: nm.Registry) -> None:
    siting = nm.site_centres(demo)
    assert [(x.school, x.roles) for x in siting.left_out] == [("S08", ("client", "candidate")),
                                                              ("S12", ("client", "candidate"))]
    assert siting.left_out[0].reason("ru") == ("нет координат школы: время в пути не вычислить, поэтому она не "
                                               "учитывается ни среди школ, которым нужен центр, ни как место "
                                               "нового центра")
    assert "S08" not in siting.site_schools
    inputs = registry_siting_inputs(demo)
    assert inputs.left_out == siting.left_out and "S08" not in inputs.client_ids + inputs.site_ids


def test_an_existing_centre_without_coordinates_is_left_out_too() -> None:
    reg = nm.datasets.load_demo()
    host = next(r.host for r in reg.resources if r.kind.value.startswith("growth_point"))
    siting = nm.site_centres(without_coordinates(reg, {host}))
    assert [(x.school, x.roles) for x in siting.left_out] == [(host, ("centre",))]
    assert host not in (siting.site_ids or ())


def test_with_every_coordinate_nothing_changes() -> None:
    reg = nm.datasets.load_demo()
    siting = nm.site_centres(reg)
    assert siting.left_out == () and siting.kpis.left_out == 0 and "left out" not in repr(siting)
    record = siting_record(reg, SitingOptions(k=1))
    assert "left_out" not in record
    assert "no_coordinates" not in {r["key"] for r in kpi_rows(plan_record(nm.plan(reg), siting=record))}


def test_when_nothing_is_located_siting_says_so_in_one_short_message() -> None:
    reg = nm.datasets.load_demo()
    with pytest.raises(nm.InvalidInputError) as caught:
        nm.site_centres(without_coordinates(reg, set(reg.ids)))
    text = str(caught.value)
    assert "none of the 5 schools to serve has coordinates" in text and "candidate sites have coordinates" in text
    assert len(text) < 700
    # the plan goes on without centres, with that note
    p = nm.plan(without_coordinates(reg, set(reg.ids)))
    siting = plan_siting(p.registry, SitingOptions(k=1), p.identification)
    assert siting is not None and siting["centres"] == [] and "none of the 5" in siting["note_ru"]


def test_too_few_located_candidates_name_the_unlocated_ones() -> None:
    reg = nm.datasets.load_demo()
    candidates = sorted(s.id for s in reg.schools if s.centre_candidate)
    with pytest.raises(nm.InvalidInputError, match=r"only 1 candidate sites have coordinates; 6 have none "
                                                   r"\(S07, S08, S09, S11, S12 and 1 more\)"):
        nm.site_centres(without_coordinates(reg, set(candidates[:6])), 2)


def test_unknown_candidates_are_listed_briefly() -> None:
    reg = nm.datasets.load_demo()
    with pytest.raises(nm.InvalidInputError) as caught:
        nm.site_centres(reg, candidates=[f"X{i}" for i in range(100)])
    assert "'X0', 'X1', 'X2', 'X3', 'X4' and 95 more" in str(caught.value) and len(str(caught.value)) < 200


def test_the_console_line_counts_and_cuts() -> None:
    ids = [f"R{i:06d}" for i in range(300)]
    line = no_coordinates_line(ids, "ru")
    assert line.startswith("Школ без координат: 300 (R000000, R000001, R000002, R000003, R000004 и ещё 295)")
    assert len(line) < 300 and no_coordinates_line([], "en") == ""


# --- hypothesis: any mix of located and unlocated schools ---------------------------------------


@st.composite
def _districts(draw: st.DrawFn) -> nm.Registry:
    """A few schools, some without coordinates, some in need, some candidates, some hosting a centre."""
    n = draw(st.integers(1, 8))
    rows: list[dict[str, Any]] = []
    for i in range(n):
        located = draw(st.booleans())
        rows.append({"id": f"S{i}", "name": f"Школа {i}", "students": draw(st.integers(10, 900)),
                     "declared_low_results": draw(st.booleans()), "centre_candidate": draw(st.booleans()),
                     "latitude": draw(st.floats(52.0, 52.4)) if located else None,
                     "longitude": draw(st.floats(91.0, 91.5)) if located else None})
    hosts = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
    resources = [nm.Resource(id=f"TR{h}", host=f"S{h}", kind=nm.ResourceKind("growth_point")) for h in hosts]
    return nm.Registry(schools=rows, resources=resources)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_districts(), st.integers(0, 2), st.sampled_from(["coverage", "median"]), st.sampled_from(["needy", "all"]))
def test_siting_never_aborts_on_some_missing_coordinates(reg: nm.Registry, k: int, objective: str,
                                                         clients: str) -> None:
    unlocated = {s.id for s in reg.schools if not s.has_coordinates}
    try:
        siting = nm.site_centres(reg, k, objective=objective, clients=clients)  # type: ignore[arg-type]
    except (nm.InvalidInputError, nm.InfeasibleError) as exc:
        assert len(str(exc)) < 1500  # a short message, never a wall of ids
        return
    left = {x.school for x in siting.left_out}
    assert left <= unlocated
    assert not left & set(siting.client_ids or ()) and not left & set(siting.site_ids or ())
    assert not unlocated & (set(siting.client_ids or ()) | set(siting.site_ids or ()))


# --- the command line -----------------------------------------------------------------------------


def _write(reg: nm.Registry, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nm.write_registry(reg, folder / "schools.csv", headers="ru")
    return folder / "schools.csv"


def test_cli_plan_and_site_go_on_without_them(demo: nm.Registry, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(demo, tmp_path / "reg")
    assert main(["plan", str(path), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "sites without coordinates" not in out
    record = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    assert [x["school"] for x in record["siting"]["left_out"]] == ["S08", "S12"]
    assert record["siting"]["centres"] and "note_ru" not in record["siting"]
    kpis = (tmp_path / "out" / "kpis.csv").read_text(encoding="utf-8-sig")
    assert "Школ без координат,2,\"2 (S08, S12)\"" in kpis
    assert main(["site", str(path), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "Новые центры (1)" in out and "Traceback" not in out + err


def test_cli_validate_counts_and_cuts(region: tuple[nm.Registry, set[str]], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    reg, gone = region
    path = _write(reg, tmp_path / "reg")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "без координат" in x)
    assert "300" in line and "и ещё 295" in line and len(line) < 120
    assert sum(s in line for s in gone) == SHOWN
    assert len(out) < 5000  # every list of ids is cut (the crowded schools too), never a wall of them

"""The association solver: exact against brute force, the flow's bounds proven, every plan checked."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmatch._solvers.associations import check_associations, form_associations
from netmatch._solvers.bmatching import compiled_solver
from netmatch.exceptions import InfeasibleError, InvalidInputError


@st.composite
def instances(draw: st.DrawFn) -> dict:
    n_members = draw(st.integers(1, 5))
    n_hubs = draw(st.integers(1, 3))
    pairs = sorted(draw(st.sets(st.tuples(st.integers(0, n_members - 1), st.integers(0, n_hubs - 1)),
                                min_size=1, max_size=n_members * n_hubs)))
    e = len(pairs)
    return {
        "member": np.array([m for m, _ in pairs]), "hub": np.array([h for _, h in pairs]),
        "minutes": np.array(draw(st.lists(st.integers(0, 60), min_size=e, max_size=e)), float),
        "score": np.array(draw(st.lists(st.floats(0, 1), min_size=e, max_size=e))),
        "priority": np.array(draw(st.lists(st.booleans(), min_size=n_members, max_size=n_members))),
        "hub_capacity": np.array(draw(st.lists(st.integers(0, 2), min_size=n_hubs, max_size=n_hubs))),
        "min_size": draw(st.integers(2, 3)), "max_size": draw(st.integers(3, 4)),
        "target": draw(st.one_of(st.none(), st.integers(0, n_members + n_hubs))),
        "required": _one_required(draw, pairs),
        # every hub alike, or hub by hub (an organisation leading an association is no school)
        "count_hubs": draw(st.one_of(st.booleans(), st.lists(st.booleans(), min_size=n_hubs, max_size=n_hubs)
                                     .map(lambda c: np.array(c, bool)))),
        **_loads(draw, n_members, n_hubs),
    }


def _loads(draw: st.DrawFn, n_members: int, n_hubs: int) -> dict:
    """No loads, or teachers per member and hub with a limit per association."""
    if not draw(st.booleans()):
        return {"member_load": None, "hub_load": None, "max_load": None}
    return {"member_load": np.array(draw(st.lists(st.integers(0, 3), min_size=n_members, max_size=n_members))),
            "hub_load": np.array(draw(st.lists(st.integers(0, 2), min_size=n_hubs, max_size=n_hubs))),
            "max_load": draw(st.integers(1, 6))}


def _check(inst: dict, hub_of: np.ndarray) -> list[str]:
    return check_associations(inst["member"], inst["hub"], inst["priority"], inst["hub_capacity"], hub_of,
                              min_size=inst["min_size"], max_size=inst["max_size"], required=inst["required"],
                              member_load=inst["member_load"], hub_load=inst["hub_load"], max_load=inst["max_load"])


def _one_required(draw: st.DrawFn, pairs: list[tuple[int, int]]) -> np.ndarray | None:
    """None, or one arc that must be used (an agreement in force)."""
    k = draw(st.one_of(st.none(), st.integers(0, len(pairs) - 1)))
    if k is None:
        return None
    req = np.zeros(len(pairs), bool)
    req[k] = True
    return req


def _key(inst: dict, hub_of: np.ndarray, cohesion: str) -> tuple:
    """The lexicographic value of a plan (larger is better), as the solver documents it."""
    mem, hub = inst["member"], inst["hub"]
    arc = {(int(m), int(h)): e for e, (m, h) in enumerate(zip(mem, hub, strict=True))}
    used = [arc[(m, int(h))] for m, h in enumerate(hub_of) if h >= 0]
    placed = hub_of >= 0
    counted = np.broadcast_to(np.asarray(inst["count_hubs"], bool), inst["hub_capacity"].shape)
    count = int(placed.sum() + sum(bool(counted[h]) for h in set(hub_of[placed].tolist())))
    if inst["target"] is not None:
        count = min(count, inst["target"])
    minutes = np.rint(inst["minutes"][used])
    key: tuple = (int((placed & inst["priority"]).sum()), count)
    if cohesion == "worst":
        key += (-float(minutes.max(initial=0.0)),)
    return (*key, -float(minutes.sum()))


def _brute(inst: dict, cohesion: str) -> tuple | None:
    n = len(inst["priority"])
    options = [[-1, *sorted(int(h) for m2, h in zip(inst["member"], inst["hub"], strict=True) if m2 == m)]
               for m in range(n)]
    best = None
    for combo in itertools.product(*options):
        hub_of = np.array(combo)
        if _check(inst, hub_of):
            continue
        key = _key(inst, hub_of, cohesion)
        best = key if best is None or key > best else best
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["total", "worst"]))
def test_milp_is_the_brute_force_optimum(inst: dict, cohesion: str) -> None:
    best = _brute(inst, cohesion)
    if best is None:  # the required arc breaks its hub's capacity: refused in words
        with pytest.raises(InfeasibleError):
            form_associations(**inst, cohesion=cohesion, method="milp")
        return
    plan = form_associations(**inst, cohesion=cohesion, method="milp")
    assert plan.status == "optimal"
    assert _check(inst, np.asarray(plan.hub_of)) == []
    assert _key(inst, np.asarray(plan.hub_of), cohesion) == best
    assert plan.covered_bound == plan.covered


@pytest.mark.skipif(not compiled_solver(), reason="the flow needs the compiled solver")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["total", "worst"]))
def test_flow_plan_is_feasible_and_its_bounds_hold(inst: dict, cohesion: str) -> None:
    best = _brute(inst, cohesion)
    if best is None:
        return  # refused, as in the MILP's test
    plan = form_associations(**inst, cohesion=cohesion, method="flow")
    assert _check(inst, np.asarray(plan.hub_of)) == []
    # the bounds are proven: no plan beats them, and the plan reaches no more than them
    assert plan.covered <= best[0] <= plan.covered_bound
    if plan.covered == best[0]:
        assert _key(inst, np.asarray(plan.hub_of), cohesion)[1] <= best[1] <= plan.in_network_bound


def test_flow_without_minimum_size_is_exact_on_levels_one_and_two() -> None:
    """With min_size=2 no repair is needed: the flow's plan meets its own bounds."""
    rng = np.random.default_rng(3)
    m, h = 300, 40
    member = np.repeat(np.arange(m), 4)
    hub = np.concatenate([rng.choice(h, 4, replace=False) for _ in range(m)])
    inst = dict(member=member, hub=hub, minutes=rng.integers(0, 60, len(member)).astype(float),
                score=rng.random(len(member)), priority=rng.random(m) < 0.3,
                hub_capacity=rng.integers(0, 4, h))
    plan = form_associations(**inst, min_size=2, max_size=6, method="flow")
    exact = form_associations(**inst, min_size=2, max_size=6, method="milp", time_limit=60)
    assert exact.status == "optimal"
    assert plan.covered == plan.covered_bound == exact.covered
    assert plan.in_network <= exact.in_network <= plan.in_network_bound
    # most members placed: the MILP, which also counts the hubs it opens, places no more
    assert int((plan.hub_of >= 0).sum()) >= int((exact.hub_of >= 0).sum())
    assert check_associations(member, hub, inst["priority"], inst["hub_capacity"], plan.hub_of,
                              min_size=2, max_size=6) == []


def test_required_arcs_are_kept_and_clashes_refused() -> None:
    arcs = dict(member=[0, 0, 1], hub=[0, 1, 1], minutes=[50, 1, 1], score=[0, 0, 0],
                priority=np.array([True, False]), hub_capacity=[1, 1])
    plan = form_associations(**arcs, required=np.array([True, False, False]))
    assert plan.hub_of.tolist()[0] == 0
    with pytest.raises(InfeasibleError, match="member 0 has 2 required arcs"):
        form_associations(**arcs, required=np.array([True, True, False]))


def test_bad_arrays_are_named() -> None:
    with pytest.raises(InvalidInputError, match="'hub' parameter of form_associations"):
        form_associations([0], [3], [1.0], [0.0], np.array([True]), [1])
    with pytest.raises(InvalidInputError, match="'min_size'"):
        form_associations([0], [0], [1.0], [0.0], np.array([True]), [1], min_size=1)


def test_the_flow_trims_to_the_target_counting_only_the_counted_hubs() -> None:
    # hub 1 is no school (an organisation): letting members go must not count it as one
    arcs = dict(member=[0, 1, 2, 3], hub=[0, 0, 1, 1], minutes=[1, 2, 1, 2], score=[0.0] * 4,
                priority=np.zeros(4, bool), hub_capacity=[0, 0])
    plan = form_associations(**arcs, min_size=2, max_size=4, target=4, method="flow",
                             count_hubs=np.array([True, False]))
    assert plan.in_network == 4
    exact = form_associations(**arcs, min_size=2, max_size=4, target=4, method="milp",
                              count_hubs=np.array([True, False]))
    assert exact.in_network == 4


@pytest.mark.skipif(not compiled_solver(), reason="the flow needs the compiled solver")
def test_a_hub_whose_own_load_overfills_does_not_open_in_the_flow() -> None:
    # found by hypothesis: the members bring nothing, the hub alone is over the limit
    arcs = dict(member=[0], hub=[0], minutes=[0.0], score=[0.0], priority=np.zeros(3, bool), hub_capacity=[0],
                min_size=2, max_size=3, count_hubs=False, member_load=[0, 0, 0], hub_load=[2], max_load=1)
    for method in ("flow", "milp"):
        assert form_associations(**arcs, method=method).hub_of.tolist() == [-1, -1, -1]

"""Pair scores: each component against its formula, its range and its monotonicity; the weighted sum."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from pydantic import ValidationError

from netmatch.scoring import (
    COMPONENTS,
    ScoringWeights,
    combine,
    context_similarity,
    gap,
    proximity,
    resource_complementarity,
    subject_complementarity,
)

_Z = st.floats(-4, 4, allow_nan=False) | st.just(math.nan)


def z_pairs(max_pairs: int = 6, max_subjects: int = 5) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """Leader and partner profiles of the same shape, NaN where a subject is unknown."""
    return st.tuples(st.integers(1, max_pairs), st.integers(1, max_subjects)).flatmap(
        lambda shape: st.tuples(hnp.arrays(float, shape, elements=_Z), hnp.arrays(float, shape, elements=_Z)))


# --- subject complementarity -------------------------------------------------------------------------------


def _subject_by_hand(zl: list[float], zp: list[float]) -> float:
    weak = [0.0 if math.isnan(p) else max(0.0, -p) for p in zp]
    strong = [0.0 if math.isnan(x) else max(0.0, x) for x in zl]
    total = sum(weak)
    return math.tanh(sum(w * s for w, s in zip(weak, strong, strict=True)) / total) if total > 0 else 0.0


@given(z_pairs())
def test_subject_complementarity_is_the_leaders_mean_strength_in_the_partners_weak_subjects(
        z: tuple[np.ndarray, np.ndarray]) -> None:
    zl, zp = z
    got = subject_complementarity(zl, zp)
    assert got.shape == (zl.shape[0],)
    for row in range(zl.shape[0]):
        assert got[row] == pytest.approx(_subject_by_hand(zl[row].tolist(), zp[row].tolist()), abs=1e-12)
    assert ((got >= 0) & (got < 1)).all()


@given(z_pairs(), st.data())
def test_a_stronger_leader_in_any_subject_is_never_less_complementary(z: tuple[np.ndarray, np.ndarray],
                                                                      data: st.DataObject) -> None:
    zl, zp = z
    raise_by = data.draw(hnp.arrays(float, zl.shape, elements=st.floats(0, 3)))
    better = np.where(np.isnan(zl), raise_by, zl + raise_by)  # an unknown subject becomes known and >= 0
    assert (subject_complementarity(better, zp) >= subject_complementarity(zl, zp) - 1e-12).all()


def test_subject_complementarity_rewards_strength_where_the_partner_is_weak() -> None:
    partner = np.array([[-1.5, 0.8, -0.5]])
    strong_where_weak = np.array([[1.5, -1.0, 1.0]])
    strong_where_strong = np.array([[-1.0, 2.0, -1.0]])
    assert subject_complementarity(strong_where_strong, partner).tolist() == [0.0]
    assert subject_complementarity(strong_where_weak, partner)[0] == pytest.approx(
        math.tanh((1.5 * 1.5 + 0.5 * 1.0) / 2.0))
    # a partner weak nowhere: nothing to complement
    assert subject_complementarity(np.array([[3.0, 3.0]]), np.array([[0.5, math.nan]])).tolist() == [0.0]
    # no subjects at all
    assert subject_complementarity(np.zeros((2, 0)), np.zeros((2, 0))).tolist() == [0.0, 0.0]


# --- the results gap --------------------------------------------------------------------------------------

_OVERALL = st.floats(-5, 5, allow_nan=False)


@given(_OVERALL, _OVERALL, st.floats(0, 5))
def test_gap_grows_with_the_leader_and_shrinks_with_the_partner(leader: float, partner: float,
                                                                more: float) -> None:
    base = gap(np.array([leader]), np.array([partner]))[0]
    assert base == pytest.approx(math.tanh(max(0.0, leader - partner) / 2))
    assert 0 <= base < 1
    assert gap(np.array([leader + more]), np.array([partner]))[0] >= base
    assert gap(np.array([leader]), np.array([partner + more]))[0] <= base


def test_gap_is_zero_when_unknown_or_when_the_leader_is_behind() -> None:
    nan = math.nan
    assert gap(np.array([nan, 1.0, -1.0]), np.array([0.0, nan, 1.0])).tolist() == [0.0, 0.0, 0.0]


# --- context -----------------------------------------------------------------------------------------------

_CTX = st.floats(-3, 3, allow_nan=False) | st.just(math.nan)
_SIZE = st.integers(0, 3000).map(float) | st.just(math.nan)
_URBAN = st.sampled_from([0.0, 1.0, math.nan])


def _context_by_hand(cl: float, cp: float, sl: float, sp: float, ul: float, up: float) -> float:
    parts = []
    if not (math.isnan(cl) or math.isnan(cp)):
        parts.append(min(1.0, max(0.0, 1 - abs(cl - cp) / 3)))
    if not (math.isnan(sl) or math.isnan(sp)):
        parts.append(1.0 if max(sl, sp) == 0 else min(sl, sp) / max(sl, sp))
    if not (math.isnan(ul) or math.isnan(up)):
        parts.append(float(ul == up))
    return sum(parts) / len(parts) if parts else 0.0


@given(_CTX, _CTX, _SIZE, _SIZE, _URBAN, _URBAN)
def test_context_similarity_is_the_mean_of_the_known_parts(cl: float, cp: float, sl: float, sp: float,
                                                           ul: float, up: float) -> None:
    def call(*xs: float) -> float:
        return float(context_similarity(*(np.array([x]) for x in xs))[0])

    got = call(cl, cp, sl, sp, ul, up)
    assert got == pytest.approx(_context_by_hand(cl, cp, sl, sp, ul, up), abs=1e-12)
    assert 0.0 <= got <= 1.0
    assert call(cp, cl, sp, sl, up, ul) == pytest.approx(got, abs=1e-12)  # symmetric
    assert call(cl, cl, sl, sl, ul, ul) == (0.0 if all(math.isnan(x) for x in (cl, sl, ul)) else 1.0)


# --- resources ---------------------------------------------------------------------------------------------

_BITS = 12
_MASK = st.integers(0, (1 << _BITS) - 1)


@given(st.lists(st.tuples(_MASK, _MASK), min_size=1, max_size=8), _MASK)
def test_resource_complementarity_counts_what_the_partner_lacks(pairs: list[tuple[int, int]],
                                                                universe: int) -> None:
    leader = np.array([a for a, _ in pairs], dtype=np.uint64)
    partner = np.array([b for _, b in pairs], dtype=np.uint64)
    got = resource_complementarity(leader, partner, universe)
    for k, (a, b) in enumerate(pairs):
        kinds = {i for i in range(_BITS) if universe >> i & 1}
        has_l = {i for i in kinds if a >> i & 1}
        lacks = {i for i in kinds if not b >> i & 1}
        want = len(lacks & has_l) / len(lacks) if lacks else 0.0
        assert got[k] == pytest.approx(want)
    assert ((got >= 0) & (got <= 1)).all()


@given(_MASK, _MASK, _MASK)
def test_offering_more_never_lowers_resource_complementarity(leader: int, extra: int, partner: int) -> None:
    universe = (1 << _BITS) - 1
    base = resource_complementarity(np.array([leader]), np.array([partner]), universe)[0]
    more = resource_complementarity(np.array([leader | extra]), np.array([partner]), universe)[0]
    assert more >= base


def test_resource_complementarity_uses_all_64_bits() -> None:
    top = np.array([1 << 63], dtype=np.uint64)
    assert resource_complementarity(top, np.array([0], dtype=np.uint64), (1 << 64) - 1).tolist() == [1 / 64]


# --- proximity ---------------------------------------------------------------------------------------------


@given(st.floats(0, 1000), st.floats(0, 1000), st.floats(0.1, 200))
def test_proximity_decays_with_distance(near: float, farther: float, decay: float) -> None:
    a, b = proximity(np.array([near, near + farther]), decay)
    assert a == pytest.approx(math.exp(-near / decay))
    assert 0.0 <= b <= a <= 1.0


def test_proximity_of_an_unknown_distance_is_zero() -> None:
    assert proximity(np.array([math.nan, 0.0]), 30.0).tolist() == [0.0, 1.0]


# --- the weighted sum --------------------------------------------------------------------------------------

_W = st.floats(0, 2, allow_nan=False)


@st.composite
def weights(draw: st.DrawFn) -> ScoringWeights:
    return ScoringWeights(**{c: draw(_W) for c in COMPONENTS}, remote_penalty=draw(_W),
                          decay_km=draw(st.floats(1, 100)))


@given(weights(), st.integers(1, 6).flatmap(
    lambda m: st.tuples(hnp.arrays(float, (len(COMPONENTS), m), elements=st.floats(0, 1)),
                        hnp.arrays(bool, m))))
def test_combine_is_the_weighted_sum_minus_the_remote_penalty(w: ScoringWeights,
                                                              data: tuple[np.ndarray, np.ndarray]) -> None:
    values, remote = data
    comps = dict(zip(COMPONENTS, values, strict=True))
    got = combine(comps, remote, w)
    for e in range(len(remote)):
        want = sum(getattr(w, c) * comps[c][e] for c in COMPONENTS) - w.remote_penalty * remote[e]
        assert got[e] == pytest.approx(want, abs=1e-12)


@given(weights(), z_pairs(max_pairs=1), st.data())
def test_a_better_complementary_leader_never_scores_lower(w: ScoringWeights, z: tuple[np.ndarray, np.ndarray],
                                                          data: st.DataObject) -> None:
    zl, zp = z
    better = zl + data.draw(hnp.arrays(float, zl.shape, elements=st.floats(0, 3)))
    others = {c: np.array([data.draw(st.floats(0, 1))]) for c in COMPONENTS}
    remote = np.array([data.draw(st.booleans())])
    a = combine({**others, "subject": subject_complementarity(zl, zp)}, remote, w)
    b = combine({**others, "subject": subject_complementarity(better, zp)}, remote, w)
    assert b[0] >= a[0] - 1e-12


@given(weights(), st.floats(0, 500), st.floats(0, 500), st.data())
def test_a_farther_leader_never_scores_higher(w: ScoringWeights, km: float, extra: float,
                                              data: st.DataObject) -> None:
    others = {c: np.array([data.draw(st.floats(0, 1))]) for c in COMPONENTS}
    remote = np.array([data.draw(st.booleans())])
    near = combine({**others, "proximity": proximity(np.array([km]), w.decay_km)}, remote, w)
    far = combine({**others, "proximity": proximity(np.array([km + extra]), w.decay_km)},
                  remote | np.array([data.draw(st.booleans())]), w)  # farther may also turn remote
    assert far[0] <= near[0] + 1e-12


def test_a_zero_weight_ignores_its_component() -> None:
    comps = {c: np.array([0.5]) for c in COMPONENTS}
    comps["context"] = np.array([math.nan])
    assert combine(comps, np.array([False]), ScoringWeights(context=0)).tolist() == [
        pytest.approx(0.5 * sum(ScoringWeights().as_dict()[c] for c in COMPONENTS if c != "context"))]


# --- the weights ------------------------------------------------------------------------------------------


def test_weights_are_validated_frozen_and_named_by_component() -> None:
    w = ScoringWeights()
    assert tuple(w.as_dict()) == COMPONENTS
    assert w.as_dict()["subject"] == w.subject == 0.35
    with pytest.raises(ValidationError):
        ScoringWeights(proximity=-1)
    with pytest.raises(ValidationError):
        ScoringWeights(decay_km=0)
    with pytest.raises(ValidationError, match="extra"):
        ScoringWeights(proximty=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        w.subject = 1.0  # type: ignore[misc]


@settings(max_examples=50)
@given(weights())
def test_scores_of_in_person_pairs_stay_within_the_sum_of_the_weights(w: ScoringWeights) -> None:
    ones = {c: np.ones(2) for c in COMPONENTS}
    zeros = {c: np.zeros(2) for c in COMPONENTS}
    remote = np.array([False, True])
    top, bottom = combine(ones, remote, w), combine(zeros, remote, w)
    assert top[0] == pytest.approx(sum(w.as_dict().values()))
    assert bottom.tolist() == [0.0, -w.remote_penalty]


def test_one_unknown_size_leaves_the_size_out() -> None:
    nan = math.nan
    one = [np.array([x]) for x in (nan, nan, 100.0, nan, 1.0, 0.0)]
    assert context_similarity(*one).tolist() == [0.0]  # only the settlement types count: they differ

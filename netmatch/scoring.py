"""Pair scores: pure, vectorised functions that say how promising a leader–partner pair is.

A candidate pair (leader ``l``, partner ``p``) gets components in [0, 1], each monotone in
what it measures, and a score that is their weighted sum minus a penalty for remote work:

``subject``
    Subject complementarity: the leader is strong where the partner is weak. Over the
    (procedure, subject) keys of the identification profile, with ``weak_p = max(0, -z_p)``
    and ``strong_l = max(0, z_l)``, ``tanh(Σ weak_p·strong_l / Σ weak_p)`` — the leader's mean
    strength, in σ, in the partner's weak subjects, squashed to [0, 1).
``gap``
    The size of the results gap: ``tanh(max(0, overall_l - overall_p) / 2)``.
``context``
    Similarity of context (evidence favours partners in similar conditions): the mean of
    ``1 - |context_l - context_p| / 3`` (well-being band), the size ratio
    ``min(students) / max(students)`` and 1 when both are urban or both rural; parts that are
    unknown are left out of the mean.
``resources``
    Resource complementarity: of the resource kinds and specialists the partner lacks, the
    share the leader has («Точка роста», IT-куб, labs, psychologist, speech therapist, …).
``proximity``
    ``exp(-km / decay_km)``: nearer is better; 0 when the distance is unknown.
``continuity``
    1 for a partnership that already exists.
``resilience``
    1 when the leader is a *resilient* school and the partner works in unfavourable
    conditions (ШНСУ): such leaders know what works in that context.

Examples
--------
>>> import numpy as np
>>> float(proximity(np.array([0.0]), 30.0)[0]), round(float(proximity(np.array([30.0]), 30.0)[0]), 3)
(1.0, 0.368)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from netmatch._base.ranks import share_words
from netmatch._data import ResourceKind

__all__ = [
    "COMPONENTS",
    "ScoringWeights",
    "combine",
    "context_similarity",
    "gap",
    "pair_words",
    "proximity",
    "resource_complementarity",
    "subject_complementarity",
]

#: The score components, in the order they are reported.
COMPONENTS = ("subject", "gap", "context", "resources", "proximity", "continuity", "resilience")


class ScoringWeights(BaseModel):
    """Weights of the score components (any non-negative numbers) and their parameters.

    >>> ScoringWeights(subject=1.0).subject
    1.0
    >>> ScoringWeights(proximity=-1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ScoringWeights
    proximity
      Input should be greater than or equal to 0 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: float = Field(0.35, ge=0, description="Subject complementarity.")
    gap: float = Field(0.15, ge=0, description="Size of the results gap.")
    context: float = Field(0.15, ge=0, description="Similarity of social context, size and settlement type.")
    resources: float = Field(0.10, ge=0, description="Resources and specialists the partner lacks.")
    proximity: float = Field(0.25, ge=0, description="Nearness (exponential decay).")
    continuity: float = Field(0.20, ge=0, description="Bonus for an existing partnership.")
    resilience: float = Field(0.10, ge=0, description="Resilient leader for a ШНСУ partner.")
    remote_penalty: float = Field(0.25, ge=0, description="Subtracted from the score of a remote pair.")
    decay_km: float = Field(30.0, gt=0, description="Distance at which proximity falls to 1/e.")

    def as_dict(self) -> dict[str, float]:
        """The component weights by name."""
        return {c: float(getattr(self, c)) for c in COMPONENTS}


def subject_complementarity(z_leader: np.ndarray, z_partner: np.ndarray) -> np.ndarray:
    """The leader's mean strength in the partner's weak subjects, squashed to [0, 1).

    Parameters
    ----------
    z_leader, z_partner : ndarray, shape (n_pairs, n_subjects)
        Profile z-scores, NaN where unknown (an unknown subject counts for nothing).

    >>> import numpy as np
    >>> weak = np.array([[-1.0, 0.5]])
    >>> float(subject_complementarity(np.array([[1.0, -2.0]]), weak)[0]) > float(
    ...       subject_complementarity(np.array([[0.5, 3.0]]), weak)[0])
    True
    """
    weak = np.clip(-np.nan_to_num(z_partner, nan=0.0), 0.0, None)
    strong = np.clip(np.nan_to_num(z_leader, nan=0.0), 0.0, None)
    total = weak.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(total > 0, (weak * strong).sum(axis=1) / np.where(total > 0, total, 1.0), 0.0)
    return np.tanh(mean)


def gap(overall_leader: np.ndarray, overall_partner: np.ndarray) -> np.ndarray:
    """``tanh(max(0, leader - partner) / 2)``; 0 where either is unknown.

    >>> import numpy as np
    >>> gap(np.array([1.0, np.nan]), np.array([-1.0, 0.0])).round(3).tolist()
    [0.762, 0.0]
    """
    d = np.nan_to_num(overall_leader - overall_partner, nan=0.0)
    out: np.ndarray = np.tanh(np.clip(d, 0.0, None) / 2.0)
    return out


def context_similarity(context_l: np.ndarray, context_p: np.ndarray, students_l: np.ndarray,
                       students_p: np.ndarray, urban_l: np.ndarray, urban_p: np.ndarray) -> np.ndarray:
    """Mean of well-being similarity, size ratio and same settlement type; unknown parts skipped.

    ``urban_*`` is 1.0 for urban, 0.0 for rural and NaN when unknown; sizes NaN when unknown.

    >>> import numpy as np
    >>> nan = np.nan
    >>> context_similarity(np.array([0.0]), np.array([0.0]), np.array([100.0]), np.array([50.0]),
    ...                    np.array([1.0]), np.array([nan])).round(3).tolist()
    [0.75]
    """
    parts = []
    band = 1.0 - np.abs(context_l - context_p) / 3.0
    parts.append(np.clip(band, 0.0, 1.0))
    # np.minimum, not np.fmin: one unknown size makes the ratio unknown, not 1
    lo, hi = np.minimum(students_l, students_p), np.maximum(students_l, students_p)
    with np.errstate(invalid="ignore", divide="ignore"):
        parts.append(np.where(hi > 0, lo / np.where(hi > 0, hi, 1.0), np.where(hi == 0, 1.0, np.nan)))
    parts.append(np.where(np.isnan(urban_l) | np.isnan(urban_p), np.nan, (urban_l == urban_p).astype(float)))
    stack = np.vstack(parts)
    ok = ~np.isnan(stack)
    cnt = ok.sum(axis=0)
    return np.where(cnt > 0, np.where(ok, stack, 0.0).sum(axis=0) / np.maximum(cnt, 1), 0.0)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


def _popcount(x: np.ndarray) -> np.ndarray:
    b = x.astype(np.uint64).view(np.uint8).reshape(len(x), 8)
    out: np.ndarray = _POPCOUNT[b].sum(axis=1)
    return out


def resource_complementarity(has_leader: np.ndarray, has_partner: np.ndarray, universe: int) -> np.ndarray:
    """Share of what the partner lacks that the leader has, from bit masks of kinds held.

    ``universe`` is the mask of everything counted. A partner that lacks nothing scores 0.

    >>> import numpy as np
    >>> resource_complementarity(np.array([0b111]), np.array([0b001]), 0b111).tolist()
    [1.0]
    >>> resource_complementarity(np.array([0b010]), np.array([0b001]), 0b111).tolist()
    [0.5]
    """
    lacks = np.bitwise_and(np.bitwise_not(has_partner.astype(np.uint64)), np.uint64(universe))
    offered = np.bitwise_and(lacks, has_leader.astype(np.uint64))
    n_lacks = _popcount(lacks)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n_lacks > 0, _popcount(offered) / np.maximum(n_lacks, 1), 0.0)


def proximity(km: np.ndarray, decay_km: float) -> np.ndarray:
    """``exp(-km / decay_km)``; 0 where the distance is unknown (NaN).

    >>> import numpy as np
    >>> proximity(np.array([0.0, np.nan]), 30.0).tolist()
    [1.0, 0.0]
    """
    # an unknown distance (a required pair without coordinates) must not make the score NaN
    return np.nan_to_num(np.exp(-np.asarray(km, dtype=float) / decay_km), nan=0.0)


def combine(components: Mapping[str, np.ndarray], remote: np.ndarray, weights: ScoringWeights) -> np.ndarray:
    """Weighted sum of the components minus the remote penalty.

    >>> import numpy as np
    >>> comps = {c: np.array([1.0, 1.0]) for c in COMPONENTS}
    >>> w = ScoringWeights()
    >>> combine(comps, np.array([False, True]), w).round(2).tolist()
    [1.3, 1.05]
    """
    score = np.zeros(len(remote))
    for name, weight in weights.as_dict().items():
        if weight:
            score += weight * components[name]
    return score - weights.remote_penalty * remote.astype(float)


# --- a pair's score in words ----------------------------------------------------------------------

_PROC = {"ege": ("ЕГЭ", "EGE"), "oge": ("ОГЭ", "OGE"), "vpr": ("ВПР", "VPR")}
_RU_KIND = {k.value: k.label_ru for k in ResourceKind}  # node attributes hold the codes
#: Edge flags worth a word: (attribute, Russian, English).
_FLAG_WORDS = (("existing", "партнёрство уже действует", "partnership already in place"),
               ("resilience", "лидер успешен в сложном контексте", "leader succeeds in a hard context"),
               ("required", "по действующему договору", "under contract"))

Words = tuple[str, str]  # the same point in Russian and in English


def _subject_words(leader: Mapping[str, Any], partner: Mapping[str, Any], top: int,
                   procedures: Mapping[str, tuple[str, str]]) -> list[Words]:
    """The partner's weakest subjects where the leader is strong, the widest gap first, said in ranks.

    «физика (ЕГЭ): лидер — среди лучших 10% школ района, школа — среди последних 15%»: the share of
    the schools with a result in the subject that do better than the leader, and worse than the school.
    """
    lp, pp = leader.get("profile", {}), partner.get("profile", {})
    lr, pr = leader.get("standing", {}), partner.get("standing", {})
    weak = sorted(((z, k) for k, z in pp.items() if z < 0 and lp.get(k, 0) > 0), key=lambda t: t[0] - lp[t[1]])
    out = []
    for _z, k in weak[:int(top)]:  # 2.0 is a whole number too
        proc, subject = k.split(":", 1)
        name_ru, name_en = {**_PROC, **procedures}.get(proc, (proc, proc))
        if k in lr and k in pr:
            best, worst = share_words(lr[k][0]), share_words(pr[k][1])
            out.append((f"{subject} ({name_ru}): лидер — среди лучших {best} школ района, школа — среди "
                        f"последних {worst}",
                        f"{subject} ({name_en}): the leader among the top {best} of the region's schools, the "
                        f"school among the bottom {worst}"))
        else:  # a graph read from a file written before standings were kept
            out.append((f"{subject} ({name_ru}): лидер выше среднего по району, школа ниже",
                        f"{subject} ({name_en}): the leader above the region's average, the school below"))
    return out


def _distance_words(d: Mapping[str, Any]) -> Words:
    km = d["km"]
    if math.isnan(km):  # a required pair of a school without coordinates
        return "расстояние неизвестно", "distance unknown"
    if d["mode"] == "remote":
        return f"дистанционно, {km:.0f} км", f"remote, {km:.0f} km"
    return f"{km:.0f} км, {d['minutes']:.0f} мин", f"{km:.0f} km, {d['minutes']:.0f} min"


def _school_words(leader: Mapping[str, Any], partner: Mapping[str, Any]) -> list[Words]:
    """Both rural or both urban, and what the leader has that the partner lacks."""
    out: list[Words] = []
    st_l, st_p = leader.get("settlement_type"), partner.get("settlement_type")
    if st_l and st_l == st_p:
        out.append(("обе сельские", "both rural") if st_l == "rural" else ("обе городские", "both urban"))
    lacking = [k for k in leader.get("resources", []) if k not in partner.get("resources", [])]
    if any(k.startswith("growth_point") for k in lacking):
        out.append(("есть «Точка роста»", "has a «Точка роста» centre"))
    elif lacking:
        kinds = list(dict.fromkeys(lacking))
        out.append(("ресурсы: " + ", ".join(_RU_KIND.get(k) or ResourceKind.parse(k).label_ru for k in kinds),
                    "resources: " + ", ".join(k.replace("_", " ") for k in kinds)))  # as the report's English
    return out


def pair_words(leader: Mapping[str, Any], partner: Mapping[str, Any], edge: Mapping[str, Any], *, top: int = 2,
               procedures: Mapping[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """Why ``leader`` suits ``partner`` (node attributes of :func:`netmatch.build_graph`), in Russian and English.

    The ``top`` subjects where the partner is weakest and the leader strong, said as ranks in the
    region; the distance and mode of ``edge``; shared conditions and the leader's resources; the
    edge's flags. ``procedures`` names assessments beyond ЕГЭ, ОГЭ, ВПР: code -> (Russian, English).

    >>> pair_words({"standing": {"ege:физика": [0.08, 1.0]}, "profile": {"ege:физика": 1.2}},
    ...            {"standing": {"ege:физика": [0.9, 0.12]}, "profile": {"ege:физика": -0.8}},
    ...            {"km": 12.0, "minutes": 15.0, "mode": "in_person"})[0]
    'физика (ЕГЭ): лидер — среди лучших 10% школ района, школа — среди последних 15%; 12 км, 15 мин'
    """
    words = [*_subject_words(leader, partner, top, procedures or {}), _distance_words(edge),
             *_school_words(leader, partner), *((ru, en) for k, ru, en in _FLAG_WORDS if edge.get(k))]
    return "; ".join(ru for ru, _ in words), "; ".join(en for _, en in words)

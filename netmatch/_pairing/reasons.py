"""Why a ШНОР/ШНСУ is left without (enough) leaders, in Russian and English.

One function, :func:`unpaired_reason`, tells it for every solver (and for replanning): no
coordinates, no leaders at all (and why — no results, too few years for the leader rule, no
school meeting it: the identification's own note when the graph carries its notes), no leader
in reach (the nearest and its distance, and what ruled out the leaders that are near — phases,
language, exclusions, internet), every feasible leader full (which ones, and the score one
more place would give), or — for a stable pairing — every feasible leader preferred other schools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.lists import more
from netmatch._pairing.results import Unpaired

if TYPE_CHECKING:
    import networkx as nx

    from netmatch.graph import Candidates

__all__ = ["unpaired_reason"]

# What ruled out the leaders within reach: (code, diagnostics key, Russian, English), in that order.
_RULED_OUT = (
    ("phase", "phase_mismatch", "лидеры рядом не ведут нужные уровни образования",
     "the leaders in reach do not teach the phases the school needs"),
    ("language", "language_mismatch", "у лидеров рядом другой язык обучения",
     "the leaders in reach teach in another language"),
    ("excluded", "excluded", "пары с лидерами рядом исключены настройками",
     "the pairs with the leaders in reach are excluded"),
    ("internet", "internet", "для дистанционной работы не хватает скорости интернета",
     "internet too slow for remote work"),
)


#: The identification notes that explain an empty list of leaders, first choice for the reason.
_LEADER_NOTES = ("no_results", "no_results_in_window", "years_short", "no_years_enough", "no_leaders")


def _km(x: float | None) -> str:
    return "?" if x is None or x != x else f"{x:.0f}"


def _count(diag: Any, key: str, row: int) -> int:
    return int(diag[key][row]) if key in diag else 0


def unpaired_reason(G: nx.Graph, cand: Candidates, row: int, got: int, edges_of: np.ndarray,
                    used: np.ndarray, cap: np.ndarray, lacking: str | None = None) -> Unpaired:
    """Why school ``row`` has fewer leaders than it needs.

    Parameters
    ----------
    G : networkx.Graph
        The partnership graph (its ``constraints`` give the distance limit in the text).
    cand : Candidates
        Its candidate arrays (``candidates_of(G)``); the scores in the text are these.
    row : int
        The school's row in ``cand.ids``.
    got : int
        How many leaders it has in the pairing.
    edges_of : numpy.ndarray
        The indices of its candidate edges (where ``cand.partner == row``).
    used, cap : numpy.ndarray
        Per school (row), the leaders' load in the pairing and their capacity — partners, or
        mentor hours for load units.
    lacking : str, optional
        What full leaders run out of, when not places (``"часов наставничества"`` for load
        units).

    Returns
    -------
    Unpaired

    Examples
    --------
    >>> import numpy as np
    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo(), constraints={"max_km": 1, "beyond_limit": "forbid"})
    >>> cand = nm.candidates_of(G)
    >>> row = int(np.flatnonzero(cand.needs_partner)[0])
    >>> none = np.zeros(0, np.int64)
    >>> u = unpaired_reason(G, cand, row, 0, none, np.zeros(len(cand.ids)), cand.capacity)
    >>> u.code, u.reason("en").startswith("no leader within 1 km")
    ('out_of_reach', True)
    """
    ids = cand.ids
    diag = cand.diagnostics
    nearest = int(diag["nearest_leader"][row]) if "nearest_leader" in diag else -1
    nearest_id = ids[nearest] if nearest >= 0 else None
    nearest_km = float(diag["nearest_km"][row]) if "nearest_km" in diag and nearest >= 0 else None
    base: dict[str, Any] = {"school": ids[row], "missing": int(cand.demand[row] - got), "nearest_leader": nearest_id,
                            "nearest_km": nearest_km}
    if "located" in diag and not bool(diag["located"][row]):
        return Unpaired(**base, code="no_coordinates",
                        reason_ru="нет координат школы: расстояния до лидеров не вычислить",
                        reason_en="the school has no coordinates: distances to leaders are unknown")
    if not cand.is_leader.any():
        why_ru, why_en = _no_leaders(G)
        return Unpaired(**base, code="no_leaders", reason_ru=why_ru, reason_en=why_en)
    if len(edges_of) == 0:
        return _out_of_reach(G, cand, row, base)
    leaders = cand.leader[edges_of]
    full = [(int(lead), float(cand.score[e])) for e, lead in zip(edges_of.tolist(), leaders.tolist(), strict=True)
            if used[lead] >= cap[lead]]
    if full and len(full) == len(edges_of):
        return _leaders_full(ids, full, used, cap, lacking, base)
    return Unpaired(**base, code="not_chosen",
                    reason_ru="доступные лидеры предпочли другие школы (устойчивое распределение)",
                    reason_en="the feasible leaders preferred other schools (stable pairing)")


def _no_leaders(G: nx.Graph) -> tuple[str, str]:
    """Why there is no leader at all: the identification's own note when the graph carries its
    notes (``G.graph["notes"]``, dicts of :class:`netmatch.Note`), else what the graph's years tell."""
    notes = [n for n in G.graph.get("notes") or () if isinstance(n, dict) and n.get("text_ru")]
    told = [n for n in notes if n.get("code") in _LEADER_NOTES] or notes
    if told:
        fix = told[0].get("fix")
        return ("в реестре нет школ-лидеров: " + told[0]["text_ru"] + (f" (исправление: --set {fix})" if fix else ""),
                "the registry has no leader schools: " + told[0]["text_en"] + (f" (fix: --set {fix})" if fix else ""))
    years = G.graph.get("years")
    if years is not None and not list(years):
        return ("в реестре нет школ-лидеров: нет результатов оценочных процедур, а лидеры выбираются по "
                "результатам; добавьте результаты в реестр",
                "the registry has no leader schools: it has no assessment results, and leaders are chosen by "
                "results; add the results to the registry")
    span = ", ".join(str(y) for y in years or ())
    return (f"в реестре нет школ-лидеров: по результатам {span or 'реестра'} ни одна школа не прошла правило "
            "лидеров; причина и исправление — в предупреждениях выявления (netmatch identify)",
            f"the registry has no leader schools: by the results of {span or 'the registry'} no school met the "
            "leader rule; the cause and the fix are in the identification's warnings (netmatch identify)")


def _out_of_reach(G: nx.Graph, cand: Candidates, row: int, base: dict[str, Any]) -> Unpaired:
    """No candidate leader: what ruled out the leaders near, or that none is within the limits."""
    diag = cand.diagnostics
    nearest_id, nearest_km = base["nearest_leader"], base["nearest_km"]
    far = f"ближайший лидер — {nearest_id}, {_km(nearest_km)} км" if nearest_id else "лидеров с координатами нет"
    far_en = (f"the nearest leader is {nearest_id}, {_km(nearest_km)} km" if nearest_id
              else "no leader has coordinates")
    for code, key, ru, en in _RULED_OUT:
        count = _count(diag, key, row)
        if count:  # how many leaders in reach this rules out, said with its label
            return Unpaired(**base, code=code, reason_ru=f"{ru} (лидеров рядом: {count}); {far}",
                            reason_en=f"{en} (leaders in reach: {count}); {far_en}")
    limit = G.graph.get("constraints", {}).get("max_km")
    limit_ru = f"в пределах {limit:.0f} км" if limit else "в пределах ограничений"
    limit_en = f"within {limit:.0f} km" if limit else "within the limits"
    within = _count(diag, "in_reach", row)
    extra_ru = "" if within else "; дистанционная работа не разрешена или невозможна"
    extra_en = "" if within else "; remote work not allowed or not possible"
    return Unpaired(**base, code="out_of_reach", reason_ru=f"нет лидера {limit_ru}; {far}{extra_ru}",
                    reason_en=f"no leader {limit_en}; {far_en}{extra_en}")


def _leaders_full(ids: tuple[str, ...], full: list[tuple[int, float]], used: np.ndarray, cap: np.ndarray,
                  lacking: str | None, base: dict[str, Any]) -> Unpaired:
    """Every feasible leader is full: the best five by score, and what one more place would give."""
    full.sort(key=lambda t: (-t[1], ids[t[0]]))
    names = ", ".join(f"{ids[lead]} ({int(used[lead])}/{int(cap[lead])})" for lead, _ in full[:5])
    more_ru, more_en = more(len(full) - 5, "ru"), more(len(full) - 5, "en")
    best_leader, best = full[0]
    unit_en = "mentor hours" if lacking else "places"
    return Unpaired(
        **base, code="leaders_full", full_leaders=tuple(ids[lead] for lead, _ in full), best_score=best,
        reason_ru=(f"все доступные лидеры заняты: {names}{more_ru}; если {ids[best_leader]} возьмёт ещё одну "
                   f"школу, балл пары {best:.2f}"),
        reason_en=(f"every feasible leader is full ({unit_en}): {names}{more_en}; if {ids[best_leader]} took "
                   f"one more school the pair would score {best:.2f}"),
    )

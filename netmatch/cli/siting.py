"""New centres as the saved plan holds them: :func:`netmatch._siting.site_centres` made into a plain dict.

:func:`siting_record` is what ``netmatch site`` prints and what ``netmatch plan`` passes to
:func:`netmatch.report.plan_record`; :func:`plan_siting` is the same for a plan, where a siting
without a solution is skipped with a note instead of stopping the plan.

>>> import netmatch as nm
>>> from netmatch.cli.settings import SitingOptions
>>> rec = siting_record(nm.datasets.load_demo(), SitingOptions(k=1))
>>> [c["status"] for c in rec["centres"]].count("new"), rec["objective"]
(1, 'coverage')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netmatch.cli.messages import TEXT
from netmatch.exceptions import InfeasibleError, InvalidInputError

if TYPE_CHECKING:
    from netmatch._data import Registry
    from netmatch.cli.settings import SitingOptions

__all__ = ["plan_siting", "siting_record"]


def _assignment(client_ids: Sequence[str], sites: Sequence[str], result: Any
                ) -> tuple[dict[str, dict[str, Any]], dict[str, list[tuple[str, float]]]]:
    """Each client's centre and travel time; each centre's clients with their times."""
    assignment: dict[str, dict[str, Any]] = {}
    served: dict[str, list[tuple[str, float]]] = {}
    for cid, j, minutes in zip(client_ids, result.assignment.tolist(), result.client_cost.tolist(), strict=True):
        centre = sites[j] if j >= 0 else None
        assignment[cid] = {"centre": centre, "minutes": minutes if centre is not None else None}
        if centre is not None:
            served.setdefault(centre, []).append((cid, minutes))
    return assignment, served


def _centres(registry: Registry, sites: Sequence[str], result: Any,
             served: dict[str, list[tuple[str, float]]]) -> list[dict[str, Any]]:
    """The open centres, new ones first: whom each serves, their pupils, mean and longest travel."""
    pupils = {s.id: s.students for s in registry.schools}
    new = {sites[j] for j in result.sites}
    centres = []
    for j in result.open:
        sid = sites[j]
        got = sorted(served.get(sid, []))
        times = [m for _, m in got]
        centres.append({"school": sid, "status": "new" if sid in new else "fixed", "served": [c for c, _ in got],
                        "pupils": sum(pupils.get(c) or 0 for c, _ in got),
                        "mean_minutes": sum(times) / len(times) if times else None,
                        "max_minutes": max(times) if times else None})
    centres.sort(key=lambda c: (c["status"] != "new", c["school"]))
    return centres


def siting_record(registry: Registry, options: SitingOptions, identification: Any = None) -> dict[str, Any]:
    """New centres for a registry, as the saved plan holds them (see :func:`netmatch.report.plan_record`).

    :func:`netmatch._siting.site_centres` on the registry: clients are the ШНОР/ШНСУ schools (or
    all) weighted by pupils, the existing centres stay open, candidates are the schools marked
    ``centre_candidate``, and the cost is the travel time in minutes. Schools without coordinates
    are neither clients nor sites: ``left_out`` lists each with its reason (only when there are some).
    When no school needs a centre, nothing is sited and ``note_ru``/``note_en`` say so.

    >>> import netmatch as nm
    >>> from netmatch.cli.settings import SitingOptions
    >>> sorted(siting_record(nm.datasets.load_demo(), SitingOptions(k=1)))[:4]
    ['assignment', 'centres', 'clients', 'gap']
    """
    from netmatch._siting import site_centres

    result = site_centres(registry, options.k, objective=options.objective, max_minutes=options.max_minutes,
                          clients=options.clients, speed_kmh=options.speed_kmh, road_factor=options.road_factor,
                          identification=identification, time_limit=options.time_limit)
    sites = list(result.site_ids or ())
    assignment, served = _assignment(list(result.client_ids or ()), sites, result)
    record: dict[str, Any] = {"k": options.k, "objective": options.objective, "max_minutes": options.max_minutes,
                              "clients": options.clients, "status": result.status, "gap": result.gap,
                              "centres": _centres(registry, sites, result, served), "assignment": assignment,
                              "unserved": [c for c, a in assignment.items() if a["centre"] is None]}
    if result.note():  # nothing to site (no school needs a centre): say why, where the plan shows its notes
        record["note_ru"], record["note_en"] = result.note("ru"), result.note("en")
    if result.left_out:  # only then: a registry with every coordinate keeps its saved plan as it was
        record["left_out"] = [{"school": x.school, "roles": list(x.roles), "code": x.code,
                               "reason_ru": x.reason_ru, "reason_en": x.reason_en} for x in result.left_out]
    return record


def plan_siting(registry: Registry, options: SitingOptions, identification: Any = None) -> dict[str, Any] | None:
    """The siting of a plan: None when ``k`` is 0; no centres and a note (ru, en) when it has no solution.

    >>> import netmatch as nm
    >>> from netmatch.cli.settings import SitingOptions
    >>> plan_siting(nm.datasets.load_demo(), SitingOptions(k=0)) is None
    True
    """
    if options.k <= 0:
        return None
    try:
        return siting_record(registry, options, identification)
    except (InvalidInputError, InfeasibleError) as exc:
        why = "; ".join(str(x) for x in exc.problems) if isinstance(exc, InvalidInputError) else str(exc)
        return {"centres": [], "note_ru": TEXT["ru"]["siting_skipped"].format(why=why),
                "note_en": TEXT["en"]["siting_skipped"].format(why=why)}

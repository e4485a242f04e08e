"""The saved plan: a plain JSON-able dict drawn from a plan, written as ``plan.json`` and read back.

:func:`plan_record` turns a :class:`netmatch._scenario.Plan` (and, optionally, a siting of new
centres) into the dict every output is drawn from: the schools with their statuses and reasons,
the pairs with their explanations, the schools left without a leader and why, the sharing of
resources, the new centres, the programme indicators and the results dynamics, in Russian and
English. :func:`write_json` writes it (sorted keys: the same plan gives the same file) and
:func:`read_plan` reads it back for ``netmatch compare``.

>>> import netmatch as nm
>>> from netmatch._scenario import plan
>>> record = plan_record(plan(nm.datasets.load_demo()))
>>> record["format"], len(record["schools"]), record["kpis"]["share_covered"]
('netmatch-plan', 18, 1.0)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch._base.files import neutralise, replacing
from netmatch._base.util import installed_version
from netmatch._identify import Status, result_z
from netmatch._scenario import network_forms
from netmatch.exceptions import InvalidInputError
from netmatch.matching import COVERAGE_TARGET, NETWORK_TARGET
from netmatch.report.words import ui

if TYPE_CHECKING:
    from netmatch._data import Registry
    from netmatch._scenario import Plan

__all__ = ["FORMAT", "VERSION", "dynamics", "neutralise", "plan_kpis", "plan_record", "plan_warnings",
           "procedure_names", "read_plan",
           "write_json"]

#: The ``format`` field of a saved plan, and its version.
FORMAT = "netmatch-plan"
VERSION = 1


def plan_kpis(plan: Plan) -> dict[str, Any]:
    """A plan's indicators as a plain dict (the one place that knows how a plan holds them).

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> plan_kpis(plan(nm.datasets.load_demo()))["schools"]
    18
    """
    return plan.kpis.as_dict()


def _clean(x: Any) -> Any:
    """JSON-able: NaN and inf become None, numpy scalars plain numbers, tuples lists."""
    if isinstance(x, Mapping):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if hasattr(x, "item") and callable(x.item):  # numpy scalar
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, bool | int | float | str) or x is None:
        return x
    return str(x)


def _status_codes(statuses: Iterable[Status]) -> list[str]:
    return [s.value for s in Status if s in set(statuses)]


def _schools(plan: Plan, assignment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One dict per school: statuses and reasons, links in the plan, resources, nearest centre."""
    reg, ident, pairing = plan.registry, plan.identification, plan.pairing
    leaders_of: dict[str, list[str]] = {}
    partners_of: dict[str, list[str]] = {}
    for p in pairing.pairs:
        leaders_of.setdefault(p.partner, []).append(p.leader)
        partners_of.setdefault(p.leader, []).append(p.partner)
    resources_of: dict[str, list[str]] = {}
    for r in reg.resources:
        resources_of.setdefault(r.host, []).append(r.kind.value)
    rows = ident.index
    forms = network_forms(pairing, plan.sharing, plan.networks, plan.groups, plan.needs)
    members = {m.school: m for m in plan.networks.schools} if plan.networks is not None else {}
    schools = []
    for s in reg.schools:
        i = rows[s.id]
        reasons = [r.text("ru") for r in ident.reasons[i]], [r.text("en") for r in ident.reasons[i]]
        if s.latitude is None or s.longitude is None:  # its one reason for every distance-based step
            reasons[0].append(ui("no_xy_school", "ru"))
            reasons[1].append(ui("no_xy_school", "en"))
        centre = assignment.get(s.id) or {}
        member = members.get(s.id)
        schools.append({
            "id": s.id, "name": s.name, "settlement": s.settlement, "lat": s.latitude, "lon": s.longitude,
            "students": s.students, "statuses": _status_codes(ident.statuses[i]),
            "role": pairing.roles.get(s.id, "ordinary"),
            "leaders": sorted(set(leaders_of.get(s.id, ()))), "partners": sorted(set(partners_of.get(s.id, ()))),
            "resources": resources_of.get(s.id, []), "centre_candidate": bool(s.centre_candidate),
            "overall_z": float(ident.overall[i]), "context_z": float(ident.context[i]),
            "residual": float(ident.residual[i]),
            "reasons_ru": "; ".join(reasons[0]), "reasons_en": "; ".join(reasons[1]),
            "centre": centre.get("centre"), "centre_minutes": centre.get("minutes"),
            "forms": list(forms.get(s.id, ())),
            "association": None if member is None else (s.id if member.role == "leader" else member.leader),
        })
    return schools


def _pairs(plan: Plan) -> list[dict[str, Any]]:
    return [{"leader": p.leader, "partner": p.partner, "subject": p.subject, "score": p.score, "km": p.km,
             "minutes": p.minutes, "mode": p.mode, "required": p.required, "existing": p.existing,
             "explanation_ru": p.explanation_ru, "explanation_en": p.explanation_en,
             "components": dict(p.components)} for p in plan.pairing.pairs]


def _networks(plan: Plan) -> dict[str, Any] | None:
    net = plan.networks
    if net is None:
        return None
    return {"status": net.status, "method": net.method, "min_size": net.min_size, "max_size": net.max_size,
            "covered_bound": net.covered_bound, "in_network_bound": net.in_network_bound,
            "associations": [{"leader": a.leader, "co_leader": a.co_leader, "members": list(a.members),
                              "priority": a.priority, "organisation": a.organisation,
                              "total_minutes": a.total_minutes, "worst_minutes": a.worst_minutes,
                              "remote": a.remote} for a in net.associations],
            "schools": [{"school": m.school, "role": m.role, "leader": m.leader, "code": m.code, "mode": m.mode,
                         "km": m.km, "minutes": m.minutes, "reason_ru": m.reason_ru, "reason_en": m.reason_en,
                         "fix_code": m.fix_code, "fix_ru": m.fix_ru, "fix_en": m.fix_en} for m in net.schools],
            "kpis": net.kpis.as_dict()}


def _organisations(plan: Plan) -> list[dict[str, Any]]:
    """One dict per partner organisation: what it is and offers (the help it lists, else its kind's), and what the
    plan gives it to do."""
    from netmatch._data import HelpKind
    from netmatch._networks.needs import given

    reg = plan.registry
    led = {a.leader: list(a.members) for a in plan.networks.associations if a.organisation} \
        if plan.networks is not None else {}
    places = {m.school: m for m in plan.networks.organisations} if plan.networks is not None else {}
    answers: dict[str, list[str]] = {}
    for m in plan.needs.matches if plan.needs is not None else ():
        if m.organisation is not None:
            answers.setdefault(m.organisation, []).append(m.school)
    hosted: dict[str, list[str]] = {}
    for r in reg.resources:
        hosted.setdefault(r.host, []).append(r.kind.value)
    served: dict[str, set[str]] = {}
    for f in plan.sharing.flows if plan.sharing is not None else ():
        served.setdefault(f.host, set()).add(f.school)
    out = []
    for o in reg.organisations:
        place = places.get(o.id)
        out.append({
            "id": o.id, "name": o.name, "kind": o.kind.value, "kind_ru": o.kind.label_ru,
            "settlement": o.settlement, "lat": o.latitude, "lon": o.longitude, "subjects": list(o.subjects),
            "programmes": list(o.programmes), "help": [h.value for h in HelpKind if h in given(o)],
            "capacity": o.capacity,
            "leads": bool(o.leads), "remote": o.remote, "members": led.get(o.id, []),
            "lead_code": None if place is None else place.code,
            "lead_ru": None if place is None else place.reason_ru,
            "lead_en": None if place is None else place.reason_en,
            "answers": answers.get(o.id, []), "resources": hosted.get(o.id, []),
            "resource_schools": sorted(served.get(o.id, ())),
        })
    return out


def _needs(plan: Plan) -> dict[str, Any] | None:
    res = plan.needs
    if res is None:
        return None
    return {"kpis": res.kpis.as_dict(),
            "matches": [{"school": m.school, "help": m.help, "subject": m.subject, "priority": m.priority,
                         "organisation": m.organisation, "code": m.code, "mode": m.mode, "km": m.km,
                         "minutes": m.minutes, "reason_ru": m.reason_ru, "reason_en": m.reason_en}
                        for m in res.matches]}


def _groups(plan: Plan) -> dict[str, Any] | None:
    g = plan.groups
    if g is None:
        return None
    return {"status": g.status, "weak_z": g.weak_z, "strong_z": g.strong_z, "min_size": g.min_size,
            "max_size": g.max_size, "kpis": g.kpis.as_dict(), "max_teachers": g.max_teachers, "notes": list(g.notes),
            "groups": [{"procedure": x.procedure, "subject": x.subject, "host": x.host, "members": list(x.members),
                        "priority": x.priority, "total_minutes": x.total_minutes, "worst_minutes": x.worst_minutes,
                        "remote": x.remote, "teachers": x.teachers} for x in g.groups],
            "unplaced": [{"school": u.school, "procedure": u.procedure, "subject": u.subject, "code": u.code,
                          "reason_ru": u.reason_ru, "reason_en": u.reason_en} for u in g.unplaced]}


def _curators(plan: Plan) -> dict[str, Any]:
    cur, reg = plan.curators, plan.registry
    people = [reg.person(code) for code in cur.capacity]
    return {"kpis": cur.kpis.as_dict(), "allow_own_school": cur.allow_own_school,
            "people": [{"id": p.id, "name": p.name, "role": p.role.value, "organisation": p.organisation,
                        "school": p.school, "head": bool(p.head), "capacity": cur.capacity[p.id],
                        "load": cur.load.get(p.id, 0)}
                       for p in people],
            "assignments": [{"school": a.school, "curator": a.curator, "mode": a.mode, "km": a.km,
                             "minutes": a.minutes, "weak": list(a.weak), "matched": list(a.matched), "fixed": a.fixed,
                             "code": a.code, "reason_ru": a.reason_ru, "reason_en": a.reason_en}
                            for a in cur.assignments]}


def _mentors(plan: Plan) -> dict[str, Any]:
    men = plan.mentors
    listed = ("not_listed", "no_teacher")
    return {"kpis": men.kpis.as_dict(),
            "assignments": [{"school": x.school, "subject": x.subject, "teacher": x.teacher,
                             "teacher_ru": "" if x.code in listed else x.label("ru"),
                             "teacher_en": "" if x.code in listed else x.label("en"),
                             "mentor_school": x.mentor_school, "mentor": x.mentor,
                             "mentor_ru": x.mentor_label("ru"), "mentor_en": x.mentor_label("en"), "km": x.km,
                             "code": x.code, "reason_ru": x.reason_ru, "reason_en": x.reason_en}
                            for x in men.assignments]}


def _targets(plan: Plan) -> dict[str, float]:
    if plan.networks is None:
        return {"share_covered": COVERAGE_TARGET, "share_in_network": NETWORK_TARGET}
    k = plan.networks.kpis
    return {"share_covered": k.coverage_target, "share_in_network": k.network_target}


def _unpaired(plan: Plan) -> list[dict[str, Any]]:
    return [{"school": u.school, "code": u.code, "reason_ru": u.reason_ru, "reason_en": u.reason_en,
             "missing": u.missing, "nearest_leader": u.nearest_leader, "nearest_km": u.nearest_km}
            for u in plan.pairing.unpaired]


def _sharing(plan: Plan) -> dict[str, Any] | None:
    sh = plan.sharing
    if sh is None:
        return None
    return {"status": sh.status, "flows": [f._asdict() for f in sh.flows],
            "unmet": [{k: v for k, v in u._asdict().items() if k != "full_hosts"} for u in sh.unmet],
            "utilisation": [{**u._asdict(), "share": u.share} for u in sh.utilisation],
            "kpis": sh.kpis.as_dict(), "notes": list(sh.notes), "demand_source": sh.demand_source,
            "demand_scope": sh.constraints.demand_scope, "group_size": sh.constraints.group_size,
            "hours_per_group": sh.constraints.hours_per_group, "demands": len(sh.demand)}


def plan_record(plan: Plan, *, siting: Mapping[str, Any] | None = None,
                settings: Mapping[str, Any] | None = None, events: Any = None,
                indicators: Any = "common") -> dict[str, Any]:
    """A plan as a plain dict: what ``plan.json`` holds and every output is drawn from.

    Parameters
    ----------
    plan : netmatch._scenario.Plan
    siting : dict, optional
        New centres: ``{"centres": [{"school", "status": "new" | "fixed", "served": [...],
        "pupils", "mean_minutes", "max_minutes"}], "assignment": {school: {"centre", "minutes"}}, ...}``
        as the command line builds it.
    settings : dict, optional
        The settings the plan was made with, kept for the record.
    events : EventPlan, optional
        The plan of events (:func:`netmatch.plan_events`) drafted from this plan.
    indicators : str or list of Indicator
        The programme's indicators (:func:`netmatch.measure_indicators`): a preset's name or the
        indicators themselves; measured on the plan and its events into ``record["indicators"]``.

    Examples
    --------
    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> rec = plan_record(plan(nm.datasets.load_demo()), settings={"plan": {"name": "base"}})
    >>> rec["settings"], rec["siting"], len(rec["pairs"]) == rec["kpis"]["covered"]
    ({'plan': {'name': 'base'}}, None, True)
    """
    reg, ident, pairing = plan.registry, plan.identification, plan.pairing
    record = {
        "format": FORMAT, "version": VERSION, "netmatch": installed_version(), "name": plan.name,
        "registry": reg.name or "", "years": list(ident.years),
        "method": pairing.method, "status": pairing.status,
        "targets": _targets(plan),
        "kpis": plan_kpis(plan), "settings": dict(settings or {}),
        "schools": _schools(plan, (siting or {}).get("assignment", {})), "pairs": _pairs(plan),
        "unpaired": _unpaired(plan), "sharing": _sharing(plan), "networks": _networks(plan),
        "siting": {k: v for k, v in siting.items() if k != "assignment"} if siting else None,
        "dynamics": dynamics(reg, plan), "notes": list(plan.notes) + list(pairing.notes),
        # what the plan was made from, for the workbook's «О расчёте»
        "counts": {"schools": len(reg.schools), "results": len(reg.results), "resources": len(reg.resources)},
    }
    record["school_kinds"] = {str(kind): how for kind, how in ident.rules.school_kinds.items()}
    if ident.notes:  # only then: a plan the rules fully applied to keeps its plan.json as it was
        record["warnings"] = [n.as_dict() for n in ident.notes]
    if plan.groups is not None:  # only then: a plan without subject groups keeps its plan.json as it was
        record["groups"] = _groups(plan)
    if reg.organisations:  # only then: a registry of schools alone keeps its plan.json as it was
        record["organisations"] = _organisations(plan)
        record["counts"] = {**record["counts"], "organisations": len(reg.organisations)}  # type: ignore[dict-item]
    if plan.needs is not None:
        record["needs"] = _needs(plan)
        record["counts"] = {**record["counts"], "needs": len(reg.needs)}  # type: ignore[dict-item]
    for table in ("staff", "teachers"):  # only then: a registry without them keeps its plan.json as it was
        if getattr(reg, table):
            record["counts"] = {**record["counts"], table: len(getattr(reg, table))}  # type: ignore[dict-item]
    if plan.curators is not None:
        record["curators"] = _curators(plan)
    if plan.mentors is not None:
        record["mentors"] = _mentors(plan)
    if events is not None:
        from netmatch.report.events import events_record

        record["events"] = events_record(events)
    from netmatch._programme import measure_indicators

    record["indicators"] = _clean([v.as_dict() for v in measure_indicators(plan, events=events,
                                                                          indicators=indicators)])
    declared = procedure_names(reg)
    if declared:  # only then, as warnings: a registry of ЕГЭ, ОГЭ and ВПР keeps its plan.json as it was
        record["procedures"] = declared
    return dict(_clean(record))


def procedure_names(registry: Registry) -> list[dict[str, Any]]:
    """The registry's assessments other than the built-in ЕГЭ, ОГЭ and ВПР, for the saved plan's charts.

    >>> import netmatch as nm
    >>> procedure_names(nm.datasets.load_demo())
    []
    """
    return [{"code": a.code, "name_ru": a.name_ru, "name_en": a.name_en, "higher_is_better": a.higher_is_better}
            for a in registry.declared]


_WARNING_KEYS = ("code", "rule", "text_ru", "text_en", "fix")


def plan_warnings(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The identification's warnings of a saved plan (what its rules could not apply); ``[]`` without any.

    Each is a dict with ``code``, ``rule``, ``text_ru``, ``text_en``, ``fix`` (text, ``""`` when
    missing) and ``adapted`` (bool); entries that are not dicts are skipped.

    >>> plan_warnings({"warnings": [{"code": "no_results", "text_ru": "нет результатов", "text_en": "no results"}]})
    [{'code': 'no_results', 'rule': '', 'text_ru': 'нет результатов', 'text_en': 'no results', 'fix': '', \
'adapted': False}]
    >>> plan_warnings({})
    []
    """
    items = record.get("warnings")
    if not isinstance(items, list):
        return []
    return [{**{k: str(w.get(k) or "") for k in _WARNING_KEYS}, "adapted": bool(w.get("adapted"))}
            for w in items if isinstance(w, Mapping)]


def dynamics(registry: Registry, plan: Plan) -> list[dict[str, Any]]:
    """Mean z-score by procedure, year and group of schools: paired ШНОР/ШНСУ, their leaders, the rest.

    Within each procedure, year, grade and subject a school's mean result (mean score, else
    mean percent; turned round for a lower-is-better assessment) is standardised against the
    registry; a school's value in a year is the mean over its subjects and grades, and a group's
    the mean over its schools.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> demo = nm.datasets.load_demo()
    >>> sorted({d["group"] for d in dynamics(demo, plan(demo))})
    ['leaders', 'others', 'paired']
    """
    import pandas as pd

    res = registry.results
    if len(res) == 0:
        return []
    z, _ = result_z(res, registry.assessments)
    frame = pd.DataFrame({"school": res.school, "year": res.year.astype(int), "procedure": res.procedure, "z": z})
    per_school = frame.groupby(["school", "procedure", "year"], sort=True)["z"].mean().dropna().reset_index()
    paired = {p.partner for p in plan.pairing.pairs}
    leaders = {p.leader for p in plan.pairing.pairs}
    needing = {s for s, r in plan.pairing.roles.items() if r == "partner"} - paired

    def group(s: str) -> str:
        if s in paired:
            return "paired"
        if s in leaders:
            return "leaders"
        return "unpaired" if s in needing else "others"

    per_school["group"] = per_school["school"].map(group)
    out = per_school.groupby(["procedure", "group", "year"], sort=True)["z"].agg(["mean", "count"]).reset_index()
    records: list[dict[Any, Any]] = out.to_dict("records")
    return [{"procedure": str(r["procedure"]), "group": str(r["group"]), "year": int(r["year"]),
             "z": float(r["mean"]), "schools": int(r["count"])} for r in records]


def write_json(record: Mapping[str, Any], path: str | Path) -> Path:
    """Write a saved plan as UTF-8 JSON (sorted keys: the same plan gives the same file).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_json({"format": FORMAT, "b": 1, "a": "ш"}, Path(tmp) / "plan.json").read_text(encoding="utf-8")
    '{\\n "a": "ш",\\n "b": 1,\\n "format": "netmatch-plan"\\n}\\n'
    """
    target = Path(path)
    with replacing(target) as part:
        part.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def read_plan(path: str | Path, lang: str = "ru") -> dict[str, Any]:
    """Read a saved plan (``plan.json``, or a folder holding one); a plain error when it is not one.

    >>> read_plan("no-such-plan.json", "en")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: no-such-plan.json: no such file. Give the plan.json ...
    """
    ru = lang == "ru"
    p = Path(path)
    if p.is_dir():
        p = p / "plan.json"
    if not p.is_file():
        raise InvalidInputError([f"{path}: файл не найден. Укажите plan.json, записанный командой "
                                 "«netmatch plan» (или её папку)." if ru else
                                 f"{path}: no such file. Give the plan.json written by 'netmatch plan' "
                                 "(or its folder)."])
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError([f"{p}: это не JSON ({exc}). Укажите plan.json, записанный командой «netmatch plan»."
                                 if ru else f"{p}: not JSON ({exc}). Give the plan.json written by 'netmatch plan'."]
                                ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InvalidInputError([f"{p}: это не сохранённый план netmatch (нет поля format = {FORMAT!r}). "
                                 "Укажите plan.json, записанный командой «netmatch plan»." if ru else
                                 f"{p}: not a saved netmatch plan (no format = {FORMAT!r}). "
                                 "Give the plan.json written by 'netmatch plan'."])
    if int(doc.get("version", 0)) > VERSION:
        raise InvalidInputError([f"{p}: план записан более новой версией netmatch (формат {doc.get('version')}). "
                                 "Обновите netmatch." if ru else
                                 f"{p}: written by a newer netmatch (format {doc.get('version')}). Upgrade netmatch."])
    missing = [k for k in ("schools", "pairs", "unpaired", "kpis") if not isinstance(doc.get(k), list | dict)]
    if not isinstance(doc.get("warnings", []), list):
        missing.append("warnings")
    if missing:
        raise InvalidInputError([f"{p}: в плане нет разделов {missing}; файл повреждён." if ru
                                 else f"{p}: the plan lacks {missing}; the file is damaged."])
    if "warnings" in doc:
        doc["warnings"] = plan_warnings(doc)  # each with every field, as the outputs expect
    return doc

"""Plans side by side: :func:`compare` lines up their indicators, :func:`differences` says who changed and why.

>>> import netmatch as nm
>>> from netmatch import plan
>>> p = plan(nm.datasets.load_demo(), sharing=False)
>>> list(compare({"a": p, "b": p}).columns), len(differences(p, p))
(['a', 'b'], 0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from netmatch._base.params import Rule, of, one_of, validate_params
from netmatch._identify import Identification, Status
from netmatch._scenario.plans import Plan
from netmatch.matching import Pair

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compare", "differences"]

#: One row of :func:`differences`: school, change, before, after, why.
_Row = tuple[str, str, str, str, str]

_MODE = {"in_person": ("очно", "in person"), "remote": ("дистанционно", "remote")}


_PLANS = Rule("a list or a dict of Plans", lambda v: isinstance(v, Mapping) or (
    isinstance(v, Sequence) and not isinstance(v, str | bytes)))


@validate_params(plans=_PLANS)
def compare(plans: Sequence[Plan] | Mapping[str, Plan]) -> pd.DataFrame:
    """Programme indicators of several plans side by side: one row per indicator, one column per plan.

    Rows keep the order in which the plans list their indicators; an indicator a plan lacks
    is NaN in its column.

    >>> import netmatch as nm
    >>> from netmatch import SetLimit, plan
    >>> base = nm.datasets.load_demo()
    >>> table = compare([plan(base), plan(base, name="30 км", edits=(SetLimit("max_km", 30),))])
    >>> list(table.columns)
    ['базовый', '30 км']
    """
    import pandas as pd

    named = dict(plans) if isinstance(plans, Mapping) else {p.name: p for p in plans}
    if isinstance(plans, Sequence) and len(named) != len(plans):
        named = {f"{p.name} ({i + 1})": p for i, p in enumerate(plans)}
    figures = {name: p.kpis.as_dict() for name, p in named.items()}
    rows = list(dict.fromkeys(k for f in figures.values() for k in f))
    return pd.DataFrame({name: pd.Series([f.get(k, math.nan) for k in rows], index=rows, dtype=object)
                         for name, f in figures.items()}, index=rows)


def _status_label(ident: Identification, row: int, lang: str) -> str:
    return ", ".join(s.label_ru if lang == "ru" else s.value for s in Status if s in ident.statuses[row])


def _status_why(ident: Identification, row: int, lang: str) -> str:
    """Why a school has its statuses: a decision in the scenario, or the identification's reasons."""
    if ident.rules.status_source == "computed" and ident.statuses[row] != ident.computed[row]:
        return "статус задан решением в сценарии" if lang == "ru" else "status set by a decision in the scenario"
    return "; ".join(r.text(lang) for r in ident.reasons[row])


def _why_not(b: Plan, leader: str, school: str, lang: str) -> str:
    """Why plan ``b`` no longer pairs ``school`` with ``leader``."""
    ru = lang == "ru"
    if leader not in b.registry:
        return (f"лидер {leader} выбыл из реестра (закрыт или присоединён)" if ru
                else f"leader {leader} left the registry (closed or merged)")
    if b.pairing.roles.get(leader) != "leader":
        return f"{leader} больше не школа-лидер" if ru else f"{leader} is no longer a leader"
    if not b.graph.has_edge(leader, school):
        return (f"пара {leader}–{school} недопустима при новых ограничениях" if ru
                else f"the pair {leader}–{school} is not feasible under the new limits")
    used, cap = b.pairing.kpis.leader_load.get(leader, (0, 0))
    if cap == 0:
        return f"{leader} не берёт партнёров (ёмкость 0)" if ru else f"{leader} takes no partners (capacity 0)"
    if used >= cap:
        return f"{leader} занят: партнёров {used} из {cap}" if ru else f"{leader} is full: {used} of {cap} partners"
    return (f"без пары {leader}–{school} план в целом лучше" if ru
            else f"the plan as a whole is better without {leader}–{school}")


def _by_partner(p: Plan) -> dict[str, dict[str, Pair]]:
    """Each partner school's pairs, by leader (one per leader: a mode belongs to the pair of schools)."""
    out: dict[str, dict[str, Pair]] = {}
    for pair in p.pairing.pairs:
        out.setdefault(pair.partner, {}).setdefault(pair.leader, pair)
    return out


def _coverage_row(b: Plan, school: str, before: tuple[str, ...], after: tuple[str, ...], lang: str,
                  said: tuple[Mapping[tuple[str, str], str], Mapping[str, str]]) -> _Row:
    """The row of a school whose leaders changed: gained, lost or changed coverage, and why.

    ``said`` holds plan ``b``'s explanations of its pairs and reasons for its unpaired schools.
    """
    ru = lang == "ru"
    expl_b, why_b = said
    now = "; ".join(expl_b.get((ld, school), "") for ld in after if ld not in before)
    if not before:
        change, why = "gained_coverage", now
    elif not after:
        change = "lost_coverage"
        if b.pairing.roles.get(school) == "partner":
            why = why_b.get(school, "")
        else:
            why = ("партнёр не нужен: школа больше не ШНОР и не ШНСУ" if ru
                   else "needs no leader any more: neither ШНОР nor ШНСУ")
    else:
        change = "changed_partner"
        dropped = "; ".join(_why_not(b, ld, school, lang) for ld in before if ld not in after)
        why = "; ".join(x for x in (dropped, (f"новая пара: {now}" if ru else f"new pair: {now}") if now else "")
                        if x)
    return school, change, ", ".join(before), ", ".join(after), why


def _mode_rows(school: str, pa: Mapping[str, Pair], pb: Mapping[str, Pair], lang: str) -> list[_Row]:
    """Rows of the pairs both plans keep whose mode changed (in person to remote, or back)."""
    ru = lang == "ru"
    rows = []
    for leader in sorted(pa.keys() & pb.keys()):
        x, y = pa[leader], pb[leader]
        if x.mode == y.mode:
            continue
        label = _MODE.get(y.mode, (y.mode, y.mode))[0 if ru else 1]
        if y.mode == "remote":
            why = (f"пара {leader}–{school} теперь дистанционная: {y.km:.0f} км, {y.minutes:.0f} мин — за "
                   "пределами лимитов очных поездок" if ru else f"the pair {leader}–{school} is now remote: "
                   f"{y.km:.0f} km, {y.minutes:.0f} min, beyond the limits of in-person trips")
        else:
            why = (f"пара {leader}–{school} теперь очная ({label}): {y.km:.0f} км, {y.minutes:.0f} мин — в "
                   "пределах лимитов" if ru else f"the pair {leader}–{school} is now {label}: {y.km:.0f} km, "
                   f"{y.minutes:.0f} min, within the limits")
        rows.append((school, "changed_mode", f"{leader}: {_MODE.get(x.mode, (x.mode, x.mode))[0 if ru else 1]}",
                     f"{leader}: {label}", why))
    return rows


@validate_params(a=of(Plan, text="a Plan"), b=of(Plan, text="a Plan"), lang=one_of("ru", "en"))
def differences(a: Plan, b: Plan, lang: str = "ru") -> pd.DataFrame:
    """School by school, what changed from plan ``a`` to plan ``b``, and why.

    Columns: ``school``, ``change`` (``"gained_coverage"``, ``"changed_partner"``,
    ``"lost_coverage"``, ``"changed_mode"``, ``"changed_association"`` — the leader whose association
    it is in, «—» for none —, ``"changed_organisation"`` — the partner organisations answering its
    needs —, ``"changed_group"`` — its subject groups as «subject: host» —, ``"status"``, ``"closed"``,
    ``"opened"``),
    ``before``, ``after``, ``why``. For a changed partner, ``why`` says why the old leader was
    dropped (it left the registry, is no longer a leader, the pair is infeasible, the leader is
    full, or the plan as a whole is better) and why the new pair; for lost coverage, why the
    school has no leader now (or that it no longer needs one); for a pair both plans keep whose
    mode changed (in person to remote or back), ``before`` and ``after`` give the leader and
    mode and ``why`` the trip against the limits. A plan compared with itself gives an empty
    table.

    >>> import netmatch as nm
    >>> from netmatch import SetLimit, plan
    >>> p = plan(nm.datasets.load_demo(), sharing=False)
    >>> len(differences(p, p))
    0
    >>> d = differences(p, plan(p.scenario, edits=(SetLimit("max_km", 25),)), "en")
    >>> d[["school", "change", "before", "after"]].head(2)
      school                change before after
    0    S07  changed_organisation     O2    O1
    1    S08          changed_mode  S10: in person  S10: remote
    """
    import pandas as pd

    ia, ib = a.identification.index, b.identification.index
    pa, pb = _by_partner(a), _by_partner(b)
    said = ({(x.leader, x.partner): x.explanation(lang) for x in b.pairing.pairs},
            {u.school: u.reason(lang) for u in b.pairing.unpaired})
    rows: list[_Row] = []
    for school in sorted(ia.keys() | ib.keys()):
        if school not in ib:
            rows.append((school, "closed", _status_label(a.identification, ia[school], lang), "",
                         "школа выбыла из реестра (закрыта или присоединена)" if lang == "ru"
                         else "the school left the registry (closed or merged)"))
            continue
        if school not in ia:
            rows.append((school, "opened", "", _status_label(b.identification, ib[school], lang), ""))
            continue
        sa, sb = _status_label(a.identification, ia[school], lang), _status_label(b.identification, ib[school], lang)
        if sa != sb:
            rows.append((school, "status", sa, sb, _status_why(b.identification, ib[school], lang)))
        before, after = tuple(sorted(pa.get(school, {}))), tuple(sorted(pb.get(school, {})))
        if before != after:
            rows.append(_coverage_row(b, school, before, after, lang, said))
        rows += _mode_rows(school, pa.get(school, {}), pb.get(school, {}), lang)
        rows += _association_rows(a, b, school, lang)
        rows += _needs_rows(a, b, school, lang)
        rows += _group_rows(a, b, school, lang)
    return pd.DataFrame(rows, columns=["school", "change", "before", "after", "why"])


def _group_rows(a: Plan, b: Plan, school: str, lang: str) -> list[_Row]:
    """A row when the school's subject groups (subject and host) differ, either plan with groups."""
    if a.groups is None and b.groups is None:
        return []

    def places(p: Plan) -> tuple[str, ...]:
        return () if p.groups is None else tuple(sorted(f"{g.subject}: {g.host}" for g in p.groups.of_school(school)))

    before, after = places(a), places(b)
    if before == after:
        return []
    why = "; ".join(u.reason(lang) for u in (b.groups.unplaced_of(school) if b.groups is not None else ()))
    return [(school, "changed_group", "; ".join(before) or "—", "; ".join(after) or "—", why)]


def _needs_rows(a: Plan, b: Plan, school: str, lang: str) -> list[_Row]:
    """A row when the organisations answering the school's needs differ (either plan with its needs matched)."""
    if a.needs is None and b.needs is None:
        return []

    def answers(p: Plan) -> tuple[str, ...]:
        return () if p.needs is None else tuple(sorted({m.organisation for m in p.needs.of_school(school)
                                                        if m.organisation is not None}))

    before, after = answers(a), answers(b)
    if before == after:
        return []
    why = "; ".join(m.reason(lang) for m in (b.needs.of_school(school) if b.needs is not None else ()))
    return [(school, "changed_organisation", ", ".join(before) or "—", ", ".join(after) or "—", why)]


def _association_rows(a: Plan, b: Plan, school: str, lang: str) -> list[_Row]:
    """A row when the school's association (its leader's id, or its own as a leader) differs; both plans with them."""
    if a.networks is None or b.networks is None:
        return []

    def place(p: Plan) -> str:
        try:
            m = p.networks.membership(school)
        except KeyError:
            return ""
        return school if m.role == "leader" else (m.leader or "")

    before, after = place(a), place(b)
    if before == after:
        return []
    try:
        why = b.networks.membership(school).reason(lang)
    except KeyError:  # pragma: no cover - the school left the registry: its "closed" row says so
        why = ""
    return [(school, "changed_association", before or "—", after or "—", why)]

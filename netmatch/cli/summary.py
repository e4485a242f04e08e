"""What ``netmatch validate`` prints: a plain-text summary of a registry, in Russian or English.

Schools by kind, place, shifts and crowding; results by procedure and year; shareable
resources; candidate sites; what the registry itself declares (ШНОР, ШНСУ, leaders); the partner
organisations, the schools' needs and the teachers by subject read; and the
warnings of identification (:func:`netmatch._identify.check_rules`): no results, fewer years
than a rule asks for, a rule that can select no school — each with its fix. :func:`notes_text`
and :func:`print_notes` show an identification's notes the same way, for ``netmatch identify``
and ``netmatch plan`` (before the plan).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

from netmatch._base.lists import id_list
from netmatch._data import BUILTIN_ASSESSMENTS
from netmatch._identify import Note, check_rules
from netmatch._words import CATALOG
from netmatch.cli.messages import TEXT

if TYPE_CHECKING:
    from netmatch._data import Registry, School

__all__ = ["notes_text", "print_notes", "summary"]

# The words around the notes (the notes' own texts come with them, in both languages).
_NOTE_WORDS = {
    "ru": {"head": "Предупреждения ({n}) — прочтите до плана:", "fix": "исправление", "state": "задать явно"},
    "en": {"head": "Warnings ({n}) — read before the plan:", "fix": "fix", "state": "to state it"},
}


def _over_capacity(registry: Registry) -> list[str]:
    """The schools with more pupils than places, as «id (pupils/places)»."""
    return [f"{s.id} ({s.students}/{s.design_capacity})" for s in registry.schools
            if s.students is not None and s.design_capacity and s.students > s.design_capacity]


def _schools(registry: Registry, t: Mapping[str, str], ru: bool) -> list[str]:
    schools = registry.schools
    kinds = Counter((s.kind.label_ru if ru else s.kind.value) if s.kind else "?" for s in schools)
    types = Counter(s.settlement_type.value if s.settlement_type else None for s in schools)
    shifts = Counter(s.shifts for s in schools if s.shifts is not None)
    over = _over_capacity(registry)
    lines = [t["schools"].format(n=len(registry)),
             t["kinds"].format(items=", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))),
             t["places"].format(urban=types["urban"], rural=types["rural"], unknown=types[None]),
             t["shifts"].format(items=", ".join(f"{k}: {n}" for k, n in sorted(shifts.items())) or t["none"]),
             t["over"].format(items=id_list(over, "ru" if ru else "en") or t["none"])]
    missing = [s.id for s in schools if not s.has_coordinates]
    if missing:  # how many, then the first few ids: never a wall of them
        lines.append(t["coords"].format(n=len(missing)) + f" ({id_list(missing, 'ru' if ru else 'en')})")
    return lines + _own_context(schools, t, ru)


def _own_context(schools: Sequence[School], t: Mapping[str, str], ru: bool) -> list[str]:
    """The indicators of conditions read from the registry's own columns, with how many schools give each."""
    given = Counter(k for s in schools for k in s.context_indicators)
    items = ", ".join((f"«{k}» ({n})" if ru else f"'{k}' ({n})") for k, n in given.items())
    return [t["context"].format(items=items)] if given else []


def _results(registry: Registry, t: Mapping[str, str], ru: bool = True) -> list[str]:
    res = registry.results
    lines = [t["results"].format(n=len(res))]
    for proc in registry.assessments:
        mask = res.procedure == proc.code
        if mask.any():
            years = sorted({int(y) for y in res.year[mask]})
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            # ЕГЭ, ОГЭ and ВПР by their Russian labels in both languages, as before; a declared one by its name
            label = proc.name_ru if ru or proc in BUILTIN_ASSESSMENTS else proc.name("en")
            lines.append(t["proc"].format(proc=label, n=int(mask.sum()), years=span,
                                          subjects=len(np.unique(res.subject[mask]))))
    return lines


def _resources(registry: Registry, t: Mapping[str, str], ru: bool) -> list[str]:
    lines = [t["resources"].format(n=len(registry.resources))]
    for kind, n in sorted(Counter(r.kind for r in registry.resources).items()):
        lines.append(t["res_kind"].format(kind=kind.label_ru if ru else kind.value, n=n))
    schools = registry.schools
    lines.append(t["candidates"].format(n=sum(bool(s.centre_candidate) for s in schools)))
    lines.append(t["declared"].format(low=sum(bool(s.declared_low_results) for s in schools),
                                      unf=sum(bool(s.declared_unfavourable) for s in schools),
                                      lead=sum(bool(s.declared_leader) for s in schools)))
    return lines


def _partners(registry: Registry, t: Mapping[str, str], ru: bool) -> list[str]:
    """How many partner organisations (by kind), schools' needs, rows of teachers and staff were read.

    >>> from netmatch.datasets import load_demo
    >>> from netmatch.cli.messages import TEXT
    >>> for line in _partners(load_demo(), TEXT["en"], False):
    ...     print(line)
    Partner organisations: 5
      by kind: additional 1, college 1, culture 1, sport 1, university 1
    Schools' needs: 15 (10 schools)
    Teachers per subject: 139 rows, 18 schools
    Programme staff: 5 (coordinator 1, curator 3, methodist 1)
    """
    orgs = registry.organisations
    lines = [t["organisations"].format(n=len(orgs))]
    if orgs:
        kinds = Counter(o.kind.label_ru if ru else o.kind.value for o in orgs)
        lines.append(t["org_kinds"].format(items=", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))))
    lines.append(t["needs"].format(n=len(registry.needs), schools=len({n.school for n in registry.needs})))
    lines.append(t["subject_teachers"].format(n=len(registry.teachers),
                                              schools=len({r.school for r in registry.teachers})))
    if registry.staff:
        roles = Counter(p.role.label_ru if ru else p.role.value for p in registry.staff)
        lines.append(t["staff"].format(n=len(registry.staff),
                                       items=", ".join(f"{k} {n}" for k, n in sorted(roles.items()))))
    if registry.surveys:
        years = sorted({s.year for s in registry.surveys})
        lines.append(t["surveys"].format(n=len(registry.surveys), schools=len({s.school for s in registry.surveys}),
                                         years=f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0]))
    return lines


def notes_text(notes: Sequence[Note], lang: str = "ru") -> str:
    """The warnings of an identification for the console, each with its ``--set`` fix; ``""`` without any.

    >>> from netmatch._identify import Note
    >>> print(notes_text([Note("years_short", "лидеры не выбираются", "no leaders", fix="rules.leader_years=1")]))
    Предупреждения (1) — прочтите до плана:
      ! лидеры не выбираются
        исправление: --set rules.leader_years=1
    >>> notes_text([])
    ''
    """
    if not notes:
        return ""
    w = _NOTE_WORDS[lang]
    lines = [w["head"].format(n=len(notes))]
    for note in notes:
        lines.append(f"  ! {note.text(lang)}")
        if note.fix:
            settings = " ".join(f"--set {f}" for f in note.fix.split())  # a fix may take two settings
            lines.append(f"    {w['state'] if note.adapted else w['fix']}: {settings}")
    return "\n".join(lines)


def print_notes(notes: Sequence[Note], lang: str = "ru", file: TextIO | None = None) -> None:
    """Print :func:`notes_text` followed by an empty line; nothing at all without notes.

    >>> print_notes([])
    """
    text = notes_text(notes, lang)
    if text:
        print(text + "\n", file=file or sys.stdout)


def summary(registry: Registry, lang: str = "ru", rules: Mapping[str, Any] | None = None) -> str:
    """A plain-text summary of a registry, in Russian (``"ru"``) or English (``"en"``).

    Ends with the warnings of :func:`netmatch._identify.check_rules` under ``rules`` (the
    default rules when None), when there are any.

    >>> from netmatch.datasets import load_demo
    >>> print(summary(load_demo(), "en").splitlines()[1])
    Schools: 18
    """
    t = TEXT[lang]
    ru = lang == "ru"
    lines = [t["title"].format(name=registry.name or t["unnamed"]), *_schools(registry, t, ru),
             *_results(registry, t, ru), *_resources(registry, t, ru), *_partners(registry, t, ru)]
    notes = notes_text(check_rules(registry, rules), lang)
    return "\n".join([*lines, notes] if notes else lines)

CATALOG.keyed_by_language("cli.notes", _NOTE_WORDS)  # an entry of the one catalog (netmatch._words)

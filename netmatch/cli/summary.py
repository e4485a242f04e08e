"""What ``netmatch validate`` prints: a plain-text summary of a registry, in Russian or English.

Schools by kind, place, shifts and crowding; results by procedure and year; shareable
resources; candidate sites; and what the registry itself declares (ШНОР, ШНСУ, leaders).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from netmatch._data import Procedure
from netmatch.cli.messages import TEXT

if TYPE_CHECKING:
    from netmatch._data import Registry

__all__ = ["summary"]


def _schools(registry: Registry, t: Mapping[str, str], ru: bool) -> list[str]:
    schools = registry.schools
    kinds = Counter((s.kind.label_ru if ru else s.kind.value) if s.kind else "?" for s in schools)
    types = Counter(s.settlement_type.value if s.settlement_type else None for s in schools)
    shifts = Counter(s.shifts for s in schools if s.shifts is not None)
    over = [f"{s.id} ({s.students}/{s.design_capacity})" for s in schools
            if s.students is not None and s.design_capacity and s.students > s.design_capacity]
    lines = [t["schools"].format(n=len(registry)),
             t["kinds"].format(items=", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))),
             t["places"].format(urban=types["urban"], rural=types["rural"], unknown=types[None]),
             t["shifts"].format(items=", ".join(f"{k}: {n}" for k, n in sorted(shifts.items())) or t["none"]),
             t["over"].format(items=", ".join(over) or t["none"])]
    missing = sum(not s.has_coordinates for s in schools)
    if missing:
        lines.append(t["coords"].format(n=missing))
    return lines


def _results(registry: Registry, t: Mapping[str, str]) -> list[str]:
    res = registry.results
    lines = [t["results"].format(n=len(res))]
    for proc in Procedure:
        mask = res.procedure == proc.value
        if mask.any():
            years = sorted({int(y) for y in res.year[mask]})
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            lines.append(t["proc"].format(proc=proc.label_ru, n=int(mask.sum()), years=span,
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


def summary(registry: Registry, lang: str = "ru") -> str:
    """A plain-text summary of a registry, in Russian (``"ru"``) or English (``"en"``).

    >>> from netmatch.datasets import load_demo
    >>> print(summary(load_demo(), "en").splitlines()[1])
    Schools: 18
    """
    t = TEXT[lang]
    ru = lang == "ru"
    lines = [t["title"].format(name=registry.name or t["unnamed"]), *_schools(registry, t, ru),
             *_results(registry, t), *_resources(registry, t, ru)]
    return "\n".join(lines)

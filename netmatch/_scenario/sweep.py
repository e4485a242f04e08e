"""Sweeps: many variants of a scenario, evaluated in parallel, and how robust each pair is across them.

:func:`sweep` takes a list of variants (scenarios, edits, lists of edits) or a grid of settings
and runs every variant on a :class:`concurrent.futures.Executor`, a Dask client or here, one by
one; the :class:`SweepResult` does not depend on where it ran.

>>> import netmatch as nm
>>> res = sweep(nm.datasets.load_demo(), {"max_km": [30, 40]}, executor="sequential")
>>> res.kpis.variants, len(res.to_frame())
(2, 2)
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from netmatch._base.params import FLAG, NONE, Rule, coerce, of, validate_params
from netmatch._base.results import Indicators, short_repr
from netmatch._data import Registry
from netmatch._identify import IdentificationRules
from netmatch._scenario.edits import EDIT_TYPES, SetLimit
from netmatch._scenario.plans import Scenario, plan
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints
from netmatch.matching import Pairing
from netmatch.scoring import ScoringWeights

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SweepKpis", "SweepResult", "pair_keys", "sweep"]


def pair_keys(pairing: Pairing) -> list[tuple[str, str]]:
    """The ``(leader, partner)`` pairs of a pairing, sorted (one per pair of schools).

    >>> import netmatch as nm
    >>> pair_keys(nm.plan(nm.datasets.load_demo(), sharing=False).pairing)[:2]
    [('S01', 'S09'), ('S05', 'S12')]
    """
    return sorted({(p.leader, p.partner) for p in pairing.pairs})


@dataclass(frozen=True)
class SweepKpis(Indicators):
    """Headline figures of a sweep.

    ``distinct_pairs`` counts the (leader, partner) pairs chosen by at least one variant,
    ``pairs_in_every_variant`` those every variant chose; ``share_covered_min``/``_max`` span
    the variants' shares of ШНОР/ШНСУ with a leader (NaN when no variant reports one).
    """

    variants: int
    distinct_pairs: int
    pairs_in_every_variant: int
    share_covered_min: float
    share_covered_max: float
    seconds: float


@dataclass(frozen=True)
class SweepResult:
    """KPIs of every variant, and how often each pair appears across them.

    ``variants``: one row per variant (in input order), ``scenario`` and its plan's indicators;
    ``robustness``: one row per (leader, partner) with the ``count`` and ``share`` of the
    variants that chose it, most frequent first (ties by leader, then partner).
    """

    variants: pd.DataFrame
    robustness: pd.DataFrame
    seconds: float

    @property
    def kpis(self) -> SweepKpis:
        """Headline figures: variants, distinct and robust pairs, the span of coverage, seconds."""
        covered: Iterable[Any] = self.variants.get("share_covered", [])
        shares = [float(x) for x in covered if x is not None and not math.isnan(float(x))]
        return SweepKpis(variants=len(self.variants), distinct_pairs=len(self.robustness),
                         pairs_in_every_variant=int((self.robustness["share"] == 1.0).sum()),
                         share_covered_min=min(shares, default=math.nan),
                         share_covered_max=max(shares, default=math.nan), seconds=self.seconds)

    def to_frame(self) -> pd.DataFrame:
        """One row per variant: ``scenario`` and its plan's indicators (a copy of ``variants``)."""
        return self.variants.copy()

    def __repr__(self) -> str:
        k = self.kpis
        return short_repr("SweepResult", k.variants, "variants", distinct_pairs=k.distinct_pairs,
                          pairs_in_every_variant=k.pairs_in_every_variant, time=f"{k.seconds:.1f} s")


def _evaluate(scenario: Scenario) -> tuple[str, dict[str, Any], list[tuple[str, str]]]:
    """One sweep variant: its name, KPIs and pairs (small results travel back from workers)."""
    p = plan(scenario)
    return p.name, p.kpis.as_dict(), pair_keys(p.pairing)


_FIELDS: dict[str, type[BaseModel]] = {
    "constraints": Constraints, "weights": ScoringWeights, "rules": IdentificationRules}


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _section(key: str, fixed: set[str]) -> tuple[str, str]:
    """The settings model (``constraints``, ``weights``, ``rules``) and field a grid key names."""
    section, _, name = str(key).rpartition(".")
    if section:
        if section not in _FIELDS or name not in _FIELDS[section].model_fields:
            raise InvalidInputError([f"sweep grid key {key!r}: use constraints.<field>, weights.<field> or "
                                     "rules.<field> with a field of that model."])
    else:
        found = [s for s, model in _FIELDS.items() if name in model.model_fields]
        if len(found) != 1:
            raise InvalidInputError([f"sweep grid key {key!r} is {'ambiguous' if found else 'unknown'}: "
                                     "write constraints.<field>, weights.<field> or rules.<field>."])
        section = found[0]
    if section == "constraints" and name in fixed:
        raise InvalidInputError([f"sweep grid key {key!r}: the base scenario's edits set {name!r} "
                                 "(SetLimit), which would override every value of the grid; drop the edit "
                                 "or the key."])
    return section, name


def _values(key: str, values: Any) -> list[Any]:
    """The list of values of one grid key (numpy scalars as plain numbers)."""
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidInputError([f"sweep grid key {key!r} must map to a list of values. Got {values!r} instead."])
    out = [_plain(v) for v in values]
    if not out:
        raise InvalidInputError([f"sweep grid key {key!r} must map to at least one value. Got none."])
    return out


def _grid(base: Scenario, grid: Mapping[str, Any]) -> list[Scenario]:
    """Every combination of the grid's values, as scenarios derived from ``base`` (validated here)."""
    keys = list(grid)
    if not keys:
        raise InvalidInputError(["sweep: the grid is empty; give at least one key with a list of values, "
                                 "e.g. {'max_km': [30, 40]}."])
    fixed = {e.name for e in base.edits if isinstance(e, SetLimit)}
    targets = [_section(key, fixed) for key in keys]
    columns = [_values(key, grid[key]) for key in keys]
    out = []
    for values in itertools.product(*columns):
        sections: dict[str, dict[str, Any]] = {}
        for (section, name), value in zip(targets, values, strict=True):
            sections.setdefault(section, {})[name] = value
        changes: dict[str, Any] = {}
        for section, upd in sections.items():
            current = getattr(base, section)
            current = current.model_dump() if isinstance(current, BaseModel) else dict(current or {})
            changes[section] = coerce(_FIELDS[section], {**current, **upd}, "sweep")
        label = ", ".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
        out.append(dataclasses.replace(base, name=label, **changes))
    return out


def _variants(base: Scenario, items: Sequence[Any]) -> list[Scenario]:
    """Scenarios as given; an edit or a list of edits becomes ``base`` with those edits."""
    out = []
    for k, item in enumerate(items):
        if isinstance(item, Scenario):
            out.append(item)
        elif isinstance(item, EDIT_TYPES):
            out.append(base.with_edits(item, name=repr(item)))
        elif isinstance(item, tuple | list) and item and all(isinstance(e, EDIT_TYPES) for e in item):
            out.append(base.with_edits(*item, name=" + ".join(repr(e) for e in item)))
        else:
            raise InvalidInputError([f"sweep: item {k} must be a Scenario, an edit or a list of edits. "
                                     f"Got {item!r} instead."])
    return out


class _Progress:
    """A plain progress bar on standard error (shown only for long sweeps or when asked)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled, self.start = total, 0, enabled, time.perf_counter()

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            elapsed = time.perf_counter() - self.start
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                             f"{elapsed:.0f} s")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _is_dask_client(executor: object) -> bool:
    return all(hasattr(executor, a) for a in ("submit", "gather", "scatter"))


_Evaluated = tuple[str, dict[str, Any], list[tuple[str, str]]]


def _run(scenarios: Sequence[Scenario], executor: Any, bar: _Progress) -> list[_Evaluated]:
    """Evaluate every scenario on ``executor``; results in input order, whatever order they finish in."""
    results: list[_Evaluated | None] = [None] * len(scenarios)
    if executor == "sequential":
        for i, s in enumerate(scenarios):
            results[i] = _evaluate(s)
            bar.step()
    elif _is_dask_client(executor):
        from distributed import as_completed as dask_as_completed

        completed: Callable[[list[Any]], Iterable[Any]] = dask_as_completed
        futures = [executor.submit(_evaluate, s, pure=False) for s in scenarios]
        where = {f.key: i for i, f in enumerate(futures)}
        for fut in completed(futures):
            results[where[fut.key]] = fut.result()
            bar.step()
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        own = executor is None
        pool = ProcessPoolExecutor() if own else executor
        try:
            futs = {pool.submit(_evaluate, s): i for i, s in enumerate(scenarios)}
            for fut in as_completed(futs):
                results[futs[fut]] = fut.result()
                bar.step()
        finally:
            if own:
                pool.shutdown()
    return [r for r in results if r is not None]


_EXECUTOR = Rule("None, 'sequential', a concurrent.futures.Executor or a dask.distributed.Client",
                 lambda v: v is None or v == "sequential" if isinstance(v, str | type(None)) else hasattr(v, "submit"))
_VARIANTS = Rule("a list of variants or a grid (a dict of lists of values)", lambda v: isinstance(v, Mapping) or (
    isinstance(v, Sequence) and not isinstance(v, str | bytes)))


@validate_params(base=of(Scenario, Registry, text="a Scenario or a Registry"), scenarios_or_grid=_VARIANTS,
                 executor=_EXECUTOR, progress=(FLAG, NONE))
def sweep(base: Scenario | Registry, scenarios_or_grid: Sequence[Any] | Mapping[str, Any],
          executor: Any = None, *, progress: bool | None = None) -> SweepResult:
    """Evaluate many scenarios in parallel; KPIs per variant and the robustness of each pair.

    Parameters
    ----------
    base : Scenario or Registry
        What every variant starts from.
    scenarios_or_grid : list, or dict
        A list of variants — each a :class:`Scenario`, an edit, or a list of edits applied to
        ``base`` — or a grid ``{"max_km": [30, 40], "weights.proximity": [0.1, 0.3]}``
        whose every combination is a variant (plain names are looked up among the
        constraints, weights and rules; every value is validated before anything runs).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where to run. ``None`` uses a process pool; ``"sequential"`` runs here, one by one.
    progress : bool, optional
        Show a progress bar on standard error (default: for more than 10 variants).

    Returns
    -------
    SweepResult
        ``variants`` (also ``to_frame()``): one row per variant (in input order) with its
        indicators. ``robustness``: one row per (leader, partner) with ``count`` and ``share``
        of the variants that chose it, most frequent first (ties by leader, then partner).
        Results do not depend on the executor.

    Examples
    --------
    >>> import netmatch as nm
    >>> res = sweep(nm.datasets.load_demo(), {"max_km": [30, 40]}, executor="sequential")
    >>> len(res.variants), float(res.robustness["share"].max())
    (2, 1.0)
    """
    import pandas as pd

    start = time.perf_counter()
    base_s = base if isinstance(base, Scenario) else Scenario(base)
    scenarios = _grid(base_s, scenarios_or_grid) if isinstance(scenarios_or_grid, Mapping) \
        else _variants(base_s, scenarios_or_grid)
    if not scenarios:
        raise InvalidInputError(["sweep: no scenarios to evaluate; give at least one."])
    bar = _Progress(len(scenarios), progress if progress is not None else len(scenarios) > 10)
    done = _run(scenarios, executor, bar)
    variants = pd.DataFrame([{"scenario": name, **k} for name, k, _ in done])
    counts = Counter(pair for _, _, pairs in done for pair in pairs)
    pairs = pd.DataFrame([(a, b, c, c / len(done)) for (a, b), c in sorted(counts.items())],
                         columns=["leader", "partner", "count", "share"])
    pairs = pairs.sort_values(["share", "leader", "partner"], ascending=[False, True, True], kind="stable")
    return SweepResult(variants=variants, robustness=pairs.reset_index(drop=True),
                       seconds=time.perf_counter() - start)

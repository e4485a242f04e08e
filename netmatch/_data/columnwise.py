"""Records validated column by column: each field's distinct values once, the models built without validating again.

A registry of 40,000 schools has few distinct values per column; validating each once with the
field's own annotated type (before-validators and constraints included) and building the models
as ``model_construct`` does gives the same records as validating each one, many times faster.
A record with any problem is left to pydantic's per-record path, which words its problems.
:class:`ColumnRecords` lets a reader hand a table over as columns.
"""

from __future__ import annotations

import enum
import functools
import inspect
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, cast, overload

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticUndefined

from netmatch._base.parse import CodedColumn, distinct, parse_number_array
from netmatch._data.models import _Model

__all__ = ["ColumnRecords"]

_UNSET: Any = object()  # a field the record does not give
_FAILED: Any = object()  # a value its field rejects


@dataclass(frozen=True)
class _FieldPlan:
    """How to validate one model field on its own: its annotated type, plus its ``after`` field validators."""

    adapter: TypeAdapter[Any]
    many: TypeAdapter[list[Any]]
    after: tuple[Callable[[Any], Any], ...]
    #: ``(integer, share)`` of a number field read by :func:`netmatch._data.models._number`, else ``None``
    number: tuple[bool, bool] | None = None


def _number_options(metadata: Sequence[Any]) -> tuple[bool, bool] | None:
    """The options of the number parser among a field's before-validators, if it has one."""
    for item in metadata:
        options = getattr(getattr(item, "func", None), "number_options", None)
        if options is not None:
            return cast(tuple[bool, bool], options)
    return None


def _as_numbers(plan: _FieldPlan, uniques: list[Any]) -> list[Any]:
    """A number field's distinct texts parsed at once (:func:`parse_number_array`); any it rejects stays text.

    The field's own validation then sees numbers, which it checks without parsing text again;
    a rejected text fails there with the field's own words.
    """
    if plan.number is None or not uniques or not all(type(v) is str for v in uniques):
        return uniques
    integer, share = plan.number
    x, bad = parse_number_array(uniques, share=share)
    good = ~bad & ~np.isnan(x)
    if integer:
        good &= np.floor(x) == x
    out = list(uniques)
    for k, v in zip(np.flatnonzero(good).tolist(), x[good].tolist(), strict=True):
        out[k] = int(v) if integer else v
    return out


def _one_argument(func: Callable[..., Any]) -> bool:
    return len(inspect.signature(func).parameters) == 1


def _replayable(kind: type[_Model]) -> bool:
    """Whether the model's own validators and hooks can run after its fields are validated one by one."""
    dec = kind.__pydantic_decorators__
    if (dec.validators or dec.root_validators or kind.__private_attributes__ or kind.__pydantic_post_init__
            or kind.__pydantic_root_model__ or kind.model_config.get("extra") == "allow"):
        return False
    return all(d.info.mode == "after" and _one_argument(d.func) for d in dec.model_validators.values()) and \
        all(d.info.mode == "after" and _one_argument(d.func) for d in dec.field_validators.values())


@functools.cache
def _plan(kind: type[_Model]) -> dict[str, _FieldPlan] | None:
    """Per-field validators for ``kind``, or ``None`` when its validation cannot be replayed field by field.

    Replayed: each field's annotated type (before-validators and constraints included),
    ``after`` field validators taking only the value, and ``after`` model validators taking
    only the model (run on the built model by :func:`_construct_valid`). Anything else — other
    validators, aliases, private attributes, ``model_post_init``, extra fields kept — keeps
    the model on the per-record path.
    """
    if not _replayable(kind):
        return None
    dec = kind.__pydantic_decorators__
    plans: dict[str, _FieldPlan] = {}
    for name, info in kind.model_fields.items():
        if info.alias is not None or info.validation_alias is not None or not (
                info.default is PydanticUndefined or isinstance(info.default, _IMMUTABLE)):
            return None  # (a mutable default is copied for each model: left to pydantic)
        form: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        after = tuple(d.func for d in dec.field_validators.values() if name in d.info.fields)
        plans[name] = _FieldPlan(TypeAdapter(form), TypeAdapter(list[form]), after, _number_options(info.metadata))
    return plans


def _after(plan: _FieldPlan, value: Any) -> Any:
    try:
        for func in plan.after:
            value = func(value)
    except (ValueError, AssertionError):
        return _FAILED
    return value


def _check_many(plan: _FieldPlan, values: list[Any]) -> tuple[list[Any], set[int]]:
    """Each value as its field holds it after validation, and the positions of those it rejects.

    One pydantic call validates the whole list when every value passes.
    """
    bad: set[int] = set()
    try:
        out = plan.many.validate_python(values)
    except ValidationError as exc:
        bad = {int(e["loc"][0]) for e in exc.errors(include_url=False) if e.get("loc")}
        try:
            passed = iter(plan.many.validate_python([v for k, v in enumerate(values) if k not in bad]))
        except ValidationError:  # items are independent, so this cannot fail; stay safe: one by one
            out = [_check_one(plan, v) for v in values]
            return out, {k for k, v in enumerate(out) if v is _FAILED}
        out = [_FAILED if k in bad else next(passed) for k in range(len(values))]
    if plan.after:
        out = [v if v is _FAILED else _after(plan, v) for v in out]
        bad = {k for k, v in enumerate(out) if v is _FAILED}
    return out, bad


def _check_one(plan: _FieldPlan, value: Any) -> Any:
    try:
        return _after(plan, plan.adapter.validate_python(value))
    except ValidationError:
        return _FAILED


def _check_column(plan: _FieldPlan, raw: Any) -> tuple[list[Any], set[int]]:
    """A column of raw values validated, each distinct text once, and the positions it rejects."""
    found = distinct(raw)
    if found is None:
        out, bad = _check_many(plan, raw)
        shared = False
    else:
        codes, uniques = found
        mapped, bad_codes = _check_many(plan, _as_numbers(plan, uniques.tolist()))
        missing = np.flatnonzero(codes < 0).tolist()
        odd = [k for k in missing if raw[k] is not None]  # NaN, NA: validated one by one below
        none = _check_one(plan, None) if len(odd) < len(missing) else _UNSET
        if none is _FAILED:
            bad_codes.add(-1)
        looked = [*mapped, none]  # code -1 (missing) picks the last entry
        out = [looked[c] for c in codes.tolist()]
        bad = set(np.flatnonzero(np.isin(codes, list(bad_codes))).tolist()) if bad_codes else set()
        for k in odd:
            out[k] = _check_one(plan, raw[k])
            bad.discard(k)
            if out[k] is _FAILED:
                bad.add(k)
        shared = any(type(v) is dict for v in looked) or any(type(out[k]) is dict for k in odd)
    if shared:
        out = [dict(v) if type(v) is dict else v for v in out]  # no dict shared between records
    return out, bad


_IMMUTABLE = (type(None), bool, int, float, str, bytes, tuple, frozenset, enum.Enum)


def _builder(kind: type[_Model], names: tuple[str, ...]) -> Callable[[Sequence[Any]], Any]:
    """What ``kind.model_construct(**dict(zip(names, row)))`` does, for a plain model (see :func:`_plan`).

    ``names`` are in field order, so the model's ``__dict__`` is too, as validation leaves it.
    """
    fields = kind.__pydantic_fields__
    base = {n: f.get_default() for n, f in fields.items()}  # None where a factory gives the default
    factories = [(n, f) for n, f in fields.items() if n not in names and f.default_factory is not None]
    complete = len(names) == len(fields)

    def build(row: Sequence[Any]) -> Any:
        if complete:
            values = dict(zip(names, row, strict=True))
        else:
            values = base.copy()
            values.update(zip(names, row, strict=True))
            for n, f in factories:
                values[n] = f.get_default(call_default_factory=True, validated_data=values)
        model = kind.__new__(kind)
        object.__setattr__(model, "__dict__", values)
        object.__setattr__(model, "__pydantic_fields_set__", set(names))
        object.__setattr__(model, "__pydantic_extra__", None)
        object.__setattr__(model, "__pydantic_private__", None)
        return model

    return build


class ColumnRecords(Sequence[dict[str, Any]]):
    """Records given as whole columns (field -> values): a record's dict is built only when asked for.

    A reader hands a table over this way; :func:`validate_parts` validates the columns as they
    are, building dicts only for the records it must validate one by one.

    >>> recs = ColumnRecords({"id": np.array(["S1", "S2"], dtype=object)}, 2)
    >>> len(recs), recs[1]
    (2, {'id': 'S2'})
    """

    def __init__(self, columns: Mapping[str, np.ndarray | CodedColumn], n: int) -> None:
        self.columns = dict(columns)
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self[k] for k in range(self._n)[i]]
        i = range(self._n)[i]
        return {f: col[i] for f, col in self.columns.items()}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if not self.columns:
            yield from ({} for _ in range(self._n))
            return
        keys = list(self.columns)
        for values in zip(*(col.tolist() for col in self.columns.values()), strict=True):
            yield dict(zip(keys, values, strict=True))


def _cells(names: tuple[str, ...], records: Sequence[Any]) -> list[Any]:
    """The values of the fields ``names`` of every record, field by field (a coded column as it is)."""
    if isinstance(records, ColumnRecords):
        return [c if isinstance(c, CodedColumn) else c.tolist() for c in (records.columns[n] for n in names)]
    get = operator.itemgetter(*names)
    cells = [get(r) for r in records] if len(names) > 1 else [(get(r),) for r in records]
    return [list(raw) for raw in zip(*cells, strict=True)] if cells else [[] for _ in names]


def _check_columns(plans: dict[str, _FieldPlan], names: tuple[str, ...], records: Sequence[Any]
                   ) -> tuple[list[tuple[Any, ...]], set[int]]:
    """The records' values (all with the fields ``names``) validated column by column; the rows rejected."""
    columns, failed = [], set()
    for name, raw in zip(names, _cells(names, records), strict=True):
        col, bad = _check_column(plans[name], raw)
        columns.append(col)
        failed |= bad
    return list(zip(*columns, strict=True)), failed


def _construct_valid(kind: type[_Model], items: Sequence[Any]) -> list[Any]:
    """The records that validate, built column by column; ``None`` for every other item.

    Each field's distinct values are validated once with the field's own annotated type and
    field validators, the models are built without validating again (as ``model_construct``
    does) and the model validators run on them. An item with any problem — or that is not a
    plain mapping of known fields with every required one — stays ``None``, for
    :func:`_validate_records` to validate on its own and word its problems.
    """
    plans = _plan(kind)
    out: list[Any] = [None] * len(items)
    if plans is None:
        return out
    required = {n for n, f in kind.model_fields.items() if f.is_required()}
    checks = [d.func for d in kind.__pydantic_decorators__.model_validators.values()]
    for given, rows in _groups(items, plans.keys(), required).items():
        names = tuple(n for n in plans if n in given)
        whole = isinstance(items, ColumnRecords)
        values, failed = _check_columns(plans, names, items if whole else [items[i] for i in rows])
        build = _builder(kind, names)
        for k, (i, row) in enumerate(zip(rows, values, strict=True)):
            if k not in failed:
                out[i] = _checked(build(row), checks)
    return out


def _groups(items: Sequence[Any], known: Iterable[str], required: set[str]) -> dict[frozenset[str], list[int]]:
    """The records that are plain mappings of known fields with every required one, by the fields they give.

    Records giving the same fields are read together; :class:`ColumnRecords` are one group.
    """
    known = set(known)
    groups: dict[frozenset[str], list[int]] = {}
    if isinstance(items, ColumnRecords):
        if items.columns.keys() <= known and required <= items.columns.keys() and len(items):
            groups[frozenset(items.columns)] = list(range(len(items)))
        return groups
    for i, v in enumerate(items):
        if isinstance(v, Mapping) and not isinstance(v, BaseModel) and v.keys() <= known and required <= v.keys():
            groups.setdefault(frozenset(v.keys()), []).append(i)
    return groups


def _checked(model: Any, checks: list[Callable[[Any], Any]]) -> Any:
    """The model once its model validators pass, else ``None`` (the per-record path words the problem)."""
    try:
        for check in checks:
            if check(model) is not model:
                return None
    except (ValueError, AssertionError):
        return None
    return model

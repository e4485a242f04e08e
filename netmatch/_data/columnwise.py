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
import math
import operator
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Union, cast, get_args, get_origin, overload

import numpy as np
from annotated_types import Ge, Le, MinLen
from pydantic import AfterValidator, BaseModel, BeforeValidator, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from netmatch._base.parse import CodedColumn, distinct, parse_number_array
from netmatch._data.ids import CONTROL, normal_id, plain
from netmatch._data.models import _Model, _one_spelling, _text, problems_from_validation, texts
from netmatch.exceptions import Problem

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
    #: ``(nullable, min_length)`` of a plain text field (:func:`netmatch._data.models._text`), else ``None``
    text: tuple[bool, int] | None = None
    #: ``(lowest, highest)`` a number field (see ``number``) allows, when nothing else checks it, else ``None``
    bounds: tuple[float, float] | None = None
    #: whether a text is a code in its one spelling (:func:`netmatch._data.ids.normal_id`)
    spelled: bool = False


def _bounds(info: FieldInfo) -> tuple[float, float] | None:
    """The bounds of a number field read by ``_number`` (``Ge``/``Le`` only), when nothing else checks it."""
    if len(info.metadata) != 1 or _number_options(info.metadata) is None:
        return None
    form = info.annotation
    if get_origin(form) in (Union, types.UnionType):
        inner = [a for a in get_args(form) if a is not type(None)]
        if len(inner) != 1:
            return None
        form = inner[0]
    lo, hi = -math.inf, math.inf
    if get_origin(form) is Annotated:
        form, *extra = get_args(form)
        for item in extra:
            for rule in (item.metadata if isinstance(item, FieldInfo) else [item]):
                if isinstance(rule, Ge):
                    lo = max(lo, float(cast(float, rule.ge)))
                elif isinstance(rule, Le):
                    hi = min(hi, float(cast(float, rule.le)))
                else:
                    return None
    return (lo, hi) if form in (int, float) else None


def _spelled(info: FieldInfo) -> int:
    """1 when the field is a code checked for its one spelling (``_one_spelling``), else 0."""
    return sum(isinstance(m, AfterValidator) and m.func is _one_spelling for m in info.metadata)


def _text_options(info: FieldInfo) -> tuple[bool, int] | None:
    """``(nullable, min_length)`` when the field is a text read by ``_text`` and nothing else checks it.

    A code's check of its one spelling (``_one_spelling``) may follow: :func:`_bad_texts` sends every
    text it could refuse to the per-record path.
    """
    before = [m for m in info.metadata if isinstance(m, BeforeValidator)]
    lengths = [m.min_length for m in info.metadata if isinstance(m, MinLen)]
    if len(before) != 1 or before[0].func is not _text or \
            len(before) + len(lengths) + _spelled(info) != len(info.metadata):
        return None
    form = info.annotation
    if form is str:
        nullable = False
    elif get_origin(form) in (Union, types.UnionType) and set(get_args(form)) == {str, type(None)}:
        nullable = True
    else:
        return None
    return nullable, max(lengths, default=0)


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
        plans[name] = _FieldPlan(TypeAdapter(form), TypeAdapter(list[form]), after, _number_options(info.metadata),
                                 _text_options(info), _bounds(info), bool(_spelled(info)))
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

    A plain text field's strings and a number field's parsed numbers need no pydantic call
    (:func:`_quick`); any other list is one call when every value passes.
    """
    found = _quick(plan, values)
    out, bad = found if found is not None else _validate_many(plan, values)
    if plan.after:
        out = [v if v is _FAILED else _after(plan, v) for v in out]
        bad = {k for k, v in enumerate(out) if v is _FAILED}
    return out, bad


def _quick(plan: _FieldPlan, values: list[Any]) -> tuple[list[Any], set[int]] | None:
    """What pydantic would find for strings of a plain text field or parsed numbers of a number field, else ``None``."""
    if plan.text is not None and all(type(v) is str for v in values):
        nullable, least = plan.text
        out = texts(values)
        bad = _bad_texts(out, nullable, least, plan.spelled)
    elif plan.bounds is not None and plan.number is not None and values and \
            all(type(v) is (int if plan.number[0] else float) for v in values):
        # numbers parsed already (_as_numbers): the bounds are all pydantic would check
        x = np.array(values, dtype=np.float64)
        if not (np.abs(x) < 2.0**53).all():
            # NaN reads as missing, infinity is refused in words, a larger whole number is rounded: pydantic's path
            return None
        lo, hi = plan.bounds
        bad = set(np.flatnonzero(~((x >= lo) & (x <= hi))).tolist())
        out = values
    else:
        return None
    return ([_FAILED if k in bad else v for k, v in enumerate(out)] if bad else out), bad


def _bad_texts(values: list[str | None], nullable: bool, least: int, spelled: bool = False) -> set[int]:
    """Positions of texts a plain text field rejects: missing, too short, or holding a control character.

    A control character is refused with its own words on the per-record path (:func:`_text`).
    """
    bad = {k for k, v in enumerate(values) if (not nullable if v is None else len(v) < least)}
    if plain(values, codes=spelled):  # all texts at once: nearly always nothing more to look for
        return bad
    # (a code in another spelling is not printable ASCII: such texts, rare, go the per-record way too)
    return bad | {k for k, v in enumerate(values) if v is not None and (
        (not v.isprintable() and CONTROL.search(v))
        or (spelled and not (v.isascii() and v.isprintable()) and normal_id(v) != v))}


def _validate_many(plan: _FieldPlan, values: list[Any]) -> tuple[list[Any], set[int]]:
    """Each value validated by pydantic (the field's type): one call for the whole list when every value passes."""
    bad: set[int] = set()
    try:
        out = plan.many.validate_python(values)
    except ValidationError as exc:
        bad = {int(e["loc"][0]) for e in exc.errors(include_url=False) if e.get("loc")}
        try:
            passed = iter(plan.many.validate_python([v for k, v in enumerate(values) if k not in bad]))
        except ValidationError:  # items are independent, so this cannot fail; stay safe: one by one
            out = [_typed_one(plan, v) for v in values]
            return out, {k for k, v in enumerate(out) if v is _FAILED}
        out = [_FAILED if k in bad else next(passed) for k in range(len(values))]
    return out, bad


def _typed_one(plan: _FieldPlan, value: Any) -> Any:
    try:
        return plan.adapter.validate_python(value)
    except ValidationError:
        return _FAILED


def _check_one(plan: _FieldPlan, value: Any) -> Any:
    value = _typed_one(plan, value)
    return value if value is _FAILED else _after(plan, value)


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
        # NaN, NA: validated one by one below (a coded column's missing cells are all None)
        odd = [] if isinstance(raw, CodedColumn) else [k for k in missing if raw[k] is not None]
        none = _check_one(plan, None) if len(odd) < len(missing) else _UNSET
        if none is _FAILED:
            bad_codes.add(-1)
        # code -1 (missing) picks the last entry; fromiter keeps a tuple one value
        looked = np.fromiter([*mapped, none], dtype=object, count=len(mapped) + 1)
        out = looked[codes].tolist()
        bad = set(np.flatnonzero(np.isin(codes, list(bad_codes))).tolist()) if bad_codes else set()
        for k in odd:
            out[k] = _check_one(plan, raw[k])
            bad.discard(k)
            if out[k] is _FAILED:
                bad.add(k)
        shared = any(type(v) is dict for v in looked.tolist()) or any(type(out[k]) is dict for k in odd)
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
    complete, given = len(names) == len(fields), set(names)
    new, put = kind.__new__, object.__setattr__
    # a frozen model never adds to its set (pydantic copies it for model_copy): one set for all, not 87,667
    shared = bool(kind.model_config.get("frozen"))

    # names bound once: this runs for every record of a national registry (87,667 at 40,000 schools)
    def build(row: Sequence[Any]) -> Any:
        if complete:
            values = dict(zip(names, row, strict=True))
        else:
            values = base.copy()
            values.update(zip(names, row, strict=True))
            for n, f in factories:
                values[n] = f.get_default(call_default_factory=True, validated_data=values)
        model = new(kind)
        put(model, "__dict__", values)
        put(model, "__pydantic_fields_set__", given if shared else given.copy())
        put(model, "__pydantic_extra__", None)
        put(model, "__pydantic_private__", None)
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
        return {f: col[i] if isinstance(col, CodedColumn) else _listed(col[i : i + 1])[0]
                for f, col in self.columns.items()}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if not self.columns:
            yield from ({} for _ in range(self._n))
            return
        keys = list(self.columns)
        for values in zip(*(_listed(col) for col in self.columns.values()), strict=True):
            yield dict(zip(keys, values, strict=True))


def _listed(col: np.ndarray | CodedColumn) -> list[Any]:
    """A column's values as a record holds them: Python values, ``None`` for a missing number (NaN)."""
    if isinstance(col, np.ndarray) and col.dtype.kind == "f":
        return [None if v != v else v for v in col.tolist()]  # NaN is the one value unequal to itself
    return col.tolist()


def _cells(names: tuple[str, ...], records: Sequence[Any]) -> list[Any]:
    """The values of the fields ``names`` of every record, field by field (a coded column as it is)."""
    if isinstance(records, ColumnRecords):
        return [c if isinstance(c, CodedColumn) else _listed(c) for c in (records.columns[n] for n in names)]
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
    validate_each to validate on its own and word its problems.
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


def validate_each(kind: type[_Model], table: str, items: Iterable[Any]
                  ) -> tuple[list[Any], list[Problem]]:
    """Validate records; invalid ones become ``None`` beside their problems.

    The valid ones are built column by column (:func:`_construct_valid`); every other record
    is validated on its own, so its problems are worded as pydantic finds them.
    """
    items = items if isinstance(items, ColumnRecords) else list(items)
    fast = _construct_valid(kind, items)
    out: list[Any] = []
    problems: list[Problem] = []
    for i in range(len(items)):
        if fast[i] is not None:
            out.append(fast[i])
            continue
        v: Any = items[i]
        if isinstance(v, kind):
            out.append(v)
            continue
        try:
            out.append(kind.model_validate(v))
        except ValidationError as exc:
            key = {"schools": "id", "resources": "host", "organisations": "id", "staff": "id"}.get(table, "school")
            ident = v.get(key) if isinstance(v, Mapping) else None
            unschooled = table in ("organisations", "staff")  # their codes are no school's
            found = problems_from_validation(exc, table, i, school=None if unschooled else _text(ident))
            if isinstance(v, Mapping):  # report the value as given, not as half-parsed
                found = [replace(p, value=v[p.column]) if p.column in v and p.value is not None else p
                         for p in found]
            problems += found
            out.append(None)
    return out, problems

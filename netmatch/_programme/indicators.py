"""Programme indicators as data: each a declared formula over the plan's tables, measured against its target.

An :class:`Indicator` names a table (:data:`~netmatch._programme.tables.COLUMNS`: schools,
results, teachers, staff, events), a ``numerator`` and a ``denominator`` over its columns and
the rows it applies to (``where``). A formula is an expression of pandas' ``eval`` over the
table's columns — comparisons, ``and``/``or``/``not``, ``in [...]``, arithmetic — and nothing
else (no calls, no attributes). A condition counts its rows; a number sums. The value is
``numerator / denominator`` over the rows where both are known (``unit="share"`` or
``"mean"``), or the numerator alone (``"count"``).

:func:`measure_indicators` computes every indicator with its numerator, denominator and rows,
against its target; one whose table or columns hold no data says so — «не рассчитан: нужна
таблица «Педагоги»» — rather than disappearing. :data:`INDICATOR_PRESETS` ships the common
set of the programmes' indicators; :func:`load_indicators` reads a TOML file of one's own.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from netmatch._base.coded import coded_models
from netmatch._base.params import NONE, PATH, Rule, of, one_of, validate_params
from netmatch._programme.events import EventPlan
from netmatch._programme.tables import COLUMNS, TABLE_NEEDS, indicator_tables
from netmatch._scenario import Plan
from netmatch.exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INDICATOR_PRESETS", "Indicator", "IndicatorValue", "MeasuredIndicators", "indicators_from",
           "indicators_of", "load_indicators", "measure_indicators"]

# pandas' eval grammar as a formula may use it: no calls, attributes, subscripts or lambdas
_ALLOWED = (ast.Expression, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.Name, ast.Constant, ast.List,
            ast.Tuple, ast.Load, ast.And, ast.Or, ast.Not, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd,
            ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.BitAnd, ast.BitOr, ast.Invert)


_SIGNS = {ast.Pow: "**", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
          ast.BitXor: "^", ast.Is: "is", ast.IsNot: "is not"}


def _names(formula: str) -> set[str]:
    """The column names of a formula; ValueError for anything but pandas' expression grammar.

    >>> sorted(_names("participants * (1 - share_below_minimum)"))
    ['participants', 'share_below_minimum']
    >>> _names("__import__('os')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: only columns, numbers, texts, comparisons, «and», «or», «not», «in [...]» and + - * / (found «__i...
    """
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise ValueError(f"not a formula: {formula!r}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            # operators have no place in the text: their sign instead
            part = _SIGNS.get(type(node)) or ast.get_source_segment(formula, node) or type(node).__name__
            raise ValueError("only columns, numbers, texts, comparisons, «and», «or», «not», «in [...]» and "
                             f"+ - * / (found «{part}»)")
        if isinstance(node, ast.Compare) and any(
                isinstance(op, ast.In | ast.NotIn) and not isinstance(c, ast.List | ast.Tuple)
                for op, c in zip(node.ops, node.comparators, strict=True)):
            raise ValueError("«in» takes a list, e.g. «procedure in ['ege', 'oge']»")
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - {"True", "False"}


class Indicator(BaseModel):
    """One programme indicator: its names, formula, target and period.

    Parameters
    ----------
    code : str
        A short unique code (``"covered"``): letters, digits and ``_``.
    name_ru, name_en : str
        Its name in Russian and English (``name_en`` defaults to the Russian).
    table : {"schools", "results", "teachers", "staff", "events"}
        The rows it counts (:data:`~netmatch._programme.tables.COLUMNS` lists each table's columns).
    numerator : str
        A formula over the table's columns: a condition counts the rows where it holds, a number sums.
    denominator : str
        The same; ``""`` (default) counts the rows.
    where : str
        The rows it applies to (``"low_results or unfavourable"``); ``""``: every row.
    by : str
        A column to break the value down by (``"grade"``): one value per distinct value beside the total.
    target : float, optional
        The value to reach (a share as 0.5 for 50%); ``None``: no target is set.
    direction : {"up", "down"}
        Whether the target is reached at or above it (``"up"``) or at or below it.
    unit : {"share", "mean", "count"}
        ``numerator / denominator`` shown as a percentage, as a number, or the numerator alone.
    period : {"year", "half_year"}
        How often the programme measures it.
    source : str
        Where it comes from (a programme's document), shown beside it.

    Examples
    --------
    >>> i = Indicator(code="in_network", name_ru="Доля школ в сети", table="schools", numerator="in_network",
    ...               target=0.5)
    >>> i.name_en, i.unit
    ('Доля школ в сети', 'share')
    >>> Indicator(code="x", name_ru="X", table="schools", numerator="pupils > 0")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Indicator
      Value error, numerator: no column 'pupils' in the schools table; its columns: students, teachers, ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[A-Za-z0-9_]+$", min_length=1, max_length=64)
    name_ru: str = Field(min_length=1)
    name_en: str = ""
    table: Literal["schools", "results", "teachers", "staff", "events"]
    numerator: str = Field(min_length=1)
    denominator: str = ""
    where: str = ""
    by: str = ""
    target: float | None = None
    direction: Literal["up", "down"] = "up"
    unit: Literal["share", "mean", "count"] = "share"
    period: Literal["year", "half_year"] = "year"
    source: str = ""

    @field_validator("name_ru", "name_en", "numerator", "denominator", "where", "by", "source", mode="before")
    @classmethod
    def _stripped(cls, v: object) -> object:
        return v.strip() if isinstance(v, str) else v

    @model_validator(mode="after")
    def _formulas(self) -> Indicator:
        if not self.name_en:
            object.__setattr__(self, "name_en", self.name_ru)
        known = COLUMNS[self.table]
        for part in ("numerator", "denominator", "where", "by"):
            text = getattr(self, part)
            if not text:
                continue
            try:
                names = {text} if part == "by" else _names(text)
            except ValueError as e:
                raise ValueError(f"{part}: {e}") from None
            for name in sorted(names - set(known)):
                raise ValueError(f"{part}: no column '{name}' in the {self.table} table; its columns: "
                                 + ", ".join(known))
        return self

    def name(self, lang: str = "ru") -> str:
        """The indicator's name in ``lang``."""
        return self.name_ru if lang == "ru" else self.name_en

    def columns(self) -> set[str]:
        """Every column its formulas name."""
        return set().union(*(_names(f) for f in (self.numerator, self.denominator, self.where) if f),
                           {self.by} - {""})


def _i(code: str, ru: str, en: str, table: str, numerator: str, **kw: Any) -> Indicator:
    return Indicator(code=code, name_ru=ru, name_en=en, table=table, numerator=numerator, **kw)


_GIA = "procedure in ['ege', 'oge']"
#: The shipped sets of indicators: ``"common"``, the ones the network programmes measure (the
#: targets where the programmes' documents set them: 100% of ШНОР/ШНСУ and half of all schools in
#: the network, half of the teachers reached by network events, 80% of the staff involved), and
#: ``"none"``. The others have no common target: set one in your own file. The first two take the
#: plan's own targets when it formed associations (``[targets]`` of the settings), as its KPIs do.
INDICATOR_PRESETS: dict[str, tuple[Indicator, ...]] = {
    "common": (
        _i("covered", "Доля ШНОР и ШНСУ, включённых в сеть", "Share of ШНОР and ШНСУ in the network",
           "schools", "covered", where="target", target=1.0),
        _i("in_network", "Доля школ, включённых в сеть", "Share of schools in the network", "schools",
           "in_network", target=0.5),
        _i("low_results_rose", "Доля ШНОР, улучшивших результаты", "Share of ШНОР whose results rose", "schools",
           "results_rose", where="low_results"),
        _i("unfavourable_rose", "Доля ШНСУ, улучшивших результаты", "Share of ШНСУ whose results rose", "schools",
           "results_rose", where="unfavourable"),
        _i("gia_passed_unfavourable", "Доля участников ГИА в ШНСУ, преодолевших минимальный порог",
           "Share of ГИА participants in ШНСУ above the minimum", "results",
           "participants * (1 - share_below_minimum)", denominator="participants",
           where=f"latest and unfavourable and {_GIA}"),
        _i("gia_passed_low_results", "Доля участников ГИА в ШНОР, преодолевших минимальный порог",
           "Share of ГИА participants in ШНОР above the minimum", "results",
           "participants * (1 - share_below_minimum)", denominator="participants",
           where=f"latest and low_results and {_GIA}"),
        _i("ege_above_minimum", "Доля участников ЕГЭ, преодолевших минимальный порог",
           "Share of ЕГЭ participants above the minimum", "results", "participants * (1 - share_below_minimum)",
           denominator="participants", where="latest and procedure == 'ege'"),
        _i("oge_quality", "Качество знаний по ОГЭ: доля отметок «4» и «5»",
           "ОГЭ quality: the share of marks «4» and «5»", "results", "participants * share_quality",
           denominator="participants", where="latest and procedure == 'oge'"),
        _i("vpr_passed", "Доля участников ВПР, справившихся с работой (по классам)",
           "Share of ВПР participants who passed (by grade)", "results",
           "participants * (1 - share_below_minimum)", denominator="participants",
           where="latest and procedure == 'vpr'", by="grade"),
        _i("teachers_in_events", "Доля педагогов школ, участвующих в сетевых мероприятиях",
           "Share of teachers whose schools take part in network events", "teachers", "count * in_events",
           denominator="count", target=0.5),
        _i("teachers_trained", "Доля педагогов ШНОР и ШНСУ, прошедших повышение квалификации",
           "Share of the teachers of ШНОР and ШНСУ with further training", "teachers", "trained",
           denominator="count", where="target"),
        _i("satisfaction_target", "Удовлетворённость в ШНОР и ШНСУ: средняя доля удовлетворённых по опросам",
           "Satisfaction in ШНОР and ШНСУ: the mean share satisfied in surveys", "schools", "satisfied",
           where="target"),
        _i("staff_involved", "Доля специалистов, вовлечённых в программу",
           "Share of the staff involved in the programme", "staff", "involved", target=0.8),
        _i("events_in_person", "Доля очных мероприятий", "Share of in-person events", "events", "in_person",
           period="half_year"),
    ),
    "none": (),
}


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator as measured: value, numerator, denominator and rows, against its target.

    ``value`` is ``None`` when it cannot be computed: ``missing_ru``/``missing_en`` then say what
    it needs (a table, a column), or ``empty`` that no row is one it applies to (no ШНСУ in the
    registry). ``groups`` hold the values by ``indicator.by``, each as an IndicatorValue of its own.
    """

    indicator: Indicator
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    rows: int = 0
    missing_ru: str = ""
    missing_en: str = ""
    empty: bool = False
    group: Any = None
    groups: tuple[IndicatorValue, ...] = ()

    @property
    def met(self) -> bool | None:
        """Whether the target is reached; ``None`` without a target or a value."""
        t = self.indicator.target
        if t is None or self.value is None:
            return None
        return self.value >= t - 1e-12 if self.indicator.direction == "up" else self.value <= t + 1e-12

    def missing(self, lang: str = "ru") -> str:
        """What it needs to be computed, in ``lang`` (``""`` when it was)."""
        return self.missing_ru if lang == "ru" else self.missing_en

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict: the indicator's fields, then the measured figures."""
        return {**self.indicator.model_dump(), "value": self.value, "numerator": self.numerator,
                "denominator": self.denominator, "rows": self.rows, "met": self.met, "missing_ru": self.missing_ru,
                "missing_en": self.missing_en, "empty": self.empty, "group": self.group,
                "groups": [g.as_dict() for g in self.groups]}


@dataclass(frozen=True)
class MeasuredIndicators(Sequence[IndicatorValue]):
    """The indicators of a plan, in order; ``measured["covered"]`` by code, :meth:`to_frame` for pandas."""

    values: tuple[IndicatorValue, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for v in self.values:
                if v.indicator.code == key:
                    return v
            raise KeyError(key)
        return self.values[key]

    def __iter__(self) -> Iterator[IndicatorValue]:
        return iter(self.values)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per indicator and per group of a broken-down one: code, name, group, value, numerator,
        denominator, rows, target, met and what it needs when not computed.

        >>> import netmatch as nm
        >>> m = nm.measure_indicators(nm.plan(nm.datasets.load_demo()))
        >>> row = m.to_frame("en").set_index("code").loc["covered"]
        >>> float(row["value"]), float(row["numerator"]), float(row["denominator"]), row["met"]
        (1.0, 5.0, 5.0, True)
        """
        import pandas as pd

        rows = []
        for v in self.values:
            for g in (v, *v.groups):
                rows.append({"code": v.indicator.code, "name": v.indicator.name(lang), "group": g.group,
                             "value": g.value, "numerator": g.numerator, "denominator": g.denominator,
                             "rows": g.rows, "target": v.indicator.target, "met": g.met, "unit": v.indicator.unit,
                             "needs": g.missing(lang)})
        return pd.DataFrame(rows, columns=["code", "name", "group", "value", "numerator", "denominator", "rows",
                                           "target", "met", "unit", "needs"])


@dataclass(frozen=True)
class _Text:
    """A text column (or a text constant) as integer codes of its distinct values; ``-1``: missing.

    Comparisons look at the distinct values once, then index by the codes: a million rows of a few
    procedures cost one comparison per procedure.
    """

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def constant(cls, text: str) -> _Text:
        return cls(np.zeros((), np.int64), np.array([text], dtype=object))

    @property
    def missing(self) -> np.ndarray:
        out: np.ndarray = self.codes < 0
        return out

    def isin(self, items: list[Any]) -> np.ndarray:
        hit = np.append(np.isin(self.uniques, np.array(items, dtype=object)), False)
        out: np.ndarray = hit[self.codes]
        return out

    def equals(self, other: _Text) -> np.ndarray:
        """Row by row, whether the texts are the same (False where either is missing)."""
        import pandas as pd

        # the other's codes in this one's values: -2 where it has a value this one has not
        at = np.append(pd.Index(self.uniques, dtype=object).get_indexer(pd.Index(other.uniques, dtype=object)), -3)
        at = np.where(at == -1, -2, at)
        out: np.ndarray = (self.codes == at[other.codes]) & ~self.missing
        return out


Value = np.ndarray | _Text


def _evaluate(frame: pd.DataFrame, formula: str) -> np.ndarray:
    """A formula's value on every row as floats (a condition as 1/0), NaN where a value it needs is missing.

    Evaluated here, not by ``DataFrame.eval``: pandas refuses arithmetic on boolean columns
    (``count * in_events``) and has no missing value for a condition.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"n": [10.0, 20.0, None], "p": ["ege", "oge", "vpr"], "b": [True, False, True]})
    >>> _evaluate(f, "n * b").tolist(), _evaluate(f, "p in ['ege', 'vpr'] and not b").tolist()
    ([10.0, 0.0, nan], [0.0, 0.0, 0.0])
    >>> _evaluate(f, "p != 'oge'").tolist(), _evaluate(f, "p == p").tolist()
    ([1.0, 0.0, 1.0], [1.0, 1.0, 1.0])
    """
    out = _node(ast.parse(formula, mode="eval").body, frame)
    if isinstance(out, _Text):  # a bare text column is no number
        raise ValueError(f"not a number nor a condition: {formula!r}")
    return np.broadcast_to(out, (len(frame),)).astype(float)


def _column(frame: pd.DataFrame, name: str) -> Value:
    """A column as floats (NaN missing; a condition 1/0), or as texts (:class:`_Text`)."""
    import pandas as pd
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    col = frame[name]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return _Text(col.cat.codes.to_numpy(dtype=np.int64), np.asarray(col.cat.categories, dtype=object))
    if not (is_numeric_dtype(col) or is_bool_dtype(col)):
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return _Text(np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object))
    if col.dtype == np.float64 or col.dtype == np.bool_:
        return col.to_numpy(dtype=float)
    return np.asarray(col.astype("Float64").to_numpy(dtype=float, na_value=np.nan), dtype=float)


def _number(v: Value) -> np.ndarray:
    """A value arithmetic and logic take: a text is refused."""
    if isinstance(v, _Text):
        raise ValueError("texts compare only with == and !=")
    return v


def _node(node: ast.AST, frame: pd.DataFrame) -> Value:
    """The value of one node of a formula checked by :func:`_names`."""
    if isinstance(node, ast.Name):
        return np.array(node.id == "True", dtype=float) if node.id in ("True", "False") else _column(frame, node.id)
    if isinstance(node, ast.Constant):
        return _Text.constant(node.value) if isinstance(node.value, str) else np.array(node.value, dtype=float)
    if isinstance(node, ast.UnaryOp):
        v = _number(_node(node.operand, frame))
        return np.where(np.isnan(v), np.nan, (v == 0).astype(float)) if isinstance(node.op, ast.Not | ast.Invert) \
            else -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BoolOp):
        return _logic(isinstance(node.op, ast.And), [_number(_node(n, frame)) for n in node.values])  # noqa: PD011
    if isinstance(node, ast.BinOp):
        a, b = _number(_node(node.left, frame)), _number(_node(node.right, frame))
        if isinstance(node.op, ast.BitAnd | ast.BitOr):  # pandas' & and |: and/or
            return _logic(isinstance(node.op, ast.BitAnd), [a, b])
        op = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}[type(node.op)]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(op(a.astype(float), b.astype(float)), dtype=float)
    if isinstance(node, ast.Compare):
        out = np.array(1.0)
        left = _node(node.left, frame)
        for cmp, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(cmp, ast.In | ast.NotIn):
                out = np.minimum(out, _within(cmp, left, right_node))
                continue
            right = _node(right_node, frame)
            out = np.minimum(out, _compare(cmp, left, right))  # a missing side: missing
            left = right
        return out
    raise ValueError("a list [...] comes only after «in», e.g. «procedure in ['ege', 'oge']»")


def _logic(conjunction: bool, values: list[np.ndarray]) -> np.ndarray:
    """``and``/``or`` of conditions as 1/0 in three-valued logic: a missing value decides only when the
    others do not (``False and missing`` is false, ``True and missing`` missing).

    >>> _logic(True, [np.array([0.0, 1.0, 1.0]), np.array([np.nan, np.nan, 1.0])]).tolist()
    [0.0, nan, 1.0]
    >>> _logic(False, [np.array([1.0, 0.0]), np.array([np.nan, np.nan])]).tolist()
    [1.0, nan]
    """
    # missing as 1/2 between false and true: min is and, max is or
    truth = [np.where(np.isnan(v), 0.5, (v != 0).astype(float)) for v in values]
    out = truth[0]
    for t in truth[1:]:
        out = np.minimum(out, t) if conjunction else np.maximum(out, t)
    return np.where(out == 0.5, np.nan, out)


def _within(op: ast.cmpop, left: Value, right_node: ast.AST) -> np.ndarray:
    """``left in [...]`` (or ``not in``) as 1/0, NaN where ``left`` is missing."""
    if not isinstance(right_node, ast.List | ast.Tuple):
        raise ValueError("«in» takes a list, e.g. «procedure in ['ege', 'oge']»")
    items = [c.value for c in right_node.elts if isinstance(c, ast.Constant)]
    if isinstance(left, _Text):
        found, missing = left.isin([i for i in items if isinstance(i, str)]), left.missing
    else:
        numbers = np.array([i for i in items if isinstance(i, int | float) and not isinstance(i, bool)], dtype=float)
        found, missing = np.isin(left, numbers), np.isnan(left)
    found = found if isinstance(op, ast.In) else ~found
    return np.where(missing, np.nan, found.astype(float))


def _compare(op: ast.cmpop, left: Value, right: Value) -> np.ndarray:
    """One comparison as 1/0, NaN where a side is missing."""
    texts = isinstance(left, _Text), isinstance(right, _Text)
    if any(texts):
        if not isinstance(op, ast.Eq | ast.NotEq):
            raise ValueError("texts compare only with == and !=")
        missing = _missing(left) | _missing(right)
        same = left.equals(right) if isinstance(left, _Text) and isinstance(right, _Text) \
            else np.zeros(np.broadcast(missing).shape, dtype=bool)  # a text is never a number
        got = same if isinstance(op, ast.Eq) else ~same
        return np.where(missing, np.nan, got.astype(float))
    assert isinstance(left, np.ndarray) and isinstance(right, np.ndarray)
    fn = {ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less, ast.LtE: np.less_equal,
          ast.Gt: np.greater, ast.GtE: np.greater_equal}[type(op)]
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(left) | np.isnan(right), np.nan, fn(left, right).astype(float))


def _missing(v: Value) -> np.ndarray:
    if isinstance(v, _Text):
        return v.missing
    out: np.ndarray = np.isnan(v)
    return out


def _measure(ind: Indicator, frame: pd.DataFrame, group: Any = None) -> IndicatorValue:
    """One indicator on the rows of ``frame`` it applies to."""
    rows = frame
    if ind.where:
        keep = _evaluate(frame, ind.where)
        if len(frame) and np.isnan(keep).all():
            return _missing_value(ind, frame, ind.where, group)
        rows = frame[np.nan_to_num(keep, nan=0.0) != 0]
    if not len(rows):
        return IndicatorValue(ind, None, rows=0, empty=True, group=group)
    num = _evaluate(rows, ind.numerator)
    den = _evaluate(rows, ind.denominator) if ind.denominator else np.ones(len(rows))
    known = ~np.isnan(num) & ~np.isnan(den)
    if not known.any():
        return _missing_value(ind, rows, f"{ind.numerator} + ({ind.denominator or 1})", group)
    n, d = float(num[known].sum()), float(den[known].sum())
    value = n if ind.unit == "count" else n / d if d else None
    return IndicatorValue(ind, value, n, d, int(known.sum()), group=group, empty=value is None)


def _missing_value(ind: Indicator, rows: pd.DataFrame, formula: str, group: Any) -> IndicatorValue:
    """An indicator that cannot be computed: the empty columns of ``formula`` it needs, in words."""
    needs = [COLUMNS[ind.table][c] for c in sorted(_names(formula)) if rows[c].isna().all()]
    words = [n for n in needs if n is not None] or [TABLE_NEEDS[ind.table]]
    return IndicatorValue(ind, None, rows=len(rows), group=group, missing_ru=", ".join(dict.fromkeys(
        w[0] for w in words)), missing_en=", ".join(dict.fromkeys(w[1] for w in words)))


def _measure_by(ind: Indicator, frame: pd.DataFrame) -> IndicatorValue:
    total = _measure(ind, frame)
    if not ind.by or total.value is None:
        return total
    keys = frame[ind.by]
    groups = tuple(_measure(ind, frame[(keys == k).to_numpy()], group=_plain(k))
                   for k in sorted(keys.dropna().unique().tolist()))
    return IndicatorValue(ind, total.value, total.numerator, total.denominator, total.rows, group=None,
                          groups=tuple(g for g in groups if not g.empty))


def _plain(v: Any) -> Any:
    """A group's key as JSON keeps it: a whole float as an int (grade 5.0 -> 5)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


_LISTED = Rule("a list of Indicator or dict", lambda v: isinstance(v, list | tuple))


@validate_params(plan=of(Plan, text="a Plan"), events=(of(EventPlan, text="an EventPlan"), NONE),
                 indicators=(one_of(*INDICATOR_PRESETS), _LISTED))
def measure_indicators(plan: Plan, *, events: EventPlan | None = None,
                       indicators: str | Iterable[Indicator | Mapping[str, Any]] = "common") -> MeasuredIndicators:
    """Every indicator of a plan, with its numerator and denominator, against its target.

    Parameters
    ----------
    plan : Plan
        The plan (:func:`netmatch.plan`).
    events : EventPlan, optional
        Its plan of events (:func:`netmatch.plan_events`); the indicators over events, the
        teachers reached by them and the staff answering for them need it.
    indicators : str or iterable of Indicator or dict
        A preset's name (:data:`INDICATOR_PRESETS`: ``"common"``), or the indicators themselves
        (:func:`load_indicators` reads them from a TOML file).

    Returns
    -------
    MeasuredIndicators
        One :class:`IndicatorValue` per indicator, in order. One that cannot be computed has the
        value ``None`` and says what it needs.

    Examples
    --------
    >>> import netmatch as nm
    >>> p = nm.plan(nm.datasets.load_demo())
    >>> m = nm.measure_indicators(p)
    >>> m["covered"].value == p.kpis.share_covered, m["in_network"].met
    (True, True)
    >>> m["teachers_in_events"].value, m["teachers_in_events"].missing("en")
    (None, 'the plan of events')
    >>> [(g.group, round(g.value, 3)) for g in m["vpr_passed"].groups][:2]
    [(4, 0.942), (5, 0.903)]
    """
    chosen = _plan_targets(indicators_of(indicators), plan)
    tables = indicator_tables(plan, events)
    out = []
    for ind in chosen:
        frame = tables[ind.table]
        if frame is None:
            ru, en = TABLE_NEEDS[ind.table]
            out.append(IndicatorValue(ind, None, missing_ru=ru, missing_en=en))
        else:
            try:
                out.append(_measure_by(ind, frame))
            except ValueError as e:  # a formula the table's values do not fit (a text compared with <)
                raise InvalidInputError([f"measure_indicators: indicator {ind.code!r}: {e}."]) from None
    return MeasuredIndicators(tuple(out))


def _plan_targets(chosen: tuple[Indicator, ...], plan: Plan) -> tuple[Indicator, ...]:
    """The preset's coverage and network indicators with the targets the plan's networks were formed for."""
    if plan.networks is None:
        return chosen
    kpis = plan.networks.kpis
    goals = {"covered": kpis.coverage_target, "in_network": kpis.network_target}
    preset = {i.code: i for i in INDICATOR_PRESETS["common"] if i.code in goals}
    return tuple(i.model_copy(update={"target": goals[i.code]}) if preset.get(i.code) == i else i for i in chosen)


def indicators_of(given: str | Iterable[Indicator | Mapping[str, Any]], owner: str = "measure_indicators"
                  ) -> tuple[Indicator, ...]:
    """Indicators from a preset's name, models or dicts; every bad entry in one error.

    >>> [i.code for i in indicators_of("common")][:2]
    ['covered', 'in_network']
    >>> indicators_of([{"code": "x", "name_ru": "X", "table": "schools", "numerator": "open(1)"}])
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: measure_indicators: indicator 1 ('x'): numerator: only columns, ...
    """
    if isinstance(given, str):
        if given not in INDICATOR_PRESETS:
            raise InvalidInputError([f"{owner}: no preset of indicators {given!r}; the presets: "
                                     + ", ".join(INDICATOR_PRESETS) + "."])
        return INDICATOR_PRESETS[given]
    return coded_models(Indicator, given, owner, "indicator", _described)


def _described(owner: str, noun: str, n: int, code: Any, err: Mapping[str, Any]) -> str:
    where = ".".join(str(x) for x in err["loc"])
    return f"{owner}: {noun} {n} ({code!r}): {where + ': ' if where else ''}{_error_words(err)}."


def _error_words(err: Any) -> str:
    """A pydantic error of an indicator's field in words the catalog translates."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "missing":
        return "a value is required"
    if kind == "extra_forbidden":
        return "no such field; the fields: " + ", ".join(Indicator.model_fields)
    if kind == "literal_error":
        return f"expected {ctx.get('expected')} (got {err.get('input')!r})"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("string_pattern_mismatch", "string_too_short", "string_too_long"):
        return "a code of letters, digits and _ (1 to 64)" if err["loc"] == ("code",) else "a non-empty text"
    return f"expected {kind.replace('_', ' ')} (got {err.get('input')!r})"


@validate_params(path=PATH)
def load_indicators(path: str | Path) -> tuple[Indicator, ...]:
    """Indicators from a TOML file: ``preset = "common"`` (or ``"none"``) and ``[[indicator]]`` tables.

    An ``[[indicator]]`` with a preset indicator's code replaces it (its own target, say); the
    others are added after the preset's.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "i.toml"
    ...     _ = p.write_text('[[indicator]]\\ncode = "in_network"\\nname_ru = "Школы в сети"\\n'
    ...                      'table = "schools"\\nnumerator = "in_network"\\ntarget = 0.7\\n', encoding="utf-8")
    ...     found = load_indicators(p)
    >>> len(found), found[1].target
    (14, 0.7)
    """
    target = Path(path)
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InvalidInputError([f"{target.name}: not a TOML file ({e}); write [[indicator]] tables."]) from None
    return indicators_from(data, target.name)


def indicators_from(data: Mapping[str, Any], owner: str) -> tuple[Indicator, ...]:
    """Indicators from a TOML document's data: ``preset`` and ``indicator`` tables (see :func:`load_indicators`).

    >>> [i.code for i in indicators_from({"preset": "none", "indicator": [{"code": "n", "name_ru": "Школ",
    ...     "table": "schools", "numerator": "True", "unit": "count"}]}, "f.toml")]
    ['n']
    """
    unknown = sorted(set(data) - {"preset", "indicator"})
    if unknown:
        raise InvalidInputError([f"{owner}: unknown keys {', '.join(unknown)}; indicators are given as «preset» "
                                 "and [[indicator]] tables."])
    preset = data.get("preset", "common")
    base = indicators_of(preset if isinstance(preset, str) else str(preset), owner)
    items = data.get("indicator", [])
    if not isinstance(items, list):
        raise InvalidInputError([f"{owner}: indicator must be [[indicator]] tables."])
    own = indicators_of(items, owner)
    mine = {i.code: i for i in own}
    return (*(mine.pop(i.code, i) for i in base), *mine.values())

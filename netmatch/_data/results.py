"""The results of a registry, column-wise: :class:`ResultTable`.

A region has hundreds of thousands of assessment results, so they are kept as numpy columns
rather than as :class:`netmatch._data.models.Result` records; the table is still a read-only
sequence of records. :meth:`ResultTable.from_columns` checks every raw value at once, vectorised
where the values allow it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from pydantic import ValidationError

from netmatch._base.parse import (
    CodedColumn,
    distinct,
    is_missing,
    map_distinct,
    norm,
    parse_number_array,
    recode,
    school_year,
)
from netmatch._base.util import readonly
from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment, expected_text, spellings
from netmatch._data.figures import COUNT_COLUMNS, counted_shares, on_scale, percent_shares
from netmatch._data.models import (
    Procedure,
    Result,
    _subject,
    control_text,
    plain_text,
    problems_from_validation,
    texts,
)
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    from netmatch._data.headers import ColumnNote

__all__ = ["COUNT_COLUMNS", "RESULT_COLUMNS", "SHARE_COLUMNS", "ResultTable"]

#: The columns of a :class:`ResultTable`, in the order of :class:`Result`'s fields.
RESULT_COLUMNS: tuple[str, ...] = tuple(Result.model_fields)
#: The columns of shares of participants (0 to 1; a percent column is declared or detected, see read_registry).
SHARE_COLUMNS: tuple[str, ...] = ("share_below_minimum", "share_high", "share_quality")
_REQUIRED = ("school", "year", "procedure", "subject")
_FLOAT_COLUMNS = ("grade", "participants", "mean_score", "mean_percent", "share_below_minimum", "share_high",
                  "share_quality")
_BOUNDS: dict[str, tuple[float, float, bool, str]] = {
    # column: (low, high, whole number, expected)
    "year": (1990, 2100, True, "a year from 1990 to 2100"),
    "grade": (1, 11, True, "a grade from 1 to 11"),
    "participants": (0, 10_000_000, True, "a whole number of participants from 0 to 10,000,000"),
    # then on its assessment's scale: figures.on_scale
    "mean_score": (-1_000_000, 1_000_000, False, "a mean score from -1,000,000 to 1,000,000"),
    "mean_percent": (0, 100, False, "a mean percentage from 0 to 100"),
    "share_below_minimum": (0, 1, False, "a share from 0 to 1 (write 35% as 0.35 or '35%')"),
    "share_high": (0, 1, False, "a share from 0 to 1 (write 35% as 0.35 or '35%')"),
    "share_quality": (0, 1, False, "a share from 0 to 1 (write 35% as 0.35 or '35%')"),
}


_BUILTIN_CODES = frozenset(a.code for a in BUILTIN_ASSESSMENTS)


def _as_object_array(values: Iterable[object]) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values.copy()
    if isinstance(values, Sized):
        arr = np.empty(len(values), dtype=object)
        arr[:] = list(values)
        return arr
    items = list(values)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


# --- checking raw columns (ResultTable.from_columns) -----------------------------------------


def _length(columns: Mapping[str, Any]) -> int:
    """The common length of the columns, after checking their names."""
    unknown = sorted(set(columns) - set(RESULT_COLUMNS) - set(COUNT_COLUMNS))
    missing = [c for c in _REQUIRED if c not in columns]
    if unknown or missing:
        msgs = [Problem("results", f"a column of {list(RESULT_COLUMNS)}", column=c) for c in unknown]
        msgs += [Problem("results", "this required column", column=c) for c in missing]
        raise InvalidInputError(msgs)
    n = len(next(iter(columns.values()))) if columns else 0
    if any(len(v) != n for v in columns.values()):
        raise InvalidInputError(["All result columns must have the same length."])
    return n


def _trusted(columns: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    """Already clean, typed columns as arrays, unchecked."""
    if any(c in columns for c in COUNT_COLUMNS):
        raise InvalidInputError(["Counts of results are turned into shares by validation: pass validate=True."])
    data = {c: columns.get(c, [None] * n) for c in RESULT_COLUMNS}
    return {
        "school": _as_object_array(data["school"]),
        "year": np.asarray(data["year"], dtype=np.int64),
        "procedure": _as_object_array(data["procedure"]),
        "grade": np.asarray(data["grade"], dtype=np.float64),
        "subject": _as_object_array(data["subject"]),
        **{c: np.asarray(data[c], dtype=np.float64) for c in _FLOAT_COLUMNS if c != "grade"},
    }


def _mapped(values: Any, func: Callable[[Any], Any], many: Callable[[list[Any]], list[Any]] | None = None
            ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None, np.ndarray]:
    """``map_distinct(values, func)``, with integer codes of the results (equal results alike) when it can.

    The codes come from the few distinct values, so :func:`_repeats` need not factorize millions
    of cells again, with the distinct results they index (``-1`` for ``None``); ``None`` when the
    column is not one of strings. Last, which results are
    blank (:func:`_blanks`), found from the distinct values too. ``many`` does what ``func``
    does to a whole list at once.
    """
    import pandas as pd

    found = distinct(values)
    if found is None:
        out = map_distinct(values, func)
        return out, None, _blanks(out)
    codes, uniques = found
    items = [*uniques.tolist(), None]
    mapped = np.empty(len(items), dtype=object)
    mapped[:] = many(items) if many is not None else [func(v) for v in items]
    out = mapped[codes]  # code -1 (missing) picks the last entry, func(None)
    merged, results = pd.factorize(mapped)
    return out, (recode(codes, merged), np.asarray(results, dtype=object)), _blanks(mapped)[codes]


def _names(columns: Mapping[str, Any], problems: list[Problem], codes: dict[str, np.ndarray] | None = None,
           sorted_codes: dict[str, tuple[np.ndarray, np.ndarray]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ``school`` and ``subject`` columns in their one spelling; both are required.

    ``codes`` receives integer codes of the columns where they come for free (see :func:`_mapped`),
    and ``sorted_codes`` the school's as :meth:`ResultTable.codes` gives them.
    """
    school, school_codes, school_blank = _mapped(columns["school"], plain_text, texts)
    subject, subject_codes, subject_blank = _mapped(columns["subject"], _subject)
    for name, column, found in (("school", school, school_codes), ("subject", subject, subject_codes)):
        _control_problems(name, column, found, school, problems)
    for name, found in (("school", school_codes), ("subject", subject_codes)):
        if codes is not None and found is not None:
            codes[name] = found[0]
    if sorted_codes is not None and school_codes is not None:
        sorted_codes["school"] = _sorted_codes(*school_codes)
    for name, blank in (("school", school_blank), ("subject", subject_blank)):
        for i in np.flatnonzero(blank).tolist():
            problems.append(Problem("results", "a value (it is required)", column=name, index=i,
                                    school=school[i]))
    for name, column, found, expected in (("school", school, school_codes, "the id of a school"),
                                          ("subject", subject, subject_codes, "a subject name")):
        for i in _not_texts(column, found):  # a list or an object where a text belongs (JSON, records)
            problems.append(Problem("results", expected, column=name, value=column[i], index=i,
                                    school=school[i] if isinstance(school[i], str) else None))
    return school, subject


def _control_problems(name: str, column: np.ndarray, found: tuple[np.ndarray, np.ndarray] | None,
                      school: np.ndarray, problems: list[Problem]) -> None:
    """A problem for each result whose ``name`` holds control characters (checked once per distinct text)."""
    if found is not None:  # the distinct texts and their codes: no pass over millions of cells
        codes, uniques = found
        bad = [k for k, v in enumerate(uniques.tolist()) if type(v) is str and control_text(v)]
        rows = np.flatnonzero(np.isin(codes, bad)).tolist() if bad else []
    else:
        rows = [i for i, v in enumerate(column.tolist()) if type(v) is str and control_text(v)]
    for i in rows:
        problems.append(Problem("results", str(control_text(column[i])), column=name, value=column[i], index=i,
                                school=school[i] if name != "school" else None))


def _not_texts(values: np.ndarray, found: tuple[np.ndarray, np.ndarray] | None = None) -> list[int]:
    """Positions of values that are neither text nor ``None`` (checked one by one only when there are some).

    ``found``: the values' codes into their distinct values (:func:`_mapped`), checked instead of millions.

    >>> _not_texts(np.array(["a", None, [1], 5], dtype=object))
    [2, 3]
    """
    import pandas as pd

    if pd.api.types.infer_dtype(found[1] if found is not None else values, skipna=True) in ("string", "empty"):
        return []
    return [i for i, v in enumerate(values.tolist()) if not (v is None or type(v) is str)]


def _sorted_codes(codes: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes into distinct ``values`` (``-1`` for none) as codes into the values sorted, read-only.

    What ``pd.factorize(column, sort=True)`` gives, from the few distinct values: sorting 40,000
    names, not hashing 2 million cells again.

    >>> c, v = _sorted_codes(np.array([0, 1, -1, 0]), np.array(["b", "a"], dtype=object))
    >>> c.tolist(), v.tolist()
    ([1, 0, -1, 1], ['a', 'b'])
    """
    order = np.argsort(values, kind="stable")
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # code -1 picks the last entry
    out = rank[codes]
    out.flags.writeable = False
    return out, values[order]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _blanks(arr: np.ndarray) -> np.ndarray:
    """Which values are ``None`` or empty (compared at once where every value is a string or ``None``)."""
    import pandas as pd

    if pd.api.types.infer_dtype(arr, skipna=True) in ("string", "empty"):
        return np.asarray(pd.isna(arr) | (arr == ""), dtype=bool)
    return np.fromiter(map(_blank, arr), dtype=bool, count=len(arr))


def _procedures(raw: Sequence[Any], school: np.ndarray, problems: list[Problem],
                assessments: tuple[Assessment, ...], codes: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The ``procedure`` column as the codes of ``assessments`` (``None`` where unreadable).

    ``codes`` receives the column's integer codes (see :func:`_mapped`).
    """
    known = spellings(assessments)

    def code(value: object) -> str | None:
        return None if is_missing(value) else known.get(norm(value))

    proc, found, blank = _mapped(raw, code)
    if codes is not None and found is not None:
        codes["procedure"] = found[0]
    bad = np.flatnonzero(blank).tolist()
    if bad:
        raw_list = list(raw)
        builtin = assessments == BUILTIN_ASSESSMENTS
        for i in bad:
            problems.append(Problem(
                "results", expected_text(assessments), column="procedure", value=raw_list[i], index=i,
                school=school[i], expected_ru=None if builtin else expected_text(assessments, "ru"),
                fix=None if builtin else "Declare the procedure (a «Процедуры» sheet, assessments=...).",
                fix_ru=None if builtin else "Объявите процедуру (лист «Процедуры», assessments=...)."))
    return proc


def _exam_year(value: object) -> object:
    """A school year label («2015/16») as the year of its exams (2016); any other value as it is."""
    year = school_year(value)
    return value if year is None else str(year)


def _exam_years(raw: Any) -> Any:
    """The ``year`` column with school year labels read as the years of their exams."""
    if getattr(raw, "dtype", np.dtype(object)) != np.dtype(object):
        return raw  # typed numbers hold no labels
    if isinstance(raw, CodedColumn):
        return raw.remap(_exam_year)  # still coded: parsed once per distinct value next
    found = distinct(raw)
    if found is not None:
        codes, uniques = found
        years = np.fromiter((_exam_year(v) for v in (*uniques, None)), dtype=object, count=len(uniques) + 1)
        return years[codes]
    items = list(raw)
    if not any(isinstance(v, str) for v in items):
        return raw
    return [_exam_year(v) for v in items]


def _numbers(columns: Mapping[str, Any], n: int, school: np.ndarray, problems: list[Problem],
             percent: frozenset[str] = frozenset(), notes: list[ColumnNote] | None = None,
             codes: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """``year`` and the figures as float64 (NaN for missing), checked against their bounds at once.

    Share columns are read by :func:`netmatch._data.figures.percent_shares` (``percent``: the
    columns declared as percentages); mean scores are checked against their scale afterwards.
    ``codes`` receives integer codes of ``year`` and ``grade`` (equal numbers alike) when they come coded.
    """
    numbers: dict[str, np.ndarray] = {}
    for c in ("year", *_FLOAT_COLUMNS):
        raw = columns.get(c)
        if raw is None:
            numbers[c] = np.full(n, np.nan)
            continue
        expected = _BOUNDS[c][3]
        given = _exam_years(raw) if c == "year" else raw
        if c.startswith("share"):  # a column of percentages or of fractions, as a whole
            x, bad = _checked(c, *percent_shares(given, c, c in percent, school, problems, notes))
        elif isinstance(given, CodedColumn):  # each distinct value parsed and checked once
            ux, ubad = _checked(c, *parse_number_array(given.uniques))
            ux = np.append(ux, np.nan)
            x = ux[given.codes]
            if ubad.any() or (c == "year" and given.codes.min(initial=0) < 0):
                bad = np.append(ubad, c == "year")[given.codes]
            else:  # nothing bad among the distinct values: no mask of millions to build and scan
                bad = _NONE_BAD
            if codes is not None and c in ("year", "grade"):  # for _repeats, from the few distinct numbers
                # missing stays -1: a value read as NaN is a bad one, and then there is no repeat check
                codes[c] = recode(given.codes, np.append(_codes(ux[:-1]), -1))
        else:
            x, bad = _checked(c, *parse_number_array(given))
        wrong = [] if bad is _NONE_BAD else np.flatnonzero(bad).tolist()
        if wrong:
            raw_list = raw.tolist() if isinstance(raw, np.ndarray) else list(raw)  # as given, not half-parsed
            for j in wrong:
                problems.append(Problem("results", expected, column=c, value=raw_list[j], index=j,
                                        school=school[j]))
        # a new array of its own, unless a bad value must go or x may be the caller's
        numbers[c] = x if c == "year" or (not wrong and x.flags.owndata) else np.where(bad, np.nan, x)
    return numbers


_NONE_BAD = np.zeros(0, dtype=bool)  # the mask of a column with no bad value (never indexed)


def _checked(column: str, x: np.ndarray, bad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parsed numbers and their mask of bad ones, also marking those beyond the column's bounds."""
    lo, hi, whole, _ = _BOUNDS[column]
    present = ~np.isnan(x)
    bad |= present & ((x < lo) | (x > hi))
    if whole:
        bad |= present & (np.floor(x) != x)
    if column == "year":
        bad |= ~present & ~bad  # a year is required
    return x, bad


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of a column, equal values alike (NaN as one value of its own)."""
    import pandas as pd

    found = distinct(values) if values.dtype == object else None
    if found is not None:
        return found[0]
    codes, _ = pd.factorize(pd.Series(values, dtype=values.dtype), use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64)


def _repeated(key: np.ndarray) -> bool:
    """Whether any key repeats: none when they rise, else found by sorting (timsort).

    Timsort is fast on keys in runs, as a registry's rows come: 0.01 s on the 2.1 M keys of
    40,000 schools, where pandas' hash table (``duplicated``) takes 0.19 s; on keys in no order
    0.16 s against 0.22 s (measured on this machine).

    >>> _repeated(np.array([3, 1, 2])), _repeated(np.array([1, 2, 1]))
    (False, True)
    """
    if (np.diff(key) > 0).all():
        return False
    return bool((np.diff(np.sort(key, kind="stable")) == 0).any())


def _repeats(school: np.ndarray, year: np.ndarray, procedure: np.ndarray, grade: np.ndarray,
             subject: np.ndarray, known: Mapping[str, np.ndarray] | None = None) -> list[Problem]:
    """One problem for each row repeating an earlier school, year, procedure, grade and subject.

    ``known`` holds integer codes already found for some of the columns (see :func:`_mapped`).
    """
    if not len(school):
        return []
    known = known or {}
    # one integer per key: the codes of the five columns, mixed radix (they fit in 62 bits here)
    key = np.zeros(len(school), dtype=np.int64)
    room = 1
    for name, column in (("school", school), ("year", year), ("procedure", procedure), ("grade", grade),
                         ("subject", subject)):
        codes = known[name] if name in known else _codes(column)
        size = int(codes.max()) + 2
        room *= size
        if room >= 1 << 62:  # pragma: no cover - millions of distinct values in every column
            key = np.unique(np.column_stack([key, codes + 1]), axis=0, return_inverse=True)[1].reshape(-1)
            room = int(key.max()) + 1
            continue
        key *= size  # in place: no array of millions made for each step
        key += codes
        key += 1

    if not _repeated(key):
        return []
    _, first_of_key, group = np.unique(key, return_index=True, return_inverse=True)
    first = first_of_key[group.reshape(-1)]
    later = np.flatnonzero(first != np.arange(len(key))).tolist()
    return [Problem("results",
                    f"one row per school, year, procedure, grade and subject; this repeats item {first[i]}",
                    column="subject", value=subject[i], index=i, school=school[i]) for i in later]


def _percent(names: Iterable[str]) -> frozenset[str]:
    """The declared percent columns, each a share column."""
    out = frozenset(names)
    wrong = sorted(out - set(SHARE_COLUMNS))
    if wrong:
        known = ", ".join(f"'{c}'" for c in SHARE_COLUMNS)
        raise InvalidInputError([Problem(
            "results", f"a share column: {known}", column=c, value=c,
            expected_ru=f"столбец долей: {known}") for c in wrong])
    return out


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ResultTable(Sequence[Result]):
    """All results of a registry, stored column-wise; a read-only sequence of :class:`Result`.

    Columns are numpy arrays: ``school``, ``subject`` (str objects), ``procedure`` (str
    codes of :class:`Procedure`), ``year`` (int64) and float64 figures with NaN for missing
    (``grade``, ``participants``, ``mean_score``, ``mean_percent``, ``share_below_minimum``,
    ``share_high``, ``share_quality``). Build one with :meth:`from_results` or :meth:`from_columns`.

    Examples
    --------
    >>> t = ResultTable.from_columns({"school": ["A", "A"], "year": [2022, "2023"],
    ...     "procedure": ["ЕГЭ", "ege"], "subject": ["химия", "химия"], "mean_score": ["55,5", 60]})
    >>> len(t), t.mean_score.tolist(), t[1].year
    (2, [55.5, 60.0], 2023)
    """

    school: np.ndarray
    year: np.ndarray
    procedure: np.ndarray
    grade: np.ndarray
    subject: np.ndarray
    participants: np.ndarray
    mean_score: np.ndarray
    mean_percent: np.ndarray
    share_below_minimum: np.ndarray
    share_high: np.ndarray
    share_quality: np.ndarray

    def __post_init__(self) -> None:
        for name in RESULT_COLUMNS:
            readonly(getattr(self, name))

    # -- construction --
    @classmethod
    def empty(cls) -> ResultTable:
        """A table with no results."""
        return cls.from_columns({c: [] for c in ("school", "year", "procedure", "subject")})

    @classmethod
    def from_results(cls, results: Iterable[Result | Mapping[str, Any]], *,
                     assessments: Sequence[Assessment] | None = None) -> ResultTable:
        """Build from :class:`Result` records or dicts (each validated), then checked as :meth:`from_columns` does.

        ``assessments`` are the procedures the results may name (default: ЕГЭ, ОГЭ, ВПР).
        """
        problems: list[Problem] = []
        records: list[Result] = []
        for i, r in enumerate(results):
            if isinstance(r, Result):
                records.append(r)
                continue
            try:
                records.append(Result.model_validate(r))
            except ValidationError as exc:
                school = r.get("school") if isinstance(r, Mapping) else None
                problems += problems_from_validation(exc, "results", i, school=school)
        if problems:
            raise InvalidInputError(problems)
        cols: dict[str, Any] = {c: [getattr(r, c) for r in records] for c in RESULT_COLUMNS}
        cols["procedure"] = [str(p) for p in cols["procedure"]]
        if assessments is None or tuple(assessments) == BUILTIN_ASSESSMENTS:
            bad = [i for i, (p, s) in enumerate(zip(cols["procedure"], cols["mean_score"], strict=True))
                   if p not in _BUILTIN_CODES or (s is not None and s < 0)]
            if not bad:  # the records are clean already: the quick way
                return cls._from_clean(cols)
        return cls.from_columns(cols, assessments=assessments)

    @classmethod
    def _from_clean(cls, cols: Mapping[str, Sequence[Any]]) -> ResultTable:
        out: dict[str, np.ndarray] = {}
        for c in RESULT_COLUMNS:
            v = cols[c]
            if c in ("school", "procedure", "subject"):
                out[c] = _as_object_array(v)
            elif c == "year":
                out[c] = np.asarray(v, dtype=np.int64).reshape(-1)
            else:
                out[c] = np.array([np.nan if x is None else x for x in v], dtype=np.float64).reshape(-1)
        return cls(**out)

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any], *, validate: bool = True,
                     assessments: Sequence[Assessment] | None = None, percent_columns: Iterable[str] = (),
                     notes: list[ColumnNote] | None = None) -> ResultTable:
        """Build from columns of raw values, checking every value at once.

        Parameters
        ----------
        columns : mapping of str to array-like
            ``school``, ``year``, ``procedure`` and ``subject`` are required; the figures
            are optional. Strings with a decimal comma or a percent sign (shares) are read.
            ``count_below_minimum`` and ``count_high`` (counts, with ``participants``) become
            the shares beside them.
        validate : bool
            Check every value (default). ``False`` trusts already clean, typed columns.
        assessments : sequence of Assessment, optional
            The procedures results may name (by code, name or spelling) and their scales; by
            default the built-in ЕГЭ, ОГЭ and ВПР (:func:`netmatch._data.assessments.catalogue`).
        percent_columns : iterable of str
            Share columns whose bare numbers are percentages (35 is 35%). Without it a share
            column is read as percentages only when that is unambiguous (values over 1 and none
            between 0 and 1), with a note; a column mixing the two is an error naming it.
        notes : list, optional
            Receives a :class:`~netmatch._data.headers.ColumnNote` for each share column read
            as percentages without being declared.

        Raises
        ------
        InvalidInputError
            Listing every bad value with its 0-based index, column and what was expected.
        """
        n = _length(columns)
        if not validate:
            return cls(**_trusted(columns, n))
        # lists become object arrays once here, not in each check that reads them
        columns = {c: _as_object_array(v) if isinstance(v, (list, tuple)) else v for c, v in columns.items()}
        problems: list[Problem] = []
        codes: dict[str, np.ndarray] = {}
        sorted_codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        school, subject = _names(columns, problems, codes, sorted_codes)
        catalogue = tuple(assessments) if assessments is not None else BUILTIN_ASSESSMENTS
        procedure = _procedures(columns["procedure"], school, problems, catalogue, codes)
        numbers = _numbers(columns, n, school, problems, _percent(percent_columns), notes, codes)
        counted_shares(columns, numbers, school, problems)
        if "mean_score" in columns:
            on_scale(numbers["mean_score"], procedure, catalogue, school, columns["mean_score"], problems)
        if not problems:
            problems = _repeats(school, numbers["year"], procedure, numbers["grade"], subject, codes)
        if problems:
            raise InvalidInputError(problems)
        table = cls(
            school=school,
            year=numbers["year"].astype(np.int64),
            procedure=procedure,
            grade=numbers["grade"],
            subject=subject,
            **{c: numbers[c] for c in _FLOAT_COLUMNS if c != "grade"},
        )
        table.__dict__["_codes"] = sorted_codes  # what codes() would find again by hashing every cell
        return table

    # -- sequence protocol --
    def __len__(self) -> int:
        return len(self.school)

    @overload
    def __getitem__(self, i: int) -> Result: ...
    @overload
    def __getitem__(self, i: slice) -> ResultTable: ...
    def __getitem__(self, i: int | slice) -> Result | ResultTable:
        if isinstance(i, slice):
            return self.take(np.arange(len(self))[i])
        i = range(len(self))[i]
        values: dict[str, Any] = {}
        for c in RESULT_COLUMNS:
            v = getattr(self, c)[i]
            if isinstance(v, (float, np.floating)):
                v = None if math.isnan(v) else float(v)
            values[c] = v
        values["year"] = int(values["year"])
        values["procedure"] = Procedure.parse(values["procedure"])  # a declared procedure stays its code
        for c in ("grade", "participants"):
            if values[c] is not None:
                values[c] = int(values[c])
        return Result.model_construct(**values)

    def __iter__(self) -> Iterator[Result]:
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultTable):
            return NotImplemented
        if len(self) != len(other):
            return False
        for c in RESULT_COLUMNS:
            a, b = getattr(self, c), getattr(other, c)
            if a.dtype == object:
                if not np.array_equal(a, b):
                    return False
            elif not np.array_equal(a, b, equal_nan=True):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ResultTable({len(self)} results)"

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Integer codes of a text column and the distinct values they index (sorted).

        >>> t = ResultTable.from_columns({"school": ["B", "A", "B"], "year": [2023, 2024, 2024],
        ...                               "procedure": ["ЕГЭ"] * 3, "subject": ["химия"] * 3})
        >>> codes, names = t.codes("school")
        >>> codes.tolist(), names.tolist()
        ([1, 0, 1], ['A', 'B'])
        """
        cache: dict[str, tuple[np.ndarray, np.ndarray]] = self.__dict__.setdefault("_codes", {})
        if column not in cache:
            import pandas as pd

            # hashing, not sorting the strings: fast for millions of rows
            codes, uniques = pd.factorize(pd.Series(getattr(self, column), dtype=object), sort=True)
            names = np.asarray(uniques, dtype=object)
            codes = np.asarray(codes, dtype=np.int64)
            codes.flags.writeable = False
            cache[column] = (codes, names)
        return cache[column]

    def take(self, index: np.ndarray) -> ResultTable:
        """The results at ``index`` (an integer or boolean array), as a new table."""
        return ResultTable(**{c: getattr(self, c)[index].copy() for c in RESULT_COLUMNS})

    def columns(self) -> dict[str, np.ndarray]:
        """The columns as a dict of read-only numpy arrays."""
        return {c: getattr(self, c) for c in RESULT_COLUMNS}

    def concat(self, other: ResultTable) -> ResultTable:
        """This table followed by ``other`` (no validation of duplicates across them)."""
        return ResultTable(**{c: np.concatenate([getattr(self, c), getattr(other, c)])
                              for c in RESULT_COLUMNS})

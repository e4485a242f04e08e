"""Assessments as data: :class:`Assessment` and the catalogue a registry carries.

An assessment (оценочная процедура) is not a fixed list: besides the three built-in ones —
ЕГЭ (``"ege"``), ОГЭ (``"oge"``) and ВПР (``"vpr"``), whose codes and labels are those of
:class:`netmatch._data.models.Procedure` — a registry may declare its own: a regional
diagnostic («РДР»), a foreign test on a 200–800 scale, a progress score that may be negative.
Each declares its name in Russian and English, the spellings registries use, its scale
(``scale_min``/``scale_max``; ``None`` is unbounded), whether a higher score is better, its
minimum threshold and the grades that write it. Results then name the assessment by code, name
or spelling, and are checked against its scale.

They are declared by

* a «Процедуры» (``procedures``) sheet of a workbook, a ``"procedures"`` list of a JSON
  document, a ``<name>.procedures.csv`` beside a CSV registry or ``procedures.csv`` in a
  registry directory (:func:`declared_beside`);
* ``read_registry(..., assessments=[...])`` or ``Registry(..., assessments=[...])``;
* a ``[procedures.<code>]`` table of the command line's ``--config`` file.

A declared assessment with a built-in code replaces the built-in one (to give ЕГЭ a scale
of 0–100, say). The catalogue is the built-ins followed by the declared ones, in order.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from netmatch._base.parse import is_missing, norm, parse_bool, parse_number, split_list
from netmatch._data.models import Procedure, _text
from netmatch.exceptions import InvalidInputError, Problem

__all__ = ["BUILTIN_ASSESSMENTS", "Assessment", "catalogue", "declared_beside", "parse_assessments"]


def _bound(value: object) -> object:
    if is_missing(value):
        return None
    return parse_number(value) if isinstance(value, str) else value


def _flag(value: object) -> object:
    return True if is_missing(value) else parse_bool(value)


def _grades(value: object) -> object:
    if is_missing(value):
        return ()
    if isinstance(value, (int, float)):
        value = [value]
    return tuple(parse_number(v, integer=True) if isinstance(v, str) else v for v in split_list(value))


def _names(value: object) -> object:
    return () if is_missing(value) else tuple(split_list(value))


class Assessment(BaseModel):
    """One assessment procedure: its code, names, scale and direction.

    Parameters
    ----------
    code : str
        What results and settings name it by (``"rdr"``); compared in any case.
    name_ru, name_en : str
        Its name in reports, reasons and the workbook; ``name_en`` defaults to ``name_ru``.
    aliases : tuple of str
        Other spellings registries use («региональная диагностическая работа»).
    scale_min, scale_max : float or None
        The scale of its mean scores; ``None`` is unbounded. Negative scores (progress scores)
        are accepted only when ``scale_min`` is below 0 or ``None``.
    higher_is_better : bool
        ``False`` for a scale where a lower score is better (a rank, errors made): the
        standardisation and every rule then read it the other way round.
    minimum : float, optional
        The minimum threshold (минимальный порог) on the scale, for reference.
    grades : tuple of int
        The grades that write it, for reference.

    Examples
    --------
    >>> a = Assessment(code="SAT", name_ru="SAT", scale_min=200, scale_max=800, aliases="Scholastic test")
    >>> a.code, a.name_en, a.aliases, a.scale_text("en")
    ('sat', 'SAT', ('Scholastic test',), 'from 200 to 800')
    >>> Assessment(code="x", name_ru="X", scale_min=5, scale_max=1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Assessment
    ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Annotated[str, BeforeValidator(lambda v: _text(v).casefold() if isinstance(_text(v), str) else v),
                    Field(min_length=1)]
    name_ru: Annotated[str, BeforeValidator(_text), Field(min_length=1)]
    name_en: Annotated[str | None, BeforeValidator(_text)] = None
    aliases: Annotated[tuple[str, ...], BeforeValidator(_names)] = ()
    scale_min: Annotated[float | None, BeforeValidator(_bound)] = 0.0
    scale_max: Annotated[float | None, BeforeValidator(_bound)] = None
    higher_is_better: Annotated[bool, BeforeValidator(_flag)] = True
    minimum: Annotated[float | None, BeforeValidator(_bound)] = None
    grades: Annotated[tuple[Annotated[int, Field(ge=1, le=11)], ...], BeforeValidator(_grades)] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.name_en is None:
            object.__setattr__(self, "name_en", self.name_ru)
        for v in (self.scale_min, self.scale_max, self.minimum):
            if v is not None and not math.isfinite(v):
                raise ValueError("finite bounds of the scale")
        if self.scale_min is not None and self.scale_max is not None and self.scale_min >= self.scale_max:
            raise ValueError(f"scale_min ({self.scale_min:g}) below scale_max ({self.scale_max:g})")
        if self.minimum is not None and not self.on_scale(self.minimum):
            raise ValueError(f"a minimum threshold on the scale ({self.scale_text('en')})")
        return self

    def name(self, lang: str = "ru") -> str:
        """Its name in ``lang`` (``"ru"`` or ``"en"``)."""
        return self.name_ru if lang == "ru" else str(self.name_en)

    def spellings(self) -> tuple[str, ...]:
        """Every spelling a registry may name it by: code, names and aliases."""
        return (self.code, self.name_ru, str(self.name_en), *self.aliases)

    def on_scale(self, value: float) -> bool:
        """Whether ``value`` lies on the scale (its bounds included)."""
        lo = -math.inf if self.scale_min is None else self.scale_min
        hi = math.inf if self.scale_max is None else self.scale_max
        return lo <= value <= hi

    def scale_text(self, lang: str = "ru") -> str:
        """The scale in words: «от 0 до 100», "0 or more", "any number".

        >>> BUILTIN_ASSESSMENTS[0].scale_text("en"), BUILTIN_ASSESSMENTS[0].scale_text("ru")
        ('0 or more', '0 или больше')
        """
        lo, hi = self.scale_min, self.scale_max
        ru = lang == "ru"
        if lo is None and hi is None:
            return "любое число" if ru else "any number"
        if hi is None:
            return f"{lo:g} или больше" if ru else f"{lo:g} or more"
        if lo is None:
            return f"{hi:g} или меньше" if ru else f"{hi:g} or less"
        return f"от {lo:g} до {hi:g}" if ru else f"from {lo:g} to {hi:g}"


def _builtin(p: Procedure, name_en: str, grades: tuple[int, ...]) -> Assessment:
    return Assessment(code=p.value, name_ru=p.label_ru, name_en=name_en, aliases=p.aliases, grades=grades)


#: ЕГЭ, ОГЭ and ВПР: codes and labels of :class:`~netmatch._data.models.Procedure`, scores of 0 or more.
BUILTIN_ASSESSMENTS: tuple[Assessment, ...] = (
    _builtin(Procedure.EGE, "EGE", (11,)),
    _builtin(Procedure.OGE, "OGE", (9,)),
    _builtin(Procedure.VPR, "VPR", (4, 5, 6, 7, 8, 10, 11)),
)


def catalogue(declared: Iterable[Assessment | Mapping[str, Any]] | None = None) -> tuple[Assessment, ...]:
    """The built-in assessments followed by the declared ones; a declared built-in code replaces it.

    Raises :class:`InvalidInputError` when a declaration is invalid, two share a code, or one
    spelling names two assessments.

    >>> [a.code for a in catalogue([{"code": "rdr", "name_ru": "РДР"}])]
    ['ege', 'oge', 'vpr', 'rdr']
    >>> catalogue([{"code": "rdr", "name_ru": "ЕГЭ"}])
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: procedures, item 0, column 'name_ru': got 'ЕГЭ'; ...
    """
    parsed, problems = _parse(declared or ())
    items = [a for a in parsed if a is not None]
    position = {id(a): i for i, a in enumerate(parsed) if a is not None}  # the item's place as given
    seen: dict[str, int] = {}
    for a in items:
        i = position[id(a)]
        if a.code in seen:
            problems.append(_problem(f"a unique code; item {seen[a.code]} has the same code",
                                     f"уникальный код; у элемента {seen[a.code]} тот же код", "code", a.code, i))
        seen.setdefault(a.code, i)
    replaced = {a.code: a for a in items}
    out = [replaced.pop(b.code, b) for b in BUILTIN_ASSESSMENTS] + list(replaced.values())
    owner: dict[str, str] = {}
    for a in out:
        fields = ("code", "name_ru", "name_en", *["aliases"] * len(a.aliases))
        for field, spelling in zip(fields, a.spellings(), strict=True):
            other = owner.setdefault(norm(spelling), a.code)
            if other != a.code:
                index = next((position[id(d)] for d in items if d.code == a.code), None)
                problems.append(_problem(f"a spelling no other procedure uses; '{other}' is also called so",
                                         f"название, которого нет у другой процедуры; так же называется «{other}»",
                                         field, spelling, index))
                break  # one problem per declaration is enough to fix it
    if problems:
        raise InvalidInputError(problems)
    return tuple(out)


def _problem(expected_en: str, expected_ru: str, column: str, value: object, index: int | None) -> Problem:
    return Problem("procedures", expected_en, column=column, value=value, index=index, expected_ru=expected_ru,
                   fix="Declare each procedure once, under names of its own.",
                   fix_ru="Объявите каждую процедуру один раз, под собственными названиями.")


#: Headers of a «Процедуры» table, ru and en, for each field of :class:`Assessment`.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("Код", "code", "код процедуры"),
    "name_ru": ("Название", "name_ru", "наименование", "name"),
    "name_en": ("Название (англ.)", "name_en", "английское название", "english name"),
    "aliases": ("Другие названия", "aliases", "синонимы"),
    "scale_min": ("Минимум шкалы", "scale_min", "от", "нижняя граница шкалы"),
    "scale_max": ("Максимум шкалы", "scale_max", "до", "верхняя граница шкалы"),
    "higher_is_better": ("Чем выше, тем лучше", "higher_is_better", "выше лучше"),
    "minimum": ("Минимальный порог", "minimum", "порог", "minimum threshold"),
    "grades": ("Классы", "grades", "параллели"),
}
_LOOKUP = {norm(h): f for f, hs in HEADERS.items() for h in (f, *hs)}


def parse_assessments(items: Iterable[object], source: str | None = None) -> tuple[Assessment, ...]:
    """Assessments from models or records (field names or the headers of :data:`HEADERS`).

    Every bad value is reported at once in one :class:`InvalidInputError` (table ``"procedures"``).

    >>> parse_assessments([{"Код": "rdr", "Название": "РДР", "Минимум шкалы": "-3", "Максимум шкалы": 3,
    ...                     "Чем выше, тем лучше": "нет"}])[0].higher_is_better
    False
    """
    found, problems = _parse(items, source)
    if problems:
        raise InvalidInputError(problems)
    return tuple(a for a in found if a is not None)


def _parse(items: Iterable[object], source: str | None = None) -> tuple[list[Assessment | None], list[Problem]]:
    """Each item as an assessment (``None`` where it is invalid), and the problems found."""
    out: list[Assessment | None] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if isinstance(item, Assessment):
            out.append(item)
            continue
        out.append(None)
        if not isinstance(item, Mapping):
            problems.append(Problem("procedures", "a record of a procedure's fields", index=i, value=item,
                                    source=source, expected_ru="запись с полями процедуры"))
            continue
        record = {_LOOKUP.get(norm(k), str(k)): (None if is_missing(v) else v) for k, v in item.items()}
        try:
            out[-1] = Assessment.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = [str(x) for x in err.get("loc", ())]
                column = loc[0] if loc else None
                msg = str(err.get("ctx", {}).get("error", err["msg"]))
                problems.append(Problem("procedures", msg[0].lower() + msg[1:], column=column, index=i,
                                        value=record.get(column) if column else None, source=source))
    return out, problems


@functools.lru_cache(maxsize=64)
def spellings(assessments: tuple[Assessment, ...]) -> dict[str, str]:
    """Normalised spelling -> code, for every assessment of a catalogue.

    >>> spellings(BUILTIN_ASSESSMENTS)["гиа-9"], spellings(BUILTIN_ASSESSMENTS)["егэ"]
    ('oge', 'ege')
    """
    return {norm(s): a.code for a in assessments for s in a.spellings()}


def expected_text(assessments: Sequence[Assessment], lang: str = "en") -> str:
    """The procedures a results table accepts, for error messages.

    >>> expected_text(BUILTIN_ASSESSMENTS) == Procedure.expected()
    True
    """
    listed = ", ".join(f"{a.code!r} ({a.name_ru})" for a in assessments)
    if tuple(assessments) == BUILTIN_ASSESSMENTS:
        return ("одна из " + listed) if lang == "ru" else Procedure.expected()
    return (f"одна из объявленных процедур: {listed}" if lang == "ru"
            else f"one of the declared procedures: {listed}")


_NAMES = ("procedures", "Процедуры", "процедуры")


def declared_beside(source: Any) -> list[dict[str, Any]] | None:
    """The procedures a registry's files declare, as records; ``None`` when they declare none.

    A workbook's «Процедуры»/``procedures`` sheet, a JSON document's ``"procedures"`` list,
    ``<name>.procedures.csv`` beside a CSV file, ``procedures.csv`` (or «Процедуры.csv») in a
    directory, or a ``"procedures"`` entry of a mapping of tables.

    >>> declared_beside({"schools": [], "Процедуры": [{"code": "rdr", "name_ru": "РДР"}]})
    [{'code': 'rdr', 'name_ru': 'РДР'}]
    >>> declared_beside({"schools": []}) is None
    True
    """
    if isinstance(source, Mapping):
        found = next((source[k] for k in source if norm(k) in {norm(n) for n in _NAMES}), None)
        return None if found is None else _records_of(found)
    if not isinstance(source, (str, Path)) and not hasattr(source, "__fspath__"):
        return None
    return _beside_path(Path(source))


def _beside_path(path: Path) -> list[dict[str, Any]] | None:
    """:func:`declared_beside` for a path: a directory, a CSV, JSON or workbook file."""
    suffix = path.suffix.lower()
    if path.is_dir():
        files = [c for c in sorted(path.iterdir()) if norm(c.stem) in {norm(n) for n in _NAMES}
                 and c.suffix.lower() in (".csv", ".json", ".xlsx")]
        return _records_of(files[0]) if files else None
    if suffix in (".csv", ".txt", ".tsv"):
        sibling = path.with_name(f"{path.stem}.procedures{path.suffix}")
        return _records_of(sibling) if sibling.exists() else None
    if suffix == ".json" and path.exists():
        return _json_list(path)
    if suffix in (".xlsx", ".xlsm") and path.exists():
        return _sheet(path)
    return None


def _json_list(path: Path) -> list[dict[str, Any]] | None:
    """A JSON registry's ``"procedures"`` list; ``None`` without one (or when the file is not JSON)."""
    from netmatch._data.json_doc import loads

    try:
        doc = loads(path.read_text(encoding="utf-8-sig"), path.name)
    except (InvalidInputError, ValueError, OSError):  # not JSON, not UTF-8: reading the registry says what is wrong
        return None
    listed = doc.get("procedures") if isinstance(doc, Mapping) else None
    return None if listed is None else _records_of(listed)


def _records_of(found: Any) -> list[Any]:
    """Records from a list of dicts, a DataFrame, a path to a CSV, JSON or workbook file.

    A file that cannot be read, or a value that is no list of records, is an :class:`InvalidInputError`.
    """
    if isinstance(found, (str, Path)):
        found = _file_records(Path(found))
    if hasattr(found, "to_dict") and hasattr(found, "columns"):
        return [{str(k): v for k, v in r.items()} for r in found.to_dict("records")]
    if not isinstance(found, (list, tuple)):
        raise InvalidInputError([Problem("procedures", "a list of procedures (one record per procedure)",
                                         value=found, expected_ru="список процедур (запись на каждую)")])
    return [dict(r) if isinstance(r, Mapping) else r for r in found]


def _file_records(p: Path) -> Any:
    """The records of a procedures file: JSON, a workbook's first sheet, or CSV (UTF-8, else Windows-1251)."""
    import csv

    import pandas as pd

    try:
        if p.suffix.lower() == ".json":
            import json

            doc = json.loads(p.read_text(encoding="utf-8-sig"))
            return doc.get("procedures", []) if isinstance(doc, Mapping) else doc
        if p.suffix.lower() == ".xlsx":
            return _sheet(p, any_sheet=True) or []
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                return pd.read_csv(p, sep=None, engine="python", dtype=str, keep_default_na=False,
                                   encoding=encoding)
            except UnicodeDecodeError:
                continue
    except (ValueError, OSError, csv.Error, pd.errors.ParserError) as exc:  # JSON errors are ValueErrors
        raise InvalidInputError([Problem("procedures", "a readable table of procedures", source=str(p),
                                         value=str(exc)[:120], expected_ru="читаемая таблица процедур")]) from None
    raise InvalidInputError([Problem("procedures", "a file in UTF-8 or Windows-1251", source=str(p),
                                     expected_ru="файл в кодировке UTF-8 или Windows-1251")])


def _sheet_names(path: Path) -> list[str] | None:
    """A workbook's sheet names from its index (no sheet is opened); ``None`` when unreadable (the reader says why)."""
    from netmatch._data.xlsx import sheet_titles

    try:
        return sheet_titles(path)
    except InvalidInputError:
        return None


def _sheet_rows(path: Path, title: str) -> list[list[Any]]:
    """One sheet's rows, with the cells the registry's own sheets get (:func:`netmatch._data.xlsx.sheets`)."""
    from netmatch._data.xlsx import sheets

    found = sheets(path, {title})
    return found[0][1] if found else []


def _sheet(path: Path, any_sheet: bool = False) -> list[dict[str, Any]] | None:
    """The procedures sheet of a workbook (only that sheet is read), as records.

    The sheet names come from the workbook's index, so a registry without a «Процедуры»
    sheet costs nothing more to read.
    """
    names = _sheet_names(path)
    if names is None:  # not a workbook netmatch can look into: the registry reader says why
        return None
    titles = [t for t in names if norm(t) in {norm(n) for n in _NAMES}] or (names[:1] if any_sheet else [])
    if not titles:
        return None
    rows = _sheet_rows(path, titles[0])
    rows = [r for r in rows if any(not is_missing(c) for c in r)]
    if not rows:
        return []
    head = ["" if c is None else str(c).strip() for c in rows[0]]
    return [{h: c for h, c in zip(head, r, strict=False) if h} for r in rows[1:]]

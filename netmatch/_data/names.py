"""Results keyed by school name: normalised names and municipalities, joined to the schools table.

Departments often keep exam results under the school's name («МБОУ «СОШ № 5»») and its
municipality rather than under the registry's code. :func:`join_names` gives every such row
the code of the one school it names, and says how (:class:`NameMatch`); every row it cannot
place with certainty is a :class:`~netmatch.exceptions.Problem`, never a guess.

How names are compared
----------------------
:func:`normalize_names` reduces a name to one spelling: case and «ё», quotes and punctuation,
the legal form (МБОУ, МАОУ, ГБОУ, «муниципальное бюджетное общеобразовательное учреждение» …)
left out, long forms as their abbreviations («средняя общеобразовательная школа» → «сош»), and
the school's number («№ 5», «N5», «No. 5», «СОШ 5») as one token at the end: ``"сош №5"``.
:func:`normalize_municipalities` leaves out «г.», «город», «район», «р-н», «муниципальный
округ» and the like.

How rows are matched
--------------------
1. **exact** — the normalised name is that of exactly one school in the row's municipality
   (in the whole registry when the row gives none, or the registry holds no municipalities);
2. **number** — a row with a school number and no name: the one school of its municipality
   whose name carries that number;
3. **fuzzy** — with the optional `rapidfuzz <https://github.com/rapidfuzz/RapidFuzz>`_
   (``pip install 'netmatch[names]'``): the names of the schools of the same municipality and
   with the same number, scored by ``rapidfuzz.fuzz.token_sort_ratio`` (0–100); the best one
   wins when it scores at least :data:`CUTOFF` and beats the runner-up by more than
   :data:`MARGIN`. Schools are scored block by block (municipality × number), never the whole
   country against itself.

A row fitting two schools is **ambiguous** (the problem names both), one fitting none is
**unmatched** (the problem names the closest school, if any), and two different names matched
to one school are a **conflict** unless both are exact — each is a problem of its rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from netmatch._base.parse import is_missing, map_distinct
from netmatch._data.models import _text
from netmatch.exceptions import Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CUTOFF", "MARGIN", "MATCH_MODES", "NAME_FIELDS", "NameJoin", "NameMatch", "join_names", "match_counts",
           "matches_frame", "name_parts", "normalize_municipalities", "normalize_names", "uses_names"]

#: The result fields that name a school instead of its code.
NAME_FIELDS = ("school_name", "municipality", "school_number")
#: ``read_registry(match_results=...)``: ``"auto"`` — by name when the results have a name (or
#: number) column and no code column; ``"code"`` — by code only; ``"name"`` — by name, exact then
#: fuzzy; ``"exact"`` — by name, exact only.
MATCH_MODES = ("auto", "code", "name", "exact")
#: The lowest fuzzy score (0–100) that matches a name.
CUTOFF = 85.0
#: How far the best fuzzy score must beat the runner-up: closer is ambiguous.
MARGIN = 5.0
_CELLS = 4_000_000  # scores held at once when a block is large (float32: 16 MB)
_CLOSEST = 20.0  # an unmatched name's closest school (same municipality and number) is named from this score up

Method = Literal["exact", "number", "fuzzy", "ambiguous", "unmatched", "conflict"]

# --- normalisation ----------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w№]+|_+")
_LEGAL_LONG = re.compile(
    r"\b(?:(?:муниципальное|государственное|федеральное|частное|негосударственное|областное|краевое|"
    r"республиканское|городское)\s+)*(?:(?:бюджетное|автономное|казенное)\s+)*(?:обще)?образовательное\s+"
    r"учреждение\b|\b(?:автономная\s+)?некоммерческая\s+(?:обще)?образовательная\s+организация\b")
_LEGAL_SHORT = re.compile(r"\b(?:ф?г|м|ч|н|о|к)?[бак]?н?оу\b|\bаноо?\b")
_LONG_FORMS = (
    (re.compile(r"\bсредняя\s+(?:общеобразовательная\s+)?школа\b"), "сош"),
    (re.compile(r"\bосновная\s+(?:общеобразовательная\s+)?школа\b"), "оош"),
    (re.compile(r"\bначальная\s+(?:общеобразовательная\s+)?школа\b"), "нош"),
    (re.compile(r"\bс?\s*углубленным\s+изучением\s+(?:отдельных\s+)?предметов\b"), "уиоп"),
    (re.compile(r"\bс\s+уиоп\b"), "уиоп"),
    (re.compile(r"\bцентр\s+образования\b"), "цо"),
    (re.compile(r"\bобразовательный\s+центр\b"), "оц"),
    (re.compile(r"\bимени\b"), "им"),
)
_MARKED = re.compile(r"(?:№|\bномер|\bno|\bn)\s*(\d+[а-яa-z]?)\b")
_BARE = re.compile(r"\b(?:сош|оош|нош|школа|гимназия|лицей)\s(\d+[а-яa-z]?)\b")
_SPACES = re.compile(r"\s+")
_MUNICIPAL_WORDS = frozenset({
    "г", "гор", "город", "го", "городской", "городского", "округ", "округа", "р", "н", "рн", "район", "района",
    "муниципальный", "муниципальное", "муниципального", "образование", "образования", "мо", "мр", "м", "о",
    "поселение", "городское", "сельское", "мун"})
_NUMBER = re.compile(r"(?:№|номер|no|n)?\s*(\d+)\s*([а-яa-z])?")


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _forms(text: str) -> str:
    """Legal forms left out and long forms abbreviated, until nothing changes."""
    while True:
        s = _LEGAL_SHORT.sub(" ", text)
        s = _LEGAL_LONG.sub(" ", s)
        for pattern, short in _LONG_FORMS:
            s = pattern.sub(short, s)
        s = _squeeze(s)
        if s == text:
            return s
        text = s


def _marked(text: str, number: str | None) -> tuple[str, str | None]:
    """The first marked number taken out as the school's number; later ones left as plain digits."""
    def swap(m: re.Match[str]) -> str:
        nonlocal number
        if number is None:
            number = m.group(1)
            return " "
        return f" {m.group(1)} "

    return _squeeze(_MARKED.sub(swap, text)), number


@functools.lru_cache(maxsize=1 << 16)
def name_parts(text: str) -> tuple[str, str | None]:
    """A school name as its words and its number (``None`` when it has none).

    >>> name_parts("МБОУ «Средняя общеобразовательная школа № 5 имени А. С. Пушкина»")
    ('сош им а с пушкина', '5')
    >>> name_parts("Гимназия 1"), name_parts("МАОУ ООШ с. Луговое")
    (('гимназия', '1'), ('оош с луговое', None))
    """
    s = _squeeze(_NON_WORD.sub(" ", text.casefold().replace("ё", "е")))
    number: str | None = None
    while True:  # taking a number out or a legal form out may bring the other's pieces together
        before = s
        s, number = _marked(_forms(s), number)
        if s == before:
            break
    if number is None and (bare := _BARE.search(s)) is not None:  # «СОШ 5»: a number right after the kind
        number = bare.group(1)
        s = _squeeze(s[:bare.start(1)] + s[bare.end(1):])
    return s, number


def _key(words: str, number: str | None) -> str:
    return words if number is None else _squeeze(f"{words} №{number}")


def _name_key(value: object) -> str:
    return "" if is_missing(value) else _key(*name_parts(str(value)))


def normalize_names(values: Any) -> np.ndarray:
    """School names in one spelling, for comparison: an object array of strings ("" for missing).

    Case, «ё», quotes, punctuation and spaces do not count; the legal form (МБОУ, МАОУ, МКОУ,
    ГБОУ, МОУ, ЧОУ, «муниципальное бюджетное общеобразовательное учреждение» …) is left out;
    «средняя (общеобразовательная) школа» is «сош», «основная» «оош», «начальная» «нош»,
    «с углублённым изучением отдельных предметов» «уиоп», «имени» «им»; the school's number
    («№ 5», «N5», «No. 5», «номер 5», or a number right after СОШ, школа, гимназия, лицей)
    is one token at the end. Each distinct name is normalised once. Normalising twice
    changes nothing.

    >>> normalize_names(["МБОУ «СОШ №5»", "Средняя общеобразовательная школа N 5", "сош No. 5",
    ...                  "МАОУ Лицей № 2 им. Ломоносова", "Гимназия «Эврика»", None]).tolist()
    ['сош №5', 'сош №5', 'сош №5', 'лицей им ломоносова №2', 'гимназия эврика', '']
    """
    return map_distinct(values, _name_key, missing=None)


@functools.lru_cache(maxsize=1 << 12)
def _municipality(text: str) -> str:
    words = _NON_WORD.sub(" ", text.casefold().replace("ё", "е").replace("№", " ")).split()
    return " ".join(w for w in words if w not in _MUNICIPAL_WORDS)


def normalize_municipalities(values: Any) -> np.ndarray:
    """Municipalities in one spelling: case, «ё», punctuation and the words «г.», «город», «район»,
    «р-н», «муниципальный (район, округ)», «городской округ», «МО» left out ("" for missing).

    >>> normalize_municipalities(["г. Энск", "Город Энск", "городской округ город Энск",
    ...                           "Северный р-н", "Северный муниципальный округ", None]).tolist()
    ['энск', 'энск', 'энск', 'северный', 'северный', '']
    """
    return map_distinct(values, lambda v: "" if is_missing(v) else _municipality(str(v)), missing=None)


def _number(value: object) -> str | None:
    """A school number cell as its token («5», «5а»); ``""`` when the cell is not a number."""
    if is_missing(value):
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and value >= 0 else ""
    m = _NUMBER.fullmatch(_squeeze(_NON_WORD.sub(" ", str(value).casefold())))
    return m.group(1) + (m.group(2) or "") if m else ""


# --- the decisions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameMatch:
    """How one distinct school name of the results (with its municipality and number) was matched.

    Parameters
    ----------
    name, municipality, number : str, optional
        As the results write them (the first spelling met).
    key : str
        The normalised name, number included (:func:`normalize_names`).
    rows : int
        How many result rows carry it.
    method : {"exact", "number", "fuzzy", "ambiguous", "unmatched", "conflict"}
        How it was matched; the last three are problems of its rows.
    score : float, optional
        The fuzzy score (0–100): of the school matched, or of the closest one; 100 for exact.
    school : str, optional
        The code of the school matched.
    school_name : str, optional
        That school's name in the schools table.
    candidates : tuple of str
        The codes of the schools it fits (ambiguous), or the closest school (unmatched).
    """

    name: str | None
    municipality: str | None
    number: str | None
    key: str
    rows: int
    method: Method
    score: float | None = None
    school: str | None = None
    school_name: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        """Whether its rows got a school."""
        return self.method in ("exact", "number", "fuzzy")

    @staticmethod
    def frame(matches: Sequence[NameMatch], lang: str = "en") -> pd.DataFrame:
        """The decisions as a table, one row per distinct name (:func:`matches_frame`).

        >>> NameMatch.frame([NameMatch("Лицей 7", None, None, "лицей №7", 2, "exact", 100.0, "E07")]).shape
        (1, 10)
        """
        return matches_frame(matches, lang)


_FRAME_COLUMNS = {
    "en": ("name", "municipality", "number", "normalised", "rows", "method", "score", "school", "school_name",
           "candidates"),
    "ru": ("Наименование в результатах", "Муниципалитет", "Номер", "Нормализованное наименование", "Строк",
           "Способ", "Сходство", "Код ОО", "Наименование в реестре", "Кандидаты"),
}
_METHODS_RU = {"exact": "точно", "number": "по номеру", "fuzzy": "нечётко", "ambiguous": "неоднозначно",
               "unmatched": "не найдено", "conflict": "конфликт"}


def matches_frame(matches: Sequence[NameMatch], lang: str = "en") -> pd.DataFrame:
    """The decisions as a table: one row per distinct name, headers and methods in ``lang``.

    >>> m = NameMatch("СОШ № 5", "г. Энск", None, "сош №5", 12, "exact", 100.0, "S05", "МБОУ «СОШ № 5»")
    >>> matches_frame([m], "ru").iloc[0][["Способ", "Код ОО"]].tolist()
    ['точно', 'S05']
    """
    import pandas as pd

    ru = lang == "ru"
    rows = [(m.name, m.municipality, m.number, m.key, m.rows, _METHODS_RU[m.method] if ru else m.method,
             None if m.score is None else round(m.score, 1), m.school, m.school_name, ", ".join(m.candidates))
            for m in matches]
    return pd.DataFrame(rows, columns=list(_FRAME_COLUMNS["ru" if ru else "en"]))


def match_counts(matches: Sequence[NameMatch]) -> dict[str, int]:
    """How many distinct names were matched each way (every method, zeros included), and ``names``.

    >>> match_counts([NameMatch("x", None, None, "x", 3, "unmatched")])["unmatched"]
    1
    """
    out = {"names": len(matches), **dict.fromkeys(_METHODS_RU, 0)}
    for m in matches:
        out[m.method] += 1
    return out


def uses_names(match: str, fields: Mapping[str, object]) -> bool:
    """Whether results with these fields are joined by name under ``match`` (see :data:`MATCH_MODES`).

    >>> uses_names("auto", {"school_name": 1, "year": 2}), uses_names("auto", {"school": 0, "school_name": 1})
    (True, False)
    """
    if match == "auto":
        return "school" not in fields and ("school_name" in fields or "school_number" in fields)
    return match in ("name", "exact")


# --- matching -----------------------------------------------------------------------------------------


@dataclass
class _Schools:
    """The schools table indexed for matching, by block — a municipality, or ``None`` for all schools."""

    ids: list[str | None]
    names: list[str | None]
    words: list[str]
    numbers: list[str | None]
    munis: list[str]
    exact: dict[tuple[str | None, str], list[int]] = field(default_factory=dict)
    numbered: dict[tuple[str | None, str], list[int]] = field(default_factory=dict)
    blocks: dict[tuple[str | None, str | None], list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Sequence[Mapping[str, Any]]) -> _Schools:
        names = [_id(r.get("name")) for r in records]
        parts = [("", None) if n is None else name_parts(n) for n in names]
        self = cls([_id(r.get("id")) for r in records], names, [p[0] for p in parts], [p[1] for p in parts],
                   normalize_municipalities([r.get("municipality") for r in records]).tolist())
        for i, (words, number) in enumerate(parts):
            if self.ids[i] is None or not (words or number):
                continue  # a school without a code or a name: its own problem, nothing to match
            for block in dict.fromkeys((self.munis[i] or None, None)):
                self.exact.setdefault((block, _key(words, number)), []).append(i)
                if number is not None:
                    self.numbered.setdefault((block, number), []).append(i)
                if words:
                    self.blocks.setdefault((block, number), []).append(i)
        return self

    @functools.cached_property
    def muni_set(self) -> frozenset[str]:
        return frozenset(m for m in self.munis if m)

    def describe(self, i: int, ru: bool) -> str:
        """A school as a problem names it: «name» (code)."""
        return f"{_quote(self.names[i], ru)} ({self.ids[i]})"


def _id(value: object) -> str | None:
    text = _text(value)
    return text if isinstance(text, str) and text else None


@dataclass
class _Row:
    """One distinct (name, municipality, number) of the results, and what was decided for it."""

    name: Any
    muni: Any
    number: Any
    rows: int
    words: str = ""
    num: str | None = None
    block: str | None = None
    method: Method = "unmatched"
    score: float | None = None
    school: int | None = None
    candidates: tuple[int, ...] = ()
    problem: Problem | None = None  # what its rows' problems say (each gets its row)

    @property
    def key(self) -> str:
        return _key(self.words, self.num)


def _combos(columns: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's combination of values (numbered in order of first appearance), and the first row of each."""
    import pandas as pd

    key = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(pd.Series(col, dtype=object))
        key = pd.factorize(key * (len(uniques) + 1) + (np.asarray(codes, dtype=np.int64) + 1))[0]
    # pd.factorize numbers values in order of first appearance, so the last one numbers the combinations so
    key = np.asarray(key, dtype=np.int64)
    first = np.full(int(key.max()) + 1 if len(key) else 0, len(key), dtype=np.int64)
    np.minimum.at(first, key, np.arange(len(key)))
    return key, first


def _quote(text: object, ru: bool) -> str:
    return f"«{text}»" if ru else repr(text)


# --- what the problems say ------------------------------------------------------------------------------

_CODE = ("or give the results the school code (column «Код ОО»)",
         "или укажите в результатах код школы (столбец «Код ОО»)")
_HINTS = {
    "missing": (" Misspelt names are matched too once rapidfuzz is installed: pip install 'netmatch[names]'.",
                " Наименования с опечатками тоже сопоставляются, если установить rapidfuzz: "
                "pip install 'netmatch[names]'."),
    "off": (" Fuzzy matching is off (match_results='exact', on the command line --match-results exact).",
            " Нечёткое сопоставление выключено (--match-results exact; в Python match_results='exact')."),
    "on": ("", ""),
}


def _problem(column: str, value: object, en: tuple[str, str | None], ru: tuple[str, str | None]) -> Problem:
    return Problem("results", en[0], column=column, value=value, fix=en[1], expected_ru=ru[0], fix_ru=ru[1])


def _where(row: _Row, ru: bool) -> str:
    if row.block is None:
        return ""
    return f" (муниципалитет {_quote(row.muni, True)})" if ru else f" in {row.muni!r}"


def _unmatched(row: _Row, schools: _Schools, fuzzy: str) -> Problem:
    if row.words:
        what = ("none has this name", "школы с таким наименованием нет")
    else:
        what = (f"none has the number {row.num}", f"школы с номером {row.num} нет")
    en = f"a school of the schools table{_where(row, False)}; {what[0]}"
    ru = f"школа из таблицы школ{_where(row, True)}; {what[1]}"
    if row.candidates and row.score is not None:
        i = row.candidates[0]
        en += f"; the closest is {schools.describe(i, False)}, score {row.score:.0f} of the {CUTOFF:.0f} needed"
        ru += f"; ближе всех {schools.describe(i, True)}, сходство {row.score:.0f} при нужных {CUTOFF:.0f}"
    column, value = ("school_name", row.name) if row.words else ("school_number", row.number)
    if value is None:
        value = row.name
    return _problem(column, value, (en, f"Write the name as the schools table does, {_CODE[0]}.{_HINTS[fuzzy][0]}"),
                    (ru, f"Запишите наименование, как в таблице школ, {_CODE[1]}.{_HINTS[fuzzy][1]}"))


def _ambiguous(row: _Row, schools: _Schools, scores: Sequence[float] = ()) -> Problem:
    shown = row.candidates[:3]
    more = len(row.candidates) - len(shown)
    lists = []
    for russian in (False, True):
        items = [schools.describe(i, russian) + (f" {scores[k]:.0f}" if scores else "")
                 for k, i in enumerate(shown)]
        tail = (f" и ещё {more}" if russian else f" and {more} more") if more else ""
        lists.append(", ".join(items) + tail)
    scored = (" (fuzzy scores)", " (сходство)") if scores else ("", "")
    en = f"a name that fits one school{_where(row, False)}; it fits {len(row.candidates)}{scored[0]}: {lists[0]}"
    ru = f"наименование одной школы{_where(row, True)}; подходят {len(row.candidates)}{scored[1]}: {lists[1]}"
    spread = len({schools.munis[i] for i in row.candidates}) > 1
    if row.block is None and spread:
        fix = (f"Add the municipality to the results (column «Муниципалитет»), {_CODE[0]}.",
               f"Добавьте в результаты муниципалитет (столбец «Муниципалитет») {_CODE[1]}.")
    else:
        fix = (f"Write the name so that it fits one school, {_CODE[0]}.",
               f"Уточните наименование, чтобы оно подходило одной школе, {_CODE[1]}.")
    column, value = ("school_name", row.name) if row.words else ("school_number", row.number)
    return _problem(column, value if value is not None else row.name, (en, fix[0]), (ru, fix[1]))


def _conflict(row: _Row, other: _Row, schools: _Schools) -> Problem:
    assert row.school is not None
    return _problem(
        "school_name", row.name,
        (f"one name per school: {other.name!r} is matched to the same school {schools.describe(row.school, False)}",
         f"Write the school's name the same way in every row, {_CODE[0]}."),
        (f"одно наименование на школу: «{other.name}» сопоставлено той же школе {schools.describe(row.school, True)}",
         f"Пишите наименование школы одинаково во всех строках, {_CODE[1]}."))


def _prepare(row: _Row, schools: _Schools) -> None:
    """The row's words, number and block, or its problem: no name, a bad number, an unknown municipality."""
    words, num = ("", None) if is_missing(row.name) else name_parts(str(row.name))
    given = _number(row.number)
    if given == "":
        row.problem = _problem("school_number", row.number, ("a school number such as 5 or «№ 5»", None),
                               ("номер школы, например 5 или «№ 5»", None))
    elif given is not None and num is not None and given != num:
        row.problem = _problem("school_number", row.number,
                               (f"the number in the school's name ({num})", "Write one number, or leave the cell "
                                "empty: the number in the name is enough."),
                               (f"номер из наименования школы ({num})", "Укажите один номер или оставьте ячейку "
                                "пустой: номера в наименовании достаточно."))
    row.words, row.num = words, num if num is not None else given or None
    if row.problem is None and not row.words and row.num is None:
        row.problem = _problem("school_name", row.name,
                               ("a school name or number: the results are joined to the schools by name",
                                f"Give the school's name, {_CODE[0]}."),
                               ("наименование или номер школы: результаты сопоставляются со школами по "
                                "наименованию", f"Укажите наименование школы {_CODE[1]}."))
    muni = "" if is_missing(row.muni) else _municipality(str(row.muni))
    if muni and schools.muni_set:  # a registry without municipalities: the whole registry is the block
        row.block = muni
        if row.problem is None and muni not in schools.muni_set:
            row.problem = _problem(
                "municipality", row.muni,
                ("a municipality of the schools table", "Write it as the schools table does («г.», «район», "
                 "case and punctuation do not matter)."),
                ("муниципалитет из таблицы школ", "Запишите его, как в таблице школ («г.», «район», регистр и "
                 "знаки препинания не важны)."))


def _decide(row: _Row, schools: _Schools) -> None:
    """An exact (or number) match, or ambiguity; left "unmatched" without a problem, it goes on to fuzzy."""
    if row.words:
        found = schools.exact.get((row.block, row.key), [])
    else:
        found = schools.numbered.get((row.block, row.num or ""), [])
    if len(found) == 1:
        row.method, row.school, row.score = ("exact" if row.words else "number"), found[0], 100.0
    elif found:
        row.method, row.candidates, row.score = "ambiguous", tuple(found), 100.0
        row.problem = _ambiguous(row, schools)


def _rapidfuzz() -> ModuleType | None:
    """rapidfuzz, when installed (the ``names`` extra)."""
    try:
        import rapidfuzz.fuzz
        import rapidfuzz.process
    except ImportError:
        return None
    return rapidfuzz


def _score_block(todo: Sequence[_Row], choices: Sequence[int], schools: _Schools, rf: Any) -> None:
    """Fuzzy scores of ``todo`` against the schools ``choices`` of one block, in slices of bounded size."""
    texts = [schools.words[i] for i in choices]
    step = max(1, _CELLS // len(texts))
    for start in range(0, len(todo), step):
        part = todo[start:start + step]
        scores = rf.process.cdist([r.words for r in part], texts, scorer=rf.fuzz.token_sort_ratio,
                                  dtype=np.float32)
        best = scores.max(axis=1)
        near = scores >= best[:, None] - MARGIN
        for k, row in enumerate(part):
            top = float(best[k])
            row.score = round(top, 1)
            if top < CUTOFF:
                row.candidates = (choices[int(np.argmax(scores[k]))],) if top >= _CLOSEST else ()
                continue
            close = np.flatnonzero(near[k])
            if len(close) == 1:
                row.method, row.school = "fuzzy", choices[int(close[0])]
                continue
            ranked = sorted(close.tolist(), key=lambda j: (-float(scores[k, j]), j))
            row.method, row.candidates = "ambiguous", tuple(choices[j] for j in ranked)
            row.problem = _ambiguous(row, schools, [float(scores[k, j]) for j in ranked])


def _fuzzy(rows: Sequence[_Row], schools: _Schools, rf: Any) -> None:
    """The rows left without a school, scored block by block (municipality × number)."""
    groups: dict[tuple[str | None, str | None], list[_Row]] = {}
    for r in rows:
        if r.method == "unmatched" and r.problem is None and r.words:
            groups.setdefault((r.block, r.num), []).append(r)
    for (block, num), todo in groups.items():
        choices = schools.blocks.get((block, num), [])
        if choices:
            _score_block(todo, choices, schools, rf)


def _conflicts(rows: Sequence[_Row], schools: _Schools) -> None:
    """Different names fuzzily matched to a school another name is matched to: a problem, not a merge."""
    by_school: dict[int, list[_Row]] = {}
    for r in rows:
        if r.school is not None and r.method in ("exact", "fuzzy"):
            by_school.setdefault(r.school, []).append(r)
    for group in by_school.values():
        if len({r.key for r in group}) < 2:
            continue
        for r in group:
            if r.method == "fuzzy":
                other = next(g for g in group if g.key != r.key)
                r.problem, r.method = _conflict(r, other, schools), "conflict"


@dataclass(frozen=True)
class NameJoin:
    """What :func:`join_names` found: each row's school, the decisions, the problems.

    Attributes
    ----------
    school : numpy.ndarray
        The code of each row's school (object array), ``None`` for a row with a problem.
    matches : tuple of NameMatch
        One per distinct (name, municipality, number), in order of first appearance.
    problems : list of Problem
        One per row that got no school, ``index`` its row (0-based).
    unjoined : numpy.ndarray
        The rows without a school (int64, sorted).
    """

    school: np.ndarray
    matches: tuple[NameMatch, ...]
    problems: list[Problem]
    unjoined: np.ndarray


def _column(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, None, dtype=object)
    arr = np.empty(n, dtype=object)
    arr[:] = list(values)
    return arr


def _record(row: _Row, schools: _Schools) -> NameMatch:
    name = None if is_missing(row.name) else str(row.name)
    muni = None if is_missing(row.muni) else str(row.muni)
    number = None if is_missing(row.number) else str(row.number)
    school = None if row.school is None or row.method == "conflict" else row.school
    candidates = tuple(str(schools.ids[i]) for i in row.candidates)
    return NameMatch(name, muni, number, row.key, row.rows, row.method, row.score,
                     None if school is None else schools.ids[school],
                     None if school is None else schools.names[school], candidates)


def join_names(columns: Mapping[str, Any], schools: Sequence[Mapping[str, Any]], *, fuzzy: bool = True) -> NameJoin:
    """Give each result row the code of the school its name (municipality, number) names.

    Parameters
    ----------
    columns : mapping
        The results' ``school_name``, ``municipality`` and ``school_number`` columns (any may be
        absent or ``None``; one of name and number is needed), cleaned cells.
    schools : sequence of mapping
        The schools table's records: ``id``, ``name`` and ``municipality`` are used.
    fuzzy : bool
        Whether names without an exact match are matched fuzzily (when rapidfuzz is installed).

    Returns
    -------
    NameJoin

    Examples
    --------
    >>> schools = [{"id": "S05", "name": "МБОУ «СОШ № 5»", "municipality": "г. Энск"},
    ...            {"id": "S07", "name": "МБОУ «Лицей № 7»", "municipality": "г. Энск"},
    ...            {"id": "V05", "name": "МКОУ СОШ №5", "municipality": "Северный район"}]
    >>> j = join_names({"school_name": ["Средняя школа № 5", "Лицей №7", "СОШ № 5", "Гимназия № 9"],
    ...                 "municipality": ["город Энск", "Энск", "Северный р-н", "Энск"]}, schools)
    >>> j.school.tolist(), [m.method for m in j.matches]
    (['S05', 'S07', 'V05', None], ['exact', 'exact', 'exact', 'unmatched'])
    >>> print(j.problems[0].text("en"))
    results, item 3, column 'school_name': got 'Гимназия № 9'; expected a school of the schools table in 'Энск'; ...
    """
    present = [c for c in columns.values() if c is not None]
    n = len(present[0]) if present else 0
    cols = [_column(columns.get(f), n) for f in NAME_FIELDS]
    index = _Schools.of(schools)
    combo, first = _combos(cols)
    counts = np.bincount(combo, minlength=len(first))
    rows = [_Row(cols[0][k], cols[1][k], cols[2][k], int(c)) for k, c in zip(first.tolist(), counts.tolist(),
                                                                              strict=True)]
    for r in rows:
        _prepare(r, index)
        if r.problem is None:
            _decide(r, index)
    rf = _rapidfuzz() if fuzzy else None
    if rf is not None:
        _fuzzy(rows, index, rf)
    _conflicts(rows, index)
    state = "on" if rf is not None else ("off" if not fuzzy else "missing")
    for r in rows:
        if r.method == "unmatched" and r.problem is None:
            r.problem = _unmatched(r, index, state)
    return _expand(rows, combo, index)


def _expand(rows: Sequence[_Row], combo: np.ndarray, schools: _Schools) -> NameJoin:
    """The decisions of the distinct combinations spread over the rows."""
    codes = np.array([schools.ids[r.school] if r.school is not None and r.problem is None else None for r in rows]
                     + [None], dtype=object)
    school = codes[combo] if len(combo) else np.empty(0, dtype=object)
    order = np.argsort(combo, kind="stable")
    bounds = np.searchsorted(combo[order], np.arange(len(rows) + 1))
    problems: list[Problem] = []
    for c, r in enumerate(rows):
        if r.problem is not None:
            problems += [replace(r.problem, index=i) for i in order[bounds[c]:bounds[c + 1]].tolist()]
    problems.sort(key=lambda p: p.index or 0)
    unjoined = np.flatnonzero(np.array([x is None for x in school.tolist()], dtype=bool)).astype(np.int64)
    return NameJoin(school, tuple(_record(r, schools) for r in rows), problems, unjoined)

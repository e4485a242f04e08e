"""The catalog of every word netmatch shows a user, in Russian and English.

One catalog, :data:`CATALOG`, in two kinds of entry:

* **Keyed texts** — the command line's messages, the report's labels, the words framing a
  problem: a section and a key, with the Russian and the English text
  (:meth:`Catalog.keyed`, :meth:`Catalog.text`). Each layer declares its own section beside
  the code that uses it and registers it here, so the catalog holds them all
  (:meth:`Catalog.entries`) while a lower layer never imports a higher one.
* **Messages in English, translated** — gettext's way: the English text is the key (the
  *msgid*) and the entry gives its Russian. Input problems and parameter errors are written in
  English where they are raised (a library's caller reads them as they are), and
  :func:`translate` renders them in Russian for the command line, the report and
  ``InvalidInputError.lines("ru")``. A message built from data is matched by its template:
  ``"a unique school id; item {item} has the same id"`` translates every item number, and a
  placeholder's text is itself translated when the catalog knows it (``"{a} or {b}"``).

Russian is the default language of everything a user reads; English with ``lang="en"``.
A test renders every entry in both languages and fails on an untranslated one, and another
runs the command line in Russian on bad registries and fails on any English word in its output.

>>> translate("a year from 1990 to 2100", "ru")
'год от 1990 до 2100'
>>> translate("a unique school id; item 4 has the same id", "ru")
'уникальный код школы; тот же код у элемента 4'
>>> translate("The 'k' parameter of site_centres must be a whole number of at least 0. Got -1 instead.", "ru")
"Параметр 'k' функции site_centres: ожидается целое число не меньше 0; получено -1."
>>> translate("a year from 1990 to 2100", "en")
'a year from 1990 to 2100'
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from netmatch._words.messages import FILES, INPUTS, NOTES, PARAMETERS, RULE_WORDS

__all__ = ["CATALOG", "Catalog", "Entry", "fill", "placeholders", "translate"]

_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` of a template (``{{`` and ``}}`` are literal braces).

    >>> sorted(placeholders("{a} or {b} {{x}}"))
    ['a', 'b']
    """
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def fill(templates: tuple[str, str], **values: Any) -> tuple[str, str]:
    """A (Russian, English) pair of templates filled in; a value given as a (Russian, English) pair fills each its own.

    >>> fill(("{n} школ, {mode}", "{n} schools, {mode}"), n=3, mode=("очно", "in person"))
    ('3 школ, очно', '3 schools, in person')
    """
    ru, en = templates
    return (ru.format(**{k: v[0] if isinstance(v, tuple) else v for k, v in values.items()}),
            en.format(**{k: v[1] if isinstance(v, tuple) else v for k, v in values.items()}))


@dataclass(frozen=True)
class Entry:
    """One entry: the Russian and English of a keyed text or of an English message.

    Parameters
    ----------
    section : str
        Who uses it (``"cli"``, ``"report"``, ``"inputs"``, ``"parameters"``...).
    key : str
        The key within the section; for a translated message, its English text.
    ru, en : str
        The texts (templates with ``{placeholders}`` where the text is built from data).
    """

    section: str
    key: str
    ru: str
    en: str


def _pattern(template: str) -> re.Pattern[str]:
    """The regular expression that a text built from ``template`` matches (placeholders non-greedy)."""
    parts = []
    for literal, name, _, _ in _FORMATTER.parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


class Catalog:
    """Every text a user reads, in Russian and English (see the module's docstring).

    Examples
    --------
    >>> c = Catalog()
    >>> c.keyed("demo", {"hello": ("привет, {name}", "hello, {name}")})
    >>> c.text("demo", "hello", "ru", name="Оля")
    'привет, Оля'
    >>> c.messages("demo", {"{n} schools": "школ: {n}"})
    >>> c.translate("12 schools", "ru"), c.translate("12 schools", "en")
    ('школ: 12', '12 schools')
    """

    def __init__(self) -> None:
        self._keyed: dict[tuple[str, str], Entry] = {}
        self._exact: dict[str, Entry] = {}
        self._templates: list[tuple[Entry, re.Pattern[str]]] = []
        self._parts: set[str] = set()  # fragments that translate only inside another message

    def keyed(self, section: str, texts: Mapping[str, tuple[str, str]]) -> None:
        """Add keyed texts: ``key -> (Russian, English)``."""
        for key, (ru, en) in texts.items():
            self._keyed[(section, key)] = Entry(section, key, ru, en)

    def keyed_by_language(self, section: str, texts: Mapping[str, Mapping[str, str]]) -> None:
        """Add keyed texts given as ``{"ru": {key: text}, "en": {key: text}}`` (a key missing in one stays empty)."""
        keys = dict.fromkeys([*texts.get("ru", {}), *texts.get("en", {})])
        self.keyed(section, {k: (texts.get("ru", {}).get(k, ""), texts.get("en", {}).get(k, "")) for k in keys})

    def messages(self, section: str, texts: Mapping[str, str], *, parts: bool = False) -> None:
        """Add English messages with their Russian: ``English template -> Russian template``.

        With ``parts`` the entries are fragments (``"{a} or {b}"``, ``"at least {n}"``): they
        translate a placeholder's text or a text marked as a part, never a whole message, so
        that a generic pattern cannot match a sentence it was not written for.
        """
        for en, ru in texts.items():
            if parts:
                self._parts.add(en)
            entry = Entry(section, en, ru, en)
            if placeholders(en):
                self._templates.append((entry, _pattern(en)))
            else:  # keyed by the text as shown: a literal brace is written {{ in the template
                self._exact[en.format()] = entry
        # the most specific template first: the longest literal text wins over "{a} or {b}"
        self._templates.sort(key=lambda t: -len(re.sub(r"\{[^{}]*\}", "", t[0].en)))
        self._russian.cache_clear()

    def text(self, section: str, key: str, lang: str, **values: Any) -> str:
        """The keyed text in ``lang`` (anything but ``"ru"`` is English), filled with ``values``."""
        entry = self._keyed[(section, key)]
        template = entry.ru if lang == "ru" else entry.en
        return template.format(**values) if values else template

    def translate(self, text: str, lang: str, *, part: bool = False) -> str:
        """An English message in ``lang``: itself in English, its catalog Russian in Russian.

        ``part`` says that ``text`` is a part of a message (what a parameter accepts, say), so
        the fragments apply too. A text the catalog does not know is returned as it is (a test
        fails on any that a user can meet).
        """
        return text if lang != "ru" else self._russian(text, part)

    def knows(self, text: str, *, part: bool = False) -> bool:
        """Whether :meth:`translate` has a Russian for ``text``."""
        return self._russian(text, part) != text or text in self._exact

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one catalog per process; the same messages repeat per row
    def _russian(self, text: str, part: bool) -> str:
        entry = self._exact.get(text)
        if entry is not None and (part or entry.en not in self._parts):
            return entry.ru.format()
        for entry, pattern in self._templates:
            if not part and entry.en in self._parts:
                continue
            m = pattern.fullmatch(text)
            if m:
                return entry.ru.format(**{k: self._russian(v, True) for k, v in m.groupdict().items()})
        return text

    def entries(self) -> Iterator[Entry]:
        """Every entry, keyed texts first, in the order they were added."""
        yield from self._keyed.values()
        yield from self._exact.values()
        yield from (entry for entry, _ in self._templates)


#: The one catalog of the package.
CATALOG = Catalog()


def translate(text: str, lang: str, *, part: bool = False) -> str:
    """An English message in ``lang`` from :data:`CATALOG` (see :meth:`Catalog.translate`).

    >>> translate("'needy' or 'all'", "ru", part=True), translate("'needy' or 'all'", "ru")
    ("'needy' или 'all'", "'needy' or 'all'")
    """
    return CATALOG.translate(text, lang, part=part)

CATALOG.messages("inputs", INPUTS)
CATALOG.messages("files", FILES)
CATALOG.messages("notes", NOTES)
CATALOG.messages("parameters", PARAMETERS)
CATALOG.messages("parameters", RULE_WORDS, parts=True)

"""Hostile names in the HTML report: every value from the input comes out as text, never as markup.

A registry whose school ids, names, settlements, municipality, resource ids and names, assessment
names and registry name carry markup, plus a plan name, notes, settings, warnings and kinds of
school that do too, is rendered in both languages and parsed with :mod:`html.parser`: the page
has the very elements and attributes of the same plan with plain names, each hostile string
comes back whole as text or as an attribute's value, and the only script is the report's own.
The same page in real Chromium is checked in ``tests/test_report.py``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

import pandas as pd
import pytest

import netmatch as nm
from netmatch import report
from netmatch._scenario import plan
from netmatch.report.tables import Column, Table

#: What the input tries to inject: tags that run script (`__pwned` says which one did), attributes
#: broken out of double and single quotes, a comment, CDATA's end, a template expression,
#: ampersands (one already an entity), the line separators that end a JavaScript string, and
#: elements that would swallow the rest of the page.
PAYLOADS = (
    '</script><img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
    "'onmouseover='window.__pwned=4' x='",
    "<!-- {{7*7}} ]]> & &amp; \u2028\u2029 <b>",
    "</title><textarea><style>",
)
#: Schools whose ids become hostile: leaders, partners and hosts of resources among them.
HOSTILE_IDS = {"S01": PAYLOADS[0], "S05": PAYLOADS[1], "S12": PAYLOADS[2], "S09": PAYLOADS[3], "S17": PAYLOADS[4]}
#: Attributes that place a marker or a label: they move with the length of a name, nothing else.
_GEOMETRY = frozenset({"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "text-anchor", "d"})

class _Page(HTMLParser):
    """A page as the parser reads it: each start tag with its attributes, and each run of text by element."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.texts: list[tuple[str, str]] = []  # (the enclosing element, its text)
        self._open: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))
        self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:  # close up to the matching tag, as a browser would
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        self.texts.append((self._open[-1] if self._open else "", data))

    def shape(self) -> Counter[tuple[str, tuple[str, ...]]]:
        """Each element by its tag and its attributes' names."""
        return Counter((tag, tuple(sorted(k for k, _ in attrs))) for tag, attrs in self.tags)

    def values(self, swap: Callable[[str], str] = str) -> Counter[tuple[str, str, str]]:
        """Each attribute's value (but where a marker or a label sits), ``swap`` applied."""
        return Counter((tag, k, swap(v or "")) for tag, attrs in self.tags for k, v in attrs if k not in _GEOMETRY)

    def words(self, swap: Callable[[str], str] = str) -> Counter[tuple[str, str]]:
        """Each run of text with its element, ``swap`` applied (but the scripts: see :func:`_data`)."""
        return Counter((tag, swap(text)) for tag, text in self.texts if tag != "script")

    def attrs(self, tag: str, name: str) -> list[str]:
        """The values of attribute ``name`` on every ``tag``."""
        return [v or "" for t, attrs in self.tags if t == tag for k, v in attrs if k == name]

    def text_in(self, tag: str) -> str:
        """All the text directly inside the elements ``tag``, joined."""
        return "".join(text for t, text in self.texts if t == tag)


def _data(page: str) -> Any:
    """The page's data element (tables and map, :mod:`netmatch.report.embed`) as the browser reads it."""
    import json

    parsed = _Page(page)
    scripts = [text for tag, text in parsed.texts if tag == "script"]
    assert parsed.attrs("script", "type") == ["application/json"] and parsed.attrs("script", "data-enc") == ["json"]
    return json.loads(scripts[0])


def _token(text: str) -> str:
    """Each payload in ``text`` as a plain word: the name a sane registry would give."""
    for i, p in enumerate(PAYLOADS):
        text = text.replace(p, f"NAME{i}")
    return text


def _swapped(x: Any) -> Any:
    """A saved plan with every payload in its texts and keys made a plain word (:func:`_token`)."""
    if isinstance(x, str):
        return _token(x)
    if isinstance(x, Mapping):
        return {_swapped(k): _swapped(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_swapped(v) for v in x]
    return x


def _swapped_table(t: Table) -> Table:
    """A table with plain words for the payloads in its key, headers, kinds and cells."""
    return Table(_token(t.key), _token(t.title), tuple(Column(*(_token(x) for x in (c.key, c.ru, c.en, c.kind)))
                                                       for c in t.columns),
                 _swapped(t.rows), _token(t.note))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as the dicts a registry takes, missing values left out."""
    return [{k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and v != v)}
            for row in frame.to_dict("records")]


def hostile_registry() -> nm.Registry:
    """The demo registry with markup in its ids, names, places, resources, an assessment and its own name."""
    demo = nm.datasets.load_demo().to_frames()

    def sid(x: str) -> str:
        return HOSTILE_IDS.get(x, x)

    schools = demo.schools.copy()
    schools["id"] = schools["id"].map(sid)
    schools["partners"] = schools["partners"].map(lambda ids: tuple(sid(x) for x in ids))
    schools["name"] = [f"{PAYLOADS[i % len(PAYLOADS)]} №{i + 1}" for i in range(len(schools))]
    schools["settlement"] = [PAYLOADS[(i + 2) % len(PAYLOADS)] for i in range(len(schools))]
    schools["municipality"] = PAYLOADS[5]
    resources = demo.resources.copy()
    resources["host"] = resources["host"].map(sid)
    resources["id"] = [f"{PAYLOADS[i % len(PAYLOADS)]}{i}" for i in range(len(resources))]
    resources["name"] = PAYLOADS[0]
    results = demo.results.copy()
    results["school"] = results["school"].map(sid)
    # a regional diagnostic of its own name: it reaches the pairs' explanations and a chart's caption
    rdr = results[results["procedure"] == "vpr"].assign(procedure="rdr")
    return nm.Registry(schools=_records(schools), results=pd.concat([results, rdr]).to_dict("list"),
                       resources=_records(resources), name=PAYLOADS[1],
                       assessments=[{"code": "rdr", "name_ru": PAYLOADS[0], "name_en": PAYLOADS[3],
                                     "scale_min": 0, "scale_max": 100}])


def hostile_record() -> dict[str, Any]:
    """A saved plan of :func:`hostile_registry`, with a new centre, and markup in what the plan itself says."""
    from netmatch.cli.settings import SitingOptions
    from netmatch.cli.siting import siting_record

    p = plan(hostile_registry(), name=PAYLOADS[2])
    record = report.plan_record(p, siting=siting_record(p.registry, SitingOptions(k=1), p.identification))
    record["notes"] = [*record["notes"], PAYLOADS[4], PAYLOADS[0]]
    record["settings"] = {"constraints": {"max_km": PAYLOADS[1], PAYLOADS[3]: 30}, PAYLOADS[2]: {"x": PAYLOADS[5]}}
    record["warnings"] = [{"code": PAYLOADS[3], "rule": PAYLOADS[4], "text_ru": PAYLOADS[0], "text_en": PAYLOADS[1],
                           "fix": PAYLOADS[2], "adapted": False}]
    record["school_kinds"] = {**record["school_kinds"], PAYLOADS[5]: "exclude"}
    return record


@pytest.fixture(scope="module")
def hostile() -> dict[str, Any]:
    return hostile_record()


@pytest.fixture(scope="module", params=["ru", "en"])
def pages(request: pytest.FixtureRequest, hostile: dict[str, Any]) -> tuple[str, str, str]:
    """(language, the page with hostile names, the page of the same plan with plain names)."""
    lang = str(request.param)
    return lang, report.render_html(hostile, lang), report.render_html(_swapped(hostile), lang)


def test_the_input_is_hostile_where_the_report_shows_it(hostile: dict[str, Any]) -> None:
    # guard the test itself: the payloads reach the parts of the plan the page is built from
    ids = {s["id"] for s in hostile["schools"]}
    assert set(HOSTILE_IDS.values()) <= ids
    assert {p["leader"] for p in hostile["pairs"]} & set(HOSTILE_IDS.values())
    assert any(PAYLOADS[0] in p["explanation_ru"] for p in hostile["pairs"])  # the assessment's name
    assert {f["host"] for f in hostile["sharing"]["flows"]} & set(HOSTILE_IDS.values())
    assert {d["procedure"] for d in hostile["dynamics"]} >= {"rdr"}
    assert hostile["registry"] == PAYLOADS[1] and hostile["name"] == PAYLOADS[2]


def test_no_element_or_attribute_is_injected(pages: tuple[str, str, str]) -> None:
    _, page, plain = pages
    got, want = _Page(page), _Page(plain)
    # the same elements with the same attributes as the plan with plain names
    assert got.shape() == want.shape()
    assert not [k for _, attrs in got.tags for k, _ in attrs if k.startswith("on")]
    assert {t for t, _ in got.tags}.isdisjoint({"img", "textarea", "iframe", "object", "embed"})
    assert [t for t, _ in got.tags].count("script") == 2 and [t for t, _ in got.tags].count("style") == 1
    data_start = page.index('<script type="application/json"')
    data = page[data_start:page.index("</script>", data_start)]
    markup = page.replace(data, "")
    for p in PAYLOADS:  # never in the markup as it is: only escaped
        assert p not in markup
    # in the data element no character can end it or open a tag: JSON escapes them
    assert data.count("<") == 1 and ">" not in data[data.index(">") + 1:] and "&" not in data


def test_hostile_strings_come_back_whole_as_text(pages: tuple[str, str, str]) -> None:
    _, page, plain = pages
    got, want = _Page(page), _Page(plain)
    # text for text and value for value, the page is the plain one with the names put back
    assert got.words(_token) == want.words()
    assert got.values(_token) == want.values()
    # and the names are there, whole, where a reader looks for them
    assert got.text_in("title").startswith("План сетевого взаимодействия школ — " if pages[0] == "ru" else
                                           "School partnership plan — ") and PAYLOADS[1] in got.text_in("title")
    # the data the map and the long tables are drawn from: the same as the plain page's, names put back
    assert _swapped(_data(page)) == _data(plain)
    assert set(HOSTILE_IDS.values()) <= set(_data(page)["map"]["id"])
    assert {f"{PAYLOADS[0]} — {PAYLOADS[0]} №1"} <= {text for tag, text in got.texts if tag == "td"}
    meta = got.text_in("div")
    assert PAYLOADS[1] in meta and f"«{PAYLOADS[2]}»" in meta
    assert PAYLOADS[0] in got.text_in("figcaption") or PAYLOADS[3] in got.text_in("figcaption")
    assert {PAYLOADS[3]} <= set(got.attrs("li", "data-code"))
    assert "{{7*7}}" in got.text_in("td") and "\u2028" in got.text_in("td") and "&amp;" in got.text_in("td")


def test_the_only_script_is_the_reports_own(pages: tuple[str, str, str]) -> None:
    # no input value reaches the code: the page's script is the vendored libraries and the report's own files;
    # the input is only in the data element, which is JSON (checked above) and never run
    got = _Page(pages[1])
    folder = files("netmatch.report")
    parts = [(folder / "vendor" / f).read_text(encoding="utf-8") for f in ("leaflet.js", "supercluster.min.js")]
    parts += [(folder / "templates" / f).read_text(encoding="utf-8") for f in ("tables.js", "map.js", "report.js")]
    code = [text for tag, text in got.texts if tag == "script"][1]
    assert code == "\n" + "\n".join(parts)  # the template puts each on lines of its own
    assert got.attrs("script", "src") == []
    css = (folder / "templates" / "report.css").read_text(encoding="utf-8")
    assert got.text_in("style") == "\n" + (folder / "vendor" / "leaflet.css").read_text(encoding="utf-8") + "\n" + css


def test_a_chart_year_and_a_tables_own_words_are_escaped() -> None:
    # a plan read back from plan.json may say anything: what the page shows of it is escaped too
    from netmatch.report.charts import charts_html
    from netmatch.report.html import html_table

    dyn = [{"procedure": PAYLOADS[1], "group": "paired", "year": PAYLOADS[0], "z": -0.5, "schools": 3}]
    chart = charts_html({"dynamics": dyn}, "en")
    assert PAYLOADS[0] not in chart and PAYLOADS[1] not in chart
    assert f">{html.escape(PAYLOADS[0])}</text>" in chart
    t = Table(PAYLOADS[2], PAYLOADS[3], (Column(PAYLOADS[3], PAYLOADS[4], PAYLOADS[4], PAYLOADS[2]),),
              [[PAYLOADS[5]]], PAYLOADS[0])
    table = html_table(t, "ru")
    got = _Page(table)
    assert got.shape() == _Page(html_table(_swapped_table(t), "ru")).shape()
    assert got.attrs("table", "id") == [f"t-{PAYLOADS[2]}"] and got.attrs("td", "class") == [PAYLOADS[2]]
    assert got.text_in("th") == PAYLOADS[4] and got.text_in("td") == PAYLOADS[5]


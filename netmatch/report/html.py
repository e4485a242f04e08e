"""The HTML report: one self-contained page that opens with no network.

KPI cards against the programme targets (100% of ШНОР/ШНСУ in a partnership, at least half of
all schools in the network), the district map (:mod:`netmatch.report.map`), sortable tables
(a few lines of inline JavaScript), charts of the results dynamics
(:mod:`netmatch.report.charts`) and a print stylesheet. The page skeleton, its stylesheet and
its script are files in ``netmatch/report/templates/`` (``report.html``, ``report.css``,
``report.js``), rendered with Jinja2 with autoescaping on; the sections are built here.

>>> import netmatch as nm
>>> from netmatch._scenario import plan
>>> from netmatch.report.record import plan_record
>>> page = render_html(plan_record(plan(nm.datasets.load_demo())), "en")
>>> page.startswith('<!DOCTYPE html>\\n<html lang="en">'), page.count("<section ")
(True, 11)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netmatch._identify import DEFAULT_SCHOOL_KINDS
from netmatch._words import translate
from netmatch.exceptions import InvalidInputError
from netmatch.report.charts import charts_html
from netmatch.report.embed import data_script, table_columns
from netmatch.report.map import map_data, map_html, map_words
from netmatch.report.params import setting_rows
from netmatch.report.record import plan_warnings
from netmatch.report.tables import Column, Table, kpi_rows, tables
from netmatch.report.words import METHOD, escape, fmt, li, no_coordinates, plan_name, school_kind_label, ui

if TYPE_CHECKING:
    from jinja2 import Template

__all__ = ["html_table", "kpi_cards", "render_html", "settings_html", "warnings_html"]

#: Sections printed on the portrait first page; the others print on landscape pages.
_PORTRAIT = ("kpis", "map")


def _merge(t: Table, id_key: str, name_key: str) -> Table:
    """The table with an id column and its name column shown as one «S01 — name» column."""
    keys = [c.key for c in t.columns]
    if id_key not in keys or name_key not in keys:
        return t
    a, b = keys.index(id_key), keys.index(name_key)
    col = t.columns[a]
    cols = tuple(Column(col.key, col.ru, col.en, "name") if j == a else c for j, c in enumerate(t.columns) if j != b)
    rows = [[(f"{r[a]} — {r[b]}" if r[b] else r[a]) if j == a else v for j, v in enumerate(r) if j != b]
            for r in t.rows]
    return Table(t.key, t.title, cols, rows, t.note)


def _cell(v: Any, kind: str, lang: str) -> str:
    """A table cell; numbers carry their value in ``data-v`` for sorting."""
    sort = f' data-v="{v}"' if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) else ""
    return f'<td class="{escape(kind)}"{sort}>{escape(fmt(v, kind, lang))}</td>'


#: Tables longer than this are carried as data and drawn a page at a time (see :mod:`netmatch.report.embed`).
STATIC_MAX = 500
#: Rows of a page of such a table.
PAGE_ROWS = 100
_SEARCH_MIN = 15  # a table this long gets a search box
_NUMERIC = frozenset({"int", "num", "km", "score", "share", "mixed"})  # kinds of column sorted by number
_TABLE_WORDS = ("t_rows", "t_prev", "t_next", "t_none")  # the words of the tables' script


def _tools(t: Table, lang: str, paged: bool) -> str:
    """The search box above a long table, and the pager of a table carried as data."""
    if len(t.rows) < _SEARCH_MIN:
        return ""
    box = (f'<div class="table-tools"><input type="search" class="table-search" data-for="t-{escape(t.key)}" '
           f'placeholder="{escape(ui("t_search", lang))}" aria-label="{escape(ui("t_search", lang))}">')
    if paged:
        box += f'<span class="pager" data-for="t-{escape(t.key)}"></span>'
    return box + "</div>"


def _table_data(t: Table, cols: Sequence[Column], idx: Sequence[int], kinds: Sequence[Sequence[str]],
                lang: str) -> dict[str, Any]:
    """The columns ``cols`` (at ``idx`` of ``t``) as the page's data: texts as shown, numbers to sort by."""
    values = [[row[j] for row in t.rows] for j in idx]
    texts = [[fmt(v, k, lang) for v, k in zip(vs, ks, strict=True)] for vs, ks in zip(values, kinds, strict=True)]
    numeric = [vs if c.kind in _NUMERIC else None for vs, c in zip(values, cols, strict=True)]
    return {"n": len(t.rows), "kinds": [c.kind for c in cols], "c": table_columns(texts, numeric)}


def html_table(t: Table, lang: str, keys: Sequence[str] | None = None,
               merge: Sequence[tuple[str, str]] = (), data: dict[str, Any] | None = None) -> str:
    """A sortable HTML table of ``t`` (only the columns ``keys``, ids merged with their names).

    With ``data`` (the page's data) a table longer than :data:`STATIC_MAX` rows goes there, and the
    page's script draws it :data:`PAGE_ROWS` at a time, with search and sort over all its rows.

    >>> t = Table("t", "T", (Column("id", "Код", "Id"), Column("name", "Имя", "Name"), Column("n", "N", "N", "int")),
    ...           [["S1", "Школа", 3]])
    >>> html_table(t, "en", merge=(("id", "name"),))[-60:]
    '<td class="int" data-v="3">3</td></tr></tbody></table></div>'
    """
    for id_key, name_key in merge:
        t = _merge(t, id_key, name_key)
    cols = [c for c in t.columns if keys is None or c.key in keys]
    idx = [t.columns.index(c) for c in cols]
    if not t.rows:
        return f'<p class="empty">{escape(t.note)}</p>'
    # a Table is public: its key and kinds are escaped like its texts, whoever built it
    head = "".join(f'<th class="{escape(c.kind)}" scope="col" tabindex="0">{escape(c.header(lang))}</th>'
                   for c in cols)
    kinds = [[c.kind if c.kind != "mixed" else t.row_kinds[n] for n in range(len(t.rows))] for c in cols]
    paged = data is not None and len(t.rows) > STATIC_MAX
    if data is not None and paged:
        data[t.key] = _table_data(t, cols, idx, kinds, lang)
        body = ""
    else:
        body = "".join("<tr>" + "".join(_cell(row[j], kinds[m][n], lang) for m, j in enumerate(idx)) + "</tr>"
                       for n, row in enumerate(t.rows))
    paged_attr = f' data-paged="{PAGE_ROWS}"' if paged else ""
    return (f'{_tools(t, lang, paged)}<div class="table-wrap"><table class="sortable" id="t-{escape(t.key)}"'
            f'{paged_attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
            + (f'<p class="note print-only">{escape(ui("t_printed", lang).format(n=len(t.rows)))}</p>'
               if paged else ""))


def _target_bar(r: Mapping[str, Any], lang: str) -> str:
    """A KPI's progress bar with the target marked, and its «target met» badge."""
    met = bool(r["met"])
    share = max(0.0, min(1.0, float(r["value"] or 0)))
    return (f'<div class="bar" role="img" aria-label="{escape(r["text"])}"><div class="fill" '
            f'style="width:{100 * share:.1f}%"></div><div class="mark" style="left:{100 * r["target"]:.1f}%">'
            f'</div></div><div class="target">{ui("target", lang)}: '
            f'{"≥ " if r["target"] < 1 else ""}{100 * r["target"]:.0f}%</div>'
            f'<span class="badge">{"✓" if met else "✗"} {ui("met" if met else "not_met", lang)}</span>')


def kpi_cards(record: Mapping[str, Any], lang: str) -> str:
    """The programme indicators as cards; those with a target show a bar and whether it is met.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> kpi_cards(plan_record(plan(nm.datasets.load_demo())), "en").count('class="kpi met"')
    2
    """
    cards = []
    for r in kpi_rows(record, lang):
        if r["key"] in ("low_results", "unfavourable"):
            continue
        cls, extra = "kpi", ""
        if r["target"] is not None:
            cls += " met" if r["met"] else " missed"
            extra = _target_bar(r, lang)
        sub = f'<div class="sub">{escape(r["sub"])}</div>' if r["sub"] else ""
        cards.append(f'<div class="{cls}" data-kpi="{escape(r["key"])}"><div class="label">{escape(r["label"])}</div>'
                     f'<div class="value">{escape(r["big"])}</div>{sub}{extra}</div>')
    return f'<div class="cards">{"".join(cards)}</div>'


def settings_html(record: Mapping[str, Any], lang: str) -> str:
    """The settings the plan was made with, one row per parameter set: its name and value in words, with the unit.

    >>> "<tr><td>Наибольшее расстояние очной пары</td><td>30 км</td></tr>" in settings_html(
    ...     {"settings": {"constraints": {"max_km": 30}}}, "ru")
    True
    """
    rows = [f"<tr><td>{escape(name)}</td><td>{escape(value)}</td></tr>"
            for name, value in setting_rows(record.get("settings"), lang)]
    kinds = kinds_html(record, lang)
    if not rows:
        return f'<p class="note">{ui("defaults", lang)}</p>{kinds}'
    return (f'<table class="settings"><tbody>{"".join(rows)}</tbody></table><p class="note">{ui("others", lang)}</p>'
            + kinds)


def kinds_html(record: Mapping[str, Any], lang: str) -> str:
    """Which kinds of school identification compared apart (``rules.school_kinds``), as one paragraph.

    >>> kinds_html({"school_kinds": {"special": "exclude", "evening": "own_group"}}, "ru")[:80]
    '<p class="kinds"><b>Типы школ при выявлении ШНОР и лидеров:</b> коррекционная — '
    >>> kinds_html({}, "en")
    ''
    """
    kinds = record.get("school_kinds")
    if kinds is None:  # a plan saved before the setting was recorded
        return ""
    parts = [f"{escape(school_kind_label(k, lang))} — {ui('kinds_' + how, lang)}" for k, how in kinds.items()
             if how in ("exclude", "own_group", "compare")]
    text = "; ".join([*parts, ui("kinds_rest", lang)]) if parts else ui("kinds_all", lang)
    if kinds == {str(k): how for k, how in DEFAULT_SCHOOL_KINDS.items()}:
        text += f" ({ui('kinds_default', lang)})"
    return f'<p class="kinds"><b>{ui("kinds", lang)}:</b> {text}.</p>'


def warnings_html(record: Mapping[str, Any], lang: str) -> str:
    """The warnings of identification as a marked box for the top of the page; ``""`` without any.

    >>> w = {"code": "years_short", "text_ru": "лидеры не выбираются", "text_en": "no leaders",
    ...      "fix": "rules.leader_years=1"}
    >>> box = warnings_html({"warnings": [w]}, "en")
    >>> box[:40], "<code>--set rules.leader_years=1</code>" in box
    ('<aside class="warnings" role="note" aria', True)
    >>> warnings_html({}, "en")
    ''
    """
    items = []
    for w in plan_warnings(record):
        fix = (f' <span class="fix">{ui("warn_state" if w["adapted"] else "warn_fix", lang)}: '
               f'<code>--set {escape(w["fix"])}</code></span>') if w["fix"] else ""
        items.append(f'<li data-code="{escape(w["code"])}">{escape(w["text_" + ("ru" if lang == "ru" else "en")])}'
                     f"{fix}</li>")
    if not items:
        return ""
    return (f'<aside class="warnings" role="note" aria-labelledby="warn-head"><h2 id="warn-head">⚠ '
            f'{ui("warnings", lang)} ({len(items)})</h2><p>{ui("warn_lead", lang)}</p><ul>{"".join(items)}</ul>'
            "</aside>")


def _sections(record: Mapping[str, Any], lang: str, data: dict[str, Any],
              ts: Mapping[str, Table]) -> list[tuple[str, str, str, str]]:
    """The page's sections in order: (key, title, HTML content, print class); long tables go into ``data``."""
    sites = ts["sites"]
    no_xy = len(no_coordinates(record))
    # the ids are listed once, in the indicators; under the map only how many are missing from it
    map_note = f'<p class="note">{escape(ui("no_xy_map", lang).format(n=no_xy))}</p>' if no_xy else ""
    sections = [
        ("kpis", ui("kpis", lang), kpi_cards(record, lang), "keep"),
        ("map", ui("map", lang), map_html(record, lang) + map_note, "keep"),
        ("pairs", ui("pairs", lang),
         f'<p class="note">{escape(ui("score_help", lang))}</p><p class="note hint">{ui("sort", lang)}</p>'
         + html_table(ts["pairs"], lang, ("leader", "partner", "status", "subject", "score", "km", "minutes", "mode",
                                          "explanation"), (("leader", "leader_name"), ("partner", "partner_name")),
                    data),
         "pagebreak"),
        ("unpaired", ui("unpaired", lang), html_table(ts["unpaired"], lang, merge=(("school", "name"),), data=data),
         ""),
        *([("indicators", ui("indicators", lang),
            html_table(ts["indicators"], lang, ("name", "group", "value", "numerator", "denominator", "target",
                                                "met", "note"), data=data), "")] if "indicators" in ts else []),
        ("dynamics", ui("dynamics", lang), charts_html(record, lang), "keep"),
        ("resources", ui("resources", lang),
         html_table(ts["resources"], lang, ("school", "profile", "resource", "host", "groups", "group_hours",
                                            "minutes", "mode", "status", "reason"), (("school", "name"),), data)
         + f'<h3 style="margin-top:14px">{ui("use", lang)}</h3>'
         + html_table(ts["resource_use"], lang, ("resource", "kind", "host", "seats", "capacity", "used", "share"),
                      data=data),
         "pagebreak"),
        ("sites", ui("sites", lang), html_table(sites, lang, merge=(("centre", "name"),), data=data)
         + (f'<p class="note">{escape(sites.note)}</p>' if sites.note and sites.rows else ""), ""),
        *_people(ts, lang, data),
        ("schools", ui("schools", lang),
         html_table(ts["schools"], lang, ("id", "settlement", "status", "links", "resources", "centre",
                                          "overall_z", "reasons"), (("id", "name"),), data), "pagebreak"),
        ("settings", ui("settings", lang), settings_html(record, lang), ""),
    ]
    notes = record.get("notes") or []
    if notes:
        items = "".join(f"<li>{escape(translate(n, lang))}</li>" for n in notes)  # notes are kept in English
        sections.append(("notes", ui("notes", lang), f"<ul>{items}</ul>", ""))
    return sections


def _people(ts: Mapping[str, Table], lang: str, data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The section of curators and mentors, when the plan assigned either (none otherwise)."""
    parts = []
    if "curators" in ts:
        cur = ts["curators"]
        parts.append(f'<h3>{ui("curators", lang)}</h3>'
                     + html_table(cur, lang, ("school", "curator", "person", "mode", "km", "matched", "reason"),
                                  (("school", "name"),), data) + f'<p class="note">{escape(cur.note)}</p>')
    if "mentors" in ts:
        men = ts["mentors"]
        parts.append(f'<h3 style="margin-top:14px">{ui("mentors", lang)}</h3>'
                     + html_table(men, lang, ("school", "subject", "teacher", "mentor_school", "mentor", "reason"),
                                  (("school", "name"), ("mentor_school", "mentor_school_name")), data)
                     + f'<p class="note">{escape(men.note)}</p>')
    out = [("people", ui("people", lang), "".join(parts), "pagebreak")] if parts else []
    if "events" in ts:
        ev = ts["events"]
        out.append(("events", ui("events", lang),
                    html_table(ev, lang, ("date", "start", "event", "for", "form", "place", "participants",
                                          "responsible", "note"), data=data)
                    + f'<p class="note">{escape(ev.note)}</p>', "pagebreak"))
    return out


@functools.cache
def _page() -> Template:
    """The page skeleton (``templates/report.html``), loaded once."""
    try:
        import jinja2
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError(["Writing the HTML report needs jinja2: pip install 'netmatch[report]'."]) from None
    env = jinja2.Environment(loader=jinja2.PackageLoader("netmatch.report", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("report.html")


@functools.cache
def _vendor(name: str) -> str:
    """A vendored file of ``vendor/`` (Leaflet, supercluster: see its README), read once."""
    from importlib.resources import files

    return (files("netmatch.report") / "vendor" / name).read_text(encoding="utf-8")


def _text(x: Any) -> str:
    return "" if x is None else str(x)


def render_html(record: Mapping[str, Any], lang: str = "ru", *, prepared: Mapping[str, Table] | None = None) -> str:
    """The whole report as one HTML page that needs no network (inline CSS, JavaScript and data).

    ``prepared`` are the plan's :func:`~netmatch.report.tables.tables` when already made for this
    record and ``lang``.

    >>> import netmatch as nm
    >>> from netmatch._scenario import plan
    >>> from netmatch.report.record import plan_record
    >>> "Карта района" in render_html(plan_record(plan(nm.datasets.load_demo())))
    True
    """
    page = _page()  # first: without Jinja2 this says which extra to install
    from markupsafe import Markup  # Jinja2's own dependency

    years = record.get("years") or []
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
    method = METHOD.get(str(record.get("method")), ("", ""))[li(lang)] or record.get("method")
    # the sections are HTML built (and escaped) here; everything else the template escapes
    ts = prepared if prepared is not None else tables(record, lang)
    tables_data: dict[str, Any] = {}
    sections = [{"key": key, "name": name, "content": Markup(content),
                 "cls": cls + ("" if key in _PORTRAIT else " wide")}
                for key, name, content, cls in _sections(record, lang, tables_data, ts)]
    words_js = {**map_words(lang), **{k: ui(k, lang) for k in _TABLE_WORDS}}
    data = {"lang": lang, "tables": tables_data, "map": map_data(record, lang, ts["schools"]), "words": words_js}
    words = {k: ui(k, lang) for k in ("plan", "method", "years", "contents", "generated")}
    return page.render(lang=lang, title=ui("title", lang), order=ui("order", lang), words=words,
                          warnings=Markup(warnings_html(record, lang)),
                          registry=_text(record.get("registry")), name=plan_name(record.get("name"), lang),
                          method=_text(method), span=span, sections=sections, version=_text(record.get("netmatch")),
                       data=Markup(data_script(data)), vendor_js=Markup(_vendor("leaflet.js") + "\n"
                                                                     + _vendor("supercluster.min.js")),
                       vendor_css=Markup(_vendor("leaflet.css")))

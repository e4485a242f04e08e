"""The report's interactive map: Leaflet with supercluster, embedded, so that it works with no network.

Python prepares the data — one compact, column-wise dictionary (:func:`map_data`): every school
with coordinates (position, status, the texts of its tooltip and panel), the pairs, the resource
use, the resource hosts and the proposed centres, as indexes into the school columns. The page's
script (``templates/map.js``) draws it with the vendored Leaflet (Web Mercator, so positions and
lengths are true to the coordinates and the scale bar holds at the map's latitude) and clusters
large registries with supercluster. :func:`map_html` is the map's place in the page: the
container, the search box, the click panel and the legend.

>>> rec = {"schools": [{"id": "S1", "name": "Школа № 1", "lat": 55.0, "lon": 83.0, "statuses": ["leader"],
...                     "leaders": [], "partners": [], "resources": [], "reasons_en": "top results"}],
...        "pairs": []}
>>> d = map_data(rec, "en")
>>> d["id"], d["st"], d["why"], d["cluster"]
(['S1'], [3], {'s': ['top results']}, False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netmatch.report.embed import compact
from netmatch.report.tables import Table, schools_table
from netmatch.report.words import GROWTH, MODE, escape, fmt, li, located, ui

__all__ = ["CLUSTER_MIN", "MAP_WORDS", "STATUS_ORDER", "legend", "map_data", "map_html", "map_words", "status_code"]

#: The map's status classes, by code (the script colours and layers them by this index).
STATUS_ORDER = ("low_results", "unfavourable", "both", "leader", "ordinary", "insufficient_data")
#: Above this many schools with coordinates the map clusters them at low zoom.
CLUSTER_MIN = 800
_ROUND = 5  # decimal places of a coordinate kept: about a metre


def status_code(statuses: Sequence[str]) -> int:
    """The map class of a school's statuses: ШНОР and ШНСУ together first, then ШНОР, ШНСУ, leader, no data.

    >>> [status_code(s) for s in (["low_results", "unfavourable"], ["leader"], [], ["insufficient_data"])]
    [2, 3, 4, 5]
    """
    st = set(statuses)
    if {"low_results", "unfavourable"} <= st:
        return STATUS_ORDER.index("both")
    first = next((name for name in ("low_results", "unfavourable", "leader", "insufficient_data") if name in st),
                 "ordinary")
    return STATUS_ORDER.index(first)


def _wraps(lons: Sequence[float]) -> bool:
    """Whether the schools straddle the antimeridian (closer when western longitudes count from 360°)."""
    shifted = [x + 360.0 if x < 0 else x for x in lons]
    return max(shifted) - min(shifted) < max(lons) - min(lons)


def _links(record: Mapping[str, Any], index: Mapping[str, int], lang: str) -> dict[str, list[Any]]:
    """The pairs between mapped schools as index columns, with each pair's distance and mode in words."""
    a, b, remote, km = [], [], [], []
    for p in record["pairs"]:
        if p["leader"] in index and p["partner"] in index:
            a.append(index[p["leader"]])
            b.append(index[p["partner"]])
            remote.append(int(p["mode"] == "remote"))
            km.append(f'{fmt(p.get("km"), "km", lang)} {ui("km", lang)}, {MODE[p["mode"]][li(lang)]}'
                      if p.get("km") is not None else MODE[p["mode"]][li(lang)])
    return {"a": a, "b": b, "remote": remote, "km": km}


def _flows(record: Mapping[str, Any], index: Mapping[str, int]) -> dict[str, list[int]]:
    """Which school uses a resource of which host: each (school, host) once, in the schools' order."""
    sh = record.get("sharing") or {}
    pairs = sorted({(index[f["school"]], index[f["host"]]) for f in sh.get("flows", [])
                    if f["school"] in index and f["host"] in index and f["school"] != f["host"]})
    return {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}


def _assoc(record: Mapping[str, Any], index: Mapping[str, int]) -> dict[str, list[int]]:
    """Each association member and its leader (members in the associations' order)."""
    net = record.get("networks") or {}
    pairs = [(index[s], index[a["leader"]]) for a in net.get("associations", []) for s in a["members"]
             if s in index and a["leader"] in index]
    return {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}


def _groups(record: Mapping[str, Any], index: Mapping[str, int]) -> dict[str, list[int]]:
    """Each subject group's member and its host (school indexes; a pair once, whatever the subjects)."""
    pairs = sorted({(index[s], index[g["host"]]) for g in (record.get("groups") or {}).get("groups", [])
                    for s in g["members"] if s in index and g["host"] in index})
    return {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}


def _orgs(record: Mapping[str, Any], index: Mapping[str, int], lang: str) -> dict[str, list[Any]] | None:
    """The located partner organisations, and each member (school index) of the association one leads (``a``, ``b``:
    the organisation's index); ``None`` without organisations."""
    from netmatch.report.partners import organisation_kind_label

    orgs = [o for o in record.get("organisations", []) if o.get("lat") is not None and o.get("lon") is not None]
    if not orgs:
        return None
    pos = {o["id"]: k for k, o in enumerate(orgs)}
    net = record.get("networks") or {}
    pairs = [(index[s], pos[a["leader"]]) for a in net.get("associations", []) if a["leader"] in pos
             for s in a["members"] if s in index]
    return {"id": [o["id"] for o in orgs], "name": [o["name"] for o in orgs],
            "kind": [organisation_kind_label(o["kind"], lang) for o in orgs],
            "lat": [round(float(o["lat"]), _ROUND) for o in orgs],
            "lon": [round(float(o["lon"]), _ROUND) for o in orgs],
            "a": [a for a, _ in pairs], "b": [b for _, b in pairs]}


def map_data(record: Mapping[str, Any], lang: str, schools: Table | None = None) -> dict[str, Any] | None:
    """The map's data, column-wise (``None`` when no school has coordinates); see the module's example.

    The texts of a school are those of the schools table (``schools``: :func:`schools_table` of the
    record, made here when not given).

    Keys: ``id``, ``name``, ``lat``, ``lon``, ``st`` (:func:`status_code`); as
    :func:`netmatch.report.embed.compact` columns ``stl`` (the status in words), ``why`` (the
    reason of the status), ``res`` (its resources in words), ``alone`` (why it has no leader;
    empty when it has one or needs none), ``centre`` (its nearest proposed centre); ``pairs``
    ``flows`` and ``assoc`` (association members and their leaders) as ``a``, ``b`` indexes into
    those columns, ``hosts`` (indexes, with ``tr`` 1
    for a «Точка роста»), ``centres`` (indexes of the proposed new centres), ``wrap`` (the
    schools straddle the antimeridian: add 360° to western longitudes) and ``cluster``.
    """
    rows = [k for k, s in enumerate(record["schools"]) if located(s)]
    if not rows:
        return None
    mapped = [record["schools"][k] for k in rows]
    index = {s["id"]: i for i, s in enumerate(mapped)}
    hosts = [(i, int(any(r in GROWTH for r in s["resources"]))) for i, s in enumerate(mapped) if s["resources"]]
    siting = record.get("siting") or {}
    centres = sorted({index[c["school"]] for c in siting.get("centres", [])
                      if c.get("status") == "new" and c["school"] in index})
    table = schools if schools is not None else schools_table(record, lang)
    orgs = _orgs(record, index, lang)
    groups = _groups(record, index)
    return {**_school_columns(record, mapped, rows, table, lang), **({"orgs": orgs} if orgs else {}),
            **({"groups": groups} if groups["a"] else {}),
            "pairs": _links(record, index, lang), "flows": _flows(record, index), "assoc": _assoc(record, index),
            "hosts": {"i": [i for i, _ in hosts], "tr": [t for _, t in hosts]}, "centres": centres,
            "wrap": _wraps([float(s["lon"]) for s in mapped]), "cluster": len(mapped) > CLUSTER_MIN}


def _school_columns(record: Mapping[str, Any], mapped: Sequence[Mapping[str, Any]], rows: Sequence[int],
                    table: Table, lang: str) -> dict[str, Any]:
    """The per-school columns of :func:`map_data`; the texts from ``table`` (the schools table), at ``rows``."""
    alone = {u["school"]: u.get(f"reason_{lang}") or "" for u in record.get("unpaired", [])}
    keys = [c.key for c in table.columns]

    def column(key: str) -> dict[str, Any]:  # repeated texts stored once (embed.compact); the script expands them
        j = keys.index(key)
        return compact([table.rows[k][j] or "" for k in rows])

    return {
        "id": [s["id"] for s in mapped], "name": [s["name"] for s in mapped],
        "lat": [round(float(s["lat"]), _ROUND) for s in mapped],
        "lon": [round(float(s["lon"]), _ROUND) for s in mapped],
        "st": [status_code(s["statuses"]) for s in mapped],
        "stl": column("status"), "why": column("reasons"), "res": column("resources"),
        "alone": compact([alone.get(s["id"], "") for s in mapped]), "centre": column("centre"),
    }


#: The words the map's script shows: keys of :data:`netmatch.report.words.UI`.
MAP_WORDS = ("low", "unf", "both", "leader", "ordinary", "nodata", "pair", "remote", "flow", "assoc", "m_hosts",
             "m_orgs", "m_groups", "new",
             "m_plain", "m_osm", "m_found_none", "m_schools_n", "m_p_status", "m_p_partners", "m_p_leader",
             "m_p_why", "m_p_alone", "m_p_res", "m_p_centre", "m_close", "m_lines_cut", "m_priority")


def map_words(lang: str) -> dict[str, str]:
    """The map script's words in ``lang``, by their catalog keys.

    >>> map_words("en")["m_p_why"]
    'Why this status'
    """
    return {k: ui(k, lang) for k in MAP_WORDS}


def legend(record: Mapping[str, Any], lang: str) -> str:
    """The map's legend: what each marker and line means.

    >>> legend({"schools": []}, "en").count("<li>")
    11
    """
    def dot(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="school {cls}" cx="12" cy="12" '
                f'r="7"/></svg>{escape(label)}</li>')

    def line(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><line class="{cls}" x1="1" y1="12" x2="23" '
                f'y2="12"/></svg>{escape(label)}</li>')

    def ring(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="{cls}" cx="12" cy="12" '
                f'r="9"/></svg>{escape(label)}</li>')

    items = [dot("low_results", ui("low", lang)), dot("unfavourable", ui("unf", lang)),
             dot("low_results both", ui("both", lang)), dot("leader", ui("leader", lang)),
             dot("ordinary", ui("ordinary", lang)), dot("insufficient_data", ui("nodata", lang)),
             line("pair", ui("pair", lang)), line("pair remote", ui("remote", lang)),
             line("flow", ui("flow", lang)), ring("host tr", ui("tr", lang)), ring("host", ui("res", lang))]
    if (record.get("networks") or {}).get("associations"):
        items.insert(8, line("assoc", ui("assoc", lang)))
    if (record.get("groups") or {}).get("groups"):
        items.insert(9, line("grp", ui("m_groups", lang)))
    if any(o.get("lat") is not None for o in record.get("organisations", ())):
        items.append('<li><svg viewBox="0 0 24 24" width="22" height="22"><rect class="org" x="5" y="5" width="14" '
                     f'height="14"/></svg>{escape(ui("m_orgs", lang))}</li>')
    if (record.get("siting") or {}).get("centres"):
        items.append(ring("newsite", ui("new", lang)))
    cluster = (f'<p class="note">{escape(ui("m_cluster_note", lang))}</p>'
               if sum(map(located, record["schools"])) > CLUSTER_MIN else "")
    return f'<div class="legend"><h3>{ui("legend", lang)}</h3><ul>{"".join(items)}</ul>{cluster}</div>'


def map_html(record: Mapping[str, Any], lang: str) -> str:
    """The map's place in the page: search, the map, the click panel and the legend (or a note without a map).

    >>> html = map_html({"schools": [], "pairs": []}, "en")
    >>> html
    '<p class="empty">No school has coordinates: no map.</p>'
    """
    if not any(map(located, record["schools"])):
        return f'<p class="empty">{ui("nomap", lang)}</p>'
    return (f'<div class="map-wrap"><div class="map-main"><div class="map-search">'
            f'<input type="search" id="map-search" autocomplete="off" '
            f'placeholder="{escape(ui("m_find", lang))}" aria-label="{escape(ui("m_find", lang))}">'
            f'<ul id="map-found" role="listbox"></ul></div>'
            f'<div id="map" role="region" aria-label="{escape(ui("map", lang))}"></div>'
            f'<p class="note">{escape(ui("m_help", lang))}</p></div>'
            f'<div class="map-side"><div id="map-panel" hidden></div>{legend(record, lang)}</div></div>')

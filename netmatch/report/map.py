"""The district map of the HTML report: an inline SVG that needs no network.

Four parts, each its own function: the **projection** (:class:`Projection`, equirectangular
scaled by cos(mean latitude), fitted to the frame), the **markers** (schools coloured by
status, resource hosts, new centres, lines for partnerships and resource use; markers closer
than their size are pushed apart and tethered to their true spot), the **labels** (school ids
placed where they overlap nothing) and the **furniture** (graticule, scale bar, north arrow,
legend). :func:`map_svg` puts them together.

>>> rec = {"schools": [{"id": "S1", "name": "Школа № 1", "lat": 55.0, "lon": 83.0, "statuses": ["leader"],
...                     "leaders": [], "resources": []}], "pairs": []}
>>> svg = map_svg(rec, "en")
>>> svg.startswith('<svg id="map"'), 'data-id="S1"' in svg
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netmatch._base.geo import KM_PER_DEGREE
from netmatch.report.words import GROWTH, escape, names_of, status_label, ui

__all__ = ["Projection", "legend", "map_svg", "nice"]

_WIDTH, _PAD, _FOOT = 960.0, 46.0, 30.0  # the frame; the foot strip holds the scale bar
_R = 9.5  # a leader's marker radius; markers keep 2 * _R + 2 apart
_SPREAD_MAX = 2000  # above this many schools markers stay where they are (pushing apart is quadratic)
_LABEL_MAX = 400  # above this many schools ids are not written on the map
#: Where a label may go around its marker, in order of preference: (dx, dy, text-anchor).
_SPOTS = ((13, 4, "start"), (-13, 4, "end"), (0, -14, "middle"), (0, 22, "middle"),
          (12, -10, "start"), (-12, -10, "end"), (12, 18, "start"), (-12, 18, "end"))

Point = tuple[float, float]
Box = tuple[float, float, float, float]

_K_MIN = math.cos(math.radians(85.0))
_MAX_LINES = 60  # of each graticule direction: a bound, whatever the frame (a map is never drawn with more)


def nice(x: float) -> float:
    """The largest of 1, 2, 5 × 10^k not above x.

    >>> nice(7.3), nice(0.034), nice(0)
    (5.0, 0.02, 1.0)
    """
    if x <= 0:
        return 1.0
    p = 10.0 ** math.floor(math.log10(x))
    return float(max(m * p for m in (1, 2, 5) if m * p <= x))


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(mean latitude), fitted into the map's frame.

    ``x = (lon·k − x_min)·scale + cx``, ``y = (−lat − y_min)·scale + cy`` with ``k = cos(lat0)``,
    kept at least cos 85° (at a pole a parallel has no length: the map would divide by zero).
    Schools on both sides of the antimeridian (longitudes over 180° apart, but closer when the
    western ones count from 360°) are drawn side by side: ``wrap`` adds 360° to every negative
    longitude.

    >>> p = Projection.fit([(55.0, 83.0), (55.5, 84.0)])
    >>> p.width, p.xy(55.0, 83.0)[0] == p.cx
    (960.0, True)
    """

    k: float
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    span: float
    width: float
    height: float
    scale: float
    cx: float
    cy: float
    wrap: bool = False

    @classmethod
    def fit(cls, points: Sequence[Point]) -> Projection:
        """The projection of (lat, lon) ``points``, as large as fits the frame, centred.

        >>> Projection.fit([(0.0, 179.9), (0.0, -179.9)]).wrap, Projection.fit([(90.0, 0.0)]).k > 0.08
        (True, True)
        """
        lat0 = sum(lat for lat, _ in points) / len(points)
        k = max(math.cos(math.radians(lat0)), _K_MIN)
        lons = [lon for _, lon in points]
        shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
        wrap = max(shifted) - min(shifted) < max(lons) - min(lons)
        xs = [lon * k for lon in (shifted if wrap else lons)]
        ys = [-lat for lat, _ in points]
        x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
        span = max(x_max - x_min, y_max - y_min, 1e-3)
        aspect = (y_max - y_min) / max(x_max - x_min, 1e-9) if x_max > x_min else 1.0
        height = max(380.0, min(760.0, (_WIDTH - 2 * _PAD) * aspect + 2 * _PAD + _FOOT))
        scale = min((_WIDTH - 2 * _PAD) / max(x_max - x_min, span * 0.05),
                    (height - 2 * _PAD - _FOOT) / max(y_max - y_min, span * 0.05))
        cx = (_WIDTH - (x_max - x_min) * scale) / 2
        cy = (height - _FOOT - (y_max - y_min) * scale) / 2
        return cls(k, x_min, x_max, y_min, y_max, span, _WIDTH, height, scale, cx, cy, wrap)

    def x_of(self, lon: float) -> float:
        """The x of a meridian."""
        if self.wrap and lon < 0:
            lon += 360.0
        return (lon * self.k - self.x_min) * self.scale + self.cx

    def y_of(self, lat: float) -> float:
        """The y of a parallel."""
        return (-lat - self.y_min) * self.scale + self.cy

    def xy(self, lat: float, lon: float) -> Point:
        """A point on the map."""
        return self.x_of(lon), self.y_of(lat)


# --- furniture ----------------------------------------------------------------------------------


def _graticule(proj: Projection) -> str:
    """A few meridians and parallels, labelled in degrees."""
    step = nice(max((proj.x_max - proj.x_min) / proj.k, proj.y_max - proj.y_min, 0.01) / 4)
    span, k, height, width = proj.span, proj.k, proj.height, proj.width
    g: list[str] = []
    lat = math.floor((-proj.y_max - span) / step) * step
    while lat <= -proj.y_min + span and len(g) < _MAX_LINES:
        y = proj.y_of(lat)
        if 0 < y < height - _FOOT:
            g.append(f'<line x1="0" y1="{y:.1f}" x2="{width:.0f}" y2="{y:.1f}"/>'
                     f'<text x="4" y="{y - 3:.1f}">{lat:.2f}°</text>')
        lat += step
    lon = math.floor((proj.x_min / k - span / k) / step) * step
    drawn = len(g)
    while lon <= proj.x_max / k + span / k and len(g) < drawn + _MAX_LINES:
        x = proj.x_of(lon)
        if 0 < x < width:
            g.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - _FOOT:.0f}"/>'
                     f'<text x="{x + 3:.1f}" y="12">{(lon + 180) % 360 - 180:.2f}°</text>')
        lon += step
    return f'<g class="graticule">{"".join(g)}</g>'


def _scale_and_north(proj: Projection, lang: str) -> str:
    """A scale bar (km along a parallel at the mean latitude) and a north arrow."""
    km_per_px = KM_PER_DEGREE / proj.scale
    bar_km = nice(km_per_px * proj.width / 5)
    bar_px = bar_km / km_per_px
    y_bar = proj.height - 14
    width = proj.width
    return (f'<g class="scale"><rect x="14" y="{y_bar - 22:.0f}" width="{bar_px + 70:.0f}" height="30" '
            f'rx="4" class="scalebg"/><line x1="22" y1="{y_bar:.0f}" x2="{22 + bar_px:.1f}" y2="{y_bar:.0f}"/>'
            f'<line x1="22" y1="{y_bar - 5:.0f}" x2="22" y2="{y_bar + 3:.0f}"/>'
            f'<line x1="{22 + bar_px:.1f}" y1="{y_bar - 5:.0f}" x2="{22 + bar_px:.1f}" y2="{y_bar + 3:.0f}"/>'
            f'<text x="{30 + bar_px:.1f}" y="{y_bar + 4:.0f}">{bar_km:g} {ui("km", lang)}</text></g>'
            f'<g class="north"><path d="M{width - 28:.0f} 46 l10 -26 l10 26 l-10 -7 z"/>'
            f'<text x="{width - 18:.0f}" y="62" text-anchor="middle">{"С" if lang == "ru" else "N"}</text></g>')


def legend(record: Mapping[str, Any], lang: str) -> str:
    """The map's legend: what each marker and line means.

    >>> legend({"schools": []}, "en").count("<li>")
    11
    """
    def dot(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="school {cls}" cx="12" cy="12" '
                f'r="8"/></svg>{escape(label)}</li>')

    def line(cls: str, label: str) -> str:
        return (f'<li><svg viewBox="0 0 24 24" width="22" height="22"><line class="{cls}" x1="1" y1="12" x2="23" '
                f'y2="12"/></svg>{escape(label)}</li>')

    items = [dot("low_results", ui("low", lang)), dot("unfavourable", ui("unf", lang)),
             dot("low_results both", ui("both", lang)), dot("leader", ui("leader", lang)),
             dot("ordinary", ui("ordinary", lang)), dot("insufficient_data", ui("nodata", lang)),
             line("pair", ui("pair", lang)), line("pair remote", ui("remote", lang)),
             line("flow", ui("flow", lang)),
             f'<li><svg viewBox="0 0 24 24" width="22" height="22"><rect class="host tr" x="1" y="1" width="22" '
             f'height="22" rx="4"/></svg>{ui("tr", lang)}</li>',
             f'<li><svg viewBox="0 0 24 24" width="22" height="22"><rect class="host" x="2" y="2" width="20" '
             f'height="20" rx="4"/></svg>{ui("res", lang)}</li>']
    if (record.get("siting") or {}).get("centres"):
        items.append(f'<li><svg viewBox="0 0 24 24" width="22" height="22"><circle class="newsite" cx="12" cy="12" '
                     f'r="9"/></svg>{ui("new", lang)}</li>')
    return f'<div class="legend"><h3>{ui("legend", lang)}</h3><ul>{"".join(items)}</ul></div>'


# --- markers --------------------------------------------------------------------------------------


def _spread(points: Mapping[str, Point], gap: float) -> dict[str, Point]:
    """Push apart markers closer than ``gap`` (a few relaxation sweeps), deterministically."""
    ids = sorted(points)
    pos = {s: list(points[s]) for s in ids}
    for _ in range(60):
        moved = False
        for a_i, a in enumerate(ids):
            for b in ids[a_i + 1:]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                d = math.hypot(dx, dy)
                if d >= gap:
                    continue
                if d < 1e-9:  # same spot: split along a fixed direction
                    dx, dy, d = 1.0, 0.5, math.hypot(1.0, 0.5)
                push = (gap - d) / 2 + 0.01
                ux, uy = dx / d, dy / d
                pos[a][0] -= ux * push
                pos[a][1] -= uy * push
                pos[b][0] += ux * push
                pos[b][1] += uy * push
                moved = True
        if not moved:
            break
    return {s: (p[0], p[1]) for s, p in pos.items()}


def _links(record: Mapping[str, Any], pos: Mapping[str, Point], lang: str) -> str:
    """Resource use (thin dotted lines), then the pairs (solid; dashed when remote)."""
    sh = record.get("sharing") or {}
    flows = sorted({(f["school"], f["host"]) for f in sh.get("flows", [])})
    lines = []
    for a, b in flows:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            lines.append(f'<line class="flow" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
                         f'<title>{escape(a)} → {escape(b)}: {ui("flow", lang)}</title></line>')
    for p in record["pairs"]:
        a, b = p["leader"], p["partner"]
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            cls = "pair remote" if p["mode"] == "remote" else "pair"
            lines.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
                         f'<title>{escape(a)} — {escape(b)}: {escape(p[f"explanation_{lang}"])}</title></line>')
    return f'<g class="links">{"".join(lines)}</g>'


def _host_mark(s: Mapping[str, Any], xy: Point, new_site: bool) -> str:
    """A square behind a school that hosts resources (filled for «Точка роста»), a ring for a new centre."""
    x, y = xy
    mark = ""
    if any(r in GROWTH for r in s["resources"]):
        mark = f'<rect class="host tr" x="{x - 12:.1f}" y="{y - 12:.1f}" width="24" height="24" rx="4"/>'
    elif s["resources"]:
        mark = f'<rect class="host" x="{x - 11:.1f}" y="{y - 11:.1f}" width="22" height="22" rx="4"/>'
    if new_site:
        mark += f'<circle class="newsite" cx="{x:.1f}" cy="{y:.1f}" r="16"/>'
    return mark


def _school_dot(s: Mapping[str, Any], xy: Point, true_xy: Point, lang: str) -> str:
    """A school's marker coloured by its main status, with a tooltip; tethered if it was moved."""
    sid = s["id"]
    x, y = xy
    tx, ty = true_xy
    tether = ""
    if abs(tx - x) + abs(ty - y) > 2:
        tether = (f'<line class="tether" x1="{tx:.1f}" y1="{ty:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>'
                  f'<circle class="true" cx="{tx:.1f}" cy="{ty:.1f}" r="2"/>')
    st = set(s["statuses"])
    extra = " both" if {"low_results", "unfavourable"} <= st else ""
    main = next((c for c in ("low_results", "unfavourable", "leader", "insufficient_data") if c in st), "ordinary")
    r = _R if main == "leader" else 8
    tip = f'{sid} — {s["name"]}: {status_label(s["statuses"], lang)}'
    if s["leaders"]:
        tip += f' → {", ".join(s["leaders"])}'
    return (f'{tether}<circle class="school {main}{extra}" data-id="{escape(sid)}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r}"><title>{escape(tip)}</title></circle>')


# --- labels ---------------------------------------------------------------------------------------


def _place_label(x: float, y: float, width: float, placed: Sequence[Box]) -> tuple[int, int, str, Box]:
    """The first spot around (x, y) where a label of ``width`` overlaps no marker or label (else the last)."""
    for dx, dy, anchor in _SPOTS:
        x0 = x + dx - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        box = (x0, y + dy - 11, x0 + width, y + dy + 2)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
                   if not (b[0] == x - 9 and b[1] == y - 9)):  # its own marker does not count
            break
    return dx, dy, anchor, box


def _labels(located: Sequence[Mapping[str, Any]], pos: Mapping[str, Point], names: Mapping[str, str]) -> str:
    """School ids beside their markers, each where it overlaps nothing already placed."""
    placed: list[Box] = [(x - 9, y - 9, x + 9, y + 9) for x, y in pos.values()]
    labels = []
    for s in located:
        sid = s["id"]
        x, y = pos[sid]
        dx, dy, anchor, box = _place_label(x, y, 7.2 * len(sid) + 4, placed)
        placed.append(box)
        labels.append(f'<text class="label" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                      f'{escape(sid)}<title>{escape(names.get(sid, ""))}</title></text>')
    return "".join(labels)


# --- the map --------------------------------------------------------------------------------------


def map_svg(record: Mapping[str, Any], lang: str) -> str:
    """The district map of a saved plan as one ``<svg>`` (or a note when no school has coordinates)."""
    located = [s for s in record["schools"] if s.get("lat") is not None and s.get("lon") is not None]
    if not located:
        return f'<p class="empty">{ui("nomap", lang)}</p>'
    proj = Projection.fit([(s["lat"], s["lon"]) for s in located])
    true_pos = {s["id"]: proj.xy(s["lat"], s["lon"]) for s in located}
    pos = _spread(true_pos, 2 * _R + 2) if len(located) <= _SPREAD_MAX else dict(true_pos)
    new_sites = {c["school"] for c in (record.get("siting") or {}).get("centres", []) if c["status"] == "new"}
    marks = "".join(_host_mark(s, pos[s["id"]], s["id"] in new_sites) for s in located)
    dots = "".join(_school_dot(s, pos[s["id"]], true_pos[s["id"]], lang) for s in located)
    labels = _labels(located, pos, names_of(record)) if len(located) <= _LABEL_MAX else ""
    return (f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" '
            f'role="img" aria-label="{ui("map", lang)}">'
            f'<rect x="0" y="0" width="{proj.width:.0f}" height="{proj.height:.0f}" class="sea"/>'
            f'{_graticule(proj)}{_links(record, pos, lang)}<g class="marks">{marks}</g>'
            f'<g class="schools">{dots}</g><g class="labels">{labels}</g>{_scale_and_north(proj, lang)}</svg>')

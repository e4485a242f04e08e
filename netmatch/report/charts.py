"""The results dynamics of the HTML report: one small inline-SVG line chart per procedure.

Each chart shows, year by year, the mean z-score of a group of schools (paired ШНОР/ШНСУ,
their leaders, ШНОР/ШНСУ left unpaired, the other schools), as :func:`netmatch.report.dynamics`
computes it; all charts share one vertical scale so that they compare at a glance.

>>> dyn = [{"procedure": "vpr", "group": "paired", "year": 2023, "z": -0.8, "schools": 3},
...        {"procedure": "vpr", "group": "paired", "year": 2024, "z": -0.5, "schools": 3}]
>>> html = charts_html({"dynamics": dyn}, "en")
>>> html.count('<svg class="chart"'), "ШНОР/ШНСУ in pairs" in html
(1, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netmatch.report.words import GROUPS, PROC, escape, li, ui

__all__ = ["GROUP_COLOURS", "charts_html", "procedure_labels"]

#: A line's colour by group of schools.
GROUP_COLOURS = {"paired": "#d1495b", "leaders": "#2a9d8f", "others": "#8d99ae", "unpaired": "#f3a712"}
_DRAW_ORDER = ("others", "leaders", "unpaired", "paired")  # the groups that matter most on top
_KEY_ORDER = ("paired", "leaders", "unpaired", "others")


@dataclass(frozen=True)
class _Frame:
    """A chart's frame: its size and margins, the years along x and the z range along y."""

    years: Sequence[int]
    top: float
    bottom: float
    w: float = 330.0
    h: float = 220.0
    left: float = 40.0
    right: float = 24.0
    upper: float = 14.0
    lower: float = 28.0

    def x_of(self, year: int) -> float:
        if len(self.years) == 1:
            return self.left + (self.w - self.left - self.right) / 2
        return self.left + (self.w - self.left - self.right) * self.years.index(year) / (len(self.years) - 1)

    def y_of(self, z: float) -> float:
        return self.upper + (self.h - self.upper - self.lower) * (self.top - z) / (self.top - self.bottom)


def _axes(f: _Frame) -> list[str]:
    """Horizontal grid lines every 0.5 (or 1) z with their values, the zero line darker; the years below."""
    parts = []
    tick = 0.5 if f.top - f.bottom <= 4 else 1.0
    v = math.ceil(f.bottom / tick) * tick
    while v <= f.top + 1e-9:
        y = f.y_of(v)
        parts.append(f'<line class="{"zero" if abs(v) < 1e-9 else "grid"}" x1="{f.left}" y1="{y:.1f}" '
                     f'x2="{f.w - f.right}" y2="{y:.1f}"/><text class="tick" x="{f.left - 5}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{v:+.1f}</text>'.replace("+0.0", "0"))
        v += tick
    for yr in f.years:
        # escaped: a plan read back from plan.json may carry any value as a year
        parts.append(f'<text class="tick" x="{f.x_of(yr):.1f}" y="{f.h - 8:.0f}" text-anchor="middle">'
                     f'{escape(yr)}</text>')
    return parts


def _series(f: _Frame, dyn: Sequence[Mapping[str, Any]], proc: str, lang: str) -> list[str]:
    """One line per group of schools, with a dot and a tooltip per year."""
    parts = []
    for grp in _DRAW_ORDER:
        pts = sorted((d["year"], d["z"], d["schools"]) for d in dyn if d["procedure"] == proc and d["group"] == grp)
        if not pts:
            continue
        colour = GROUP_COLOURS[grp]
        path = " ".join(f"{'M' if j == 0 else 'L'}{f.x_of(yr):.1f} {f.y_of(z):.1f}" for j, (yr, z, _) in enumerate(pts))
        parts.append(f'<path class="series {grp}" d="{path}" stroke="{colour}"/>')
        for yr, z, n in pts:
            label = f"{GROUPS[grp][li(lang)]}, {yr}: z = {z:+.2f} ({n})"
            parts.append(f'<circle cx="{f.x_of(yr):.1f}" cy="{f.y_of(z):.1f}" r="3.5" fill="{colour}">'
                         f'<title>{escape(label)}</title></circle>')
    return parts


def procedure_labels(record: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Each procedure's names (ru, en) by code: ЕГЭ, ОГЭ, ВПР, then those the saved plan declares.

    >>> procedure_labels({"procedures": [{"code": "rdr", "name_ru": "РДР", "name_en": "RDR"}]})["rdr"]
    ('РДР', 'RDR')
    """
    out = dict(PROC)
    for p in record.get("procedures") or []:
        if isinstance(p, Mapping) and p.get("code"):
            code = str(p["code"])
            out[code] = (str(p.get("name_ru") or code), str(p.get("name_en") or p.get("name_ru") or code))
    return out


def _chart(f: _Frame, dyn: Sequence[Mapping[str, Any]], proc: str, lang: str, name_of: str | None = None) -> str:
    name = escape(name_of if name_of is not None else PROC.get(proc, (proc, proc))[li(lang)])
    svg = (f'<svg class="chart" viewBox="0 0 {f.w:.0f} {f.h:.0f}" role="img" aria-label="{name}">'
           + "".join(_axes(f) + _series(f, dyn, proc, lang)) + "</svg>")
    return f'<figure class="chart-box"><figcaption>{name}</figcaption>{svg}</figure>'


def charts_html(record: Mapping[str, Any], lang: str) -> str:
    """The charts of a saved plan's ``dynamics``, their key and a note on how to read them."""
    dyn = record.get("dynamics") or []
    if not dyn:
        return f'<p class="empty">{ui("nodyn", lang)}</p>'
    zs = [d["z"] for d in dyn]
    frame = _Frame(years=sorted({d["year"] for d in dyn}), top=max(0.5, max(zs) + 0.1),
                   bottom=min(-0.5, min(zs) - 0.1))
    labels = procedure_labels(record)
    shown = {d["procedure"] for d in dyn}
    order = [*labels, *sorted(shown - labels.keys())]  # the built-ins first, then the declared ones
    charts = [_chart(frame, dyn, p, lang, labels.get(p, (p, p))[li(lang)]) for p in order if p in shown]
    groups = [g for g in _KEY_ORDER if any(d["group"] == g for d in dyn)]
    key = "".join(f'<li><span class="swatch" style="background:{GROUP_COLOURS[g]}"></span>'
                  f'{escape(GROUPS[g][li(lang)])}</li>' for g in groups)
    return (f'<ul class="chart-key">{key}</ul><div class="charts">{"".join(charts)}</div>'
            f'<p class="note">{ui("z_axis", lang).capitalize()}. {ui("dyn_note", lang)}</p>')

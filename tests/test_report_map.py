"""The report's interactive map and long tables in Debian's Chromium, at 18 and at 3,000 schools.

Every page is opened with the network blocked (any request but the file itself is recorded and
aborted): no console error, no page error, no request. On it a school is found by search and its
panel read, a tooltip is shown by pointing at a marker, a layer is switched off, zooming changes
what is labelled, and a screenshot is saved (``NETMATCH_MAP_SCREENSHOT=folder`` keeps them for a
person to look at). The 3,000-school page clusters its markers and pages its tables.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import netmatch as nm
from netmatch import report
from netmatch._base.geo import ROAD_FACTOR
from netmatch._scenario import plan

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    from netmatch.cli.settings import SitingOptions
    from netmatch.cli.siting import siting_record

    p = plan(nm.datasets.load_demo())
    record = report.plan_record(p, siting=siting_record(p.registry, SitingOptions(k=1), p.identification))
    return record, report.write_plan(record, tmp_path_factory.mktemp("district"))["html"]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    record = report.plan_record(plan(nm.datasets.make_region(3000, seed=3)))
    folder = tmp_path_factory.mktemp("region")
    path = folder / "report.html"
    path.write_text(report.render_html(record, "ru"), encoding="utf-8")
    return record, path


class Opened:
    """A report opened with the network blocked; what went wrong is collected as it happens."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=30_000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def settle(self) -> None:
        """Wait for the map's last move to be drawn."""
        self.page.wait_for_function("NM.idle")
        self.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def zoom_to(self, i: int, zoom: float) -> None:
        self.js(f"void NM.map.setView([NM.data.map.lat[{i}], NM.data.map.lon[{i}]], {zoom}, {{animate: false}})")
        self.settle()

    def point_at(self, i: int) -> None:
        """Move the mouse onto school ``i``'s marker."""
        self.page.locator("#map").scroll_into_view_if_needed()
        box = self.page.locator("#map").bounding_box()
        xy = self.js(f"NM.map.latLngToContainerPoint([NM.data.map.lat[{i}], NM.data.map.lon[{i}]])")
        x, y = box["x"] + xy["x"], box["y"] + xy["y"]
        self.page.mouse.move(x + 1, y)
        # Leaflet's canvas ignores a move within 32 ms of the last one it handled: the final one comes later
        self.page.wait_for_timeout(80)
        self.page.mouse.move(x, y)

    def close(self, shot: Path) -> None:
        self.page.locator("#s-map").screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if keep := os.environ.get("NETMATCH_MAP_SCREENSHOT"):
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, Path(keep) / shot.name)
        self.page.close()
        assert self.problems == [] and self.requests == []


def _search(o: Opened, text: str) -> None:
    o.page.fill("#map-search", text)
    o.page.wait_for_selector("#map-found button")


def test_district_map(browser: Any, district: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    record, path = district
    o = Opened(browser, path)
    d = o.js("NM.data.map")
    assert len(d["id"]) == 18 and o.js("NM.drawn.points") == 18 and o.js("NM.drawn.clusters") == 0
    near = set(o.js("NM.labelled"))  # the whole district in view

    # positions true to the coordinates: each school's marker at its latitude and longitude, and the map's
    # distance of a pair is its straight-line distance (the plan's «км» are by road: ROAD_FACTOR times that)
    lat = {s["id"]: (s["lat"], s["lon"]) for s in record["schools"]}
    assert all(abs(d["lat"][k] - lat[sid][0]) < 1e-5 and abs(d["lon"][k] - lat[sid][1]) < 1e-5
               for k, sid in enumerate(d["id"]))
    pair = record["pairs"][0]
    a, b = d["id"].index(pair["leader"]), d["id"].index(pair["partner"])
    metres = o.js(f"NM.map.distance([{d['lat'][a]}, {d['lon'][a]}], [{d['lat'][b]}, {d['lon'][b]}])")
    assert metres / 1000 * ROAD_FACTOR == pytest.approx(pair["km"], rel=0.01)

    # search by name: the school is found, the map goes to it and its panel tells who it is and why
    target = next(s for s in record["schools"] if s["leaders"])
    _search(o, target["name"][:12])
    o.page.locator("#map-found button", has_text=target["id"]).click()
    o.page.wait_for_function("NM.map.getZoom() >= 14 && NM.idle")  # the zoom is animated: wait for its end
    o.settle()
    panel = o.page.locator("#map-panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert f"{target['id']} — {target['name']}" in text and "Школа-лидер" in text and target["leaders"][0] in text
    assert " км" in text and o.js("NM.map.getZoom()") >= 14

    # a tooltip when pointing at a marker
    i = d["id"].index(target["id"])
    o.point_at(i)
    tip = o.page.locator(".leaflet-tooltip.nm-tip")
    tip.wait_for()
    assert target["name"] in tip.inner_text()

    # a layer switched off: the ordinary schools leave the map, and come back
    o.zoom_to(i, 9)
    ordinary = o.page.locator(".leaflet-control-layers-overlays label", has_text="без особого статуса")
    before = o.js("NM.drawn.byStatus[4]")
    assert before > 0
    ordinary.locator("input").uncheck()
    assert o.js("NM.drawn.byStatus[4]") == 0 and o.js("NM.drawn.points") == 18 - before
    ordinary.locator("input").check()
    assert o.js("NM.drawn.points") == 18

    # the pairs' lines switched off
    o.page.locator(".leaflet-control-layers-overlays label", has_text="пара (очно)").locator("input").uncheck()
    assert o.js("NM.drawn.lines") == 1 + 3 + 6  # the remote pair, the resource use and the associations stay
    assoc = o.page.locator(".leaflet-control-layers-overlays label", has_text="в сетевом объединении")
    assoc.locator("input").uncheck()
    assert o.js("NM.drawn.lines") == 1 + 3

    # zoom decides what is labelled: most of the district's ids where they fit, few when the schools crowd together
    o.zoom_to(i, 5)
    far = set(o.js("NM.labelled"))
    assert len(near) >= 12 and len(far) < len(near)
    o.close(tmp_path / "district-map.png")


def test_region_map_clusters_and_pages(browser: Any, region: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    record, path = region
    o = Opened(browser, path)
    n = o.js("NM.data.map.id.length")
    assert n == 3000 and o.js("NM.data.map.cluster")
    # at the first view: groups, not 3,000 markers; every school is in one of them or drawn on its own
    drawn = o.js("NM.drawn")
    assert 0 < drawn["clusters"] < 300 and drawn["points"] < 300
    counts = o.js("[...document.querySelectorAll('.nm-cluster span')].map(e => e.textContent)")
    assert sum(int(c.replace("\xa0", "")) for c in counts) + drawn["points"] == 3000
    labelled_far = set(o.js("NM.labelled"))

    # find a ШНОР by its code, go there: markers and labels replace the groups
    target = next(s for s in record["schools"] if "low_results" in s["statuses"] and s["leaders"])
    _search(o, target["id"])
    o.page.keyboard.press("Enter")
    o.page.wait_for_function("NM.map.getZoom() >= 14 && NM.idle")  # the zoom is animated: wait for its end
    o.settle()
    assert target["id"] in o.page.locator("#map-panel h3").inner_text()
    assert o.js("NM.map.getZoom()") >= 14
    labelled_near = set(o.js("NM.labelled"))
    assert target["id"] in labelled_near and labelled_near != labelled_far
    i = o.js(f"NM.data.map.id.indexOf({target['id']!r})")
    o.point_at(i)
    o.page.locator(".leaflet-tooltip.nm-tip").wait_for()
    assert target["name"] in o.page.locator(".leaflet-tooltip.nm-tip").inner_text()

    # a status layer off: none of its schools is drawn or counted in the groups
    o.zoom_to(i, 7)
    label = o.page.locator(".leaflet-control-layers-overlays label", has_text="без особого статуса")
    label.locator("input").uncheck()
    assert o.js("NM.drawn.byStatus[4]") == 0
    ordinary = sum(s["statuses"] == ["ordinary"] or not s["statuses"] for s in record["schools"])
    assert ordinary > 0

    # the schools table: pages of 100 rows, search and sort over all 3,000
    rows = o.page.locator("#t-schools tbody tr")
    assert rows.count() == 100
    pager = o.page.locator(".pager[data-for='t-schools']")
    assert "строки 1–100 из 3\xa0000" in pager.inner_text()
    pager.locator("button", has_text="вперёд").click()
    assert "строки 101–200" in pager.inner_text() and rows.count() == 100
    o.page.fill("input.table-search[data-for='t-schools']", target["name"])
    o.page.wait_for_function("document.querySelector('#t-schools tbody').rows.length === 1")
    assert target["id"] in rows.first.inner_text()
    o.page.fill("input.table-search[data-for='t-schools']", "")
    o.page.wait_for_function("document.querySelector('#t-schools tbody').rows.length === 100")
    header = o.page.locator("#t-schools thead th", has_text="Результаты")
    header.click()
    first = float(rows.first.locator("td.score").inner_text().replace(",", ".").replace("−", "-"))
    lowest = min(s["overall_z"] for s in record["schools"] if s.get("overall_z") is not None)
    assert first == pytest.approx(lowest, abs=0.006)
    o.close(tmp_path / "region-map.png")


def test_openstreetmap_is_asked_for_only_when_chosen(browser: Any, district: tuple[dict[str, Any], Path]) -> None:
    o = Opened(browser, district[1])
    assert o.requests == [] and o.page.locator(".leaflet-tile").count() == 0
    o.page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").locator("input").check()
    o.page.wait_for_function("document.querySelectorAll('.leaflet-tile').length > 0")
    o.settle()
    assert o.requests and all(u.startswith("https://tile.openstreetmap.org/") for u in o.requests)
    assert "OpenStreetMap" in o.page.locator(".leaflet-control-attribution").inner_text()
    # offline the tiles fail to load; the map goes on working
    assert not [p for p in o.problems if p.startswith("pageerror")]
    assert o.js("NM.drawn.points") == 18
    o.page.close()


def test_subject_groups_and_organisations_have_layers_of_their_own(browser: Any, tmp_path: Path) -> None:
    p = plan(nm.datasets.load_demo(), groups=True)
    record = report.plan_record(p)
    pairs = {(s, g["host"]) for g in record["groups"]["groups"] for s in g["members"]}
    o = Opened(browser, report.write_plan(record, tmp_path)["html"])
    assert o.problems == [] and o.requests == []
    assert o.js("NM.data.map.groups.a.length") == len(pairs) > 0
    lines = o.js("NM.drawn.lines")
    layer = o.page.locator(".leaflet-control-layers-overlays label", has_text="в предметной группе")
    layer.locator("input").uncheck()
    o.settle()
    assert o.js("NM.drawn.lines") == lines - len(pairs)  # each group member's line to its host, and no other
    assert o.page.locator(".legend li", has_text="в предметной группе").count() == 1
    assert o.page.locator(".nm-org").count() == 5

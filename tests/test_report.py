"""The plan on paper: saved plan, Excel read back, CSV safety, and the HTML report in real Chromium."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import netmatch as nm
from netmatch import report
from netmatch._scenario import plan

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    """The demo plan, with one new centre (as the command line sites it)."""
    from netmatch.cli.settings import SitingOptions
    from netmatch.cli.siting import siting_record

    p = plan(nm.datasets.load_demo())
    return report.plan_record(p, siting=siting_record(p.registry, SitingOptions(k=1), p.identification))


@pytest.fixture(scope="module")
def written(record: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return report.write_plan(record, tmp_path_factory.mktemp("plan"))


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A plan with schools left unpaired: leaders only within 10 km, no remote pairs."""
    p = plan(nm.datasets.load_demo(), constraints={"max_km": 10, "beyond_limit": "forbid"})
    assert p.pairing.unpaired
    return report.write_plan(report.plan_record(p), tmp_path_factory.mktemp("tight"))


# --- neutralising formulas ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("x")', '\'=HYPERLINK("x")'), ("+7 913", "'+7 913"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Школа № 1", "Школа № 1"), ("", ""), (-1.5, -1.5), (-3, -3), (0.0, 0.0), (None, None),
    (True, True),
])
def test_neutralise(value: Any, expected: Any) -> None:
    assert report.neutralise(value) == expected


def test_formula_names_come_out_as_text(tmp_path: Path) -> None:
    reg = nm.datasets.load_demo()
    evil = {"S09": '=HYPERLINK("x")', "S01": "+SUM(1)", "S05": "@cmd", "S10": "-2+3"}
    reg = reg.replace(schools=[s.model_copy(update={"name": evil.get(s.id, s.name)}) for s in reg.schools])
    paths = report.write_plan(report.plan_record(plan(reg)), tmp_path)

    with paths["csv:schools"].open(encoding="utf-8-sig", newline="") as fh:
        rows = {r[0]: r for r in csv.reader(fh)}
    assert rows["S09"][1] == '\'=HYPERLINK("x")'
    assert rows["S01"][1] == "'+SUM(1)" and rows["S05"][1] == "'@cmd" and rows["S10"][1] == "'-2+3"
    with paths["csv:pairs"].open(encoding="utf-8-sig", newline="") as fh:
        pairs = list(csv.DictReader(fh))
    assert {r["Наименование школы"] for r in pairs if r["Школа"] == "S09"} == {'\'=HYPERLINK("x")'}
    assert all(not v.startswith(("=", "+", "@")) for r in pairs for v in r.values())

    from openpyxl import load_workbook

    wb = load_workbook(paths["xlsx"])
    ws = wb["Школы"]
    by_id = {row[0].value: row for row in ws.iter_rows(min_row=3)}
    cell = by_id["S09"][1]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("x")'
    assert all(c.data_type != "f" for sheet in wb.worksheets for row in sheet.iter_rows() for c in row)
    # negative numbers stay numbers
    header = [c.value for c in ws[2]]
    z = by_id["S09"][header.index("Результаты, z")]
    assert z.data_type == "n" and isinstance(z.value, float) and z.value < 0
    with paths["csv:schools"].open(encoding="utf-8-sig", newline="") as fh:
        z_csv = {r["Код"]: r["Результаты, z"] for r in csv.DictReader(fh)}
    assert float(z_csv["S09"]) < 0 and not z_csv["S09"].startswith("'")


# --- the workbook -----------------------------------------------------------------------------------


def test_workbook_sheets_headers_and_explanations(written: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(written["xlsx"])
    assert wb.sheetnames == ["Пары", "Сетевые объединения", "Без пары", "Ресурсы", "Загрузка ресурсов",
                             "Размещение центров", "Показатели", "Показатели и цели", "Организации-партнёры",
                             "Потребности школ", "Кураторы", "Наставники", "Школы", "О расчёте"]
    pairs = wb["Пары"]
    assert pairs["A1"].value == "Пары (строк: 5)" and pairs["A1"].font.b
    header = [c.value for c in pairs[2]]
    assert header[:5] == ["Лидер", "Наименование лидера", "Школа", "Наименование школы", "Статус школы"]
    assert "Почему эта пара" in header and pairs.freeze_panes == "A3"
    assert pairs.auto_filter.ref == f"A2:{pairs.cell(2, len(header)).column_letter}7"
    rows = {(r[0], r[2]): dict(zip(header, r, strict=True)) for r in pairs.iter_rows(min_row=3, values_only=True)}
    s12 = rows[("S05", "S12")]
    assert "химия (ЕГЭ)" in s12["Почему эта пара"] and s12["Формат"] == "очно"
    assert isinstance(s12["Расстояние, км"], float) and 15 < s12["Расстояние, км"] < 25
    # the empty state is a note above the table, not a row in the column of schools
    unpaired = wb["Без пары"]
    assert unpaired["A1"].value == "Все ШНОР и ШНСУ получили школу-лидера." and unpaired["A1"].font.i
    assert [c.value for c in unpaired[2]][:4] == ["Школа", "Наименование", "Статус", "Причина"]
    assert unpaired.max_row == 2
    kpis = {r[0]: r for r in wb["Показатели"].iter_rows(min_row=3, values_only=True)}
    assert kpis["ШНОР и ШНСУ в партнёрстве"][1] == 1.0 and kpis["ШНОР и ШНСУ в партнёрстве"][4] == "да"
    # pairs, associations and shared resources together: 11 of 18 schools, over the 50% target
    assert kpis["Школ в сети"][3] == 0.5 and kpis["Школ в сети"][4] == "да"
    assert kpis["Сетевых объединений"][1] == 3
    assoc = wb["Сетевые объединения"]
    assert [c.value for c in assoc[2]][:6] == ["Объединение (лидер)", "Наименование лидера", "Школа",
                                                "Наименование школы", "Статус школы", "Роль"]
    members = [r for r in assoc.iter_rows(min_row=3, values_only=True)]
    assert [r[5] for r in members].count("лидер") == 3 and len(members) == 9
    assert all(r[5] == "лидер" or r[6] is not None for r in members)  # every member with its distance
    sites = [r for r in wb["Размещение центров"].iter_rows(min_row=3, values_only=True)]
    assert [r[2] for r in sites].count("новый центр") == 1
    assert {r[0] for r in wb["Ресурсы"].iter_rows(min_row=3, values_only=True)} >= {"S12", "S17"}
    assert wb["Школы"].max_row == 20


def _formats(ws: Any) -> dict[str, set[str]]:
    """Each header's number formats over its numeric cells."""
    header = [c.value for c in ws[2]]
    out: dict[str, set[str]] = {}
    for row in ws.iter_rows(min_row=3):
        for h, c in zip(header, row, strict=True):
            if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                out.setdefault(h, set()).add(c.number_format)
    return out


def test_workbook_formats_cell_by_cell(written: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(written["xlsx"])
    pairs = _formats(wb["Пары"])
    assert pairs["Балл пары"] == {"0.00"} and pairs["Расстояние, км"] == {"#,##0.0"}
    assert pairs["В пути, мин"] == {"#,##0"}
    use = _formats(wb["Загрузка ресурсов"])
    assert use["Загрузка"] == {"0%"} and use["Мест"] == {"#,##0"} and use["Использовано"] == {"#,##0.0"}
    kpi = wb["Показатели"]
    by_label = {r[0].value: r for r in kpi.iter_rows(min_row=3)}
    # shares in per cent beside a target in per cent; counts whole; kilometres to 0.1
    assert by_label["Школ в сети"][1].number_format == "0%" and by_label["Школ в сети"][3].number_format == "0%"
    assert by_label["Пар лидер — школа"][1].number_format == "#,##0"
    assert by_label["Среднее расстояние в паре"][1].number_format == "#,##0.0"
    for ws in wb.worksheets:
        # one page wide (1 is the file format's default, so it may be left out), pages as long as it takes
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (None, 1), ws.title
        assert ws.page_setup.fitToHeight == 0 and ws.oddFooter.right.text == "&P / &N", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert wb["Пары"].print_title_rows == "$2:$2"
    about = {r[0]: r[1] for r in wb["О расчёте"].iter_rows(min_row=3, values_only=True)}
    assert about["Школ"] == 18 and about["Строк результатов"] > 0 and about["Годы результатов"]
    assert about["Версия netmatch"] and about["Метод подбора пар"] == "оптимальный"


def test_workbook_about_names_the_parameters_in_words(record: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rec = {**record, "settings": {"constraints": {"max_km": 25}, "siting": {"objective": "median"}}}
    about = {r[0]: r[1] for r in load_workbook(report.write_excel(rec, tmp_path / "p.xlsx"))["О расчёте"]
             .iter_rows(min_row=3, values_only=True)}
    assert about["Наибольшее расстояние очной пары"] == "25 км"
    assert about["Цель размещения центров"] == "наименьший суммарный путь"
    assert not any("constraints." in str(k) or "siting." in str(k) for k in about)


def test_workbook_unpaired_reasons(tight: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(tight["xlsx"])["Без пары"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert rows and all(r["Причина"] for r in rows)
    assert any("нет лидера в пределах 10 км" in r["Причина"] and "ближайший лидер" in r["Причина"] for r in rows)


def test_workbook_in_english(record: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(report.write_excel(record, tmp_path / "p.xlsx", "en"))
    assert wb.sheetnames[0] == "Pairs" and wb["Pairs"]["A2"].value == "Leader" and wb.sheetnames[-1] == "About"
    assert wb["Pairs"]["A1"].value.startswith("Pairs (rows: ")


def test_csv_numbers_are_rounded_and_counts_whole(written: dict[str, Path]) -> None:
    folder = written["xlsx"].parent
    with (folder / "resource_use.csv").open(encoding="utf-8-sig", newline="") as fh:
        use = list(csv.DictReader(fh))
    shares = [r["Загрузка"] for r in use if r["Загрузка"]]
    assert shares and all(len(x.partition(".")[2]) <= 4 for x in shares)
    assert all("." not in r["Мест"] for r in use)
    with (folder / "pairs.csv").open(encoding="utf-8-sig", newline="") as fh:
        pairs = list(csv.DictReader(fh))
    assert all(len(r["Расстояние, км"].partition(".")[2]) <= 2 for r in pairs)


# --- the saved plan -----------------------------------------------------------------------------------


def test_saved_plan_round_trip(record: dict[str, Any], written: dict[str, Path]) -> None:
    again = report.read_plan(written["json"])
    assert again == json.loads(json.dumps(record))
    assert report.read_plan(written["json"].parent) == again
    assert again["kpis"]["share_covered"] == 1.0 and again["targets"] == {"share_covered": 1.0,
                                                                          "share_in_network": 0.5}
    assert {d["group"] for d in again["dynamics"]} == {"paired", "leaders", "others"}
    kpis, changes = report.compare_records(again, again, "en")
    assert not changes.rows and kpis.columns[1].en.endswith("(1)")


def test_same_plan_same_files(record: dict[str, Any], written: dict[str, Path], tmp_path: Path) -> None:
    again = report.write_plan(record, tmp_path)
    for key in ("json", "html", "csv:pairs", "csv:schools"):
        assert again[key].read_bytes() == written[key].read_bytes(), key


@pytest.mark.parametrize(("content", "expected"), [
    (None, "no such file"), ("[1, 2", "not JSON"), ('{"format": "other"}', "not a saved netmatch plan"),
    ('{"format": "netmatch-plan", "version": 99}', "newer netmatch"),
    ('{"format": "netmatch-plan", "version": 1}', "the file is damaged"),
])
def test_read_plan_errors(content: str | None, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(nm.InvalidInputError, match=expected):
        report.read_plan(path, "en")


# --- the HTML report ----------------------------------------------------------------------------------


def test_html_is_self_contained(written: dict[str, Path]) -> None:
    page = written["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ru">' in page
    # nothing to fetch: no external scripts, styles, images or fonts in the markup and the styles
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", markup)
    assert page.count("<script") == 2 and '<script type="application/json" id="nm-data"' in page
    # the only addresses outside the vendored libraries: OpenStreetMap's tiles (off until the reader turns them
    # on) and links (that no address is fetched is checked in Chromium, below)
    from importlib.resources import files

    for lib in ("leaflet.js", "supercluster.min.js", "leaflet.css"):
        page = page.replace((files("netmatch.report") / "vendor" / lib).read_text(encoding="utf-8"), "")
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) <= {
        "http://www.w3.org/2000/svg", "https://leafletjs.com", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright"}
    assert "@media print" in page and '<div id="map"' in page and "Leaflet" in page
    assert page.count('class="school ') == 6  # the legend's dots (the map draws on a canvas)
    assert "Приложение к приказу" in page


def test_templates_are_package_files() -> None:
    from importlib.resources import files

    folder = files("netmatch.report") / "templates"
    assert {"report.html", "report.css", "report.js", "tables.js", "map.js"} <= {p.name for p in folder.iterdir()}
    vendor = {p.name for p in (files("netmatch.report") / "vendor").iterdir()}
    assert {"leaflet.js", "leaflet.css", "supercluster.min.js", "LICENSE-leaflet.txt"} <= vendor
    assert "@media print" in (folder / "report.css").read_text(encoding="utf-8")


def test_map_data_without_coordinates(record: dict[str, Any]) -> None:
    from netmatch.report.map import map_data, map_html

    rec = {"schools": [{"id": "S1", "name": "a", "lat": None, "lon": None, "statuses": [], "leaders": [],
                        "partners": [], "resources": []}], "pairs": []}
    assert map_data(rec, "en") is None and "no map" in map_html(rec, "en")
    d = map_data(record, "ru")
    assert d is not None and len(d["id"]) == 18 and not d["cluster"] and not d["wrap"]
    # every pair between mapped schools, by index, with its distance in words
    assert len(d["pairs"]["a"]) == 5 and sum(d["pairs"]["remote"]) == 1
    assert all(" км, " in k for k in d["pairs"]["km"])
    lat = {s["id"]: s["lat"] for s in record["schools"]}
    assert [round(lat[i], 5) for i in d["id"]] == d["lat"]  # positions as the registry gives them


def test_map_straddling_the_antimeridian() -> None:
    from netmatch.report.map import map_data

    schools = [{"id": f"S{k}", "name": "a", "lat": 66.0, "lon": lon, "statuses": [], "leaders": [], "partners": [],
                "resources": [], "reasons_en": ""} for k, lon in enumerate((179.5, -179.5, 178.0))]
    d = map_data({"schools": schools, "pairs": []}, "en")
    assert d is not None and d["wrap"]
    d = map_data({"schools": schools[::2], "pairs": []}, "en")
    assert d is not None and not d["wrap"]


@pytest.fixture(scope="module")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); "
                    "CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def test_report_renders_in_chromium(browser: Any, written: dict[str, Path], tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    fetched: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def route(r: Any) -> None:
        if not r.request.url.startswith("file://"):
            fetched.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(written["html"].as_uri())
    page.wait_for_selector("html[data-ready='1']")

    # the map, the cards, the tables and the charts are there and visible
    assert page.locator("#map").is_visible() and page.locator("#map canvas").count() == 1
    drawn = page.evaluate("NM.drawn")
    assert drawn["points"] == 18 and drawn["clusters"] == 0
    # the lines: 4 pairs in person, 1 remote, 3 schools using another's resource (by their stated needs), 6
    # association members; the rings: 6 hosts, 1 new centre; the partner organisations a layer of their own
    assert drawn["lines"] == 4 + 1 + 3 + 6
    assert page.locator(".leaflet-control-layers-overlays label").count() == 5 + 7
    # the five partner organisations, as squares, with their names on hover; their layer switches them off
    assert page.locator(".nm-org").count() == 5
    page.locator(".nm-org").first.hover(force=True)  # four stand close together in the district centre
    assert re.search(r"O\d — .+ \((вуз|СПО|дополнительное образование|учреждение спорта|учреждение культуры)\)",
                     page.locator(".nm-tip").last.inner_text())
    orgs = page.locator(".leaflet-control-layers-overlays label", has_text="организации-партнёры")
    orgs.locator("input").uncheck()
    assert page.locator(".nm-org").count() == 0
    orgs.locator("input").check()
    box = page.locator("#map").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 300
    cards = page.locator(".kpi")
    assert cards.count() >= 6
    assert "100%" in page.locator(".kpi[data-kpi='share_covered'] .value").inner_text()
    assert "цель достигнута" in page.locator(".kpi.met").first.inner_text()
    assert page.locator(".kpi.met[data-kpi='share_in_network']").count() == 1
    assert page.locator("table.sortable").count() >= 5
    assert page.locator("#t-pairs tbody tr").count() == 5
    assert page.locator("#t-schools tbody tr").count() == 18
    assert page.locator("svg.chart").count() == 3 and page.locator("svg.chart path.series").count() == 9

    # sorting: by distance, then the other way
    def distances() -> list[float]:
        # Russian decimal commas, as the ru report writes them
        return [float(x.replace(",", ".")) for x in page.locator("#t-pairs tbody tr td:nth-child(5)").all_inner_texts()]

    header = page.locator("#t-pairs thead th", has_text="Расстояние")
    header.click()
    assert distances() == sorted(distances()) and header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert distances() == sorted(distances(), reverse=True)

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 100_000

    # the print stylesheet hides the navigation and keeps the map
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible() and page.locator("#map").is_visible()
    assert page.locator(".legend").is_visible()  # on paper the legend stands for the layer switches
    assert page.locator(".order").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000

    assert problems == [] and fetched == []
    page.close()
    if keep := os.environ.get("NETMATCH_REPORT_SCREENSHOT"):  # for a person to look at
        shutil.copyfile(shot, keep)


def test_report_with_unpaired_schools_renders(browser: Any, tight: dict[str, Path]) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(tight["html"].as_uri())
    page.wait_for_selector("html[data-ready='1']")
    assert page.locator("#t-unpaired tbody tr").count() >= 1
    assert page.locator(".kpi.missed[data-kpi='share_covered']").count() == 1
    assert problems == []
    page.close()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hostile_names_stay_text_in_chromium(browser: Any, lang: str, tmp_path: Path) -> None:
    from tests.test_report_escaping import HOSTILE_IDS, PAYLOADS, hostile_record

    paths = report.write_plan(hostile_record(), tmp_path, lang)
    page = browser.new_page()
    dialogs: list[str] = []
    problems: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(paths["html"].as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=10_000)  # the report's own script ran to its end
    # move the pointer over every cell and marker: an injected onmouseover would fire now
    page.evaluate("document.querySelectorAll('td, circle, text, li, a').forEach("
                  "e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")

    # nothing the names tried to inject ran or exists
    assert dialogs == [] and problems == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, textarea, iframe, svg[onload], [src]").count() == 0
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                         ".some(a => a.name.startsWith('on'))).length") == 0
    assert page.evaluate("document.scripts.length") == 2 and page.locator("style").count() == 1

    # and the names read as the registry wrote them: in the title, the header, the tables and the map
    title = ("План сетевого взаимодействия школ — " if lang == "ru" else "School partnership plan — ") + PAYLOADS[1]
    assert page.title() == title
    assert PAYLOADS[2] in page.locator("header .meta").inner_text()
    first = page.locator("#t-schools tbody tr").first.locator("td").first
    assert first.is_visible() and first.inner_text() == f"{PAYLOADS[0]} — {PAYLOADS[0]} №1"
    assert page.locator("#t-schools tbody tr").count() == 18
    assert page.get_by_text(PAYLOADS[2], exact=True).first.is_visible()  # a settlement, in the schools table
    # on the map: the click panel and the labels show the names as text
    ids = page.evaluate("NM.data.map.id")
    assert set(HOSTILE_IDS.values()) <= set(ids)
    page.evaluate(f"NM.select({ids.index(PAYLOADS[0])}, true)")
    assert page.locator("#map-panel h3").inner_text() == f"{PAYLOADS[0]} — {PAYLOADS[0]} №1"
    labels = page.locator(".nm-label span").all_inner_texts()
    assert labels and all(t in {*ids, *page.evaluate("NM.data.map.name.map(x => x.slice(0, 29) + '…')")}
                          or t in page.evaluate("NM.data.map.name") for t in labels)
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator(".warnings li").first.inner_text().startswith(PAYLOADS[0] if lang == "ru" else PAYLOADS[1])
    page.close()


def test_without_jinja2_the_report_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from netmatch.report import html

    real = builtins.__import__

    def no_jinja(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("jinja2", "markupsafe"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    html._page.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_jinja)
    try:
        with pytest.raises(nm.InvalidInputError, match=r"needs jinja2: pip install 'netmatch\[report\]'"):
            html.render_html({"years": [2025]})
    finally:
        monkeypatch.undo()
        html._page.cache_clear()


def test_the_russian_report_speaks_russian(record: dict[str, Any]) -> None:
    # every text a reader sees in the ru page — its markup and the data its map and long tables draw — is in plain
    # Russian: no «σ», no English word (but the registry's own values, program names and typed options)
    import html.parser

    from tests.test_catalog import latin_words

    page = report.render_html(record, "ru")

    class Visible(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.texts: list[str] = []
            self.attrs: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self._skip += tag in ("style", "script")
            self.attrs += [v or "" for k, v in attrs if k in ("placeholder", "aria-label", "title")]

        def handle_endtag(self, tag: str) -> None:
            self._skip -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.texts.append(data)

    seen = Visible()
    seen.feed(page)
    data = json.loads(re.search(r'id="nm-data" data-enc="json">(.*?)</script>', page, re.S).group(1))

    def strings(x: Any) -> list[str]:
        if isinstance(x, str):
            return [x]
        if isinstance(x, dict):
            return [s for v in x.values() for s in strings(v)]
        if isinstance(x, list):
            return [s for v in x for s in strings(v)]
        return []

    texts = seen.texts + seen.attrs + strings(data["map"]) + strings(data["words"]) + strings(data["tables"])
    assert len(texts) > 500 and any("Точка роста" in t for t in texts)
    values = {s["id"] for s in record["schools"]} | {"Leaflet", "OpenStreetMap"}
    values |= {w for r in nm.datasets.load_demo().resources for w in re.findall(r"[A-Za-z]+", r.id)}  # «S03:LAB»
    assert not [t for t in texts if "σ" in t]
    english = sorted({w for t in texts for w in latin_words(t, values)})
    assert english == [], english

"""Draft agreements: what each says, the DOCX drafts filled from the template, and LibreOffice opening them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import netmatch as nm
from netmatch.report.agreements import agreement_rows, write_agreements
from netmatch.report.record import plan_record

docx = pytest.importorskip("docx", reason="the drafts need python-docx (the docs extra)")

PLAN = nm.plan(nm.datasets.load_demo())
RECORD = plan_record(PLAN, events=nm.plan_events(PLAN))


def _text(path: Path) -> str:
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_one_draft_per_pair_association_and_working_organisation() -> None:
    rows = agreement_rows(RECORD)
    kinds = [r["kind"] for r in rows]
    working = [o for o in RECORD["organisations"] if o["answers"] or o["members"] or o["resource_schools"]]
    assert kinds.count("pair") == len(PLAN.pairs)
    assert kinds.count("association") == len(PLAN.networks.associations)
    assert kinds.count("organisation") == len(working)
    pair = rows[0]
    events = [e for e in RECORD["events"]["events"] if e["scope"] == "pair" and e["unit"] == pair["key"]]
    assert len(pair["events"]) == len(events) > 0 and pair["term"] == "1 сентября 2025 г. — 31 мая 2026 г."
    shared = next(r for r in rows if r["resources"])  # a draft names the resources its parties share, with hours
    assert "групп-часов в неделю" in shared["resources"][0]


def test_the_drafts_are_filled_marked_and_the_same_each_time(tmp_path: Path) -> None:
    first = write_agreements(RECORD, tmp_path / "a")
    second = write_agreements(RECORD, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    text = _text(first[0])
    assert "{{" not in text and text.startswith("ПРОЕКТ")
    assert "Договор о сетевом взаимодействии № 1" in text and "S01 — МБОУ «Кедровогорская гимназия»" in text
    assert "Взаимопосещение уроков с анализом — 4 раз(а) в год" in text
    doc = docx.Document(str(first[0]))
    signatures = doc.tables[0]
    assert len(signatures.rows) == 1 + 2  # the header and one row per party
    english = _text(write_agreements(RECORD, tmp_path / "en", "en")[0])
    assert english.startswith("DRAFT") and "Agreement on network partnership" in english


def test_a_department_template_with_its_own_wording(tmp_path: Path) -> None:
    own = docx.Document()
    own.add_paragraph("Соглашение {{number}}: {{parties}}")
    p = own.add_paragraph("Срок: ")
    p.add_run("{{te")
    p.add_run("rm}}")  # a mark split across runs, as Word often saves it
    own.save(str(tmp_path / "own.docx"))
    path = write_agreements(RECORD, tmp_path / "out", template=tmp_path / "own.docx")[0]
    text = _text(path)
    assert text.startswith("Соглашение 1: S01 — ") and "Срок: 1 сентября 2025 г. — 31 мая 2026 г." in text
    with pytest.raises(nm.InvalidInputError, match="is not a file"):
        write_agreements(RECORD, tmp_path / "x", template=tmp_path / "missing.docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (Debian's libreoffice-writer) is absent")
def test_libreoffice_opens_a_draft_and_prints_it(tmp_path: Path) -> None:
    path = write_agreements(RECORD, tmp_path)[5]  # an association: several parties
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           "pdf", "--outdir", str(tmp_path / "pdf"), str(path)], capture_output=True, text=True,
                          timeout=240)
    pdf = tmp_path / "pdf" / (path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 5_000, done.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Договор о сетевом взаимодействии" in text and "Подписи сторон" in text


def test_the_command_line_takes_the_department_template(tmp_path: Path) -> None:
    from netmatch.cli import main

    own = docx.Document()
    own.add_paragraph("Соглашение {{number}}: {{subject}}")
    own.save(str(tmp_path / "own.docx"))
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(f'[agreements]\ntemplate = "{tmp_path / "own.docx"}"\n', encoding="utf-8")
    assert main(["demo", "--out", str(tmp_path / "o"), "-q", "--config", str(cfg)]) == 0
    first = sorted((tmp_path / "o" / "agreements").iterdir())[0]
    assert _text(first).startswith("Соглашение 1: Сетевое взаимодействие школы-лидера")
    assert main(["demo", "--out", str(tmp_path / "n"), "-q", "--set", "agreements.write=false"]) == 0
    assert not (tmp_path / "n" / "agreements").exists() and (tmp_path / "n" / "agreements.csv").exists()

"""Build the neutral agreement template ``netmatch/report/templates/agreement.docx`` (python-docx).

The template is a draft form, not legal text: a heading marked «ПРОЕКТ», the parties, and one
section per part of the plan (subject, forms of work, shared resources, responsibles, term), each
filled from the plan by :mod:`netmatch.report.agreements`, and a table of signatures with one row
per party. A department replaces it with its own DOCX that uses the same ``{{field}}`` marks (any
mark it leaves out is simply not filled; see the module for the list).

Run ``python scripts/build_agreement_template.py`` after changing it; ``--check`` says whether the
committed file holds the same text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

TARGET = Path(__file__).resolve().parents[1] / "netmatch" / "report" / "templates" / "agreement.docx"

SECTIONS = (
    ("1. Предмет договора", "{{subject}}"),
    ("2. Формы взаимодействия", "{{forms}}"),
    ("3. Совместно используемые ресурсы", "{{resources}}"),
    ("4. Ответственные лица", "{{responsibles}}"),
    ("5. Мероприятия", "{{events}}"),
    ("6. Срок действия", "{{term}}"),
)


def build() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    mark = doc.add_paragraph("{{draft}}")
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("{{title}} № {{number}}")
    run.bold = True
    run.font.size = Pt(14)
    doc.add_paragraph("{{place}}")
    doc.add_paragraph("«___» ____________ 20__ г.").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("Стороны: {{parties}}.")
    for head, body in SECTIONS:
        h = doc.add_paragraph()
        h.add_run(head).bold = True
        doc.add_paragraph(body)
    h = doc.add_paragraph()
    h.add_run("7. Подписи сторон").bold = True
    table = doc.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Сторона", "Руководитель", "Подпись"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("{{party}}", "{{party_head}}", "__________ / М. П."), strict=True):
        cell.text = text
    doc.add_paragraph("{{footer}}").runs[0].font.size = Pt(9)
    return doc


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def main(argv: list[str]) -> int:
    doc = build()
    if "--check" in argv:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "a.docx"
            doc.save(str(fresh))
            same = TARGET.is_file() and _text(fresh) == _text(TARGET)
        print("the agreement template is up to date" if same else f"{TARGET} differs: run this script")
        return 0 if same else 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(TARGET))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

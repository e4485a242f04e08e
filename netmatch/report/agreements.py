"""Draft partnership agreements (договоры о сетевом взаимодействии) from a saved plan, as DOCX files.

One draft for each pair «лидер — школа», each association (one agreement of all its schools) and
each partner organisation the plan gives work to (the schools whose needs it answers, that use its
resources or that it leads). :func:`agreement_rows` gathers what each says — the parties, the
subject, the forms of work (the plan of events' activities for it and how often), the resources
shared between its parties and their hours a week, the people responsible, the events with their
dates, the term — and :func:`write_agreements` fills a DOCX template with it (python-docx, the
``docs`` extra). No legal wording is made up: the shipped template
(``netmatch/report/templates/agreement.docx``, built by ``scripts/build_agreement_template.py``) is
a neutral form marked «ПРОЕКТ», and a department may give its own with the same marks:

``{{draft}} {{title}} {{number}} {{place}} {{parties}} {{subject}} {{forms}} {{resources}}
{{responsibles}} {{events}} {{term}} {{footer}}``, and in a table row ``{{party}}`` with
``{{party_head}}`` (the row is repeated for each party).

>>> import netmatch as nm
>>> from netmatch.report.record import plan_record
>>> p = nm.plan(nm.datasets.load_demo())
>>> rows = agreement_rows(plan_record(p, events=nm.plan_events(p)))
>>> [r["kind"] for r in rows][:2], rows[0]["file"]
(['pair', 'pair'], '01_pair_S01-S09.docx')
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from netmatch._programme.dates import date_words
from netmatch.exceptions import InvalidInputError
from netmatch.report.tables import Column, Table
from netmatch.report.words import li, names_of

__all__ = ["agreement_rows", "agreements_table", "write_agreements"]

_TEMPLATE = Path(__file__).with_name("templates") / "agreement.docx"
#: Words of the drafts, ``key -> (Russian, English)``.
WORDS: dict[str, tuple[str, str]] = {
    "draft": ("ПРОЕКТ — подготовлен netmatch по данным плана; не является подписанным документом",
              "DRAFT — prepared by netmatch from the plan; not a signed document"),
    "title": ("Договор о сетевом взаимодействии", "Agreement on network partnership"),
    "pair": ("Сетевое взаимодействие школы-лидера {lead} и школы {member}: методическая помощь в повышении "
             "образовательных результатов{subject}", "Partnership of the leader school {lead} and the school "
             "{member}: methodical support in raising results{subject}"),
    "association": ("Совместная работа школ сетевого объединения под руководством {lead}",
                    "Joint work of the schools of the association led by {lead}"),
    "organisation": ("Участие организации {lead} в сетевом взаимодействии со школами: {help}",
                     "Participation of the organisation {lead} in the partnership with the schools: {help}"),
    "no_forms": ("по согласованию сторон", "as the parties agree"),
    "no_resources": ("не предусмотрены планом", "none in the plan"),
    "term": ("{start} — {end}", "{start} — {end}"),
    "term_open": ("на учебный год", "for the school year"),
    "footer": ("Формы работы, ресурсы, ответственные и даты взяты из плана netmatch; текст договора "
               "определяют стороны.", "Forms of work, resources, responsibles and dates come from the netmatch "
               "plan; the parties decide the text of the agreement."),
    "times": ("{name} — {n} раз(а) в год", "{name} — {n} time(s) a year"),
    "hours": ("{resource} ({host}) для {school}: {hours} групп-часов в неделю",
              "{resource} ({host}) for {school}: {hours} group-hours a week"),
}


def _w(key: str, lang: str, **values: Any) -> str:
    return WORDS[key][li(lang)].format(**values)


def _events_by_unit(record: Mapping[str, Any]) -> dict[tuple[str, str], list[Mapping[str, Any]]]:
    out: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for e in (record.get("events") or {}).get("events", []):
        out.setdefault((e["scope"], e["unit"]), []).append(e)
    return out


def _forms(events: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    counts: dict[str, int] = {}
    for e in events:
        name = e["name_ru"] if li(lang) == 0 else e["name_en"]
        counts[name] = counts.get(name, 0) + 1
    return [_w("times", lang, name=k, n=n) for k, n in counts.items()]


def _resources(record: Mapping[str, Any], parties: set[str], lang: str) -> list[str]:
    flows = (record.get("sharing") or {}).get("flows", [])
    return [_w("hours", lang, resource=f["resource"], host=f["host"], school=f["school"], hours=f"{f['group_hours']:g}")
            for f in flows if f["host"] in parties and f["school"] in parties and f["host"] != f["school"]]


def _row(record: Mapping[str, Any], kind: str, key: str, parties: Sequence[str], subject: str,
         events: Sequence[Mapping[str, Any]], lang: str, extra_forms: Sequence[str] = ()) -> dict[str, Any]:
    people = sorted({e["responsible_ru"] if li(lang) == 0 else e["responsible_en"] for e in events})
    dated = [f"{date_words(dt.date.fromisoformat(e['date']), lang)} — {e['name_ru' if li(lang) == 0 else 'name_en']}"
             for e in events]
    ev = record.get("events") or {}
    term = (_w("term", lang, start=date_words(dt.date.fromisoformat(ev["start"]), lang),
               end=date_words(dt.date.fromisoformat(ev["end"]), lang)) if ev.get("start") else _w("term_open", lang))
    return {"kind": kind, "key": key, "parties": list(parties), "subject": subject,
            "forms": [*extra_forms, *_forms(events, lang)], "resources": _resources(record, set(parties), lang),
            "responsibles": people, "events": dated, "term": term}


def agreement_rows(record: Mapping[str, Any], lang: str = "ru") -> list[dict[str, Any]]:
    """What each draft agreement of a saved plan says (see the module), numbered, with its file name."""
    from netmatch.report.partners import help_label

    names = names_of(record)
    by_unit = _events_by_unit(record)
    rows = []
    for p in record.get("pairs", []):
        key = f"{p['leader']}-{p['partner']}" + (f"-{p['subject']}" if p.get("subject") else "")
        subject = _w("pair", lang, lead=p["leader"], member=p["partner"],
                     subject=f" ({p['subject']})" if p.get("subject") else "")
        rows.append(_row(record, "pair", key, (p["leader"], p["partner"]), subject, by_unit.get(("pair", key), []),
                         lang))
    for a in (record.get("networks") or {}).get("associations", []):
        parties = [a["leader"], *a["members"], *([a["co_leader"]] if a.get("co_leader") else [])]
        rows.append(_row(record, "association", a["leader"], parties, _w("association", lang, lead=a["leader"]),
                         by_unit.get(("association", a["leader"]), []), lang))
    for o in record.get("organisations", []):
        schools = sorted({*o.get("answers", []), *o.get("members", []), *o.get("resource_schools", [])})
        if not schools:
            continue
        helps = ", ".join(help_label(h, lang) for h in o.get("help") or ()) or "—"
        ev = by_unit.get(("association", o["id"]), []) if o.get("members") else []
        rows.append(_row(record, "organisation", o["id"], (o["id"], *schools),
                         _w("organisation", lang, lead=o["id"], help=helps), ev, lang,
                         extra_forms=[h for h in helps.split(", ") if h != "—"]))
    width = max(2, len(str(len(rows))))  # the files sort in their order
    for n, r in enumerate(rows, 1):
        r["number"] = n
        r["file"] = f"{n:0{width}d}_{r['kind']}_{_safe(r['key'])}.docx"
        r["names"] = [names.get(s, s) for s in r["parties"]]
    return rows


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("_")[:60]


def agreements_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Договоры»: each draft agreement, its parties, subject and file (in the ``agreements`` folder).

    >>> rec = {"schools": [{"id": "L", "name": "Лицей"}, {"id": "S", "name": "Школа"}],
    ...        "pairs": [{"leader": "L", "partner": "S", "subject": None}]}
    >>> agreements_table(rec, "ru").rows[0]
    [1, 'пара «лидер — школа»', 'L — Лицей; S — Школа', 'Сетевое взаимодействие школы-лидера L и школы S: \
методическая помощь в повышении образовательных результатов', 'agreements/01_pair_L-S.docx']
    """
    from netmatch._programme.catalogue import SCOPES

    i = li(lang)
    kinds = {**SCOPES, "organisation": ("организация-партнёр", "partner organisation")}
    cols = (Column("n", "№", "No.", "int"), Column("kind", "Вид", "Kind"),
            Column("parties", "Стороны", "Parties", "long"), Column("subject", "Предмет", "Subject", "long"),
            Column("file", "Файл проекта", "Draft file"))
    rows = [[r["number"], kinds[r["kind"]][i], "; ".join(f"{p} — {n}" for p, n in zip(r["parties"], r["names"],
                                                                                    strict=True)),
             r["subject"], f"agreements/{r['file']}"] for r in agreement_rows(record, lang)]
    note = ("Проекты договоров (DOCX) — в папке agreements; текст договора определяют стороны."
            if i == 0 else "The draft agreements (DOCX) are in the agreements folder; the parties decide the text.")
    return Table("agreements", ("Договоры", "Agreements")[i], cols, rows, note)


def _fill_paragraph(paragraph: Any, values: Mapping[str, str]) -> None:
    """Replace the ``{{marks}}`` of a paragraph (a mark may span runs: the text goes to the first run)."""
    text = paragraph.text
    if "{{" not in text:
        return
    new = re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), text)
    runs = paragraph.runs
    if not runs:
        return
    lines = new.split("\n")
    first = runs[0]
    first.text = lines[0]
    for line in lines[1:]:
        first.add_break()
        first.add_text(line)
    for r in runs[1:]:
        r.text = ""


def _text_of(element: Any) -> str:
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _fill(doc: Any, values: Mapping[str, str], parties: Sequence[tuple[str, str]]) -> None:
    """Fill every mark of the body (lxml first finds the paragraphs that hold one); the party row per party."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = doc.element.body
    for tr in [tr for tr in body.iter(qn("w:tr")) if "{{party}}" in _text_of(tr)]:
        for party, head in parties:  # the marked row once per party, then the marked row away
            clone = copy.deepcopy(tr)
            tr.addprevious(clone)
            for p in clone.iter(qn("w:p")):
                _fill_paragraph(Paragraph(p, doc.part), {"party": party, "party_head": head or "________________"})
        tr.getparent().remove(tr)
    for p in [p for p in body.iter(qn("w:p")) if "{{" in _text_of(p)]:
        _fill_paragraph(Paragraph(p, doc.part), values)


def write_agreements(record: Mapping[str, Any], folder: str | Path, lang: str = "ru",
                     template: str | Path | None = None) -> list[Path]:
    """Write one DOCX draft per agreement of the plan into ``folder``; the paths, in order.

    >>> import tempfile
    >>> import netmatch as nm
    >>> from netmatch.report.record import plan_record
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_agreements(plan_record(nm.plan(nm.datasets.load_demo())), tmp)][:2]
    ['01_pair_S01-S09.docx', '02_pair_S05-S12.docx']
    """
    try:
        from docx import Document
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError(["Writing agreements needs python-docx: pip install 'netmatch[docs]'."]) from None
    source = Path(template) if template is not None else _TEMPLATE
    if not source.is_file():
        raise InvalidInputError([f"The agreement template {str(source)!r} is not a file; give a .docx file."])
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    heads = _heads(record)
    doc = Document(str(source))  # read once: each draft refills a fresh copy of its body
    body = doc.element.body
    original = [copy.deepcopy(child) for child in body]
    package = _Package(source, doc.part.partname.lstrip("/"))
    paths = []
    for r in agreement_rows(record, lang):
        for child in list(body):
            body.remove(child)
        for child in original:
            body.append(copy.deepcopy(child))
        parties = [(f"{p} — {n}", heads.get(p, "")) for p, n in zip(r["parties"], r["names"], strict=True)]
        none = ("—", "—")[li(lang)]
        values = {"draft": _w("draft", lang), "title": _w("title", lang), "number": str(r["number"]),
                  "place": record.get("registry") or "", "parties": "; ".join(p for p, _ in parties),
                  "subject": r["subject"], "forms": "\n".join(r["forms"]) or _w("no_forms", lang),
                  "resources": "\n".join(r["resources"]) or _w("no_resources", lang),
                  "responsibles": "\n".join(r["responsibles"]) or none, "events": "\n".join(r["events"]) or none,
                  "term": r["term"], "footer": _w("footer", lang)}
        _fill(doc, values, parties)
        path = out / r["file"]
        package.write(path, doc.part.blob)
        paths.append(path)
    return paths


class _Package:
    """The template's other parts compressed once; a draft is a copy of them with its main part added, every date
    inside fixed (the same plan gives the same bytes)."""

    def __init__(self, source: Path, main: str) -> None:
        import io
        import zipfile

        rest = io.BytesIO()
        with zipfile.ZipFile(source) as z, zipfile.ZipFile(rest, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in z.infolist():
                if item.filename != main:
                    dst.writestr(self._info(item.filename), z.read(item.filename))
        self.rest = rest.getvalue()
        self.main = main

    @staticmethod
    def _info(name: str) -> Any:
        import zipfile

        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def write(self, path: Path, main: bytes) -> None:
        import zipfile

        path.write_bytes(self.rest)
        with zipfile.ZipFile(path, "a") as dst:
            dst.writestr(self._info(self.main), main)


def _heads(record: Mapping[str, Any]) -> dict[str, str]:
    """School -> its head's name, when the staff table names one (the curators' record lists the people)."""
    return {p["school"]: p["name"] for p in (record.get("curators") or {}).get("people", [])
            if p.get("school") and p.get("head")}

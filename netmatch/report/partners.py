"""The tables of the partner organisations and of the schools' needs, from a saved plan.

«Организации-партнёры» lists every organisation of the registry: its kind, what it offers, and
what the plan gives it to do — the association it leads (or why it leads none), the schools whose
needs it answers, the resources it hosts and the schools that use them. «Потребности школ»
lists every stated need with the organisation that answers it or the reason none does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netmatch._base.lists import id_list
from netmatch._data.partners import HelpKind, OrganisationKind
from netmatch.report.tables import Column, Table
from netmatch.report.words import MODE, kind_label, li, names_of

__all__ = ["needs_table", "organisations_table"]

#: Kinds of help in words (Russian: the codes' labels).
_HELP_EN = {"subject": "subject teaching", "methodical": "methodical support", "career": "careers guidance",
            "profile": "profile classes", "psychological": "psychological support", "resource": "resources",
            "additional": "additional education", "culture": "culture", "sport": "sport", "other": "other"}
_KIND_EN = {"university": "university", "college": "college (СПО)", "additional": "additional education",
            "culture": "culture", "sport": "sport", "social": "social institution", "other": "other"}


def _label(kind: type[HelpKind] | type[OrganisationKind], english: Mapping[str, str], code: str, lang: str) -> str:
    """A code of ``kind`` in words: its Russian label, or the English of ``english``; an unknown code as it is."""
    if lang != "ru":
        return english.get(code, code)
    found = kind.parse(code)
    return str(found.label_ru) if isinstance(found, kind) else code


def help_label(code: str, lang: str) -> str:
    """A kind of help in words.

    >>> help_label("career", "ru"), help_label("career", "en"), help_label("x", "ru")
    ('профориентация', 'careers guidance', 'x')
    """
    return _label(HelpKind, _HELP_EN, code, lang)


def organisation_kind_label(code: str, lang: str) -> str:
    """A kind of organisation in words.

    >>> organisation_kind_label("college", "ru")
    'СПО'
    """
    return _label(OrganisationKind, _KIND_EN, code, lang)


def _offers(o: Mapping[str, Any], lang: str) -> str:
    parts = [", ".join(help_label(h, lang) for h in o.get("help") or ())]
    if o.get("subjects"):
        parts.append(("предметы: ", "subjects: ")[li(lang)] + ", ".join(o["subjects"]))
    if o.get("programmes"):
        parts.append(("программы: ", "programmes: ")[li(lang)] + ", ".join(o["programmes"]))
    return "; ".join(p for p in parts if p)


def organisations_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Организации-партнёры»: each organisation, what it offers and what the plan gives it to do.

    >>> rec = {"schools": [{"id": "S", "name": "Школа"}], "organisations": [{"id": "O", "name": "Колледж",
    ...        "kind": "college", "help": ["career"], "subjects": [], "capacity": 3, "leads": True, "remote": False,
    ...        "members": ["S"], "lead_ru": "ведёт", "lead_en": "leads", "answers": ["S"], "resources": [],
    ...        "resource_schools": []}]}
    >>> organisations_table(rec, "en").rows[0][:7]
    ['O', 'Колледж', 'college (СПО)', 'careers guidance', 3, 'no', 'leads: S']
    """
    i = li(lang)
    yes_no = (("да", "нет"), ("yes", "no"))[i]
    cols = (Column("id", "Код", "Code"), Column("name", "Наименование", "Name", "long"),
            Column("kind", "Вид", "Kind"), Column("offers", "Что предлагает", "What it offers", "long"),
            Column("capacity", "Сколько школ может взять", "Schools it can take", "int"),
            Column("remote", "Дистанционно", "Remote"),
            Column("association", "Сетевое объединение", "Association", "long"),
            Column("needs", "Отвечает на потребности школ", "Answers the needs of", "long"),
            Column("resources", "Ресурсы и кто ими пользуется", "Resources and their users", "long"))
    rows = []
    for o in record.get("organisations", []):
        if o.get("members"):
            lead = (("ведёт: ", "leads: ")[i]) + ", ".join(o["members"])
        else:
            lead = (o.get("lead_ru") if i == 0 else o.get("lead_en")) or ("—" if not o.get("leads") else "")
        res = ", ".join(kind_label(k, lang) for k in o.get("resources") or ())
        if o.get("resource_schools"):
            res += (" — ", " — ")[i] + id_list(o["resource_schools"], lang)
        rows.append([o["id"], o["name"], organisation_kind_label(o["kind"], lang), _offers(o, lang), o.get("capacity"),
                     yes_no[0] if o.get("remote") else yes_no[1], lead,
                     id_list(sorted(set(o.get("answers") or ())), lang) or "—", res or "—"])
    note = ("Организации не считаются школами: ни в выявлении ШНОР/ШНСУ, ни в доле школ в сети."
            if i == 0 else "Organisations are not schools: neither identification nor the share of schools in the "
            "network counts them.")
    return Table("organisations", ("Организации-партнёры", "Partner organisations")[i], cols, rows, note)


def needs_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Потребности школ»: each need, the organisation that answers it, or why none does.

    >>> rec = {"schools": [{"id": "S", "name": "Школа"}], "organisations": [{"id": "O", "name": "Вуз"}],
    ...        "needs": {"kpis": {"needs": 1, "matched": 1}, "matches": [{"school": "S", "help": "subject",
    ...        "subject": "химия", "priority": 1, "organisation": "O", "mode": "remote", "km": None,
    ...        "reason_ru": "организация O: дистанционно", "reason_en": "organisation O: remote"}]}}
    >>> needs_table(rec, "ru").rows[0][2:8]
    ['предметная подготовка', 'химия', 1, 'O', 'Вуз', 'дистанционно']
    """
    i = li(lang)
    names = names_of(record)
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование школы", "School name", "long"),
            Column("help", "Вид помощи", "Help"), Column("subject", "Предмет", "Subject"),
            Column("priority", "Приоритет", "Priority", "int"), Column("organisation", "Организация", "Organisation"),
            Column("org_name", "Наименование организации", "Organisation name", "long"),
            Column("mode", "Формат", "Mode"), Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("reason", "Почему так", "Why", "long"))
    needs = record.get("needs") or {}
    rows = [[m["school"], names.get(m["school"], ""), help_label(m["help"], lang), m.get("subject") or "",
             m["priority"], m.get("organisation") or "", names.get(m.get("organisation") or "", ""),
             MODE.get(m.get("mode") or "", ("", ""))[i], m.get("km"), m["reason_ru"] if i == 0 else m["reason_en"]]
            for m in needs.get("matches", [])]
    k = needs.get("kpis") or {}
    note = (f"Потребностей: {k.get('needs', 0)}, из них организациям переданы: {k.get('matched', 0)}; потребности "
            "в ресурсах планирует лист «Ресурсы»." if i == 0 else f"Needs: {k.get('needs', 0)}, answered by "
            f"organisations: {k.get('matched', 0)}; needs for resources are planned on the «Resources» sheet.")
    return Table("needs", ("Потребности школ", "Schools' needs")[i], cols, rows, note)

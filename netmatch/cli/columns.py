"""Column headers on the command line: ``netmatch columns`` and the notices about columns read.

:func:`columns_text` is what ``netmatch columns`` prints — every header netmatch recognises, in
Russian and English, under the field it fills and what that field holds, so that a coordinator
can write a ``--columns`` mapping file without reading code. :func:`note_lines` turns the
reader's :class:`~netmatch._data.headers.ColumnNote` records into the notice printed once after
reading: the extra columns kept aside, and each two-meaning header («ИНН») resolved.

>>> print(note_lines([ColumnNote("kept_aside", "schools", "Адрес", "r.csv", filled=3)], "en")[0])
Note: columns netmatch does not read are kept aside (1) — schools, r.csv: 'Адрес'.
"""

from __future__ import annotations

from collections.abc import Sequence

from netmatch._base.parse import norm
from netmatch._data import ResourceKind
from netmatch._data.headers import HEADERS, MEANINGS, REQUIRED, TABLE_NAMES, ColumnNote, is_weak
from netmatch.cli.messages import COLUMNS

__all__ = ["columns_text", "note_lines"]


def _quote(text: str, lang: str) -> str:
    return f"«{text}»" if lang == "ru" else repr(text)


def _where(note: ColumnNote, lang: str) -> str:
    label = COLUMNS[lang][note.table]
    return f"{label}, {note.source}" if note.source and note.source != f"{note.table} DataFrame" else label


def note_lines(notes: Sequence[ColumnNote], lang: str) -> list[str]:
    """The notice about columns, one block per table: extra columns listed once, then each resolved header.

    >>> note = ColumnNote("resolved", "schools", "ИНН", field="id", holder="Код ОО")
    >>> print(note_lines([note], "ru")[0].replace(": поле", ":\\n  поле"))
    Примечание: столбец «ИНН» (Школы) оставлен в стороне:
      поле «id» (код школы, уникальный в реестре) берётся из столбца «Код ОО».
    """
    t = COLUMNS[lang]
    lines: list[str] = []
    kept: dict[tuple[str, str], list[ColumnNote]] = {}
    for n in notes:
        if n.kind == "kept_aside":
            kept.setdefault((n.table, _where(n, lang)), []).append(n)
    for (_, where), group in kept.items():
        headers = ", ".join(_quote(n.header, lang) for n in group)
        lines.append(t["kept"].format(n=len(group), where=where, headers=headers))
    if lines:
        lines.append(t["kept_fix"])
    lines += [t["percent"].format(header=n.header, where=_where(n, lang)) for n in notes if n.kind == "percent"]
    lines += _reading_lines(notes, lang)
    for n in notes:
        if n.kind != "resolved" or n.field is None:
            continue
        meaning = MEANINGS[n.table][n.field][0 if lang == "ru" else 1]
        key = "weak_kept" if n.holder is not None else "weak_taken"
        lines.append(t[key].format(header=n.header, where=_where(n, lang), field=n.field, meaning=meaning,
                                   holder=n.holder))
    return lines


def _reading_lines(notes: Sequence[ColumnNote], lang: str) -> list[str]:
    """How the files were read: each encoding chosen (naming its files), each column of codes respelt."""
    t = COLUMNS[lang]
    by_encoding: dict[str | None, list[str]] = {}  # one line per encoding, naming its files
    for n in notes:
        if n.kind == "encoding":
            by_encoding.setdefault(n.field, []).append(n.source or n.table)
    lines = [t["encoding"].format(files=", ".join(files), encoding=encoding)
             for encoding, files in by_encoding.items()]
    for n in notes:
        if n.kind == "codes":
            # repr shows what the eye cannot: 'S01\u200b'
            shown = ", ".join(f"{a!r} → {_quote(b, lang)}" for a, b in n.changes[:5]) + (
                ", …" if len(n.changes) > 5 else "")
            lines.append(t["codes"].format(header=n.header, where=_where(n, lang), n=n.filled, shown=shown))
    return lines


def _field_lines(table: str, lang: str) -> list[str]:
    t = COLUMNS[lang]
    lines = []
    for name, headers in HEADERS[table].items():
        star = "*" if name in REQUIRED[table] else ""
        meaning = MEANINGS[table][name][0 if lang == "ru" else 1]
        lines.append(f"  {name}{star} — {meaning}")
        spellings: dict[str, str] = {}  # one spelling of each form: «Населённый пункт», not also «населенный пункт»
        for h in (headers[0], name, *headers[1:]):
            spellings.setdefault(norm(h), h)
        lines.append("      " + " | ".join(spellings.values()))
        lines += [t["weak"].format(header=h) for h in headers if is_weak(table, h)]
    return lines


def columns_text(lang: str = "ru") -> str:
    """Every header netmatch reads, table by table, with the field it fills and what that holds.

    >>> text = columns_text("en")
    >>> "latitude — latitude, degrees (-90 to 90)" in text, "Широта | latitude | lat" in text
    (True, True)
    """
    t = COLUMNS[lang]
    parts = [t["head"]]
    for table in HEADERS:
        sheet = next(n for n in TABLE_NAMES[table] if n != table)
        parts.append("\n".join([t["table"].format(label=t[table], sheet=sheet, table=table),
                                *_field_lines(table, lang)]))
    # the flag headers are the kinds' Russian names; the two profiles of «Точка роста» are its variants
    variants = (ResourceKind.OTHER, ResourceKind.GROWTH_POINT_SCIENCE, ResourceKind.GROWTH_POINT_DIGITAL)
    flags = ", ".join(k.label_ru for k in ResourceKind if k not in variants)
    parts += [t["wide"].format(flags=flags), t["names"], t["context"], t["other"], t["mapping"]]
    return "\n\n".join(parts)

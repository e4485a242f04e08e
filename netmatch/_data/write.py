"""Writing registries: CSV files, an Excel workbook or a JSON document that :func:`read_registry` reads back.

With ``headers="ru"`` the tables carry the Russian headers of a department's registry
(:data:`netmatch._data.headers.RU_HEADERS`), codes by their Russian labels and «да»/«нет» flags;
CSV files then start with a BOM so that Russian Excel opens them with the right letters.
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import Any, Literal

from netmatch._base.files import neutralise, replacing
from netmatch._base.params import PATH, of, one_of, validate_params
from netmatch._data.assessments import HEADERS as PROCEDURE_HEADERS
from netmatch._data.context import CONTEXT_FIELD, context_header
from netmatch._data.headers import HEADERS, RU_HEADERS
from netmatch._data.models import Procedure, ResourceKind
from netmatch._data.registry import Registry
from netmatch._data.results import RESULT_COLUMNS, ResultTable
from netmatch._data.tables import TABLES
from netmatch.exceptions import InvalidInputError

__all__ = ["write_registry"]

#: A table to write: its headers and its rows of cells.
Table = tuple[list[str], list[list[Any]]]
#: The tables written only when the registry has records in them (a file, sheet or key each).
_OPTIONAL = ("organisations", "needs", "teachers", "staff", "surveys")
#: The teachers' columns of named teachers, written only when a row names one (a counting table stays three columns).
_NAMED = ("name", "category", "years", "mentor", "hours")
#: The sheet of each table in a workbook with Russian headers.
_SHEETS = {"schools": "Школы", "results": "Результаты", "resources": "Ресурсы", "organisations": "Организации",
           "needs": "Потребности", "teachers": "Педагоги", "staff": "Специалисты", "surveys": "Опросы",
           "procedures": "Процедуры"}


def _cell(value: Any, lang: str) -> Any:
    """A model value as a table cell: codes, lists joined with '; ', flags as yes/no."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("да" if value else "нет") if lang == "ru" else ("yes" if value else "no")
    if isinstance(value, Procedure | ResourceKind) or hasattr(value, "label_ru"):
        return value.label_ru if lang == "ru" else value.value
    if isinstance(value, tuple):
        return "; ".join(str(_cell(v, lang)) for v in value) or None
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _result_rows(res: ResultTable, lang: str, names: dict[str, str] | None = None) -> list[list[Any]]:
    """The results as rows of cells, column by column (NaN as empty, whole counts as int).

    ``names``: each procedure's Russian name, by code (default: the built-in ones).
    """
    names = names or {p.value: p.label_ru for p in Procedure}
    cols: list[list[Any]] = []
    for c in RESULT_COLUMNS:
        arr = getattr(res, c)
        if c == "procedure":
            cols.append([names.get(v, v) for v in arr] if lang == "ru" else arr.tolist())
        elif c in ("grade", "participants"):
            cols.append([None if math.isnan(v) else int(v) for v in arr.tolist()])
        elif arr.dtype.kind == "f":
            cols.append([None if math.isnan(v) else v for v in arr.tolist()])
        else:
            cols.append(arr.tolist())
    return [list(r) for r in zip(*cols, strict=True)] if cols and len(res) else []


def _tables(registry: Registry, lang: str) -> dict[str, Table]:
    """Every table to write (the sheets' order); the partners' and the teachers' only when the registry has them."""
    records: dict[str, tuple[Any, ...]] = {"schools": registry.schools, "resources": registry.resources,
                                           "organisations": registry.organisations, "needs": registry.needs,
                                           "teachers": registry.teachers, "staff": registry.staff,
                                           "surveys": registry.surveys}
    ru_names = {a.code: a.name_ru for a in registry.assessments}
    out: dict[str, Table] = {}
    for table in ("schools", "resources", "results", *_OPTIONAL):
        if table == "results":
            out[table] = (list(RESULT_COLUMNS), _result_rows(registry.results, lang, ru_names))
        elif table not in _OPTIONAL or records[table]:
            names = _fields(registry, table)
            out[table] = (names, [[_cell(getattr(it, f), lang) for f in names] for it in records[table]])
    if lang == "ru":
        out = {t: ([RU_HEADERS[t][f] for f in names], rows) for t, (names, rows) in out.items()}
    out["schools"] = _with_context(registry, *out["schools"], lang)
    declared = _declared(registry)
    if declared:
        fields = list(PROCEDURE_HEADERS)
        heads = [PROCEDURE_HEADERS[f][0] for f in fields] if lang == "ru" else fields
        out["procedures"] = (heads, [[_cell(getattr(a, f), lang) for f in fields] for a in declared])
    return out


def _fields(registry: Registry, table: str) -> list[str]:
    """The fields written of a table: the teachers' name, category and so on only when some row names one,
    «Прошли КПК» only when some row states it; the schools' indicators of conditions a column each
    (:func:`_with_context`)."""
    if table == "schools":
        return [f for f in HEADERS[table] if f != CONTEXT_FIELD]
    if table != "teachers":
        return list(HEADERS[table])
    return [f for f in HEADERS[table] if f not in _left_out(registry.teachers)]


def _with_context(registry: Registry, heads: list[str], rows: list[list[Any]], lang: str) -> Table:
    """The schools' table with a column per indicator of conditions any school has («Условия: …»)."""
    names = list(dict.fromkeys(k for s in registry.schools for k in s.context_indicators))
    if not names:
        return heads, rows
    cells = [[s.context_indicators.get(k) for k in names] for s in registry.schools]
    return [*heads, *(context_header(k, lang) for k in names)], [[*r, *c] for r, c in zip(rows, cells, strict=True)]


def _left_out(teachers: Any) -> set[str]:
    """The teachers' columns no row uses: those of named teachers, the further training."""
    out = set() if any(t.name is not None for t in teachers) else set(_NAMED)
    return out | ({"trained"} if all(t.trained is None for t in teachers) else set())


def _declared(registry: Registry) -> list[Any]:
    """The registry's assessments that are not the built-in ones as they are (written as a procedures table)."""
    return list(registry.declared)


@validate_params(registry=of(Registry, text="a Registry"), path=PATH, headers=one_of("en", "ru"))
def write_registry(registry: Registry, path: str | os.PathLike[str], *,
                   headers: Literal["en", "ru"] = "en") -> list[Path]:
    """Write a registry so that :func:`read_registry` reads back an equal one.

    Parameters
    ----------
    registry : Registry
    path : path
        ``.xlsx`` (a sheet per table), ``.json``, ``.csv`` (the schools file plus
        ``<name>.results.csv`` and ``<name>.resources.csv`` beside it) or a directory
        (``schools.csv``, ``results.csv``, ``resources.csv``). A registry with partner
        organisations, needs, teachers by subject or programme staff also gets their tables:
        sheets «Организации», «Потребности», «Педагоги» and «Специалисты» (``organisations``,
        ``needs``, ``teachers``, ``staff``), JSON lists of those names,
        ``<name>.organisations.csv`` and so on, or ``organisations.csv``, ``needs.csv``,
        ``teachers.csv`` and ``staff.csv``. A registry declaring
        assessments beyond ЕГЭ, ОГЭ and ВПР also gets a «Процедуры» (``procedures``) sheet, a
        ``"procedures"`` list, ``<name>.procedures.csv`` or ``procedures.csv``.
    headers : {"en", "ru"}
        Field names (default) or the Russian headers, codes and «да»/«нет» of a
        department's registry.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netmatch import read_registry
    >>> from netmatch.datasets import load_demo
    >>> reg = load_demo()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = write_registry(reg, pathlib.Path(d) / "district.xlsx", headers="ru")
    ...     read_registry(files[0], name=reg.name) == reg
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables(registry, headers)
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _write_xlsx(target, tables, headers, registry.name)
        return [target]
    if suffix == ".json":
        _write_json(target, registry, tables["results"] if headers == "en" else _tables(registry, "en")["results"])
        return [target]
    names = [t for t in (*TABLES, "procedures") if t in tables]  # the partners' and procedures: when there are any
    if suffix in (".csv", ".txt"):
        files = {t: target if t == "schools" else target.with_name(f"{target.stem}.{t}{target.suffix}")
                 for t in names}
    elif suffix == "":
        target.mkdir(parents=True, exist_ok=True)
        files = {t: target / f"{t}.csv" for t in names}
    else:
        raise InvalidInputError([f"Cannot write {target.name}: use .csv, .xlsx, .json or a directory."])
    for table, file in files.items():
        _write_csv(file, tables[table], headers)
    return list(files.values())


def _write_json(target: Path, registry: Registry, results: Table) -> None:
    names, rows = results
    # the indicators of conditions only when some school has them: a registry without them is written as before
    unused = None if any(s.context_indicators for s in registry.schools) else {CONTEXT_FIELD}
    doc: dict[str, Any] = {
        "name": registry.name,
        "schools": [s.model_dump(mode="json", exclude=unused) for s in registry.schools],
        "results": [dict(zip(names, row, strict=True)) for row in rows],
        "resources": [r.model_dump(mode="json") for r in registry.resources],
    }
    for table in _OPTIONAL:
        items = getattr(registry, table)
        if items:
            unused = _left_out(items) if table == "teachers" else None
            doc[table] = [it.model_dump(mode="json", exclude=unused or None) for it in items]
    declared = _declared(registry)
    if declared:
        doc["procedures"] = [a.model_dump(mode="json") for a in declared]
    with replacing(target) as part:
        part.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def _text_cell(value: Any) -> str:
    # a float's repr reads back to the same float; a text that would run as a formula is quoted
    return repr(value) if isinstance(value, float) else str(neutralise(str(value)))


def _write_csv(file: Path, table: Table, lang: str) -> None:
    names, rows = table
    # A BOM lets Russian Excel open the UTF-8 file with the right letters.
    with replacing(file) as part, open(part, "w", encoding="utf-8-sig" if lang == "ru" else "utf-8",
                                           newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        writer.writerows([["" if v is None else _text_cell(v) for v in row] for row in rows])


def _write_xlsx(target: Path, tables: dict[str, tuple[list[str], list[list[Any]]]], lang: str,
                name: str | None) -> None:
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([f"Writing {target.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = Workbook(write_only=True)
    if name:
        wb.properties.title = name
    for table, (names, rows) in tables.items():
        ws = wb.create_sheet(_SHEETS[table] if lang == "ru" else table)
        ws.append(names)
        for row in rows:
            # a quoted text never starts with «=», so openpyxl never writes it as a formula
            ws.append([neutralise(v) for v in row])
    with replacing(target) as part:
        wb.save(part)

"""A programme database: every period's registry, identification, plan and indicators in one SQLite file.

A programme runs for years and is measured twice a year; its periods («2025/26, I полугодие») must
not live in whatever files a coordinator keeps. :class:`Programme` keeps them in one embedded
database (the standard library's :mod:`sqlite3`, so nothing to install):

* each period's registry, as :func:`netmatch.write_registry` writes it to JSON (read back equal);
* its identification (each school's statuses, borderline flag, overall standing, reasons);
* the plan's pairs and the programme's indicators with their numerators, denominators and targets;
* the coordinator's decisions (a status set by hand, a pair fixed or excluded), by period.

**Safe writes.** A period is computed first and written in one transaction (``BEGIN IMMEDIATE``):
a process killed while adding leaves the database as it was, and a second writer is refused at
once with :class:`~netmatch.InvalidInputError` instead of waiting. **Versioned schema.** The
schema's version is the database's ``user_version``; opening an older database migrates it step
by step (:data:`MIGRATIONS`), after a copy of the file is made beside it
(``programme.db.v1.bak``). **Portable.** :meth:`Programme.export` writes the whole database as
one JSON document and :meth:`Programme.restore` builds a database from it; exporting that again
gives the same document.

>>> import tempfile, pathlib
>>> from netmatch.datasets import load_demo
>>> from netmatch import plan
>>> reg = load_demo()
>>> with tempfile.TemporaryDirectory() as tmp:
...     db = Programme.create(pathlib.Path(tmp) / "programme.db", name="Сеть 2025")
...     db.add("2024/25, II полугодие", reg, plan(reg))
...     db.periods, len(db.pairs("2024/25, II полугодие")), db.registry("2024/25, II полугодие") == reg
(('2024/25, II полугодие',), 5, True)
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch._data import Registry, read_registry, write_registry
from netmatch._identify import Status
from netmatch._programme.indicators import MeasuredIndicators, measure_indicators
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

    from netmatch._scenario import Plan

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Programme"]

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE periods (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, added TEXT NOT NULL, registry TEXT NOT NULL);
CREATE TABLE statuses (
    period INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE, school TEXT NOT NULL,
    low_results INTEGER NOT NULL, unfavourable INTEGER NOT NULL, leader INTEGER NOT NULL,
    insufficient INTEGER NOT NULL, borderline INTEGER NOT NULL, overall REAL, reasons TEXT NOT NULL,
    PRIMARY KEY (period, school));
CREATE TABLE pairs (
    period INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE, leader TEXT NOT NULL, partner TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '', score REAL NOT NULL, km REAL NOT NULL,
    PRIMARY KEY (period, leader, partner, subject));
CREATE TABLE indicators (
    period INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE, code TEXT NOT NULL, name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL, value REAL, numerator REAL, denominator REAL, target REAL, direction TEXT NOT NULL,
    unit TEXT NOT NULL, met INTEGER, missing_ru TEXT NOT NULL, PRIMARY KEY (period, code));
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY, period INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('status', 'fixed_pair', 'excluded_pair')), school TEXT NOT NULL,
    other TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', made TEXT NOT NULL);
"""

#: The schema's steps: ``MIGRATIONS[k]`` takes a database of version ``k`` to ``k + 1`` (0: an empty file).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], object]] = {0: lambda c: c.executescript(_V1)}
#: The version this netmatch writes.
SCHEMA_VERSION = 1
#: The tables :meth:`Programme.export` writes, in order, with their columns.
_TABLES = {"periods": ("name", "added", "registry"),
           "statuses": ("period", "school", "low_results", "unfavourable", "leader", "insufficient", "borderline",
                        "overall", "reasons"),
           "pairs": ("period", "leader", "partner", "subject", "score", "km"),
           "indicators": ("period", "code", "name_ru", "name_en", "value", "numerator", "denominator", "target",
                          "direction", "unit", "met", "missing_ru"),
           "decisions": ("period", "kind", "school", "other", "note", "made")}
_KINDS = ("status", "fixed_pair", "excluded_pair")


def _problem(en: str, ru: str, fix: str = "", fix_ru: str = "") -> InvalidInputError:
    return InvalidInputError([Problem("programme", en, expected_ru=ru, fix=fix or None, fix_ru=fix_ru or None)])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Programme:
    """A programme database (one SQLite file): periods in the order they were added.

    Open one with :meth:`create` (a new file), :meth:`open` (an existing one, migrated when
    older) or :meth:`restore` (from an export). Every reading method names periods by name.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # --- opening ---------------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, name: str | None = None) -> Programme:
        """A new, empty programme database at ``path`` (an existing file is refused)."""
        path = Path(path)
        if path.exists():
            raise _problem(f"a new file: {path} exists already", f"новый файл: {path} уже существует",
                           "Open it (netmatch programme add/monitor) or choose another name.",
                           "Откройте его (netmatch programme add/monitor) или выберите другое имя.")
        path.parent.mkdir(parents=True, exist_ok=True)
        db = cls(path, _connect(path))
        db._migrate()
        with db._writing() as c:
            c.executemany("INSERT INTO meta VALUES (?, ?)", [("name", name or ""), ("created", _now())])
        return db

    @classmethod
    def open(cls, path: str | Path) -> Programme:
        """The programme database at ``path``, migrated to :data:`SCHEMA_VERSION` (after a backup) when older."""
        path = Path(path)
        if not path.is_file():
            raise _problem(f"a programme database: no file {path}", f"база программы: нет файла {path}",
                           "Create it first: netmatch programme init FILE.", "Сначала создайте её: "
                           "netmatch programme init ФАЙЛ.")
        db = cls(path, _connect(path))
        version = db._version()
        if version > SCHEMA_VERSION:
            db.close()
            raise _problem(f"a database of schema {SCHEMA_VERSION} at most; {path} is of schema {version} (a newer "
                           "netmatch)", f"база схемы не новее {SCHEMA_VERSION}; {path} — схемы {version} (из более "
                           "новой версии netmatch)", "Update netmatch.", "Обновите netmatch.")
        if version == 0:
            db.close()
            raise _problem(f"a programme database: {path} holds none", f"база программы: в {path} её нет",
                           "Create one with netmatch programme init.", "Создайте её: netmatch programme init.")
        if version < SCHEMA_VERSION:
            shutil.copyfile(path, path.with_name(f"{path.name}.v{version}.bak"))  # before any step
            db._migrate()
        return db

    def close(self) -> None:
        """Close the file (the object is then unusable)."""
        self._db.close()

    def __enter__(self) -> Programme:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Each step in its own transaction, the version set with it: an interrupted step leaves the one before."""
        while (version := self._version()) < SCHEMA_VERSION:
            with self._writing() as c:
                MIGRATIONS[version](c)
                c.execute(f"PRAGMA user_version = {version + 1}")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock at once; another writer is refused, not waited for."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise _problem(f"the database to be free: another process is writing to {self.path}",
                           f"свободная база: в {self.path} сейчас пишет другой процесс",
                           "Wait until it finishes and run the command again.",
                           "Дождитесь, пока он закончит, и запустите команду снова.") from None
        try:
            yield self._db
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    # --- writing -----------------------------------------------------------------------------------------

    def add(self, period: str, registry: Registry, plan: Plan, *, indicators: MeasuredIndicators | None = None
            ) -> None:
        """Keep a period: its registry, the plan's identification and pairs, and the programme's indicators.

        ``indicators`` default to :func:`~netmatch.measure_indicators` of the plan. A period's
        name is unique: adding one again is refused.
        """
        period = period.strip()
        if not period:
            raise _problem("a period's name («2025/26, I полугодие»)", "название периода («2025/26, I полугодие»)")
        if period in self.periods:
            raise _problem(f"a new period: «{period}» is in the database already",
                           f"новый период: «{period}» уже есть в базе")
        measured = indicators if indicators is not None else measure_indicators(plan)
        document = _registry_text(registry)  # everything computed before the transaction opens
        statuses = _status_rows(plan)
        pairs = [(p.leader, p.partner, p.subject or "", float(p.score), float(p.km)) for p in plan.pairing.pairs]
        values = [_indicator_row(v) for v in measured]
        with self._writing() as c:
            pid = c.execute("INSERT INTO periods (name, added, registry) VALUES (?, ?, ?)",
                            (period, _now(), document)).lastrowid
            c.executemany("INSERT INTO statuses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(pid, *r) for r in statuses])
            c.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?)", [(pid, *r) for r in pairs])
            c.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [(pid, *r) for r in values])

    def decide(self, period: str, kind: str, school: str, other: str = "", note: str = "") -> None:
        """Record a coordinator's decision for a period: a ``status`` set by hand (``other``: the status), a
        ``fixed_pair`` or an ``excluded_pair`` (``school`` the leader, ``other`` the partner)."""
        if kind not in _KINDS:
            raise _problem(f"a decision among {', '.join(_KINDS)}; got {kind!r}",
                           f"решение из: {', '.join(_KINDS)}; получено «{kind}»")
        pid = self._period_id(period)
        with self._writing() as c:
            c.execute("INSERT INTO decisions (period, kind, school, other, note, made) VALUES (?, ?, ?, ?, ?, ?)",
                      (pid, kind, school, other, note, _now()))

    # --- reading -----------------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The programme's name («» when none was given)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()
        return str(row[0]) if row else ""

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods' names, in the order they were added."""
        return tuple(r[0] for r in self._db.execute("SELECT name FROM periods ORDER BY id"))

    def _period_id(self, period: str) -> int:
        row = self._db.execute("SELECT id FROM periods WHERE name = ?", (period,)).fetchone()
        if row is None:
            known = ", ".join(f"«{p}»" for p in self.periods) or "—"
            raise _problem(f"a period of the database; «{period}» is none of {known}",
                           f"период из базы; «{period}» нет среди: {known}")
        return int(row[0])

    def registry(self, period: str) -> Registry:
        """The period's registry, as it was added."""
        (text,) = self._db.execute("SELECT registry FROM periods WHERE id = ?", (self._period_id(period),)).fetchone()
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "registry.json"
            file.write_text(text, encoding="utf-8")
            return read_registry(file)

    def pairs(self, period: str) -> tuple[tuple[str, str], ...]:
        """The period's (leader, partner) pairs."""
        rows = self._db.execute("SELECT leader, partner FROM pairs WHERE period = ? ORDER BY rowid",
                                (self._period_id(period),))
        return tuple((str(a), str(b)) for a, b in rows)

    def frame(self, table: str) -> pd.DataFrame:
        """One of the tables (``statuses``, ``pairs``, ``indicators``, ``decisions``), every period, with the
        period's name in ``period``; ``periods`` without the registries' documents."""
        import pandas as pd

        if table not in _TABLES:
            raise _problem(f"a table among {', '.join(_TABLES)}; got {table!r}",
                           f"таблица из: {', '.join(_TABLES)}; получено «{table}»")
        if table == "periods":
            return pd.read_sql_query("SELECT name, added FROM periods ORDER BY id", self._db)
        columns = ", ".join(f"t.{c}" for c in _TABLES[table][1:])
        query = f"SELECT p.name AS period, {columns} FROM {table} t JOIN periods p ON p.id = t.period " \
                f"ORDER BY p.id, t.rowid"
        return pd.read_sql_query(query, self._db)

    # --- export and restore ------------------------------------------------------------------------------

    def export(self, path: str | Path) -> Path:
        """The whole database as one JSON document (:meth:`restore` reads it back)."""
        doc: dict[str, Any] = {"netmatch_programme": SCHEMA_VERSION,
                               "meta": dict(self._db.execute("SELECT key, value FROM meta ORDER BY key").fetchall())}
        names = dict(self._db.execute("SELECT id, name FROM periods").fetchall())
        for table, columns in _TABLES.items():
            rows = self._db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
            at = columns.index("period") if "period" in columns else None
            doc[table] = [[names[v] if k == at else v for k, v in enumerate(r)] for r in rows]
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        part.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        part.replace(target)
        return target

    @classmethod
    def restore(cls, document: str | Path, path: str | Path) -> Programme:
        """A new database at ``path`` holding what :meth:`export` wrote to ``document``."""
        doc = json.loads(Path(document).read_text(encoding="utf-8"))
        if not isinstance(doc, Mapping) or doc.get("netmatch_programme") != SCHEMA_VERSION:
            raise _problem(f"an export of a programme database of schema {SCHEMA_VERSION}",
                           f"выгрузка базы программы схемы {SCHEMA_VERSION}")
        db = cls.create(path)
        with db._writing() as c:
            c.execute("DELETE FROM meta")
            c.executemany("INSERT INTO meta VALUES (?, ?)", sorted(doc["meta"].items()))
            c.executemany("INSERT INTO periods (name, added, registry) VALUES (?, ?, ?)", doc["periods"])
            ids = dict(c.execute("SELECT name, id FROM periods").fetchall())
            for table, columns in list(_TABLES.items())[1:]:
                rows = [[ids[v] if k == 0 else v for k, v in enumerate(r)] for r in doc[table]]
                marks = ", ".join("?" * len(columns))
                c.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return db


def _connect(path: Path) -> sqlite3.Connection:
    # autocommit off in the driver: the transactions are this module's (BEGIN IMMEDIATE); timeout 0 refuses a
    # second writer at once
    c = sqlite3.connect(path, timeout=0, isolation_level=None)
    c.execute("PRAGMA foreign_keys = ON")
    return c


def _registry_text(registry: Registry) -> str:
    """The registry as :func:`netmatch.write_registry` writes it to JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "registry.json"
        write_registry(registry, file)
        return file.read_text(encoding="utf-8")


def _status_rows(plan: Plan) -> list[tuple[Any, ...]]:
    ident = plan.identification
    borderline = ident.borderline if ident.borderline is not None else [False] * len(ident.ids)
    rows = []
    for k, (sid, st) in enumerate(zip(ident.ids, ident.statuses, strict=True)):
        overall = float(ident.overall[k])
        reasons = json.dumps([r.text("ru") for r in ident.reasons[k]], ensure_ascii=False)
        rows.append((sid, int(Status.LOW_RESULTS in st), int(Status.UNFAVOURABLE in st), int(Status.LEADER in st),
                     int(Status.INSUFFICIENT_DATA in st), int(bool(borderline[k])),
                     None if math.isnan(overall) else overall, reasons))
    return rows


def _indicator_row(v: Any) -> tuple[Any, ...]:
    i = v.indicator
    met = v.met
    return (i.code, i.name_ru, i.name_en, v.value, v.numerator, v.denominator, i.target, i.direction, i.unit,
            None if met is None else int(met), v.missing_ru)


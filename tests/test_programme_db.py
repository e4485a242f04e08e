"""The programme database (issue 18, item 6): periods kept in SQLite, safe writes, migrations, export and import.

Checked here: a period's registry reads back equal and its statuses, pairs and indicators are the
plan's; a repeated or unknown period is refused naming the known ones; a second writer is refused
at once; a process killed while adding periods leaves a sound database whose every period is whole;
an older schema is migrated after a backup of the file, a newer one refused; an export restores to
a database that exports the same document; the command line does all of it in Russian.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import netmatch as nm
from netmatch._programme import store
from netmatch._programme.store import Programme
from netmatch.cli import main
from netmatch.datasets import load_demo
from netmatch.report.monitoring import monitoring_tables
from tests.test_catalog import latin_words

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_plan() -> nm.Plan:
    return nm.plan(load_demo())


def test_a_period_is_kept_whole(tmp_path: Path, demo_plan: nm.Plan) -> None:
    reg = demo_plan.registry
    with Programme.create(tmp_path / "p.db", name="Сеть") as db:
        db.add("2024/25, II полугодие", reg, demo_plan)
        assert db.name == "Сеть" and db.periods == ("2024/25, II полугодие",)
        assert db.registry("2024/25, II полугодие") == reg
        assert db.pairs("2024/25, II полугодие") == tuple((p.leader, p.partner) for p in demo_plan.pairs)
        statuses = db.frame("statuses")
        ident = demo_plan.identification
        assert statuses["school"].tolist() == list(ident.ids)
        assert set(statuses.loc[statuses["low_results"] == 1, "school"]) == set(ident.low_results)
        assert statuses["borderline"].sum() == int(ident.borderline.sum())
        values = db.frame("indicators").set_index("code")
        measured = nm.measure_indicators(demo_plan)
        assert values.loc["covered", "value"] == measured["covered"].value
        assert values.loc["in_network", "numerator"] == measured["in_network"].numerator
        assert len(values) == len(measured)


def test_repeated_and_unknown_periods_are_refused(tmp_path: Path, demo_plan: nm.Plan) -> None:
    with Programme.create(tmp_path / "p.db") as db:
        db.add("I", demo_plan.registry, demo_plan)
        with pytest.raises(nm.InvalidInputError, match="«I» is in the database already"):
            db.add("I", demo_plan.registry, demo_plan)
        with pytest.raises(nm.InvalidInputError) as err:
            db.pairs("II")
        assert "«II» нет среди: «I»" in err.value.problems[0].text("ru")
        assert db.periods == ("I",)
    with pytest.raises(nm.InvalidInputError, match="exists already"):
        Programme.create(tmp_path / "p.db")
    with pytest.raises(nm.InvalidInputError, match="no file"):
        Programme.open(tmp_path / "none.db")


def test_decisions_are_kept_by_period(tmp_path: Path, demo_plan: nm.Plan) -> None:
    with Programme.create(tmp_path / "p.db") as db:
        db.add("I", demo_plan.registry, demo_plan)
        db.decide("I", "fixed_pair", "S01", "S09", note="договор подписан")
        with pytest.raises(nm.InvalidInputError, match="a decision among"):
            db.decide("I", "pair", "S01")
        frame = db.frame("decisions")
        assert frame[["period", "kind", "school", "other", "note"]].values.tolist() == [
            ["I", "fixed_pair", "S01", "S09", "договор подписан"]]


def test_a_second_writer_is_refused_at_once(tmp_path: Path, demo_plan: nm.Plan) -> None:
    path = tmp_path / "p.db"
    Programme.create(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with Programme.open(path) as db:
            started = time.perf_counter()
            with pytest.raises(nm.InvalidInputError) as err:
                db.add("I", demo_plan.registry, demo_plan)
            assert time.perf_counter() - started < 5  # refused, not waited for
            assert "сейчас пишет другой процесс" in err.value.problems[0].text("ru")
            assert db.periods == ()
    finally:
        other.rollback()
        other.close()


_CHILD = """
import sys, time
from netmatch import plan
from netmatch.datasets import make_region
from netmatch._programme.store import Programme
reg = make_region(1500, seed=1)
p = plan(reg, networks=False, sharing=False)
db = Programme.open(sys.argv[1])


class Slow:  # a slow disk: each batch of rows written, then a pause; the parent kills inside the transaction
    def __init__(self, c):
        self.c = c

    def __getattr__(self, name):
        return getattr(self.c, name)

    def executemany(self, *args):
        out = self.c.executemany(*args)
        print("inside", flush=True)
        time.sleep(0.05)
        return out


db.add("P0", reg, p)  # one whole period first
db._db = Slow(db._db)
db.add("P1", reg, p)
"""


@pytest.mark.parametrize("batches", [1, 2, 3])
def test_killing_an_add_inside_its_transaction_leaves_the_database_as_it_was(tmp_path: Path, batches: int) -> None:
    path = tmp_path / "p.db"
    Programme.create(path).close()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, cwd=tmp_path)
    assert child.stdout is not None
    for _ in range(batches):  # statuses, then pairs, then indicators written: killed after the n-th batch
        assert child.stdout.readline().strip() == b"inside"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    c = sqlite3.connect(path)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT name FROM periods").fetchall() == [("P0",)]  # P1 never happened
        assert c.execute("SELECT COUNT(*) FROM statuses").fetchone()[0] == 1500
        assert c.execute("SELECT COUNT(DISTINCT period) FROM indicators").fetchone()[0] == 1
    finally:
        c.close()
    with Programme.open(path) as db:  # and it opens and takes the next period
        assert db.periods == ("P0",) and db.registry("P0").kpis.schools == 1500


def test_an_older_schema_is_migrated_after_a_backup(tmp_path: Path, demo_plan: nm.Plan,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    with Programme.create(path) as db:
        db.add("I", demo_plan.registry, demo_plan)
    before = path.read_bytes()
    monkeypatch.setitem(store.MIGRATIONS, 1, lambda c: c.execute("ALTER TABLE periods ADD COLUMN comment TEXT"))
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    with Programme.open(path) as db:
        assert db.periods == ("I",) and db.registry("I") == demo_plan.registry
        assert db._db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert (tmp_path / "p.db.v1.bak").read_bytes() == before
    monkeypatch.setattr(store, "SCHEMA_VERSION", 1)
    with pytest.raises(nm.InvalidInputError, match="of schema 2"):
        Programme.open(path)


def test_an_export_restores_to_the_same_database(tmp_path: Path, demo_plan: nm.Plan) -> None:
    with Programme.create(tmp_path / "p.db", name="Сеть") as db:
        db.add("I", demo_plan.registry, demo_plan)
        db.add("II", demo_plan.registry, demo_plan)
        db.decide("II", "status", "S05", "unfavourable")
        first = db.export(tmp_path / "e.json")
    with Programme.restore(first, tmp_path / "q.db") as again:
        assert again.periods == ("I", "II") and again.name == "Сеть"
        assert again.registry("II") == demo_plan.registry
        second = again.export(tmp_path / "f.json")
    assert json.loads(first.read_text(encoding="utf-8")) == json.loads(second.read_text(encoding="utf-8"))
    assert first.read_bytes() == second.read_bytes()


def test_monitoring_shows_a_school_entering_the_list(tmp_path: Path, demo_plan: nm.Plan) -> None:
    reg = demo_plan.registry
    ident = demo_plan.identification
    ordinary = next(s for s in ident.ids if s not in {*ident.low_results, *ident.unfavourable, *ident.leaders})
    worse = reg.replace(schools=[s.model_copy(update={"social_wellbeing_index": -1000.0}) if s.id == ordinary
                                 else s for s in reg.schools])
    later = nm.plan(worse)
    assert ordinary in later.identification.unfavourable
    with Programme.create(tmp_path / "p.db") as db:
        db.add("I", reg, demo_plan)
        db.add("II", worse, later)
        periods, indicators, statuses, pairs = monitoring_tables(db)
    row = next(r for r in statuses.rows if r[0] == ordinary)
    assert row[1:] == ["—", "ШНСУ", "вошла в список"]
    assert [r[0] for r in periods.rows] == ["I", "II"] and len(pairs.rows) == 2 * len(demo_plan.pairs)
    covered = next(r for r in indicators.rows if r[0] == "Доля ШНОР и ШНСУ, включённых в сеть")
    assert covered[1] == 1.0 and covered[2] == nm.measure_indicators(demo_plan)["covered"].value


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, demo = str(tmp_path / "p.db"), str(ROOT / "netmatch" / "data" / "demo")
    assert main(["programme", "init", db, "--name", "Сеть"]) == 0
    assert main(["programme", "add", demo, "--db", db, "--period", "2024/25, II полугодие"]) == 0
    assert main(["programme", "add", demo, "--db", db, "--period", "2025/26, I полугодие"]) == 0
    out = capsys.readouterr().out
    assert "Период «2025/26, I полугодие» добавлен в p.db" in out and "сохранено с прошлого периода: 5" in out
    assert "показателей рассчитано 11 из 14" in out  # with the plan of events, as netmatch plan
    assert main(["programme", "add", demo, "--db", db, "--period", "2025/26, I полугодие"]) == 2
    err = capsys.readouterr().err
    assert "уже есть в базе" in err and not latin_words(err, {"p.db"})
    assert main(["programme", "monitor", db, "--out", str(tmp_path / "mon")]) == 0
    assert (tmp_path / "mon" / "monitoring.xlsx").exists()
    header = (tmp_path / "mon" / "monitoring-indicators.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == 'Показатель,Цель,"2024/25, II полугодие","2025/26, I полугодие"'
    assert main(["programme", "export", db, str(tmp_path / "e.json")]) == 0
    assert main(["programme", "import", str(tmp_path / "e.json"), str(tmp_path / "q.db")]) == 0
    assert main(["programme", "export", str(tmp_path / "q.db"), str(tmp_path / "f.json")]) == 0
    assert (tmp_path / "e.json").read_bytes() == (tmp_path / "f.json").read_bytes()
    assert main(["programme", "add", demo, "--db", str(tmp_path / "none.db"), "--period", "x"]) == 2
    assert "netmatch programme init" in capsys.readouterr().err


def test_the_next_period_keeps_the_associations_too(demo_plan: nm.Plan) -> None:
    again = nm.replan(demo_plan, demo_plan.registry)
    assert [(p.leader, p.partner) for p in again.pairs] == [(p.leader, p.partner) for p in demo_plan.pairs]
    assert again.networks is not None and demo_plan.networks is not None
    first, second = nm.measure_indicators(demo_plan), nm.measure_indicators(again)
    assert second["in_network"].value == first["in_network"].value > 0.5  # not only the pairs: the associations
    assert again.sharing is not None and again.sharing.kpis == demo_plan.sharing.kpis

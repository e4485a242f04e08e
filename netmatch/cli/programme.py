"""``netmatch programme``: the programme's database of periods (:class:`~netmatch._programme.store.Programme`).

``init DB`` creates it; ``add FILE --db DB --period P`` reads a registry, plans it — keeping the
previous period's pairs where they still work (:func:`netmatch.replan`) — and keeps the period
with its indicators; ``monitor DB --out DIR`` writes the dynamics across periods; ``export DB
FILE.json`` and ``import FILE.json DB`` carry the whole database in one file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netmatch._programme import measure_indicators
from netmatch._programme.store import Programme
from netmatch.cli.commands import _events, _quiet, _read, _refuse_overwrite, plan_options, settings_of
from netmatch.cli.summary import print_notes

__all__ = ["run"]

_WORDS = {
    "ru": {"init": "База программы создана: {db}",
           "added": "Период «{period}» добавлен в {db}: ШНОР — {low}, ШНСУ — {unf}, лидеров — {lead}, пар — {pairs}"
                    "{kept}; показателей рассчитано {computed} из {total}. Периодов в базе: {n}.",
           "kept": " (из них сохранено с прошлого периода: {k})",
           "written": "Динамика по {n} периодам записана: {paths}",
           "exported": "База выгружена: {path}", "imported": "База создана из выгрузки: {db} (периодов: {n})"},
    "en": {"init": "Programme database created: {db}",
           "added": "Period '{period}' added to {db}: ШНОР {low}, ШНСУ {unf}, leaders {lead}, pairs {pairs}{kept}; "
                    "indicators computed {computed} of {total}. Periods in the database: {n}.",
           "kept": " (kept from the previous period: {k})",
           "written": "Dynamics over {n} periods written: {paths}",
           "exported": "Database exported: {path}", "imported": "Database created from the export: {db} ({n} periods)"},
}


def run(args: argparse.Namespace, lang: str) -> int:
    """Carry out ``netmatch programme ACTION``."""
    t = _WORDS[lang]
    say = (lambda text: None) if _quiet(args) else print
    if args.action == "init":
        Programme.create(args.db, name=args.name).close()
        say(t["init"].format(db=args.db))
    elif args.action == "add":
        _add(args, lang)
    elif args.action == "monitor":
        from netmatch.report.monitoring import write_monitoring

        _refuse_overwrite(args, ("monitoring.xlsx",), lang)
        with Programme.open(args.db) as db:
            paths = write_monitoring(db, args.out, lang)
            say(t["written"].format(n=len(db.periods), paths=", ".join(str(p) for p in paths.values())))
    elif args.action == "export":
        with Programme.open(args.db) as db:
            say(t["exported"].format(path=db.export(args.target)))
    else:
        with Programme.restore(args.source, args.db) as db:
            say(t["imported"].format(db=args.db, n=len(db.periods)))
    return 0


def _add(args: argparse.Namespace, lang: str) -> None:
    """Read, plan with continuity, measure and keep one period."""
    from netmatch._scenario import plan, replan

    settings = settings_of(args, lang)
    with Programme.open(args.db) as db:  # opened first: a missing database is said before the work
        registry = _read(args)
        options = plan_options(settings)
        previous = db.pairs(db.periods[-1]) if db.periods else ()
        made = replan(previous, registry, **options) if previous else plan(registry, **options)
        if not _quiet(args):
            print_notes(made.identification.notes, lang)
        events = _events(made, settings, lambda _: None)  # the indicators of events need the plan of events
        measured = measure_indicators(made, events=events, indicators=settings.indicators or "common")
        db.add(args.period, made.registry, made, indicators=measured)
        if _quiet(args):
            return
        ident = made.identification
        kept = len({*previous} & {(p.leader, p.partner) for p in made.pairing.pairs})
        print(_WORDS[lang]["added"].format(
            period=args.period.strip(), db=Path(args.db).name, low=len(ident.low_results),
            unf=len(ident.unfavourable), lead=len(ident.leaders), pairs=len(made.pairing.pairs),
            kept=_WORDS[lang]["kept"].format(k=kept) if previous else "",
            computed=sum(v.value is not None for v in measured), total=len(measured), n=len(db.periods)))

"""The ``netmatch`` command line: a thin shell over the public API.

Messages and help are in Russian by default and in English with ``--lang en``. Input problems
(a missing or bad file, a bad option or settings file) are printed as short plain lines — what
is wrong, where, how to fix it — never as a traceback, and the command exits with status 2;
a problem without a solution (:class:`netmatch.InfeasibleError`) or a file that cannot be
written exits with 1. Long runs show a progress bar on standard error when it is a terminal
(``--progress`` forces it, ``--no-progress`` hides it).

Subcommands
-----------
``netmatch validate FILE``
    Read a registry (CSV, XLSX, JSON or a folder of them) and list every problem in it: the same
    problem in many rows is one line with the count and the rows («строки 3–9, 12 (8 строк)»);
    ``--problems problems.xlsx`` (or ``.csv``) writes every problem on its own row (file, sheet,
    row, school, column, value, problem, fix). The exit status stays 2 when there are problems.
``netmatch identify FILE``
    ШНОР, ШНСУ and leader schools, with the reasons.
``netmatch plan FILE``
    Identify, pair, share resources, site new centres; write ``plan.json``, ``plan.xlsx``, CSV
    files and ``report.html`` into ``--out`` (default ``netmatch-plan``).
``netmatch site FILE --k N``
    Where ``N`` new centres should open.
``netmatch compare PLAN_A PLAN_B``
    Two saved plans (``plan.json`` or their folders) side by side.
``netmatch demo``
    The whole plan and report on the bundled demo district, into ``--out`` (default ``netmatch-demo``).
``netmatch columns``
    Every column header netmatch reads (Russian and English) with what it holds, for a mapping file.

A registry's extra columns («Адрес», «Директор») are kept aside and listed once in a note on
standard error; a header one typo from a known one («Широто») is an error that names it;
``--strict`` makes every extra column an error. Results that name their school («Наименование ОО»,
«Муниципалитет», «№ ОО») instead of giving its code are joined to the schools by name
(``--match-results auto|code|name|exact``); one line on standard error says how many names were
matched and how. Other headers are mapped onto fields with
``--columns mapping.toml`` (a ``[columns]`` table; also accepted in ``--config``).

Limits, capacities and weights come from options or a TOML settings file (``--config``;
see :mod:`netmatch.cli.settings`). The parser is :mod:`netmatch.cli.parser`, the words
:mod:`netmatch.cli.messages`.

>>> main(["--lang", "en", "report"])
2
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch import datasets
from netmatch._base.lists import id_list
from netmatch._base.util import installed_version
from netmatch._data import Registry, read_registry
from netmatch._data.headers import ColumnNote
from netmatch._data.names import NameMatch, match_counts
from netmatch._words.numbers import number, percent
from netmatch.cli.columns import columns_text, note_lines
from netmatch.cli.interrupted import ctrl_c_handled, interrupted_inside
from netmatch.cli.messages import OS_REASONS, TEXT
from netmatch.cli.parser import SETTING_OPTIONS, UsageError, build_parser, lang_of
from netmatch.cli.problems import PROBLEM_SUFFIXES, problem_lines, write_problems
from netmatch.cli.progress import Progress
from netmatch.cli.settings import Settings, load_columns, load_config, merge_columns, resolve
from netmatch.cli.siting import plan_siting, siting_record
from netmatch.cli.summary import print_notes, summary
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError

if TYPE_CHECKING:
    from netmatch.report import Table

__all__ = ["main", "settings_of", "summary"]

_PLAN_STEPS = ("read", "plan", "site", "events", "json", "xlsx", "csv", "html", "docx")


# --- settings ---------------------------------------------------------------------------------------


def _pairs_option(flag: str, item: str, prefix: str, lang: str) -> tuple[str, str] | str:
    """``--weight NAME=VALUE`` / ``--set SECTION.NAME=VALUE`` as (key, value), or the problem's text."""
    name, eq, value = item.partition("=")
    if not eq or not name.strip():
        example = "proximity=0.4" if prefix else "constraints.max_km=30"
        return (f"{flag} {item}: нужно ИМЯ=ЗНАЧЕНИЕ, например {flag} {example}" if lang == "ru" else
                f"{flag} {item}: expected NAME=VALUE, e.g. {flag} {example}")
    return prefix + name.strip(), value.strip()


def settings_of(args: argparse.Namespace, lang: str = "ru") -> Settings:
    """The settings of a command: its ``--config`` file, then its options over it, all validated.

    >>> from netmatch.cli.parser import build_parser
    >>> args = build_parser("en").parse_args(["plan", "reg.csv", "--max-km", "30", "--weight", "proximity=0.4"])
    >>> s = settings_of(args, "en")
    >>> s.constraints, s.weights
    ({'max_km': 30}, {'proximity': 0.4})
    """
    config = load_config(args.config, lang) if getattr(args, "config", None) else None
    overrides: dict[str, Any] = {}
    options: dict[str, str] = {}
    for dest, key, flag, *_ in SETTING_OPTIONS:
        value = getattr(args, dest, None)
        if value is not None:
            overrides[key], options[key] = value, flag
    bad = []
    for flag, items, prefix in (("--weight", getattr(args, "weight", []), "weights."),
                                ("--set", getattr(args, "set", []), "")):
        for item in items:
            got = _pairs_option(flag, item, prefix, lang)
            if isinstance(got, str):
                bad.append(got)
            else:
                overrides[got[0]], options[got[0]] = got[1], f"{flag} {item}"
    if bad:
        raise InvalidInputError(bad)
    settings = resolve(config, overrides, source=str(args.config) if getattr(args, "config", None) else "",
                       options=options, lang=lang)
    if getattr(args, "indicators", None):  # the file wins over the [indicators] of --config
        from netmatch._programme import load_indicators

        settings = dataclasses.replace(settings, indicators=load_indicators(args.indicators))
    return settings


# --- helpers ----------------------------------------------------------------------------------------


def _read(args: argparse.Namespace) -> Registry:
    """The registry, read with the ``[columns]`` of ``--config`` and ``--columns``; the column notes on stderr.

    Extra columns are kept aside and listed once (``--strict``: each is an error); the notes
    are printed also when reading fails, since they explain what was and was not read.
    """
    lang = args.lang
    if not Path(args.file).exists():
        raise InvalidInputError([TEXT[lang]["no_file"].format(path=args.file)])
    config = getattr(args, "config", None)
    settings = resolve(load_config(config, lang), source=str(config), lang=lang) if config else None
    columns = merge_columns(settings.columns if settings else {},
                            load_columns(args.columns, lang) if args.columns else {})
    notes: list[ColumnNote] = []
    matches: list[NameMatch] = []
    try:
        # [procedures.<code>] and [read] percent_columns of --config: how to read the results
        return read_registry(args.file, encoding=args.encoding, sep=args.sep, columns=columns or None,
                             unknown="error" if args.strict else "keep", notes=notes,
                             match_results=getattr(args, "match_results", "auto"), name_matches=matches,
                             assessments=list(settings.procedures) if settings else None,
                             percent_columns=settings.percent_columns if settings else (),
                             na_values=settings.na_values if settings else ())
    finally:
        for line in [] if _quiet(args) else note_lines(notes, lang):
            print(line, file=sys.stderr)
        if matches and not _quiet(args):  # joined by name: how, in figures
            print(TEXT[lang]["name_matches"].format(**match_counts(matches)), file=sys.stderr)


def _quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", False))


def _progress(args: argparse.Namespace, steps: Sequence[str], lang: str) -> Progress:
    """The command's progress: shown on a terminal (or with ``--progress``), never with ``-q``; ``-v``'s lines."""
    asked = getattr(args, "progress", None)
    shown = (asked if asked is not None else sys.stderr.isatty()) and not _quiet(args)
    return Progress(steps, lang, enabled=shown, verbose=0 if _quiet(args) else getattr(args, "verbose", 0))


def _refuse_overwrite(args: argparse.Namespace, names: Sequence[str], lang: str) -> None:
    """Stop before any work when ``--out`` already holds one of ``names`` and ``--force`` is not given."""
    if not getattr(args, "out", None) or getattr(args, "force", False):
        return
    out = Path(args.out)
    found = [out / n for n in names if (out / n).exists()]
    if not found:
        return
    import datetime

    when = datetime.datetime.fromtimestamp(max(p.stat().st_mtime for p in found)).strftime("%Y-%m-%d %H:%M")
    stem, k = f"{out.name}-{datetime.date.today():%Y-%m-%d}", 1
    suggest = out.with_name(stem)
    while suggest.exists():
        k += 1
        suggest = out.with_name(f"{stem}-{k}")
    raise UsageError(TEXT[lang]["exists"].format(path=out, names=", ".join(p.name for p in found[:3]), when=when,
                                                 suggest=suggest))


def _out_folder(args: argparse.Namespace) -> Path | None:
    """The ``--out`` folder, created; None when not given."""
    if not args.out:
        return None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out


def plan_options(settings: Settings) -> dict[str, Any]:
    """The settings as :func:`netmatch.plan`'s keyword arguments."""
    return {"name": settings.plan.name, "rules": settings.rules or None, "constraints": settings.constraints or None,
            "weights": settings.weights or None, "pairing": settings.plan.pairing,
            "sharing_constraints": settings.sharing or None, "networks": settings.plan.networks,
            "groups": settings.plan.groups,
            "network_settings": {**settings.networks, **({"targets": settings.targets} if settings.targets else {})},
            "group_settings": settings.groups or None}


def _make_plan(registry: Registry, settings: Settings, step: Callable[[str], None],
               lang: str = "ru", quiet: bool = False) -> dict[str, Any]:
    """Identify, pair, share resources and site centres as the settings say; the saved plan."""
    from netmatch import report
    from netmatch._scenario import plan

    step("plan")
    p = plan(registry, **plan_options(settings))
    if not quiet:
        print_notes(p.identification.notes, lang)  # what identification could not apply, before the plan
    step("site")
    siting = plan_siting(p.registry, settings.siting, p.identification)
    return report.plan_record(p, siting=siting, settings=settings.as_dict(), events=_events(p, settings, step),
                              indicators=settings.indicators)


def _events(p: Any, settings: Settings, step: Callable[[str], None]) -> Any:
    """The plan of events as the settings say (None when they turn it off)."""
    opts = settings.events
    if not opts.plan:
        return None
    from netmatch._programme import load_catalogue, plan_events

    step("events")
    catalogue = load_catalogue(opts.catalogue) if opts.catalogue else None
    return plan_events(p, catalogue=catalogue, year=opts.year, loads=opts.loads())


def _print_kpis(record: Mapping[str, Any], lang: str) -> None:
    t = TEXT[lang]
    k, goal = record["kpis"], record["targets"]
    print(t["kpi_covered"].format(covered=k["covered"], needing=k["needing"], share=percent(k["share_covered"], lang),
                                  target=percent(goal["share_covered"], lang),
                                  met=t["yes"] if k["coverage_target_met"] else t["no"]))
    print(t["kpi_network"].format(n=k["in_network"], total=k["schools"], share=percent(k["share_in_network"], lang),
                                  target=percent(goal["share_in_network"], lang),
                                  met=t["yes"] if k["network_target_met"] else t["no"]))
    net = record.get("networks")
    if net:
        print(t["kpi_networks"].format(n=len(net["associations"]),
                                       schools=sum(len(a["members"]) + (not a.get("organisation"))
                                                   + bool(a.get("co_leader")) for a in net["associations"])))
    if orgs := record.get("organisations"):
        print(t["kpi_organisations"].format(n=len(orgs), leading=sum(bool(o.get("members")) for o in orgs)))
    if needs := record.get("needs"):
        nk = needs["kpis"]
        print(t["kpi_needs"].format(n=nk["needs"], matched=nk["matched"], resources=nk["resource_needs"]))
    print(t["kpi_pairs"].format(n=len(record["pairs"]), unpaired=len(record["unpaired"])))
    _print_people(record, t)
    if "sharing_share_priority_served" in k:
        print(t["kpi_sharing"].format(share=percent(k["sharing_share_priority_served"], lang)))
    si = record.get("siting")
    if si:
        new = [c["school"] for c in si.get("centres", []) if c["status"] == "new"]
        note = si.get(f"note_{lang}")
        print(t["kpi_sites"].format(sites=", ".join(new) or note or "—"))
    if ev := record.get("events"):
        ek = ev["kpis"]
        print(t["kpi_events"].format(n=ek["events"], months=ek["months"], in_person=ek["in_person"],
                                     undated=ek["unscheduled"]))
    _print_indicators(record, lang)
    from netmatch.report import no_coordinates, no_coordinates_line

    if line := no_coordinates_line(no_coordinates(record), lang):
        print(line)


def _print_indicators(record: Mapping[str, Any], lang: str) -> None:
    """How many indicators were computed and met, and what the others need."""
    found = record.get("indicators") or []
    if not found:
        return
    t = TEXT[lang]
    targeted = [i for i in found if i.get("target") is not None and i.get("value") is not None]
    print(t["kpi_indicators"].format(done=sum(i.get("value") is not None for i in found), n=len(found),
                                     targeted=len(targeted), met=sum(bool(i.get("met")) for i in targeted)))
    key = "ru" if lang == "ru" else "en"
    missing = [f"{i['name_' + key]} ({i['missing_' + key]})" for i in found if i.get("value") is None
               and i.get("missing_ru")]
    if missing:
        print(t["kpi_indicators_missing"].format(items="; ".join(missing)))
    unmet = [t["kpi_indicator_unmet"].format(name=i["name_" + key], value=_figure(i["value"], i["unit"], lang),
                                             target=("≤ " if i.get("direction") == "down" else "≥ ")
                                             + _figure(i["target"], i["unit"], lang))
             for i in targeted if i.get("met") is False]
    if unmet:
        print(t["kpi_indicators_unmet"].format(items="; ".join(unmet)))


def _figure(value: float, unit: str, lang: str) -> str:
    """An indicator's value as its unit shows it: a share as a percentage, a mean or count as a number."""
    return percent(value, lang) if unit == "share" else number(value, lang, 0 if unit == "count" else 2)


def _print_people(record: Mapping[str, Any], t: Mapping[str, str]) -> None:
    """The curators and mentors of a saved plan, or which of them it skipped and why."""
    counts = record.get("counts") or {}
    if cur := record.get("curators"):
        ck = cur["kpis"]
        print(t["kpi_curators"].format(n=ck["assigned"], total=ck["schools"], used=ck["curators_used"],
                                       people=ck["curators"]))
    else:
        print(t["skip_curators"].format(why=t["no_staff" if not counts.get("staff") else "no_curators"]))
    if men := record.get("mentors"):
        mk = men["kpis"]
        print(t["kpi_mentors"].format(n=mk["matched"], total=mk["mentees"], used=mk["mentors_used"]))
    else:
        print(t["skip_mentors"].format(why=t["no_teachers" if not counts.get("teachers") else "no_mentors"]))


def _print_written(paths: Mapping[str, Path], lang: str) -> None:
    t = TEXT[lang]
    print(t["written"].format(path=paths["html"].parent))
    print(t["report"].format(path=paths["html"]))
    print(t["workbook"].format(path=paths["xlsx"]))
    print(t["saved"].format(path=paths["json"]))
    print(t["csv"].format(names=", ".join(p.name for k, p in paths.items() if k.startswith("csv:"))))
    if "agreements" in paths:
        print(t["docx"].format(path=paths["agreements"], n=len(list(paths["agreements"].glob("*.docx")))))
    elif "csv:agreements" in paths and importlib.util.find_spec("docx") is None:  # not off by the settings
        print(t["no_docx"])


def _text_table(table: Table, lang: str) -> str:
    """A table for the console: columns padded, long texts on their own lines."""
    short = [j for j, c in enumerate(table.columns) if c.kind != "long" or c.key in ("label", "name")]
    rows = [[str(table.columns[j].header(lang)) for j in short]]
    rows += [["" if r[j] is None else str(r[j]) for j in short] for r in table.rows]
    widths = [min(48, max(len(r[k]) for r in rows)) for k in range(len(short))]
    long = [j for j in range(len(table.columns)) if j not in short]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  " + "  ".join(v[:48].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
        if n:
            lines += [f"      {table.rows[n - 1][j]}" for j in long if table.rows[n - 1][j]]
    return "\n".join(lines)


# --- commands ---------------------------------------------------------------------------------------


def _cmd_plan(args: argparse.Namespace, lang: str, registry: Registry | None = None) -> int:
    from netmatch import report

    settings = settings_of(args, lang)
    _refuse_overwrite(args, ("plan.json",), lang)  # before the work, not after it
    with _progress(args, _PLAN_STEPS, lang) as bar:
        bar("read")
        if registry is None:
            registry = _read(args)
        record = _make_plan(registry, settings, bar, lang, quiet=_quiet(args))
        record["source"] = Path(args.file).name if getattr(args, "file", None) else ""  # for «О расчёте»
        paths = report.write_plan(record, args.out, lang, step=bar)
    if not _quiet(args):
        _print_kpis(record, lang)
        _print_written(paths, lang)
    return 0


def _print_identification(ident: Any, names: Mapping[str, str], lang: str) -> None:
    """The statuses found, each with its schools and their reasons."""
    from netmatch._identify import Status

    t = TEXT[lang]
    print(t["ident_head"].format(years=", ".join(map(str, ident.years)) or "—", low=len(ident.low_results),
                                 unf=len(ident.unfavourable), lead=len(ident.leaders),
                                 nodata=sum(Status.INSUFFICIENT_DATA in s for s in ident.statuses),
                                 border=ident.kpis.borderline))
    for status in (Status.LOW_RESULTS, Status.UNFAVOURABLE, Status.LEADER, Status.INSUFFICIENT_DATA):
        ids = [s for s, st in zip(ident.ids, ident.statuses, strict=True) if status in st]
        if not ids:
            continue
        label = status.label_ru if lang == "ru" else status.value
        print(f"\n{label} ({len(ids)}):")
        for sid in ids:
            print(f"  {sid} {names[sid]}")
            for r in ident.reasons_of(sid):
                print(f"      · {r.text(lang)}")


def _identification_table(ident: Any, names: Mapping[str, str], lang: str) -> Table:
    """The identification as a table for CSV: one row per school, its name beside its id."""
    from netmatch import report

    frame = ident.to_frame(lang)
    frame.insert(1, "name", [names[s] for s in frame["school"]])
    cols = tuple(report.Column(str(c), str(c), str(c), "long" if c in ("name", "reasons") else "text")
                 for c in frame.columns)
    rows = [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
            for row in frame.astype(object).to_numpy().tolist()]
    return report.Table("identification", "Школы" if lang == "ru" else "Schools", cols, rows)


def _cmd_identify(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report
    from netmatch._identify import identify

    settings = settings_of(args, lang)
    _refuse_overwrite(args, ("identification.csv",), lang)
    registry = _read(args)
    ident = identify(registry, settings.rules or None)
    if not _quiet(args):
        print_notes(ident.notes, lang)
    names = {s.id: s.name for s in registry.schools}
    _print_identification(ident, names, lang)
    out = _out_folder(args)
    if out is not None:
        path = report.write_csv(_identification_table(ident, names, lang), out / "identification.csv", lang)
        print("\n" + TEXT[lang]["written"].format(path=out) + f" {path.name}")
    return 0


def _print_sites(siting: Mapping[str, Any], settings: Settings, names: Mapping[str, str], lang: str) -> None:
    t = TEXT[lang]
    objective = t["median"] if settings.siting.objective == "median" else \
        t["coverage"].format(r=f"{settings.siting.max_minutes:g}")
    print(t["site_head"].format(k=settings.siting.k, objective=objective))
    if note := siting.get(f"note_{lang}"):  # nothing sited: why
        print("  " + note)
    for c in siting["centres"]:
        if c["status"] == "new":
            mean = c["mean_minutes"]
            print(t["site_line"].format(id=c["school"], name=names[c["school"]], n=len(c["served"]),
                                        pupils=c["pupils"], minutes="—" if mean is None else f"{mean:.0f}"))
    fixed = [c["school"] for c in siting["centres"] if c["status"] == "fixed"]
    if fixed:
        print(t["site_fixed"].format(ids=id_list(fixed, lang)))
    if siting["unserved"]:
        print(t["site_unserved"].format(n=len(siting["unserved"])))
    from netmatch.report import no_coordinates_line

    if line := no_coordinates_line([x["school"] for x in siting.get("left_out", [])], lang):
        print(line)


def _cmd_site(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report

    settings = settings_of(args, lang)
    _refuse_overwrite(args, ("sites.csv",), lang)
    from netmatch._identify import identify

    with _progress(args, ("read", "site"), lang) as bar:
        bar("read")
        registry = _read(args)
        bar("site")
        ident = identify(registry, settings.rules or None)  # the rules of --config/--set decide who needs a centre
        siting = siting_record(registry, settings.siting, ident)
    if not _quiet(args):  # who needs a centre rests on the identification: say what it could not apply
        print_notes(ident.notes, lang)
    _print_sites(siting, settings, {s.id: s.name for s in registry.schools}, lang)
    out = _out_folder(args)
    if out is not None:
        record = {"schools": [{"id": s.id, "name": s.name} for s in registry.schools], "siting": siting}
        path = report.write_csv(report.sites_table(record, lang), out / "sites.csv", lang)
        print(TEXT[lang]["written"].format(path=out) + f" {path.name}")
    return 0


def _cmd_compare(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report

    t = TEXT[lang]
    _refuse_overwrite(args, ("compare_kpis.csv", "compare_changes.csv"), lang)
    a, b = report.read_plan(args.plan_a, lang), report.read_plan(args.plan_b, lang)
    kpis, changes = report.compare_records(a, b, lang)
    print(t["cmp_kpis"])
    print(_text_table(kpis, lang))
    if changes.rows:
        print("\n" + t["cmp_changes"].format(n=len(changes.rows)))
        print(_text_table(changes, lang))
    else:
        print("\n" + t["cmp_same"])
    out = _out_folder(args)
    if out is not None:
        report.write_csv(kpis, out / "compare_kpis.csv", lang)
        report.write_csv(changes, out / "compare_changes.csv", lang)
        print(t["written"].format(path=out) + " compare_kpis.csv, compare_changes.csv")
    return 0


def _cmd_demo(args: argparse.Namespace, lang: str) -> int:
    _refuse_overwrite(args, ("plan.json",), lang)
    registry = datasets.load_demo()
    if not _quiet(args):
        print(summary(registry, lang))
        print(TEXT[lang]["valid"])
        print()
    return _cmd_plan(args, lang, registry)


def _cmd_validate(args: argparse.Namespace, lang: str) -> int:
    table = getattr(args, "problems", None)
    if table and Path(table).suffix.lower() not in PROBLEM_SUFFIXES:
        raise InvalidInputError([TEXT[lang]["problems_suffix"].format(path=table)])
    settings = settings_of(args, lang)  # a bad --config/--set is a mistake of the command, not of the registry
    try:
        registry = _read(args)
    except InvalidInputError as exc:
        if not table:
            raise
        path = write_problems(exc, table, lang)  # every problem on its own row; the console groups them
        print("\n".join(problem_lines(exc, lang, table_written=True)), file=sys.stderr)
        print(TEXT[lang]["problems_written"].format(path=path, n=len(exc.problems)))
        return 2
    print(summary(registry, lang, rules=settings.rules or None))
    print(TEXT[lang]["valid"])
    if table:
        print(TEXT[lang]["problems_written"].format(path=write_problems(None, table, lang), n=0))
    return 0


def _cmd_columns(args: argparse.Namespace, lang: str) -> int:
    print(columns_text(lang))
    return 0


def _cmd_programme(args: argparse.Namespace, lang: str) -> int:
    from netmatch.cli.programme import run  # it reads and plans with this module's helpers

    return run(args, lang)


_COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "validate": _cmd_validate, "identify": _cmd_identify, "plan": _cmd_plan, "site": _cmd_site,
    "compare": _cmd_compare, "demo": _cmd_demo, "columns": _cmd_columns, "programme": _cmd_programme}


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush finds no closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _crash_log(args: argparse.Namespace | None, argv: list[str]) -> str:
    """Write the current exception's traceback to ``netmatch-error.log`` (the output folder, else a temporary one)."""
    import tempfile
    import traceback

    out = getattr(args, "out", None)
    folders = [Path(out)] if out and Path(out).is_dir() else []
    folders.append(Path(tempfile.gettempdir()))
    text = f"netmatch {installed_version()}\nargs: {argv!r}\n\n{traceback.format_exc()}"
    for folder in folders:
        path = folder / "netmatch-error.log"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return str(path)
    return "stderr"  # pragma: no cover - no folder can be written: the traceback is all there is


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 1 no solution or a write failure).

    >>> main(["--lang", "en", "validate", "no-such-registry.csv"])
    2
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(args_list)
    t = TEXT[lang]
    try:
        args = build_parser(lang).parse_args(args_list)
        lang = args.lang
        t = TEXT[lang]
        with ctrl_c_handled():
            return _COMMANDS[args.command](args, lang)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except InvalidInputError as exc:
        file = getattr(locals().get("args"), "file", None)
        print("\n".join(problem_lines(exc, lang, file=file)), file=sys.stderr)
        return 2
    except InfeasibleError as exc:
        print(t["infeasible"].format(msg=exc), file=sys.stderr)
        return 1
    except NetmatchError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_stdout()  # the reader of our output has gone (``| head -1``): nothing more to say
        return 0
    except OSError as exc:
        target = getattr(exc, "filename", None) or ""
        reason = OS_REASONS[lang].get(exc.errno or 0) or (f"errno {exc.errno}" if exc.errno else type(exc).__name__)
        print(t["os_error"].format(path=target, msg=reason), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t["interrupted"], file=sys.stderr)
        return 130
    except Exception as exc:  # a defect: one line for the user, the traceback in a log file
        if interrupted_inside(exc):
            print(t["interrupted"], file=sys.stderr)
            return 130
        log = _crash_log(locals().get("args"), args_list)
        print(t["crashed"].format(kind=type(exc).__name__, log=log), file=sys.stderr)
        return 3

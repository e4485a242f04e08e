"""The ``netmatch`` argument parser: subcommands, options and their help, in Russian or English.

argparse, with two changes: its messages are in the user's language (:mod:`netmatch.cli.messages`)
and a mistake raises :class:`UsageError` instead of exiting, so that :func:`netmatch.cli.main`
prints one plain line and returns 2. :data:`SETTING_OPTIONS` lists the options that set one
field of the settings (:mod:`netmatch.cli.settings`).

>>> build_parser("en").parse_args(["plan", "reg.csv", "--max-km", "30"]).max_km
'30'
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from netmatch._base.util import installed_version
from netmatch.cli.messages import HELP, translate_usage

__all__ = ["SETTING_OPTIONS", "UsageError", "build_parser", "lang_of"]

#: Options that set one field of the settings: dest -> (settings key, flag, help ru, help en, metavar).
SETTING_OPTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("max_km", "constraints.max_km", "--max-km", "наибольшее расстояние очной пары, км (40)",
     "longest in-person pair, km (40)", "KM"),
    ("max_minutes", "constraints.max_minutes", "--max-minutes", "наибольшее время в пути в паре, мин",
     "longest travel time in a pair, min", "MIN"),
    ("leader_capacity", "constraints.leader_capacity", "--leader-capacity",
     "сколько школ берёт каждый лидер (вместо значения из реестра)",
     "partners every leader takes (overrides the registry)", "N"),
    ("max_partners", "constraints.max_partners", "--max-partners", "сколько лидеров может быть у одной школы (1)",
     "leaders one school may have (1)", "N"),
    ("beyond_limit", "constraints.beyond_limit", "--beyond-limit",
     "за пределом расстояния: remote — дистанционная пара, forbid — никакой",
     "beyond the limits: remote pair or forbid", "remote|forbid"),
    ("pairing", "plan.pairing", "--pairing", "метод подбора: optimal, stable, greedy, subject (optimal)",
     "pairing method: optimal, stable, greedy, subject (optimal)", "METHOD"),
    ("forms", "plan.forms", "--forms", "формы сети: pairs — только пары, pairs,networks — и сетевые объединения "
     "(по умолчанию), pairs,networks,groups — и предметные группы педагогов",
     "forms of the network: pairs; pairs,networks — with associations (default); pairs,networks,groups — and "
     "subject groups of teachers", "FORMS"),
    ("min_size", "networks.min_size", "--min-size", "школ в сетевом объединении не меньше, с лидером (3)",
     "schools in an association at least, leader included (3)", "N"),
    ("max_size", "networks.max_size", "--max-size", "школ в сетевом объединении не больше, с лидером (7)",
     "schools in an association at most, leader included (7)", "N"),
    ("network_share", "targets.network_share", "--network-share", "цель: доля всех школ в сети (0.5)",
     "target: share of all schools in the network (0.5)", "SHARE"),
    ("name", "plan.name", "--name", "название плана (сценария)", "the plan's (scenario's) name", "NAME"),
    ("share_minutes", "sharing.max_minutes", "--share-minutes",
     "наибольшее время поездки к ресурсу («Точка роста», лаборатория), мин (30)",
     "longest trip to a shared resource, min (30)", "MIN"),
    ("group_size", "sharing.group_size", "--group-size", "обучающихся в группе при работе на ресурсе (12)",
     "pupils in a group using a resource (12)", "N"),
    ("k", "siting.k", "--k", "сколько новых центров разместить (1; 0 — не размещать)",
     "new centres to site (1; 0: none)", "N"),
    ("objective", "siting.objective", "--objective",
     "цель размещения: coverage — больше всего обучающихся в пределах --site-minutes (по умолчанию), "
     "median — наименьший суммарный путь",
     "siting objective: coverage — most pupils within --site-minutes (default), median — least total travel",
     "coverage|median"),
    ("site_minutes", "siting.max_minutes", "--site-minutes", "досягаемость центра: время в пути, мин (30)",
     "a centre's reach: travel time, min (30)", "MIN"),
    ("year", "events.year", "--year", "план мероприятий на учебный год с сентября этого года (по умолчанию — "
     "по последнему году результатов)", "the plan of events for the school year from September of this year "
     "(default: the latest year of results)", "YEAR"),
    ("events", "events.catalogue", "--events", "свой каталог мероприятий (TOML, таблицы [[activity]]) вместо "
     "встроенного", "your own catalogue of activities (TOML, [[activity]] tables) instead of the shipped one",
     "FILE.toml"),
    ("clients", "siting.clients", "--clients", "кому нужны центры: needy — ШНОР/ШНСУ (по умолчанию), all — всем",
     "whom centres serve: needy — ШНОР/ШНСУ (default), all — every school", "needy|all"),
)


class UsageError(Exception):
    """A command-line mistake; the message is already in the user's language."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout, with the «usage:» prefix in the user's language."""

    prefix = "usage: "

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self.prefix if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with messages in the user's language and no exit on a mistake."""

    lang = "ru"

    def error(self, message: str) -> NoReturn:
        raise UsageError(translate_usage(message, self.lang, self.prog))


def lang_of(argv: Sequence[str]) -> str:
    """The language asked for, found before parsing so that help and errors use it.

    >>> lang_of(["plan", "x.csv", "--lang", "en"]), lang_of(["--lang=de"]), lang_of([])
    ('en', 'ru', 'ru')
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "ru"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "ru"
    return "ru"


def _parents(make: type[argparse.ArgumentParser], h: dict[str, str]
             ) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, argparse.ArgumentParser,
                        argparse.ArgumentParser]:
    """The options shared by commands: language and verbosity, reading a registry, the progress bar, ``--force``."""
    # --lang goes before or after the command; the command's copy must not reset the first
    common = make(add_help=False)
    common.add_argument("--lang", choices=("ru", "en"), default=argparse.SUPPRESS, help=h["lang"])
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help=h["quiet"])
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help=h["verbose"])
    reading = make(add_help=False)
    reading.add_argument("file", metavar="FILE", help=h["file"])
    reading.add_argument("--encoding", help=h["encoding"])
    reading.add_argument("--sep", help=h["sep"])
    reading.add_argument("--columns", metavar="MAPPING.toml", help=h["columns"])
    reading.add_argument("--strict", action="store_true", help=h["strict"])
    reading.add_argument("--match-results", choices=("auto", "code", "name", "exact"), default="auto",
                         help=h["match_results"])
    progress = make(add_help=False)
    progress.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help=h["progress"])

    force = make(add_help=False)
    force.add_argument("--force", action="store_true", help=h["force"])
    return common, reading, progress, force


def build_parser(lang: str = "ru") -> argparse.ArgumentParser:
    """The ``netmatch`` parser with its subcommands, help in ``lang``; mistakes raise :class:`UsageError`.

    >>> build_parser("en").parse_args(["site", "reg.csv", "--k", "2"]).k
    '2'
    """
    h = HELP[lang]

    # this call's classes: the language and the usage prefix are theirs, not state shared by every parser
    class Parser(_Parser):
        pass

    class Formatter(_Formatter):
        pass

    Parser.lang, Formatter.prefix = lang, h["usage"]

    def new(parent: argparse._SubParsersAction[Any] | None, name: str, helptext: str,
            parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
        kwargs: dict[str, Any] = {"add_help": False, "formatter_class": Formatter, "parents": list(parents)}
        if parent is None:
            p: argparse.ArgumentParser = Parser(prog="netmatch", description=helptext, epilog=h["epilog"], **kwargs)
        else:
            p = parent.add_parser(name, help=helptext, description=helptext, **kwargs)
        p._positionals.title = h["positionals"]
        p._optionals.title = h["optionals"]
        p.add_argument("-h", "--help", action="help", help=h["help"])
        return p

    common, reading, progress, force = _parents(Parser, h)

    def settings_group(p: argparse.ArgumentParser, names: Sequence[str], required: Sequence[str] = ()) -> None:
        g = p.add_argument_group(h["settings"])
        g.add_argument("--config", metavar="FILE.toml", help=h["config"])
        for dest, _, flag, ru, en, metavar in SETTING_OPTIONS:
            if dest in names:
                g.add_argument(flag, dest=dest, metavar=metavar, help=ru if lang == "ru" else en,
                               required=dest in required)
        if "weights" in names:
            g.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE", help=h["weight"])
            g.add_argument("--indicators", metavar="FILE.toml", help=h["indicators"])
        g.add_argument("--set", action="append", default=[], metavar="SECTION.NAME=VALUE", help=h["set"])

    plan_settings = [d for d, *_ in SETTING_OPTIONS] + ["weights"]
    parser = new(None, "netmatch", h["description"])
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help=h["lang"])
    parser.add_argument("-q", "--quiet", action="store_true", help=h["quiet"])
    parser.add_argument("-v", "--verbose", action="count", default=0, help=h["verbose"])
    parser.add_argument("--version", action="version", version=f"netmatch {installed_version()}",
                        help=h["version"])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=h["commands"],
                                parser_class=Parser)
    p = new(sub, "validate", h["validate"], [common, reading])
    p.add_argument("--problems", metavar="TABLE.xlsx|.csv", help=h["problems"])
    settings_group(p, [])  # --config/--set: the warnings are those of the rules the plan will use
    p = new(sub, "identify", h["identify"], [common, reading, force])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    settings_group(p, [])
    p = new(sub, "plan", h["plan"], [common, reading, progress, force])
    p.add_argument("--out", metavar="DIR", default="netmatch-plan", help=h["out"].format(default="netmatch-plan"))
    settings_group(p, plan_settings)
    p = new(sub, "site", h["site"], [common, reading, progress, force])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    settings_group(p, ["k", "objective", "site_minutes", "clients"])
    p = new(sub, "compare", h["compare"], [common, force])
    p.add_argument("plan_a", metavar="PLAN_A", help=h["plan_a"])
    p.add_argument("plan_b", metavar="PLAN_B", help=h["plan_b"])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    p = new(sub, "demo", h["demo"], [common, progress, force])
    p.add_argument("--out", metavar="DIR", default="netmatch-demo", help=h["out"].format(default="netmatch-demo"))
    settings_group(p, plan_settings)
    new(sub, "columns", h["columns_cmd"], [common])
    _programme(sub, new, settings_group, (common, reading, force), plan_settings, h, Parser)
    return parser


def _programme(sub: Any, new: Callable[..., argparse.ArgumentParser], settings_group: Callable[..., None],
               parents: tuple[argparse.ArgumentParser, ...], plan_settings: Sequence[str], h: dict[str, str],
               parser_class: type[argparse.ArgumentParser]) -> None:
    """``netmatch programme ACTION``: the actions on a programme database."""
    common, reading, force = parents
    p = new(sub, "programme", h["programme"], [common])
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION", title=h["commands"],
                               parser_class=parser_class)
    q = new(actions, "init", h["pr_init"], [common])
    q.add_argument("db", metavar="DB", help=h["pr_db"])
    q.add_argument("--name", help=h["pr_name"])
    q = new(actions, "add", h["pr_add"], [common, reading])
    q.add_argument("--db", required=True, metavar="DB", help=h["pr_db"])
    q.add_argument("--period", required=True, help=h["pr_period"])
    settings_group(q, plan_settings)
    q = new(actions, "monitor", h["pr_monitor"], [common, force])
    q.add_argument("db", metavar="DB", help=h["pr_db"])
    q.add_argument("--out", metavar="DIR", default="netmatch-monitoring",
                   help=h["out"].format(default="netmatch-monitoring"))
    q = new(actions, "export", h["pr_export"], [common])
    q.add_argument("db", metavar="DB", help=h["pr_db"])
    q.add_argument("target", metavar="FILE.json", help=h["pr_json"])
    q = new(actions, "import", h["pr_import"], [common])
    q.add_argument("source", metavar="FILE.json", help=h["pr_json"])
    q.add_argument("db", metavar="DB", help=h["pr_db"])

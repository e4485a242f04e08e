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
    Read a registry (CSV, XLSX, JSON or a folder of them) and list every problem in it.
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

Limits, capacities and weights come from options or a TOML settings file (``--config``;
see :mod:`netmatch.cli.settings`).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from netmatch import datasets
from netmatch._data.models import Procedure, Registry
from netmatch._data.read import read_registry
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError

__all__ = ["main", "summary"]

_STEPS = {
    "ru": {"read": "чтение реестра", "plan": "выявление ШНОР/ШНСУ и подбор пар", "share": "ресурсы",
           "site": "размещение центров", "json": "plan.json", "xlsx": "Excel", "csv": "CSV", "html": "отчёт HTML",
           "done": "готово"},
    "en": {"read": "reading the registry", "plan": "identification and pairing", "share": "resources",
           "site": "centre siting", "json": "plan.json", "xlsx": "Excel", "csv": "CSV", "html": "HTML report",
           "done": "done"},
}

_TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Реестр: {name}",
        "schools": "Школ: {n}",
        "kinds": "  по типам: {items}",
        "places": "  городских: {urban}, сельских: {rural}, тип местности не указан: {unknown}",
        "shifts": "  по сменности: {items}",
        "over": "  обучающихся больше проектной мощности: {items}",
        "coords": "  без координат: {n}",
        "results": "Результатов: {n}",
        "proc": "  {proc}: {n} строк, годы {years}, предметов {subjects}",
        "resources": "Ресурсов для совместного использования: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Кандидатов для размещения новых центров: {n}",
        "declared": "Заявлено в реестре: ШНОР — {low}, ШНСУ — {unf}, лидеров — {lead}",
        "valid": "Проверка пройдена: ошибок нет.",
        "invalid": "Найдено проблем: {n}",
        "none": "нет",
        "unnamed": "без названия",
        "fix": "Исправьте и запустите команду снова.",
        "no_file": "Файл или папка не найдены: «{path}». Проверьте путь (реестр: .csv, .xlsx, .json или папка).",
        "infeasible": "Решения нет: {msg}",
        "os_error": "Не удалось прочитать или записать «{path}»: {msg}. Проверьте путь и права доступа "
                    "(для результатов можно указать другую папку: --out ПАПКА).",
        "written": "Результаты записаны в папку {path}:",
        "report": "  отчёт для печати: {path}",
        "workbook": "  таблица Excel:    {path}",
        "saved": "  сохранённый план: {path} (для netmatch compare)",
        "csv": "  CSV-файлы:        {names}",
        "kpi_covered": "ШНОР/ШНСУ в партнёрстве: {covered} из {needing} ({share}) — цель 100%: {met}",
        "kpi_network": "Школ в сети: {n} из {total} ({share}) — цель не менее 50%: {met}",
        "kpi_pairs": "Пар лидер — школа: {n}; без пары: {unpaired}",
        "kpi_sharing": "Потребность ШНОР/ШНСУ в ресурсах обеспечена: {share}",
        "kpi_sites": "Новые центры: {sites}",
        "yes": "да",
        "no": "нет",
        "ident_head": "Годы результатов: {years}. ШНОР: {low}, ШНСУ: {unf}, лидеров: {lead}, "
                      "недостаточно данных: {nodata}",
        "site_head": "Новые центры ({k}), цель — {objective}:",
        "site_line": "  {id} {name}: обслуживает школ: {n}, обучающихся: {pupils}, в пути в среднем {minutes} мин",
        "site_fixed": "Действующие центры: {ids}",
        "site_unserved": "Школ вне досягаемости центров: {n}",
        "median": "наименьший суммарный путь обучающихся",
        "coverage": "больше всего обучающихся в пределах {r} мин",
        "no_candidates": "В реестре нет кандидатов для размещения новых центров (столбец «Кандидат для "
                         "нового центра» = «да»). Отметьте кандидатов в реестре.",
        "no_coords": "Ни у одной школы нет координат (Широта, Долгота): размещение не рассчитать.",
        "siting_skipped": "Размещение центров пропущено: {why}",
        "cmp_kpis": "Показатели:",
        "cmp_changes": "Изменения по школам ({n}):",
        "cmp_same": "Пары и статусы школ в планах совпадают.",
    },
    "en": {
        "title": "Registry: {name}",
        "schools": "Schools: {n}",
        "kinds": "  by kind: {items}",
        "places": "  urban: {urban}, rural: {rural}, not given: {unknown}",
        "shifts": "  by shifts: {items}",
        "over": "  enrolment above design capacity: {items}",
        "coords": "  without coordinates: {n}",
        "results": "Results: {n}",
        "proc": "  {proc}: {n} rows, years {years}, {subjects} subjects",
        "resources": "Shareable resources: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Candidate sites for new centres: {n}",
        "declared": "Declared in the registry: low results (ШНОР) {low}, unfavourable conditions (ШНСУ) {unf}, "
        "leaders {lead}",
        "valid": "Validation passed: no problems.",
        "invalid": "Problems found: {n}",
        "none": "none",
        "unnamed": "unnamed",
        "fix": "Fix it and run the command again.",
        "no_file": "No such file or folder: '{path}'. Check the path (a registry: .csv, .xlsx, .json or a folder).",
        "infeasible": "No solution: {msg}",
        "os_error": "Could not read or write '{path}': {msg}. Check the path and permissions "
                    "(results can go to another folder: --out DIR).",
        "written": "Results written to {path}:",
        "report": "  printable report: {path}",
        "workbook": "  Excel workbook:   {path}",
        "saved": "  saved plan:       {path} (for netmatch compare)",
        "csv": "  CSV files:        {names}",
        "kpi_covered": "ШНОР/ШНСУ in a partnership: {covered} of {needing} ({share}) — target 100%: {met}",
        "kpi_network": "Schools in the network: {n} of {total} ({share}) — target at least 50%: {met}",
        "kpi_pairs": "Leader–school pairs: {n}; unpaired: {unpaired}",
        "kpi_sharing": "ШНОР/ШНСУ resource demand served: {share}",
        "kpi_sites": "New centres: {sites}",
        "yes": "met",
        "no": "not met",
        "ident_head": "Years of results: {years}. Low results (ШНОР): {low}, unfavourable (ШНСУ): {unf}, "
                      "leaders: {lead}, insufficient data: {nodata}",
        "site_head": "New centres ({k}), objective: {objective}:",
        "site_line": "  {id} {name}: serves {n} schools, {pupils} pupils, {minutes} min of travel on average",
        "site_fixed": "Existing centres: {ids}",
        "site_unserved": "Schools beyond the reach of any centre: {n}",
        "median": "least total travel of pupils",
        "coverage": "most pupils within {r} min",
        "no_candidates": "The registry has no candidate sites for new centres (column 'Кандидат для нового "
                         "центра' or 'centre_candidate' = yes). Mark the candidates in the registry.",
        "no_coords": "No school has coordinates (latitude, longitude): no siting is possible.",
        "siting_skipped": "Siting of centres skipped: {why}",
        "cmp_kpis": "Indicators:",
        "cmp_changes": "Changes by school ({n}):",
        "cmp_same": "The plans have the same pairs and statuses.",
    },
}


def summary(registry: Registry, lang: str = "ru") -> str:
    """A plain-text summary of a registry, in Russian (``"ru"``) or English (``"en"``).

    >>> from netmatch.datasets import load_demo
    >>> print(summary(load_demo(), "en").splitlines()[1])
    Schools: 18
    """
    t = _TEXT[lang]
    ru = lang == "ru"
    lines = [t["title"].format(name=registry.name or t["unnamed"]), t["schools"].format(n=len(registry))]
    kinds = Counter((s.kind.label_ru if ru else s.kind.value) if s.kind else "?" for s in registry.schools)
    lines.append(t["kinds"].format(items=", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))))
    types = Counter(s.settlement_type.value if s.settlement_type else None for s in registry.schools)
    lines.append(t["places"].format(urban=types["urban"], rural=types["rural"], unknown=types[None]))
    shifts = Counter(s.shifts for s in registry.schools if s.shifts is not None)
    lines.append(t["shifts"].format(items=", ".join(f"{k}: {n}" for k, n in sorted(shifts.items()))
                                    or t["none"]))
    over = [f"{s.id} ({s.students}/{s.design_capacity})" for s in registry.schools
            if s.students is not None and s.design_capacity and s.students > s.design_capacity]
    lines.append(t["over"].format(items=", ".join(over) or t["none"]))
    missing = sum(not s.has_coordinates for s in registry.schools)
    if missing:
        lines.append(t["coords"].format(n=missing))
    res = registry.results
    lines.append(t["results"].format(n=len(res)))
    for proc in Procedure:
        mask = res.procedure == proc.value
        if mask.any():
            years = sorted({int(y) for y in res.year[mask]})
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            lines.append(t["proc"].format(proc=proc.label_ru, n=int(mask.sum()), years=span,
                                          subjects=len(np.unique(res.subject[mask]))))
    lines.append(t["resources"].format(n=len(registry.resources)))
    for kind, n in sorted(Counter(r.kind for r in registry.resources).items()):
        lines.append(t["res_kind"].format(kind=kind.label_ru if ru else kind.value, n=n))
    lines.append(t["candidates"].format(n=sum(bool(s.centre_candidate) for s in registry.schools)))
    lines.append(t["declared"].format(
        low=sum(bool(s.declared_low_results) for s in registry.schools),
        unf=sum(bool(s.declared_unfavourable) for s in registry.schools),
        lead=sum(bool(s.declared_leader) for s in registry.schools)))
    return "\n".join(lines)


# --- the parser -----------------------------------------------------------------------------------

#: Options that set one field of the settings: dest -> (settings key, flag, help ru, help en, metavar).
_SETTING_OPTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
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
    ("clients", "siting.clients", "--clients", "кому нужны центры: needy — ШНОР/ШНСУ (по умолчанию), all — всем",
     "whom centres serve: needy — ШНОР/ШНСУ (default), all — every school", "needy|all"),
)

_HELP = {
    "ru": {
        "description": "netmatch: пары ШНОР/ШНСУ со школами-лидерами, совместное использование ресурсов "
                       "и размещение новых центров.",
        "epilog": "Пример: netmatch plan реестр.xlsx --max-km 30 --out план-2025\n"
                  "Справка по команде: netmatch КОМАНДА --help",
        "help": "показать справку и выйти",
        "lang": "язык сообщений: ru (по умолчанию) или en",
        "commands": "команды",
        "validate": "проверить реестр и перечислить все ошибки",
        "identify": "выявить ШНОР, ШНСУ и школы-лидеры с обоснованием",
        "plan": "построить план: статусы, пары, ресурсы, центры; записать Excel, CSV, JSON и отчёт HTML",
        "site": "где открыть новые центры",
        "compare": "сравнить два сохранённых плана (plan.json)",
        "demo": "план и отчёт на встроенном демонстрационном районе",
        "file": "реестр: .csv, .xlsx, .json или папка с ними",
        "encoding": "кодировка CSV (по умолчанию UTF-8, иначе Windows-1251)",
        "sep": "разделитель CSV (по умолчанию определяется сам)",
        "config": "файл настроек TOML с разделами [constraints], [weights], [rules], [sharing], [siting], [plan]",
        "weight": "вес составляющей балла пары, например --weight proximity=0.4 (можно несколько раз)",
        "set": "любой параметр: --set раздел.параметр=значение, например --set rules.bottom_share=0.1",
        "out": "папка для результатов (по умолчанию {default})",
        "out_optional": "папка для результатов (по умолчанию только вывод на экран)",
        "progress": "показывать ход выполнения (по умолчанию — если вывод в терминал)",
        "plan_a": "первый план: plan.json или папка с ним",
        "plan_b": "второй план: plan.json или папка с ним",
        "positionals": "аргументы",
        "optionals": "параметры",
        "settings": "ограничения, ёмкости и веса",
        "usage": "Использование: ",
    },
    "en": {
        "description": "netmatch: pair ШНОР/ШНСУ schools with leader schools, share resources, site new centres.",
        "epilog": "Example: netmatch plan registry.xlsx --max-km 30 --out plan-2025\n"
                  "Help on a command: netmatch COMMAND --help",
        "help": "show this help and exit",
        "lang": "language of messages: ru (default) or en",
        "commands": "commands",
        "validate": "read a registry and list every problem in it",
        "identify": "find ШНОР, ШНСУ and leader schools, with the reasons",
        "plan": "make the plan: statuses, pairs, resources, centres; write Excel, CSV, JSON and an HTML report",
        "site": "where to open new centres",
        "compare": "compare two saved plans (plan.json)",
        "demo": "the plan and report on the bundled demo district",
        "file": "registry: .csv, .xlsx, .json or a folder of them",
        "encoding": "text encoding of CSV files (default: UTF-8, else Windows-1251)",
        "sep": "CSV separator (default: sniffed)",
        "config": "TOML settings file with sections [constraints], [weights], [rules], [sharing], [siting], [plan]",
        "weight": "weight of a score component, e.g. --weight proximity=0.4 (repeatable)",
        "set": "any setting: --set section.field=value, e.g. --set rules.bottom_share=0.1",
        "out": "output folder (default {default})",
        "out_optional": "output folder (default: print only)",
        "progress": "show progress (default: when writing to a terminal)",
        "plan_a": "first plan: plan.json or its folder",
        "plan_b": "second plan: plan.json or its folder",
        "positionals": "arguments",
        "optionals": "options",
        "settings": "limits, capacities and weights",
        "usage": "usage: ",
    },
}


class _UsageError(Exception):
    """A command-line mistake; the message is already in the user's language."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    prefix = "usage: "

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self.prefix if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with messages in the user's language and no exit on a mistake."""

    lang = "ru"

    def error(self, message: str) -> NoReturn:
        raise _UsageError(_translate(message, self.lang, self.prog))


def _translate(message: str, lang: str, prog: str) -> str:
    if lang != "ru":
        return f"{prog}: {message}. See: {prog} --help"
    patterns = (
        (r"argument COMMAND: invalid choice: '(.*?)' \(choose from (.*)\)",
         "неизвестная команда «{0}»; выберите одну из: {1}"),
        (r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)",
         "параметр {0}: недопустимое значение «{1}»; возможны: {2}"),
        (r"the following arguments are required: (.*)", "не хватает обязательных аргументов: {0}"),
        (r"unrecognized arguments: (.*)", "неизвестные параметры: {0}"),
        (r"argument (\S+): expected one argument", "после {0} нужно значение"),
        (r"argument (\S+): invalid (\w+) value: '(.*)'", "параметр {0}: недопустимое значение «{2}»"),
        (r"argument (\S+): ignored explicit argument '(.*)'", "параметр {0} не принимает значение «{1}»"),
    )
    for pattern, text in patterns:
        m = re.search(pattern, message)
        if m:
            message = text.format(*m.groups())
            break
    return f"{prog}: ошибка в командной строке: {message}. Справка: {prog} --help"


def _lang_of(argv: Sequence[str]) -> str:
    """The language asked for, found before parsing so that help and errors use it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "ru"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "ru"
    return "ru"


def _parser(lang: str = "ru") -> argparse.ArgumentParser:
    h = _HELP[lang]
    _Parser.lang = lang
    _Formatter.prefix = h["usage"]

    def new(parent: argparse._SubParsersAction[Any] | None, name: str, helptext: str,
            parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
        kwargs: dict[str, Any] = {"add_help": False, "formatter_class": _Formatter, "parents": list(parents)}
        if parent is None:
            p: argparse.ArgumentParser = _Parser(prog="netmatch", description=helptext, epilog=h["epilog"], **kwargs)
        else:
            p = parent.add_parser(name, help=helptext, description=helptext, **kwargs)
        p._positionals.title = h["positionals"]
        p._optionals.title = h["optionals"]
        p.add_argument("-h", "--help", action="help", help=h["help"])
        return p

    # --lang goes before or after the command; the command's copy must not reset the first
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("ru", "en"), default=argparse.SUPPRESS, help=h["lang"])
    reading = _Parser(add_help=False)
    reading.add_argument("file", metavar="FILE", help=h["file"])
    reading.add_argument("--encoding", help=h["encoding"])
    reading.add_argument("--sep", help=h["sep"])
    progress = _Parser(add_help=False)
    progress.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help=h["progress"])

    def settings_group(p: argparse.ArgumentParser, names: Sequence[str], required: Sequence[str] = ()) -> None:
        g = p.add_argument_group(h["settings"])
        g.add_argument("--config", metavar="FILE.toml", help=h["config"])
        for dest, _, flag, ru, en, metavar in _SETTING_OPTIONS:
            if dest in names:
                g.add_argument(flag, dest=dest, metavar=metavar, help=ru if lang == "ru" else en,
                               required=dest in required)
        if "weights" in names:
            g.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE", help=h["weight"])
        g.add_argument("--set", action="append", default=[], metavar="SECTION.NAME=VALUE", help=h["set"])

    plan_settings = [d for d, *_ in _SETTING_OPTIONS] + ["weights"]
    parser = new(None, "netmatch", h["description"])
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help=h["lang"])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=h["commands"],
                                parser_class=_Parser)
    new(sub, "validate", h["validate"], [common, reading])
    p = new(sub, "identify", h["identify"], [common, reading])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    settings_group(p, [])
    p = new(sub, "plan", h["plan"], [common, reading, progress])
    p.add_argument("--out", metavar="DIR", default="netmatch-plan", help=h["out"].format(default="netmatch-plan"))
    settings_group(p, plan_settings)
    p = new(sub, "site", h["site"], [common, reading, progress])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    settings_group(p, ["k", "objective", "site_minutes", "clients"], required=["k"])
    p = new(sub, "compare", h["compare"], [common])
    p.add_argument("plan_a", metavar="PLAN_A", help=h["plan_a"])
    p.add_argument("plan_b", metavar="PLAN_B", help=h["plan_b"])
    p.add_argument("--out", metavar="DIR", help=h["out_optional"])
    p = new(sub, "demo", h["demo"], [common, progress])
    p.add_argument("--out", metavar="DIR", default="netmatch-demo", help=h["out"].format(default="netmatch-demo"))
    settings_group(p, plan_settings)
    return parser


# --- progress ---------------------------------------------------------------------------------------


class _Progress:
    """A plain progress bar of named steps on standard error."""

    def __init__(self, steps: Sequence[str], names: Mapping[str, str], enabled: bool) -> None:
        self.steps, self.names, self.enabled = list(steps), names, enabled
        self.done, self.start, self.tty = 0, time.monotonic(), sys.stderr.isatty()

    def __call__(self, step: str) -> None:
        self._show(step)
        self.done += 1

    def _show(self, step: str) -> None:
        if not self.enabled:
            return
        total = len(self.steps)
        width = 24
        filled = int(width * self.done / max(total, 1))
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{total} {self.names.get(step, step)} "
                f"({time.monotonic() - self.start:.0f} s)")
        sys.stderr.write(("\r" + line.ljust(78)) if self.tty else line + "\n")
        sys.stderr.flush()

    def finish(self) -> None:
        self.done = len(self.steps)
        self._show("done")
        if self.enabled and self.tty:
            sys.stderr.write("\n")


# --- settings ---------------------------------------------------------------------------------------


def _settings(args: argparse.Namespace, lang: str) -> Any:
    from netmatch.cli.settings import load_config, resolve

    config = load_config(args.config, lang) if getattr(args, "config", None) else None
    overrides: dict[str, Any] = {}
    options: dict[str, str] = {}
    for dest, key, flag, *_ in _SETTING_OPTIONS:
        value = getattr(args, dest, None)
        if value is not None:
            overrides[key], options[key] = value, flag
    bad = []
    for flag, items, prefix in (("--weight", getattr(args, "weight", []), "weights."),
                                ("--set", getattr(args, "set", []), "")):
        for item in items:
            name, eq, value = item.partition("=")
            if not eq or not name.strip():
                bad.append(f"{flag} {item}: нужно ИМЯ=ЗНАЧЕНИЕ, например {flag} "
                           f"{'proximity=0.4' if prefix else 'constraints.max_km=30'}" if lang == "ru" else
                           f"{flag} {item}: expected NAME=VALUE, e.g. {flag} "
                           f"{'proximity=0.4' if prefix else 'constraints.max_km=30'}")
                continue
            key = prefix + name.strip()
            overrides[key], options[key] = value.strip(), f"{flag} {item}"
    if bad:
        raise InvalidInputError(bad)
    return resolve(config, overrides, source=str(args.config) if getattr(args, "config", None) else "",
                   options=options, lang=lang)


# --- siting -----------------------------------------------------------------------------------------


def _siting(registry: Registry, options: Any, lang: str, identification: Any = None) -> dict[str, Any]:
    """New centres for a registry, as the saved plan holds them (see :func:`netmatch.report.plan_record`).

    :func:`netmatch._siting.site_centres` on the registry: clients are the ШНОР/ШНСУ schools (or
    all) weighted by pupils, the existing centres stay open, candidates are the schools marked
    ``centre_candidate``, and the cost is the travel time in minutes.
    """
    from netmatch._siting import site_centres

    result = site_centres(registry, options.k, objective=options.objective, max_minutes=options.max_minutes,
                          clients=options.clients, speed_kmh=options.speed_kmh, road_factor=options.road_factor,
                          identification=identification, time_limit=options.time_limit)
    client_ids = list(result.client_ids or ())
    sites = list(result.site_ids or ())
    pupils = {s.id: s.students for s in registry.schools}
    assignment: dict[str, dict[str, Any]] = {}
    served: dict[str, list[tuple[str, float]]] = {}
    for cid, j, minutes in zip(client_ids, result.assignment.tolist(), result.client_cost.tolist(), strict=True):
        centre = sites[j] if j >= 0 else None
        assignment[cid] = {"centre": centre, "minutes": minutes if centre is not None else None}
        if centre is not None:
            served.setdefault(centre, []).append((cid, minutes))
    new = {sites[j] for j in result.sites}
    centres = []
    for j in result.open:
        sid = sites[j]
        got = sorted(served.get(sid, []))
        times = [m for _, m in got]
        centres.append({"school": sid, "status": "new" if sid in new else "fixed", "served": [c for c, _ in got],
                        "pupils": sum(pupils.get(c) or 0 for c, _ in got),
                        "mean_minutes": sum(times) / len(times) if times else None,
                        "max_minutes": max(times) if times else None})
    centres.sort(key=lambda c: (c["status"] != "new", c["school"]))
    return {"k": options.k, "objective": options.objective, "max_minutes": options.max_minutes,
            "clients": options.clients, "status": result.status, "gap": result.gap, "centres": centres,
            "assignment": assignment, "unserved": [c for c, a in assignment.items() if a["centre"] is None]}


# --- commands ---------------------------------------------------------------------------------------


def _read(args: argparse.Namespace) -> Registry:
    if not Path(args.file).exists():
        raise InvalidInputError([_TEXT[args.lang]["no_file"].format(path=args.file)])
    return read_registry(args.file, encoding=args.encoding, sep=args.sep)


def _pct(x: Any) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def _make_plan(registry: Registry, settings: Any, lang: str, step: Callable[[str], None]) -> dict[str, Any]:
    from netmatch import report
    from netmatch._scenario import plan
    from netmatch._sharing import share_resources

    step("plan")
    p = plan(registry, name=settings.plan.name, rules=settings.rules or None,
             constraints=settings.constraints or None, weights=settings.weights or None,
             pairing=settings.plan.pairing, sharing=False)
    step("share")
    if p.registry.resources:
        # plan() shares with default constraints; the command line honours [sharing] too
        sharing = share_resources(p.registry, constraints=settings.sharing or None, identification=p.identification)
        kpis = {**p.kpis, **{f"sharing_{k}": v for k, v in sharing.kpis.as_dict().items()}}
        p = dataclasses.replace(p, sharing=sharing, kpis=kpis)
    step("site")
    siting: dict[str, Any] | None = None
    if settings.siting.k > 0:
        try:
            siting = _siting(p.registry, settings.siting, lang, p.identification)
        except (InvalidInputError, InfeasibleError) as exc:
            why = "; ".join(str(x) for x in exc.problems) if isinstance(exc, InvalidInputError) else str(exc)
            siting = {"centres": [], "note_ru": _TEXT["ru"]["siting_skipped"].format(why=why),
                      "note_en": _TEXT["en"]["siting_skipped"].format(why=why)}
    return report.plan_record(p, siting=siting, settings=settings.as_dict())


def _print_kpis(record: Mapping[str, Any], lang: str) -> None:
    t = _TEXT[lang]
    k = record["kpis"]
    print(t["kpi_covered"].format(covered=k["covered"], needing=k["needing"], share=_pct(k["share_covered"]),
                                  met=t["yes"] if k["coverage_target_met"] else t["no"]))
    print(t["kpi_network"].format(n=k["in_network"], total=k["schools"], share=_pct(k["share_in_network"]),
                                  met=t["yes"] if k["network_target_met"] else t["no"]))
    print(t["kpi_pairs"].format(n=len(record["pairs"]), unpaired=len(record["unpaired"])))
    if "sharing_share_priority_served" in k:
        print(t["kpi_sharing"].format(share=_pct(k["sharing_share_priority_served"])))
    si = record.get("siting")
    if si:
        new = [c["school"] for c in si.get("centres", []) if c["status"] == "new"]
        note = si.get(f"note_{lang}")
        print(t["kpi_sites"].format(sites=", ".join(new) or note or "—"))


def _print_written(paths: Mapping[str, Path], lang: str) -> None:
    t = _TEXT[lang]
    print(t["written"].format(path=paths["html"].parent))
    print(t["report"].format(path=paths["html"]))
    print(t["workbook"].format(path=paths["xlsx"]))
    print(t["saved"].format(path=paths["json"]))
    print(t["csv"].format(names=", ".join(p.name for k, p in paths.items() if k.startswith("csv:"))))


def _cmd_plan(args: argparse.Namespace, lang: str, registry: Registry | None = None) -> int:
    from netmatch import report

    settings = _settings(args, lang)
    steps = ["read", "plan", "share", "site", "json", "xlsx", "csv", "html"]
    bar = _Progress(steps, _STEPS[lang], args.progress if args.progress is not None else sys.stderr.isatty())
    bar("read")
    if registry is None:
        registry = _read(args)
    record = _make_plan(registry, settings, lang, bar)
    paths = report.write_plan(record, args.out, lang, step=bar)
    bar.finish()
    _print_kpis(record, lang)
    _print_written(paths, lang)
    return 0


def _cmd_identify(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report
    from netmatch._identify import Status, identify

    t = _TEXT[lang]
    settings = _settings(args, lang)
    registry = _read(args)
    ident = identify(registry, settings.rules or None)
    names = {s.id: s.name for s in registry.schools}
    years = ident.years
    print(t["ident_head"].format(years=", ".join(map(str, years)) or "—", low=len(ident.low_results),
                                 unf=len(ident.unfavourable), lead=len(ident.leaders),
                                 nodata=sum(Status.INSUFFICIENT_DATA in s for s in ident.statuses)))
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
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        frame = ident.to_frame(lang)
        frame.insert(1, "name", [names[s] for s in frame["school"]])
        cols = tuple(report.Column(str(c), str(c), str(c), "long" if c in ("name", "reasons") else "text")
                     for c in frame.columns)
        rows = [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
                for row in frame.astype(object).to_numpy().tolist()]
        table = report.Table("identification", "Школы" if lang == "ru" else "Schools", cols, rows)
        path = report.write_csv(table, out / "identification.csv", lang)
        print("\n" + t["written"].format(path=out) + f" {path.name}")
    return 0


def _cmd_site(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report

    t = _TEXT[lang]
    settings = _settings(args, lang)
    bar = _Progress(["read", "site"], _STEPS[lang], args.progress if args.progress is not None else sys.stderr.isatty())
    bar("read")
    registry = _read(args)
    bar("site")
    siting = _siting(registry, settings.siting, lang)
    bar.finish()
    names = {s.id: s.name for s in registry.schools}
    objective = t["median"] if settings.siting.objective == "median" else \
        t["coverage"].format(r=f"{settings.siting.max_minutes:g}")
    print(t["site_head"].format(k=settings.siting.k, objective=objective))
    for c in siting["centres"]:
        if c["status"] == "new":
            mean = c["mean_minutes"]
            print(t["site_line"].format(id=c["school"], name=names[c["school"]], n=len(c["served"]),
                                        pupils=c["pupils"], minutes="—" if mean is None else f"{mean:.0f}"))
    fixed = [c["school"] for c in siting["centres"] if c["status"] == "fixed"]
    if fixed:
        print(t["site_fixed"].format(ids=", ".join(fixed)))
    if siting["unserved"]:
        print(t["site_unserved"].format(n=len(siting["unserved"])))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        record = {"schools": [{"id": s.id, "name": s.name} for s in registry.schools], "siting": siting}
        table = report.sites_table(record, lang)
        path = report.write_csv(table, out / "sites.csv", lang)
        print(t["written"].format(path=out) + f" {path.name}")
    return 0


def _cmd_compare(args: argparse.Namespace, lang: str) -> int:
    from netmatch import report

    t = _TEXT[lang]
    a, b = report.read_plan(args.plan_a, lang), report.read_plan(args.plan_b, lang)
    kpis, changes = report.compare_records(a, b, lang)
    print(t["cmp_kpis"])
    print(_text_table(kpis, lang))
    if changes.rows:
        print("\n" + t["cmp_changes"].format(n=len(changes.rows)))
        print(_text_table(changes, lang))
    else:
        print("\n" + t["cmp_same"])
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        report.write_csv(kpis, out / "compare_kpis.csv", lang)
        report.write_csv(changes, out / "compare_changes.csv", lang)
        print(t["written"].format(path=out) + " compare_kpis.csv, compare_changes.csv")
    return 0


def _text_table(table: Any, lang: str) -> str:
    """A table for the console: columns padded, long texts on their own lines."""
    short = [j for j, c in enumerate(table.columns) if c.kind != "long" or c.key in ("label", "name")]
    rows = [[str(table.columns[j].header(lang)) for j in short]]
    rows += [["" if r[j] is None else str(r[j]) for j in short] for r in table.rows]
    widths = [min(48, max(len(r[k]) for r in rows)) for k in range(len(short))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  " + "  ".join(v[:48].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
        long = [j for j, c in enumerate(table.columns) if j not in short]
        if n:
            lines += [f"      {table.rows[n - 1][j]}" for j in long if table.rows[n - 1][j]]
    return "\n".join(lines)


def _cmd_demo(args: argparse.Namespace, lang: str) -> int:
    registry = datasets.load_demo()
    print(summary(registry, lang))
    print(_TEXT[lang]["valid"])
    print()
    return _cmd_plan(args, lang, registry)


def _cmd_validate(args: argparse.Namespace, lang: str) -> int:
    registry = _read(args)
    print(summary(registry, lang))
    print(_TEXT[lang]["valid"])
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "validate": _cmd_validate, "identify": _cmd_identify, "plan": _cmd_plan, "site": _cmd_site,
    "compare": _cmd_compare, "demo": _cmd_demo}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 1 no solution or a write failure)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args_list)
    t = _TEXT[lang]
    try:
        args = _parser(lang).parse_args(args_list)
        lang = args.lang
        t = _TEXT[lang]
        return _COMMANDS[args.command](args, lang)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except InvalidInputError as exc:
        print(t["invalid"].format(n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        print(t["fix"], file=sys.stderr)
        return 2
    except InfeasibleError as exc:
        print(t["infeasible"].format(msg=exc), file=sys.stderr)
        return 1
    except NetmatchError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        target = getattr(exc, "filename", None) or ""
        print(t["os_error"].format(path=target, msg=exc.strerror or exc), file=sys.stderr)
        return 1


"""Settings of a plan: a TOML file and command-line options, validated in one place.

A settings file has up to six sections, each holding the fields of one parameter model::

    [constraints]          # netmatch.Constraints: which leader–partner pairs are feasible
    max_km = 30
    leader_capacity = 2

    [weights]              # netmatch.ScoringWeights: what a good pair is
    proximity = 0.4

    [rules]                # netmatch.IdentificationRules: who is ШНОР, ШНСУ or a leader
    bottom_share = 0.1

    [sharing]              # netmatch._sharing.SharingConstraints: sharing «Точка роста» and labs
    max_minutes = 40

    [siting]               # where new centres open (SitingOptions)
    k = 2

    [plan]                 # PlanOptions: the pairing method, the forms of the network, the plan's name
    pairing = "optimal"
    forms = "pairs,networks"

    [networks]             # NetworkOptions: associations around the leaders (netmatch.form_networks)
    min_size = 3
    max_size = 7

    [targets]              # netmatch.ProgrammeTargets: the programme's targets
    network_share = 0.5

    [groups]               # GroupOptions: subject groups of teachers (with --forms ...,groups)
    max_teachers = 25

    [events]               # EventOptions: the plan of events (netmatch.plan_events)
    year = 2025            # the school year from September 2025
    catalogue = "мероприятия.toml"
    host_events = 4

    [agreements]           # AgreementOptions: the draft agreements (DOCX)
    template = "наш_договор.docx"

    [columns]              # how to read the registry: "your header" = "field", or false to skip it
    "Код по ФИС" = "id"
    "Адрес" = false
    [columns.results]      # entries for one table only (schools, results, resources)
    "Код" = "school"

    [procedures.rdr]       # an assessment beyond ЕГЭ, ОГЭ and ВПР (netmatch.Assessment), by its code
    name_ru = "РДР"
    scale_min = -3
    scale_max = 3
    higher_is_better = true

    [indicators]           # the programme's indicators (netmatch.measure_indicators)
    preset = "common"
    [[indicators.indicator]]   # one of your own, or a preset's with its own target
    code = "in_network"
    name_ru = "Доля школ в сети"
    table = "schools"
    numerator = "in_network"
    target = 0.6

    [read]                 # how to read the cells
    percent_columns = ["share_high"]   # share columns whose bare numbers are percentages
    na_values = ["NP", "SUPP", "н/д"]  # texts meaning "not published": missing, never zero

The same ``[columns]`` table may come alone in a ``--columns`` file (:func:`load_columns`);
its entries win over the ``--config`` file's. ``netmatch columns`` lists the fields.

Options given on the command line override the file. Every problem — an unknown section or
field, a value out of range, a TOML syntax error — is reported at once, in Russian or English,
with where it is (file and section, or the option) and how to fix it.

>>> s = resolve({"constraints": {"max_km": 30}}, {"weights.proximity": "0.4"})
>>> s.constraints["max_km"], s.weights["proximity"], s.siting.k
(30, 0.4, 1)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH
from netmatch._base.params import plain_number
from netmatch._data import SHARE_COLUMNS, Assessment
from netmatch._identify import IdentificationRules
from netmatch._pairing import ProgrammeTargets
from netmatch._scenario import DEFAULT_PLAN_NAME
from netmatch._sharing import SharingConstraints
from netmatch._siting import DEFAULT_CLIENTS, DEFAULT_K, DEFAULT_MAX_MINUTES, DEFAULT_OBJECTIVE, DEFAULT_TIME_LIMIT
from netmatch._words import translate
from netmatch.cli.messages import EXPECTED, setting_problem
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints
from netmatch.scoring import ScoringWeights

__all__ = ["AgreementOptions", "EventOptions", "GroupOptions", "NetworkOptions", "PlanOptions", "Settings",
           "SitingOptions", "load_columns", "load_config", "merge_columns", "parse_value", "resolve"]


class SitingOptions(BaseModel):
    """Where new centres open: how many, by which objective, for whom, within which reach.

    The siting itself is :func:`netmatch._siting.site_centres` on the registry: travel times in
    minutes, the existing centres kept open, the schools flagged as candidates as sites.

    >>> SitingOptions(k=2, max_minutes=40).objective
    'coverage'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # the library's defaults for a registry (netmatch._siting), so that both give the same answer
    k: int = Field(DEFAULT_K, ge=0, description="New centres to open (0: no siting).")
    objective: Literal["median", "coverage"] = Field(
        DEFAULT_OBJECTIVE, description="coverage: most pupils within max_minutes; median: least total travel.")
    max_minutes: float = Field(DEFAULT_MAX_MINUTES, gt=0,
                               description="A centre's reach: one-way travel of pupils, minutes.")
    clients: Literal["needy", "all"] = Field(DEFAULT_CLIENTS,
                                             description="Whom centres serve: ШНОР/ШНСУ or every school.")
    speed_kmh: float = Field(SPEED_KMH, gt=0, description="Travel speed, km/h (the one travel model's).")
    road_factor: float = Field(ROAD_FACTOR, ge=1, description="Road distance / great-circle distance.")
    time_limit: float = Field(DEFAULT_TIME_LIMIT, gt=0, description="Seconds for the solver.")


class PlanOptions(BaseModel):
    """The pairing method and the plan's name.

    >>> PlanOptions().pairing
    'optimal'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    pairing: Literal["optimal", "stable", "greedy", "subject"] = "optimal"
    #: The forms of the network planned, comma-separated: ``pairs`` always, ``networks`` (associations).
    forms: Literal["pairs", "pairs,networks", "pairs,groups", "pairs,networks,groups"] = Field(
        "pairs,networks", description="pairs, with networks (associations) and/or groups (subject groups)")
    name: str = Field(DEFAULT_PLAN_NAME, min_length=1)

    @property
    def networks(self) -> bool:
        """Whether associations are formed."""
        return "networks" in self.forms

    @property
    def groups(self) -> bool:
        """Whether subject groups are formed."""
        return "groups" in self.forms


class NetworkOptions(BaseModel):
    """Associations around the leaders, as :func:`netmatch.form_networks` takes them.

    >>> NetworkOptions().max_size
    7
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_size: int = Field(3, ge=2, description="Schools in an association at least, its leader included.")
    max_size: int = Field(7, ge=2, description="Schools in an association at most, its leader included.")
    extend: Literal["target", "all"] = Field("target", description="Ordinary schools up to the target, or all.")
    cohesion: Literal["total", "worst"] = Field("total", description="Least total travel, or least worst trip.")
    time_limit: float = Field(60.0, gt=0, description="Seconds for the exact solver.")
    co_lead: bool = Field(False, description="A second leader for each association, from the leaders leading none.")


class GroupOptions(BaseModel):
    """Inter-school subject groups of teachers, as :func:`netmatch.form_groups` takes them.

    >>> GroupOptions().max_teachers
    25
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weak_z: float = Field(-0.5, description="A school is weak in a subject at or below this z-score.")
    strong_z: float = Field(0.5, description="A school may host a subject's group at or above this z-score.")
    min_size: int = Field(3, ge=2, description="Schools in a group at least, its host included.")
    max_size: int = Field(8, ge=2, description="Schools in a group at most, its host included.")
    max_teachers: int = Field(25, ge=1, description="With a teachers table: teachers of the subject a group holds.")
    time_limit: float = Field(60.0, gt=0, description="Seconds for the exact solver, per subject.")


class EventOptions(BaseModel):
    """The plan of events, as :func:`netmatch.plan_events` takes it.

    >>> EventOptions().host_events
    4
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: bool = Field(True, description="Draft the plan of events (false: skip it).")
    year: int | None = Field(None, ge=2000, le=2100,
                             description="The school year from September of this year (default: the latest results).")
    catalogue: str | None = Field(None, min_length=1, description="A TOML catalogue of activities ([[activity]]).")
    person_hours: float = Field(16.0, gt=0, description="Hours a month of a staff member who states none.")
    head_hours: float = Field(12.0, gt=0, description="Hours a month of a school head answering for events.")
    host_events: int = Field(4, ge=1, description="In-person events one school hosts a month.")
    school_events: int = Field(6, ge=1, description="Events one school takes part in a month.")

    def loads(self) -> dict[str, Any]:
        """The monthly loads, as :class:`netmatch.EventLoads` takes them."""
        return {k: getattr(self, k) for k in ("person_hours", "head_hours", "host_events", "school_events")}


class AgreementOptions(BaseModel):
    """The draft agreements (DOCX) written beside the plan.

    >>> AgreementOptions().write
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    write: bool = Field(True, description="Write the drafts (false: list them only).")
    template: str | None = Field(None, min_length=1, description="The department's own DOCX template.")


#: Section name -> the model validating it.
SECTIONS: Mapping[str, type[BaseModel]] = {
    "constraints": Constraints,
    "weights": ScoringWeights,
    "rules": IdentificationRules,
    "sharing": SharingConstraints,
    "siting": SitingOptions,
    "plan": PlanOptions,
    "networks": NetworkOptions,
    "targets": ProgrammeTargets,
    "groups": GroupOptions,
    "events": EventOptions,
    "agreements": AgreementOptions,
}


@dataclass(frozen=True)
class Settings:
    """Validated settings; model sections as plain dicts of the fields that were set."""

    constraints: dict[str, Any] = field(default_factory=dict)
    weights: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    sharing: dict[str, Any] = field(default_factory=dict)
    siting: SitingOptions = field(default_factory=SitingOptions)
    plan: PlanOptions = field(default_factory=PlanOptions)
    networks: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, Any] = field(default_factory=dict)
    events: EventOptions = field(default_factory=EventOptions)
    agreements: AgreementOptions = field(default_factory=AgreementOptions)
    #: the ``[columns]`` section: table -> {your header: field or None}; how to read, so not in the saved plan
    columns: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: the ``[procedures.<code>]`` tables: assessments the registry may name beyond ЕГЭ, ОГЭ and ВПР
    procedures: tuple[Assessment, ...] = ()
    #: ``percent_columns`` of the ``[read]`` section: share columns whose bare numbers are percentages
    percent_columns: tuple[str, ...] = ()
    #: ``na_values`` of the ``[read]`` section: cell texts meaning "not published" (NP, SUPP, н/д), read as missing
    na_values: tuple[str, ...] = ()
    #: the ``[indicators]`` section (or ``--indicators``): a preset's name or the indicators themselves
    indicators: str | tuple[Any, ...] = "common"

    def as_dict(self) -> dict[str, Any]:
        """Everything that was set, section by section (for the saved plan; ``columns`` is how it was read)."""
        return {"constraints": dict(self.constraints), "weights": dict(self.weights), "rules": dict(self.rules),
                "sharing": dict(self.sharing), "siting": self.siting.model_dump(), "plan": self.plan.model_dump(),
                "networks": dict(self.networks), "targets": dict(self.targets), "groups": dict(self.groups),
                "events": self.events.model_dump(exclude_defaults=True),
                "agreements": self.agreements.model_dump(exclude_defaults=True)}


def _messages(exc: ValidationError, section: str, where: str, options: Mapping[str, str], lang: str) -> list[str]:
    """Each pydantic error as one plain sentence: where, what, the value, how to fix it."""
    ru = lang == "ru"
    out = []
    model = SECTIONS[section]
    for err in exc.errors(include_url=False):
        name = ".".join(str(x) for x in err.get("loc", ()))
        key = f"{section}.{name}" if name else section
        place = options.get(key, where)
        if err["type"] == "extra_forbidden":
            known = ", ".join(sorted(model.model_fields))
            out.append(f"{place}: неизвестный параметр «{key}». Допустимые в разделе [{section}]: {known}." if ru
                       else f"{place}: unknown parameter '{key}'. Known in [{section}]: {known}.")
            continue
        template = EXPECTED.get(err["type"])
        # pydantic words its own parts ("'a' or 'b'", a validator's message): those come from the catalog
        ctx = {k: translate(str(plain_number(v)), lang, part=True) for k, v in err.get("ctx", {}).items()}
        expected = template[0 if ru else 1].format(**ctx) if template is not None else str(ctx.get("error", err["msg"]))
        if err["type"] == "value_error":  # a validator's own sentence, about the section as a whole
            out.append(f"{place}: «{key}»: {expected}. Исправьте значения." if ru
                       else f"{place}: '{key}': {expected}. Fix the values.")
        else:
            out.append(setting_problem(place, key, expected, err.get("input"), lang))
    return out


def parse_value(text: str) -> Any:
    """A command-line value as TOML would read it: numbers, true/false, lists; anything else is text.

    >>> parse_value("30"), parse_value("0.5"), parse_value("true"), parse_value("[1, 2]"), parse_value("forbid")
    (30, 0.5, True, [1, 2], 'forbid')
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _read_toml(p: Path, flag: str, lang: str) -> dict[str, Any]:
    """A TOML file as read; a missing file, bad encoding or bad syntax as one plain problem."""
    ru = lang == "ru"
    if not p.is_file():
        what = ("Файл настроек", "Settings file") if flag == "--config" else (
            "Файл сопоставления столбцов", "Column mapping file")
        raise InvalidInputError([f"{what[0]} не найден: {str(p)!r}. Проверьте путь после {flag}." if ru
                                 else f"{what[1]} not found: {str(p)!r}. Check the path after {flag}."])
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInputError([f"{p}: файл {flag} должен быть в кодировке UTF-8." if ru
                                 else f"{p}: the {flag} file must be UTF-8 text."]) from None
    except tomllib.TOMLDecodeError as exc:
        example = "max_km = 30" if flag == "--config" else '"Код по ФИС" = "id"'
        raise InvalidInputError([f"{p}: ошибка синтаксиса TOML — {exc}. Пример строки: {example}" if ru
                                 else f"{p}: TOML syntax error — {exc}. A line looks like: {example}"]) from None
    return doc


def load_config(path: str | Path, lang: str = "ru") -> dict[str, dict[str, Any]]:
    """Read a TOML settings file into sections; every problem in one :class:`InvalidInputError`.

    The values are checked by :func:`resolve`; this only reads the file and its sections.
    """
    ru = lang == "ru"
    p = Path(path)
    doc = _read_toml(p, "--config", lang)
    problems = []
    out: dict[str, dict[str, Any]] = {}
    for section, values in doc.items():
        if section not in SECTIONS and section not in (*_READING, "indicators"):
            known = ", ".join(f"[{s}]" for s in (*SECTIONS, *_READING, "indicators"))
            problems.append(f"{p}: неизвестный раздел [{section}]. Допустимые разделы: {known}." if ru
                            else f"{p}: unknown section [{section}]. Known sections: {known}.")
        elif not isinstance(values, dict):
            problems.append(f"{p}: «{section}» должен быть разделом [{section}], а не значением." if ru
                            else f"{p}: '{section}' must be a section [{section}], not a value.")
        else:
            out[section] = dict(values)
    if problems:
        raise InvalidInputError(problems)
    return out


def resolve(config: Mapping[str, Mapping[str, Any]] | None = None, overrides: Mapping[str, Any] | None = None, *,
            source: str = "", options: Mapping[str, str] | None = None, lang: str = "ru") -> Settings:
    """Merge a config (from :func:`load_config`) and overrides ``{"section.field": value}``; validate all.

    ``options`` names the command-line option behind each overridden key (``{"constraints.max_km":
    "--max-km"}``) so that a message points at what the user typed; text values of overrides are
    read with :func:`parse_value`.

    >>> resolve(overrides={"constraints.max_km": "-5"}, options={"constraints.max_km": "--max-km"}, lang="en")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: --max-km: The 'constraints.max_km' parameter of the settings must be ...
    """
    where = source or ("файл настроек" if lang == "ru" else "settings")
    merged, named, problems = _merged(config, overrides, options, lang)
    validated: dict[str, BaseModel] = {}
    for section, model in SECTIONS.items():
        try:
            validated[section] = model(**merged[section])
        except ValidationError as exc:
            problems += _messages(exc, section, f"{where} [{section}]", named, lang)
    columns, bad = _columns((config or {}).get("columns", {}), f"{where} [columns]", lang)
    problems += bad
    procedures, bad = _procedures((config or {}).get("procedures", {}), where, lang)
    problems += bad
    (percent, na), bad = _read_section((config or {}).get("read", {}), f"{where} [read]", lang)
    problems += bad
    indicators, bad = _indicators((config or {}).get("indicators"), f"{where} [indicators]", lang)
    problems += bad
    if problems:
        raise InvalidInputError(problems)
    siting, plan, events, agreements = validated["siting"], validated["plan"], validated["events"], \
        validated["agreements"]
    assert isinstance(siting, SitingOptions) and isinstance(plan, PlanOptions) and isinstance(events, EventOptions)
    assert isinstance(agreements, AgreementOptions)
    return Settings(constraints=merged["constraints"], weights=merged["weights"], rules=merged["rules"],
                    sharing=merged["sharing"], siting=siting, plan=plan, networks=merged["networks"],
                    targets=merged["targets"], groups=merged["groups"], events=events, agreements=agreements,
                    columns=columns,
                    procedures=procedures, percent_columns=percent, na_values=na, indicators=indicators)


def _merged(config: Mapping[str, Mapping[str, Any]] | None, overrides: Mapping[str, Any] | None,
            options: Mapping[str, str] | None,
            lang: str) -> tuple[dict[str, dict[str, Any]], dict[str, str], list[str]]:
    """The config's sections with the overrides applied; the option behind each override; bad override keys."""
    ru = lang == "ru"
    named: dict[str, str] = {}
    merged: dict[str, dict[str, Any]] = {s: dict((config or {}).get(s, {})) for s in SECTIONS}
    problems: list[str] = []
    for key, value in (overrides or {}).items():
        section, _, name = key.partition(".")
        option = (options or {}).get(key, f"--set {key}")
        if section not in SECTIONS or not name:
            known = ", ".join(SECTIONS)
            problems.append(f"{option}: «{key}» — укажите раздел и параметр, например constraints.max_km=30 "
                            f"(разделы: {known})." if ru else
                            f"{option}: '{key}' — give a section and a field, e.g. constraints.max_km=30 "
                            f"(sections: {known}).")
            continue
        merged[section][name] = parse_value(value) if isinstance(value, str) else value
        named[key] = option
    return merged, named, problems


def _indicators(values: object, where: str, lang: str) -> tuple[str | tuple[Any, ...], list[Any]]:
    """The ``[indicators]`` section as indicators (the preset's name when it only names one), and its problems.

    >>> _indicators({"preset": "none"}, "f.toml [indicators]", "en")
    ('none', [])
    >>> str(_indicators({"indicator": [{"code": "x"}]}, "f.toml [indicators]", "en")[1][0])[:60]
    "f.toml [indicators]: indicator 1 ('x'): name_ru: a value is "
    """
    from netmatch._programme import indicators_from

    if values is None:
        return "common", []
    if not isinstance(values, Mapping):
        return "common", [f"{where}: нужен раздел с preset и таблицами [[indicators.indicator]]." if lang == "ru"
                          else f"{where}: expected a table with preset and [[indicators.indicator]] tables."]
    try:
        found = indicators_from(values, where)
    except InvalidInputError as exc:
        return "common", list(exc.problems)
    preset = values.get("preset", "common")
    return (preset, []) if set(values) <= {"preset"} and isinstance(preset, str) else (found, [])


# --- how to read the registry: [procedures.<code>] and [read] -------------------------------------------

#: Sections that say how to read the registry, not how to plan: kept out of the saved plan's settings.
_READING = ("columns", "procedures", "read")
_SHARE_COLUMNS = SHARE_COLUMNS


def _procedures(values: object, where: str, lang: str) -> tuple[tuple[Assessment, ...], list[str]]:
    """The ``[procedures.<code>]`` tables as assessments, and a sentence per bad entry.

    >>> found, bad = _procedures({"rdr": {"name_ru": "РДР", "scale_min": -3, "scale_max": 3}}, "f.toml", "en")
    >>> found[0].code, found[0].scale_min, bad
    ('rdr', -3.0, [])
    >>> _procedures({"rdr": {"name_ru": "РДР", "scale_min": 5, "scale_max": 1}}, "f.toml", "en")[1]
    ['f.toml [procedures.rdr]: scale_min (5) below scale_max (1).']
    """
    ru = lang == "ru"
    if not isinstance(values, Mapping):
        return (), [f"{where}: «procedures» — нужны разделы [procedures.КОД]." if ru
                    else f"{where}: 'procedures' must be tables [procedures.CODE]."]
    found: list[Assessment] = []
    problems: list[str] = []
    for code, fields in values.items():
        place = f"{where} [procedures.{code}]"
        if not isinstance(fields, Mapping):
            problems.append(f"{place}: нужен раздел с полями name_ru, scale_min, scale_max, ..." if ru
                            else f"{place}: expected a table with name_ru, scale_min, scale_max, ...")
            continue
        try:
            found.append(Assessment.model_validate({"code": code, **fields}))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                name = ".".join(str(x) for x in err.get("loc", ()))
                msg = str(err.get("ctx", {}).get("error", err["msg"]))
                problems.append(f"{place}: {name + ': ' if name else ''}{translate(msg, lang, part=True)}.")
    return tuple(found), problems


def _read_section(values: object, where: str, lang: str
                  ) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], list[str]]:
    """``percent_columns`` and ``na_values`` of the ``[read]`` section, and a sentence per bad entry.

    >>> _read_section({"percent_columns": ["share_high"], "na_values": ["NP", "SUPP"]}, "f.toml [read]", "en")
    ((('share_high',), ('NP', 'SUPP')), [])
    >>> _read_section({"percent_columns": ["share"]}, "f.toml [read]", "en")[1]
    ["f.toml [read]: percent_columns = ['share'] — expected share columns among share_below_minimum, ...quality."]
    """
    ru = lang == "ru"
    if not isinstance(values, Mapping):
        return ((), ()), [f"{where}: «read» должен быть разделом [read]." if ru
                          else f"{where}: 'read' must be a section."]
    problems = [f"{where}: неизвестный параметр «{k}»; допустимы percent_columns и na_values." if ru
                else f"{where}: unknown parameter '{k}'; known: percent_columns, na_values." for k in values
                if k not in ("percent_columns", "na_values")]
    na = values.get("na_values", [])
    if isinstance(na, str):
        na = [na]
    if not isinstance(na, list) or not all(isinstance(v, str) for v in na):
        problems.append(f"{where}: na_values = {na!r} — нужен список текстов, например [\"NP\", \"н/д\"]." if ru
                        else f"{where}: na_values = {na!r} — expected a list of texts, e.g. [\"NP\", \"n/a\"].")
        na = []
    listed = values.get("percent_columns", [])
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or any(c not in _SHARE_COLUMNS for c in listed):
        problems.append(f"{where}: percent_columns = {listed!r} — нужны столбцы долей из "
                        f"{', '.join(_SHARE_COLUMNS)}." if ru else
                        f"{where}: percent_columns = {listed!r} — expected share columns among "
                        f"{', '.join(_SHARE_COLUMNS)}.")
        return ((), tuple(na)), problems
    return (tuple(str(c) for c in listed), tuple(na)), problems


# --- the [columns] table: how to read the registry's headers ------------------------------------------

#: The tables a ``[columns]`` table may hold entries for, as ``[columns.results]``.
COLUMN_TABLES = ("schools", "results", "resources", "organisations", "needs", "teachers", "staff", "surveys")

ColumnMapping = dict[str, dict[str, str | None]]


def _columns(values: object, where: str, lang: str) -> tuple[ColumnMapping, list[str]]:
    """A ``[columns]`` table as read_registry's mapping per table, and a sentence per bad entry."""
    ru = lang == "ru"
    if not values:
        return {}, []
    if not isinstance(values, Mapping):
        return {}, [f"{where}: «columns» должен быть разделом [columns], а не значением." if ru
                    else f"{where}: 'columns' must be a section [columns], not a value."]
    flat: dict[str, str | None] = {}
    per: ColumnMapping = {t: {} for t in COLUMN_TABLES}
    problems: list[str] = []

    def entry(header: str, target: object, into: dict[str, str | None], place: str) -> None:
        if isinstance(target, str) and target.strip():
            into[header] = target.strip()
        elif target is False:
            into[header] = None
        else:
            problems.append(
                f"{place}: «{header}» = {target!r} — нужно имя поля в кавычках, например \"id\", или false, "
                "чтобы не читать столбец (поля: netmatch columns)." if ru else
                f"{place}: '{header}' = {target!r} — expected a field name in quotes, e.g. \"id\", or false to "
                "skip the column (fields: netmatch columns).")

    for header, target in values.items():
        if header in COLUMN_TABLES and isinstance(target, Mapping):
            for h, v in target.items():
                entry(str(h), v, per[header], f"{where[:-1]}.{header}]" if where.endswith("]") else where)
        else:
            entry(str(header), target, flat, where)
    return {t: {**flat, **per[t]} for t in COLUMN_TABLES}, problems


def load_columns(path: str | Path, lang: str = "ru") -> ColumnMapping:
    """Read a ``--columns`` file: a ``[columns]`` table (or its entries alone) as a mapping per table.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = Path(d) / "m.toml"
    ...     _ = f.write_text('[columns]\\n"Код по ФИС" = "id"\\n"Адрес" = false\\n', encoding="utf-8")
    ...     load_columns(f)["schools"]
    {'Код по ФИС': 'id', 'Адрес': None}
    """
    p = Path(path)
    doc = _read_toml(p, "--columns", lang)
    if "columns" in doc:
        others = [k for k in doc if k != "columns"]
        if others:
            ru = lang == "ru"
            raise InvalidInputError([
                f"{p}: в файле --columns нужен только раздел [columns]; лишнее: {', '.join(others)}." if ru
                else f"{p}: a --columns file holds only a [columns] section; also found: {', '.join(others)}."])
        doc = doc["columns"]
    mapping, problems = _columns(doc, f"{p} [columns]", lang)
    if problems:
        raise InvalidInputError(problems)
    return mapping


def merge_columns(*mappings: ColumnMapping) -> ColumnMapping:
    """Mappings per table merged, later ones winning header by header.

    >>> merge_columns({"schools": {"A": "id", "B": None}}, {"schools": {"B": "name"}, "results": {"C": "year"}})
    {'schools': {'A': 'id', 'B': 'name'}, 'results': {'C': 'year'}}
    """
    out: ColumnMapping = {}
    for m in mappings:
        for table, entries in m.items():
            out.setdefault(table, {}).update(entries)
    return out

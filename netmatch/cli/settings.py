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

    [plan]                 # PlanOptions: the pairing method and the plan's name
    pairing = "optimal"

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

from netmatch._identify import IdentificationRules
from netmatch._sharing import SharingConstraints
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints
from netmatch.scoring import ScoringWeights

__all__ = ["PlanOptions", "Settings", "SitingOptions", "load_config", "parse_value", "resolve"]


class SitingOptions(BaseModel):
    """Where new centres open: how many, by which objective, for whom, within which reach.

    The siting itself is :func:`netmatch._siting.site_centres` on the registry: travel times in
    minutes, the existing centres kept open, the schools flagged as candidates as sites.

    >>> SitingOptions(k=2, max_minutes=40).objective
    'coverage'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = Field(1, ge=0, description="New centres to open (0: no siting).")
    objective: Literal["median", "coverage"] = Field(
        "coverage", description="coverage: most pupils within max_minutes; median: least total travel.")
    max_minutes: float = Field(30.0, gt=0, description="A centre's reach: one-way travel of pupils, minutes.")
    clients: Literal["needy", "all"] = Field("needy", description="Whom centres serve: ШНОР/ШНСУ or every school.")
    speed_kmh: float = Field(50.0, gt=0, description="Travel speed.")
    road_factor: float = Field(1.3, ge=1, description="Road distance / great-circle distance.")
    time_limit: float = Field(60.0, gt=0, description="Seconds for the solver.")


class PlanOptions(BaseModel):
    """The pairing method and the plan's name.

    >>> PlanOptions().pairing
    'optimal'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    pairing: Literal["optimal", "stable", "greedy", "subject"] = "optimal"
    name: str = Field("базовый", min_length=1)


#: Section name -> the model validating it.
SECTIONS: Mapping[str, type[BaseModel]] = {
    "constraints": Constraints,
    "weights": ScoringWeights,
    "rules": IdentificationRules,
    "sharing": SharingConstraints,
    "siting": SitingOptions,
    "plan": PlanOptions,
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

    def as_dict(self) -> dict[str, Any]:
        """Everything that was set, section by section (for the saved plan)."""
        return {"constraints": dict(self.constraints), "weights": dict(self.weights), "rules": dict(self.rules),
                "sharing": dict(self.sharing), "siting": self.siting.model_dump(), "plan": self.plan.model_dump()}


_EXPECTED = {
    "greater_than": ("больше {gt}", "greater than {gt}"),
    "greater_than_equal": ("не меньше {ge}", "at least {ge}"),
    "less_than": ("меньше {lt}", "less than {lt}"),
    "less_than_equal": ("не больше {le}", "at most {le}"),
    "int_parsing": ("целым числом", "a whole number"),
    "int_type": ("целым числом", "a whole number"),
    "int_from_float": ("целым числом", "a whole number"),
    "float_parsing": ("числом", "a number"),
    "float_type": ("числом", "a number"),
    "bool_parsing": ("true или false", "true or false"),
    "bool_type": ("true или false", "true or false"),
    "string_type": ("текстом", "text"),
    "string_too_short": ("непустым текстом", "non-empty text"),
    "literal_error": ("одним из: {expected}", "one of {expected}"),
    "tuple_type": ("списком", "a list"),
    "dict_type": ("таблицей", "a table"),
}


def _plain(v: object) -> object:
    return int(v) if isinstance(v, float) and v.is_integer() else v


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
        template = _EXPECTED.get(err["type"])
        ctx = {k: _plain(v) for k, v in err.get("ctx", {}).items()}
        if template is not None:
            expected = template[0 if ru else 1].format(**ctx)
        else:
            expected = str(ctx.get("error", err["msg"]))
        value = err.get("input")
        out.append(f"{place}: параметр «{key}» должен быть {expected}; получено {value!r}. Исправьте значение."
                   if ru else f"{place}: the parameter '{key}' must be {expected}; got {value!r}. Fix the value.")
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


def load_config(path: str | Path, lang: str = "ru") -> dict[str, dict[str, Any]]:
    """Read a TOML settings file into sections; every problem in one :class:`InvalidInputError`.

    The values are checked by :func:`resolve`; this only reads the file and its sections.
    """
    ru = lang == "ru"
    p = Path(path)
    if not p.is_file():
        raise InvalidInputError([f"Файл настроек не найден: {str(p)!r}. Проверьте путь после --config." if ru
                                 else f"Settings file not found: {str(p)!r}. Check the path after --config."])
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInputError([f"{p}: файл настроек должен быть в кодировке UTF-8." if ru
                                 else f"{p}: the settings file must be UTF-8 text."]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError([f"{p}: ошибка синтаксиса TOML — {exc}. Пример строки: max_km = 30" if ru
                                 else f"{p}: TOML syntax error — {exc}. A line looks like: max_km = 30"]) from None
    problems = []
    out: dict[str, dict[str, Any]] = {}
    for section, values in doc.items():
        if section not in SECTIONS:
            known = ", ".join(f"[{s}]" for s in SECTIONS)
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
    netmatch.exceptions.InvalidInputError: --max-km: the parameter 'constraints.max_km' must be greater than 0; ...
    """
    ru = lang == "ru"
    where = source or ("файл настроек" if ru else "settings")
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
    validated: dict[str, BaseModel] = {}
    for section, model in SECTIONS.items():
        try:
            validated[section] = model(**merged[section])
        except ValidationError as exc:
            problems += _messages(exc, section, f"{where} [{section}]", named, lang)
    if problems:
        raise InvalidInputError(problems)
    siting, plan = validated["siting"], validated["plan"]
    assert isinstance(siting, SitingOptions) and isinstance(plan, PlanOptions)
    return Settings(constraints=merged["constraints"], weights=merged["weights"], rules=merged["rules"],
                    sharing=merged["sharing"], siting=siting, plan=plan)

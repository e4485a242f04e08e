"""What identification gives: statuses, reasons, the subject profile, and the rules that made them.

:class:`Identification` is the result of :func:`netmatch.identify`: immutable, one row per
school in :meth:`Identification.to_frame`, counts in :attr:`Identification.kpis`.

>>> from netmatch.datasets import load_demo
>>> from netmatch._identify import identify
>>> ident = identify(load_demo())
>>> ident.kpis.schools, ident.kpis.low_results
(18, 3)
>>> len(repr(ident)) < 300
True
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from netmatch._base.results import Indicators, short_repr
from netmatch._data import Procedure, SchoolKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RULE_PRESETS", "Identification", "IdentificationKpis", "IdentificationRules", "Note", "Reason",
           "Status", "SubjectProfile"]


class Status(str, enum.Enum):
    """A school's status; LOW_RESULTS and UNFAVOURABLE may hold together."""

    LOW_RESULTS = "low_results"
    UNFAVOURABLE = "unfavourable"
    LEADER = "leader"
    ORDINARY = "ordinary"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label_ru(self) -> str:
        """The Russian name of the status."""
        return _STATUS_RU[self]


_STATUS_RU = {
    Status.LOW_RESULTS: "ШНОР",
    Status.UNFAVOURABLE: "ШНСУ",
    Status.LEADER: "школа-лидер",
    Status.ORDINARY: "без особого статуса",
    Status.INSUFFICIENT_DATA: "недостаточно данных",
}


#: The components of the composite of social disadvantage, school attributes (higher: harder conditions).
COMPONENTS = ("share_registered", "share_single_parent", "share_non_native", "share_disabled",
               "share_unemployed_parents", "share_parents_higher_education")
#: The components the registry's other tables give: the latest share satisfied of its surveys («Опросы»).
SURVEY_COMPONENTS = ("share_satisfied",)
#: The components where a higher value means more favourable conditions: they count the other way round.
FAVOURABLE_COMPONENTS = frozenset({"share_parents_higher_education", "share_satisfied"})


#: What the seed programmes compare: general education schools. Special (коррекционные) schools are left
#: out of identification and evening schools ranked among themselves (``IdentificationRules.school_kinds``).
DEFAULT_SCHOOL_KINDS: Mapping[SchoolKind, Literal["compare", "own_group", "exclude"]] = MappingProxyType(
    {SchoolKind.SPECIAL: "exclude", SchoolKind.EVENING: "own_group"})

#: The published rules of low results (ШНОР), by name: the settings each one fixes (see :class:`IdentificationRules`).
#: Every other setting keeps its default, and any setting given beside a preset overrides it.
RULE_PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    # the default: the settings' own defaults are this rule
    "omsk2025": MappingProxyType({}),
    "rosobrnadzor": MappingProxyType({"low_share_threshold": 0.25, "low_share_strict": True, "min_procedures": 1,
                                      "consecutive_years": 1}),
    "regional_rank": MappingProxyType({"low_rule": "either"}),
})


class IdentificationRules(BaseModel):
    """Every threshold of :func:`identify`, as a named parameter with its default.

    **Low results (ШНОР): a published rule by default** (``preset``). Each preset fixes the
    settings of the threshold rule; a setting given beside it overrides it.

    * ``"omsk2025"`` (the default) — the rule of the Omsk region's ministry of education as
      published in December 2025: in the latest year at least 30% of the participants are below
      the minimum threshold (``low_share_threshold``) in two or more procedures
      (``min_procedures``), and in one of them also the year before (``consecutive_years`` = 2,
      ending with the latest year: ``threshold_years="latest"``). It is read per procedure and
      subject (``by_subject``): a procedure fails in a year when any of its subjects does, on
      that subject's own share; ``by_subject=False`` averages the subjects of a procedure first
      (the family-level reading, an option). ``threshold_years="any"`` accepts failing years
      anywhere in the window (a school that failed two years ago and not since stays listed).
    * ``"rosobrnadzor"`` — the ">25% failing" reading used in federal monitoring: more than
      (``low_share_strict``) 25% of the participants below the minimum in at least one
      procedure and subject in the latest year.
    * ``"regional_rank"`` — the threshold rule or the relative rule (``low_rule="either"``):
      mean results in the bottom ``bottom_share`` (10%) of the region ``bottom_years`` (3) years
      running. A relative cut-off is not a published rule: it is offered only with an absolute
      floor, ``relative_floor`` (15%) of the participants below the minimum in the same procedure
      and year, so a district of good schools gets no ШНОР. ``relative_floor=0`` drops the
      floor (results given as means only, with no share below the minimum): then every
      district has its bottom 10%, as the setting says.

    **Small schools** (``uncertainty``, ``confidence``). A share below the minimum of a few
    participants is uncertain: 1 of 3 is 33%, and so is 40 of 120. Each share carries its Wilson
    interval (95%) from the number of participants; a status the threshold rule decides while a
    share it rests on has the threshold inside its interval is *borderline*: the school keeps or
    lacks the status by its shares as given, and a reason ("borderline") quotes each such share
    with its interval and participants. With ``uncertainty="interval"`` a share fails only when
    its whole interval is beyond the threshold (a small school is then listed only when the
    evidence holds). Shares without a number of participants count as exact.

    The other shares — top 25% for leaders, bottom 20% of context for ШНСУ — are starting
    points for a region to set, not official figures.

    **When the data are shorter than the rules** (``short_data``). Most open data hold one or
    two years of results, while the leader rule asks for ``leader_years`` (3) years running, the
    relative rule for ``bottom_years`` (3) and the threshold rule for ``consecutive_years`` (2).
    A coordinator must still get a plan wherever leaders can be named, and must be told on what
    grounds, so by default (``"adapt"``) each such rule uses the years the registry has (at
    least one) and the identification records a :class:`Note` for it — «лидеры выбраны по 1
    году результатов вместо 3: в реестре нет более ранних лет» — which ``netmatch validate``,
    ``identify`` and ``plan`` print before anything else. ``"strict"`` keeps every requirement:
    a rule the data cannot meet selects no school, and its note says so with the setting that
    would change it. ``"stop"`` raises :class:`~netmatch.InvalidInputError` with the notes
    instead of identifying. Only requirements left at their defaults adapt: one set explicitly
    (``leader_years=4``) is what the coordinator asked for and is kept, with a note when the
    data cannot meet it. Setting a rule's years to what the data hold (``leader_years=1``)
    states the choice explicitly and silences its note. The other shortfalls are noted in every
    mode: no results at all (only ШНСУ can then be named), no share below the minimum (the
    threshold rule cannot apply), fewer procedures than ``min_procedures``, no social-context
    data (no ШНСУ), and — after the rules ran — no leader although schools need one, with the
    counts that ruled the strong schools out.

    **Kinds of school** (``school_kinds``). Special (коррекционные), evening, boarding schools
    teach other pupils under other conditions; comparing them with general education schools
    can fill the low-results list with them. Per kind (:class:`~netmatch.SchoolKind`: its code
    or Russian name), ``"compare"`` ranks its schools with every school, ``"own_group"`` only
    with the schools of that kind (z-scores, percentiles, bottom and top shares within the
    group; the social context stays regional), and ``"exclude"`` leaves them out of
    identification: no status, their results take no part in anyone's rank, and each gets a
    reason ("kind") and the identification a note with the count. The seed programmes compare
    general education schools (СОШ, ООШ, НОШ, гимназии, лицеи, центры образования); the
    setting they imply, ``{"special": "exclude", "evening": "own_group"}``, is the default, and
    the identification says so in a note whenever the registry has such schools; add
    ``{"boarding": "own_group"}`` where boarding schools are many, and give ``{}`` to compare
    every kind with every school. A registry's kinds are read from its «Тип ОО» column (a school
    without a kind is compared). A private school is
    not a kind of the registry model: leave it out of the registry, or give it the kind
    ``"other"`` and exclude that.

    Every note has a ``code``, Russian and English text and, where a setting resolves it, the
    ``fix`` as ``rules.NAME=VALUE`` (``--set rules.leader_years=1`` on the command line,
    ``[rules] leader_years = 1`` in a settings file, ``IdentificationRules(leader_years=1)`` in
    Python).

    Examples
    --------
    >>> IdentificationRules().low_rule, IdentificationRules(preset="regional_rank").low_rule
    ('threshold', 'either')
    >>> r = IdentificationRules(preset="rosobrnadzor", min_procedures=2)
    >>> r.low_share_threshold, r.low_share_strict, r.min_procedures
    (0.25, True, 2)
    >>> IdentificationRules(leader_years=6)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for IdentificationRules
    leader_years
      Input should be less than or equal to 5 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    years: tuple[int, ...] | None = Field(
        None, description="Years to judge; by default the latest `n_years` years in the registry.")
    n_years: int = Field(3, ge=1, le=10, description="How many latest years form the window.")
    min_years: int | None = Field(
        None, ge=1, description="Years with results a school needs; by default all `n_years`.")
    procedures: tuple[str, ...] = Field(
        tuple(p.value for p in Procedure),
        description="Procedures considered, by code or name (ЕГЭ, ОГЭ, ВПР or one the registry declares); "
                    "by default the built-in three and every procedure the registry declares.")
    subjects: Mapping[str, tuple[str, ...]] | None = Field(
        None, description="Per procedure, the subjects considered (default: all).")
    preset: Literal["omsk2025", "rosobrnadzor", "regional_rank"] = Field(
        "omsk2025", description="The published rule of low results whose settings are the starting point "
                                "(RULE_PRESETS); a setting given beside it overrides it.")
    by_subject: bool = Field(
        True, description="Apply the threshold rule to each subject (the published reading) rather than to the "
                          "procedure's subjects averaged.")
    low_rule: Literal["either", "threshold", "relative", "both"] = "threshold"
    low_share_threshold: float = Field(0.30, gt=0, le=1)
    low_share_strict: bool = Field(
        False, description="A share must be above low_share_threshold, not at or above it (\">25%\").")
    min_procedures: int = Field(2, ge=1)
    consecutive_years: int = Field(2, ge=1, le=10)
    threshold_years: Literal["latest", "any"] = Field(
        "latest", description="The failing years must be the latest ones (the published reading), or any in the "
                              "window.")
    bottom_share: float = Field(0.10, ge=0, le=1)
    bottom_years: int = Field(3, ge=1, le=10)
    uncertainty: Literal["estimate", "interval"] = Field(
        "estimate", description="Decide the threshold rule on the share itself (a status inside its interval is "
                                "marked borderline), or only where the whole interval is beyond the threshold.")
    confidence: float = Field(0.95, gt=0.5, lt=1, description="The level of the shares' Wilson intervals.")
    relative_floor: float = Field(
        0.15, ge=0, le=1, description="The relative rule's absolute floor: the share below the minimum in the same "
                                      "procedure and year; 0: no floor.")
    unfavourable_share: float = Field(0.20, ge=0, le=1)
    wellbeing_threshold: float | None = None
    composite_threshold: float | None = None
    composite_weights: Mapping[str, float] = Field(
        default_factory=lambda: dict.fromkeys((*COMPONENTS, *SURVEY_COMPONENTS), 1.0),
        description="Weights of the social composite's indicators (used where ИСБШ is not given): the shares on "
                    "the КДН/ПДН register (or their count over the pupils), single-parent, non-native, ОВЗ, "
                    "unemployed parents, parents with higher education and the share satisfied in the latest "
                    "surveys («Опросы»; these two counted the other way round); and any indicator of conditions "
                    "the registry names («Условия: …»), by its name.")
    composite_favourable: frozenset[str] = Field(
        FAVOURABLE_COMPONENTS, description="The composite's indicators where a higher value means more favourable "
                                           "conditions: they count the other way round.")
    top_share: float = Field(0.25, gt=0, le=1)
    leader_years: int = Field(3, ge=1, le=5)
    risk_share: float = Field(0.15, gt=0, le=1)
    min_qualified_share: float | None = Field(0.5, ge=0, le=1)
    expectation_sigma: float = Field(1.0, gt=0)
    resilient_sigma: float = Field(0.0, ge=0)
    status_source: Literal["computed", "declared", "union"] = Field(
        "computed", description="Which list counts when the registry declares statuses.")
    school_kinds: Mapping[SchoolKind, Literal["compare", "own_group", "exclude"]] = Field(
        default_factory=lambda: dict(DEFAULT_SCHOOL_KINDS),
        description="Per kind of school: compared with every school, only with schools of its kind, or left out "
                    "of identification (default: special schools out, evening schools in their own group).")
    short_data: Literal["adapt", "strict", "stop"] = Field(
        "adapt", description="Rules needing more years than the data hold: use the years there are (with a "
                             "note), keep the requirement and select no school (with a note), or stop.")

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, data: object) -> object:
        # the preset's settings where none is given; one equal to its default is not "given" (the short
        # data of a rule left at its default adapt: see netmatch._identify.notes.effective_rules)
        if not isinstance(data, Mapping) or data.get("preset", "omsk2025") not in RULE_PRESETS:
            return data  # an unknown preset is refused by the field, with its choices
        fields = cls.model_fields
        extra = {k: v for k, v in RULE_PRESETS[data.get("preset", "omsk2025")].items()
                 if k not in data and fields[k].default != v}
        return {**data, **extra} if extra else data

    # field validators, so that a message names the field: "The 'procedures' parameter of identify
    # must be at least one procedure. Got () instead."
    @field_validator("school_kinds", mode="before")
    @classmethod
    def _kind_spellings(cls, v: object) -> object:
        # «коррекционная», «вечерняя», «КШИ»: the spellings a registry uses for the kind
        return {SchoolKind.parse(k): w for k, w in v.items()} if isinstance(v, Mapping) else v

    @field_validator("composite_weights")
    @classmethod
    def _known_components(cls, v: Mapping[str, float]) -> Mapping[str, float]:
        # any other name is an indicator of conditions the registry names: identify checks it is there
        bad = sorted(k for k, w in v.items() if not (math.isfinite(w) and w >= 0))
        if bad:
            raise ValueError(f"weights of 0 or more (not {', '.join(f'{k}={v[k]}' for k in bad)})")
        if any(not k.strip() for k in v):
            raise ValueError("a name for every weighted indicator")
        return v

    @field_validator("procedures", mode="before")
    @classmethod
    def _procedure_codes(cls, v: object) -> object:
        # «ЕГЭ», "USE", Procedure.EGE -> "ege"; a declared procedure's code or name as written,
        # matched against the registry's assessments when the rules are applied
        if isinstance(v, str):
            v = (v,)
        return tuple(_procedure_code(p) for p in v) if isinstance(v, Sequence) else v

    @field_validator("subjects", mode="before")
    @classmethod
    def _subject_keys(cls, v: object) -> object:
        return {_procedure_code(k): w for k, w in v.items()} if isinstance(v, Mapping) else v

    @field_validator("procedures")
    @classmethod
    def _some_procedure(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("at least one procedure")
        return v


def _procedure_code(value: object) -> object:
    """A built-in procedure's code for any of its spellings; any other text as it is (stripped)."""
    parsed = Procedure.parse(value)
    if isinstance(parsed, Procedure):
        return parsed.value
    return parsed.strip() if isinstance(parsed, str) else parsed


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict, with its numbers.

    ``rule`` is a short code (``"threshold"``, ``"relative"``, ``"wellbeing"``, ``"composite"``,
    ``"top"``, ``"at_risk"``, ``"staff"``, ``"data"``, ``"declared"``, ``"context"``).
    """

    rule: str
    text_ru: str
    text_en: str
    procedure: str | None = None
    subject: str | None = None
    years: tuple[int, ...] = ()
    value: float | None = None
    threshold: float | None = None

    def text(self, lang: str = "ru") -> str:
        """The reason in Russian (``"ru"``) or English (``"en"``)."""
        return self.text_ru if lang == "ru" else self.text_en


@dataclass(frozen=True)
class Note:
    """A warning about the identification as a whole: what a rule could not apply, and the fix.

    ``code`` says what happened (``"no_results"``, ``"no_results_in_window"``, ``"years_adapted"``,
    ``"years_short"``, ``"no_share_below"``, ``"few_procedures"``, ``"no_context"``,
    ``"no_years_enough"``, ``"no_leaders"``, ``"school_kinds"``); ``rule`` is the setting of the
    rule concerned (``"leader_years"``) or ``""``; ``fix`` the settings that resolve it, each as
    ``rules.NAME=VALUE``, separated by spaces (``""`` when only more data would); ``adapted`` is true when
    identification changed a rule for it (or applied a chosen setting), false when the rule
    selected no school.

    >>> n = Note("years_short", "лидеры не выбраны", "no leaders selected", rule="leader_years",
    ...          fix="rules.leader_years=1")
    >>> n.text("en"), n.as_dict()["fix"]
    ('no leaders selected', 'rules.leader_years=1')
    """

    code: str
    text_ru: str
    text_en: str
    rule: str = ""
    fix: str = ""
    adapted: bool = False

    def text(self, lang: str = "ru") -> str:
        """The note in Russian (``"ru"``) or English (``"en"``)."""
        return self.text_ru if lang == "ru" else self.text_en

    def as_dict(self) -> dict[str, Any]:
        """The note as a plain dict (for JSON and tables)."""
        return {"code": self.code, "rule": self.rule, "text_ru": self.text_ru, "text_en": self.text_en,
                "fix": self.fix, "adapted": self.adapted}


@dataclass(frozen=True)
class SubjectProfile:
    """Standardised results per school and (procedure, subject), averaged over the years.

    ``z[i, k]`` is school i's mean z-score in ``keys[k]`` (NaN where it has none), ``trend``
    the least-squares slope of its z-score per year (NaN with fewer than two years) and
    ``years`` the number of years behind each value.
    """

    keys: tuple[tuple[str, str], ...]
    z: np.ndarray
    trend: np.ndarray
    years: np.ndarray

    def __post_init__(self) -> None:
        for a in (self.z, self.trend, self.years):
            a.flags.writeable = False

    def __repr__(self) -> str:
        return short_repr("SubjectProfile", len(self.z), "schools", subjects=len(self.keys))

    def of(self, row: int) -> dict[tuple[str, str], float]:
        """The non-missing z-scores of one school (by row), by (procedure, subject)."""
        vals = self.z[row]
        return {k: float(v) for k, v in zip(self.keys, vals, strict=True) if not math.isnan(v)}


@dataclass(frozen=True)
class IdentificationKpis(Indicators):
    """Counts of an identification: schools by status, and the registry's declared statuses.

    ``low_results`` and ``unfavourable`` overlap by ``low_and_unfavourable``; ``needs_partner``
    is their union; ``borderline`` the schools whose status the threshold rule decides inside a
    share's interval (listed or not). ``declared`` counts the schools the registry gives any status for, and
    ``disagreements`` the (school, status) pairs where the registry and the rules differ.
    ``share_needs_partner`` (derived) is NaN for an empty registry.
    """

    schools: int
    years: int
    low_results: int
    unfavourable: int
    low_and_unfavourable: int
    needs_partner: int
    leaders: int
    ordinary: int
    insufficient_data: int
    resilient: int
    below_expectation: int
    declared: int
    disagreements: int
    borderline: int = 0

    def extra(self) -> dict[str, Any]:
        """The share of schools that need a leader."""
        return {"share_needs_partner": self.needs_partner / self.schools if self.schools else math.nan}


@dataclass(frozen=True)
class Identification:
    """The statuses of every school of a registry, with reasons and key figures.

    Immutable (its arrays are read-only). Rows follow the registry's school order (``ids``);
    :meth:`to_frame` gives one row per school and :attr:`kpis` the counts by status.
    ``notes`` are the warnings about the identification as a whole (a rule the data could not
    meet, and how it was handled; see :class:`IdentificationRules`), in the order to read them.
    """

    ids: tuple[str, ...]
    statuses: tuple[frozenset[Status], ...]
    reasons: tuple[tuple[Reason, ...], ...]
    profile: SubjectProfile
    overall: np.ndarray  # per school: mean z over the window (NaN without results)
    context: np.ndarray  # per school: standardised context, higher = more favourable (NaN if unknown)
    expected: np.ndarray  # what the context predicts for `overall`
    residual: np.ndarray  # overall - expected
    below_expectation: np.ndarray
    resilient: np.ndarray
    years: tuple[int, ...]
    rules: IdentificationRules
    computed: tuple[frozenset[Status], ...]
    declared: tuple[frozenset[Status] | None, ...]
    disagreements: tuple[tuple[str, str, str], ...] = field(default=())
    notes: tuple[Note, ...] = field(default=())
    borderline: np.ndarray | None = None  # per school: a status the threshold rule decides inside an interval

    def __post_init__(self) -> None:
        if self.borderline is None:
            object.__setattr__(self, "borderline", np.zeros(len(self.ids), dtype=bool))
        for name in ("overall", "context", "expected", "residual", "below_expectation", "resilient", "borderline"):
            getattr(self, name).flags.writeable = False

    def __repr__(self) -> str:
        k = self.kpis
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "none"
        extra = {"notes": len(self.notes)} if self.notes else {}
        return short_repr("Identification", k.schools, "schools", years=span, low_results=k.low_results,
                          unfavourable=k.unfavourable, leaders=k.leaders, insufficient_data=k.insufficient_data,
                          **extra)

    @property
    def kpis(self) -> IdentificationKpis:
        """How many schools have each status, and how many declared statuses disagree.

        >>> from netmatch.datasets import load_demo
        >>> from netmatch._identify import identify
        >>> identify(load_demo()).kpis.leaders
        4
        """
        def count(status: Status) -> int:
            return sum(status in st for st in self.statuses)

        need = {Status.LOW_RESULTS, Status.UNFAVOURABLE}
        return IdentificationKpis(
            schools=len(self.ids), years=len(self.years), low_results=count(Status.LOW_RESULTS),
            unfavourable=count(Status.UNFAVOURABLE),
            low_and_unfavourable=sum(need <= st for st in self.statuses),
            needs_partner=sum(bool(need & st) for st in self.statuses), leaders=count(Status.LEADER),
            ordinary=count(Status.ORDINARY), insufficient_data=count(Status.INSUFFICIENT_DATA),
            resilient=int(self.resilient.sum()), below_expectation=int(self.below_expectation.sum()),
            declared=sum(d is not None for d in self.declared), disagreements=len(self.disagreements),
            borderline=int(np.count_nonzero(np.asarray(self.borderline))))

    @property
    def index(self) -> dict[str, int]:
        """Row of each school id."""
        return {s: i for i, s in enumerate(self.ids)}

    def status_of(self, school_id: str) -> frozenset[Status]:
        """The statuses of one school."""
        return self.statuses[self._row(school_id)]

    def reasons_of(self, school_id: str) -> tuple[Reason, ...]:
        """The reasons behind one school's statuses."""
        return self.reasons[self._row(school_id)]

    def _row(self, school_id: str) -> int:
        try:
            return self.ids.index(school_id)
        except ValueError:
            raise KeyError(f"no school with id {school_id!r} in this identification") from None

    def _having(self, status: Status) -> tuple[str, ...]:
        return tuple(s for s, st in zip(self.ids, self.statuses, strict=True) if status in st)

    @property
    def low_results(self) -> tuple[str, ...]:
        """Ids of low-results schools (ШНОР)."""
        return self._having(Status.LOW_RESULTS)

    @property
    def unfavourable(self) -> tuple[str, ...]:
        """Ids of schools in unfavourable social conditions (ШНСУ)."""
        return self._having(Status.UNFAVOURABLE)

    @property
    def leaders(self) -> tuple[str, ...]:
        """Ids of leader schools."""
        return self._having(Status.LEADER)

    @property
    def needs_partner(self) -> np.ndarray:
        """Boolean mask of schools that need a leader: ШНОР or ШНСУ."""
        return np.array([bool(st & {Status.LOW_RESULTS, Status.UNFAVOURABLE}) for st in self.statuses])

    @property
    def is_leader(self) -> np.ndarray:
        """Boolean mask of leader schools."""
        return np.array([Status.LEADER in st for st in self.statuses])

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per school: status, reasons and key figures.

        >>> from netmatch.datasets import load_demo
        >>> from netmatch._identify import identify
        >>> frame = identify(load_demo()).to_frame()
        >>> list(frame.columns)[:4]
        ['school', 'status', 'low_results', 'unfavourable']
        """
        import pandas as pd

        def label(st: frozenset[Status]) -> str:
            order = [s for s in Status if s in st]
            return ", ".join(s.label_ru if lang == "ru" else s.value for s in order)

        return pd.DataFrame({
            "school": list(self.ids),
            "status": [label(st) for st in self.statuses],
            "low_results": [Status.LOW_RESULTS in st for st in self.statuses],
            "unfavourable": [Status.UNFAVOURABLE in st for st in self.statuses],
            "leader": [Status.LEADER in st for st in self.statuses],
            "insufficient_data": [Status.INSUFFICIENT_DATA in st for st in self.statuses],
            "overall_z": self.overall,
            "context_z": self.context,
            "expected_z": self.expected,
            "residual": self.residual,
            "below_expectation": self.below_expectation,
            "resilient": self.resilient,
            "borderline": self.borderline,
            "reasons": ["; ".join(r.text(lang) for r in rs) for rs in self.reasons],
        })

"""Parameters validated in one place, with one message template (scikit-learn's habit).

Every public function checks its settings here, so that every bad value reads alike:

    "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."

:func:`validate_params` declares the acceptable forms of each parameter of a public function
(``Rule`` objects: :func:`of`, :func:`one_of`, :func:`number`, :data:`FLAG`, :data:`NONE`, ...) and
checks every call before the function runs; :func:`coerce` validates a settings model
(``Constraints``, ``ScoringWeights``, ...); :class:`Checks` collects the problems of values that
depend on each other and raises them together.

>>> @validate_params(max_km=number(gt=0), beyond=one_of("remote", "forbid"))
... def build(max_km: float = 40, beyond: str = "remote") -> float:
...     return max_km
>>> build(30)
30
>>> build(-5, beyond="walk")
Traceback (most recent call last):
...
netmatch.exceptions.InvalidInputError: 2 problems in the input:
  - The 'max_km' parameter of build must be a number greater than 0. Got -5 instead.
  - The 'beyond' parameter of build must be 'remote' or 'forbid'. Got 'walk' instead.
"""

from __future__ import annotations

import functools
import inspect
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np

from netmatch.exceptions import InvalidInputError

if TYPE_CHECKING:  # pydantic only where a settings model is coerced: the array solvers never load it
    from pydantic import BaseModel

__all__ = [
    "ARRAY",
    "FLAG",
    "FRAME",
    "MAPPING",
    "NONE",
    "PAIRS",
    "PATH",
    "STRINGS",
    "TEXT",
    "Checks",
    "Rule",
    "coerce",
    "invalid",
    "message",
    "number",
    "of",
    "one_of",
    "plain_number",
    "validate_params",
]

M = TypeVar("M", bound="BaseModel")
#: The longest value shown in a parameter message, in characters.
SHOWN_LIMIT = 120
P = ParamSpec("P")
R = TypeVar("R")

_WORDS = {
    "greater_than": "greater than {gt}",
    "greater_than_equal": "at least {ge}",
    "less_than": "less than {lt}",
    "less_than_equal": "at most {le}",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "literal_error": "one of {expected}",
    "extra_forbidden": "a known parameter (no such parameter)",
}


def plain_number(v: object) -> object:
    """A bound as a person writes it: 0 rather than 0.0.

    >>> plain_number(0.0), plain_number(2.5), plain_number("x")
    (0, 2.5, 'x')
    """
    return int(v) if isinstance(v, float) and v.is_integer() else v


def message(name: str, owner: str, expected: str, got: object) -> str:
    """The one parameter-error message.

    >>> message("max_km", "build_graph", "greater than 0", -5)
    "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."
    """
    shown = repr(got)
    if len(shown) > SHOWN_LIMIT:  # a whole registry or frame passed by mistake: its type and a glimpse
        shown = f"{type(got).__name__} {shown[: SHOWN_LIMIT - 20]}..."
    return f"The {name!r} parameter of {owner} must be {expected}. Got {shown} instead."


def invalid(name: str, owner: str, expected: str, got: object) -> InvalidInputError:
    """An :class:`InvalidInputError` with :func:`message` (to ``raise``)."""
    return InvalidInputError([message(name, owner, expected, got)])


class Checks:
    """Collect the problems of one call's parameters; :meth:`done` raises them all at once.

    >>> c = Checks("sweep")
    >>> c.choice("executor", "threads", ("sequential", "processes"))
    >>> c.number("workers", 0, ge=1, integer=True)
    >>> c.done()
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: 2 problems in the input:
      - The 'executor' parameter of sweep must be 'sequential' or 'processes'. Got 'threads' instead.
      - The 'workers' parameter of sweep must be a whole number of at least 1. Got 0 instead.
    """

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.problems: list[str] = []

    def fail(self, name: str, expected: str, got: object) -> None:
        """Record that ``name`` got ``got`` where ``expected`` was wanted."""
        self.problems.append(message(name, self.owner, expected, got))

    def choice(self, name: str, value: object, choices: Sequence[object]) -> None:
        """``value`` must be one of ``choices`` (see :func:`one_of`)."""
        rule = one_of(*choices)
        if not rule(value):
            self.fail(name, rule.text, value)

    def flag(self, name: str, value: object) -> None:
        """``value`` must be True or False."""
        if not isinstance(value, bool | np.bool_):
            self.fail(name, "True or False", value)

    def number(self, name: str, value: object, *, gt: float | None = None, ge: float | None = None,
               le: float | None = None, lt: float | None = None, integer: bool = False,
               optional: bool = False) -> None:
        """``value`` must be a (whole) number within the bounds (see :func:`number`), or None when ``optional``."""
        rule = number(gt=gt, ge=ge, le=le, lt=lt, integer=integer)
        if not (rule(value) or (optional and value is None)):
            self.fail(name, rule.text + (" or None" if optional else ""), value)

    def done(self) -> None:
        """Raise one :class:`InvalidInputError` listing every problem recorded, if any."""
        if self.problems:
            raise InvalidInputError(self.problems)


def coerce(model: type[M], value: M | Mapping[str, Any] | None, owner: str) -> M:
    """Return ``value`` as a ``model``, raising one :class:`InvalidInputError` for all bad fields.

    >>> from pydantic import BaseModel, Field
    >>> class Weights(BaseModel):
    ...     proximity: float = Field(0.2, ge=0)
    >>> coerce(Weights, {"proximity": -1}, "build_graph")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: The 'proximity' parameter of build_graph must be at least 0. Got -1 instead.
    """
    from pydantic import ValidationError

    if isinstance(value, model):
        return value
    try:
        return model() if value is None else model(**dict(value))
    except ValidationError as exc:
        messages = []
        for err in exc.errors(include_url=False):
            name = ".".join(str(x) for x in err.get("loc", ())) or model.__name__
            template = _WORDS.get(err["type"])
            ctx = err.get("ctx", {})
            if err["type"] == "literal_error" and "," not in str(ctx.get("expected", "")):
                expected = str(ctx["expected"])  # two choices read "'a' or 'b'", as one_of says them
            elif template is not None:
                expected = template.format(**{k: plain_number(v) for k, v in ctx.items()})
            elif err["type"] == "value_error":
                expected = str(ctx.get("error", err["msg"]))
            else:
                expected = err["msg"][0].lower() + err["msg"][1:]
            messages.append(message(name, owner, expected, err.get("input")))
        raise InvalidInputError(messages) from None
    except TypeError as exc:
        raise InvalidInputError([f"The parameters of {owner} must be a {model.__name__} or a dict: {exc}"]) from None


# --- declared parameters ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One acceptable form of a parameter: a test and the words that say it (``"a Registry"``)."""

    text: str
    test: Callable[[Any], bool]

    def __call__(self, value: Any) -> bool:
        return bool(self.test(value))


def of(*types: type, text: str) -> Rule:
    """Instances of ``types``, said as ``text`` (``of(Registry, text="a Registry")``)."""
    return Rule(text, lambda v: isinstance(v, types) and not (bool not in types and isinstance(v, bool)))


def one_of(*values: Any) -> Rule:
    """Exactly one of ``values`` (same value and type: ``1`` is not ``True``).

    >>> one_of("ru", "en").text, one_of("a", "b", "c").text
    ("'ru' or 'en'", "one of 'a', 'b', 'c'")
    """
    shown = [repr(v) for v in values]
    text = " or ".join(shown) if len(shown) <= 2 else "one of " + ", ".join(shown)
    return Rule(text, lambda v: any(v == c and type(v) is type(c) for c in values if not isinstance(v, np.ndarray)))


def _within(x: float, gt: float | None, ge: float | None, le: float | None, lt: float | None) -> bool:
    return (gt is None or x > gt) and (ge is None or x >= ge) and (le is None or x <= le) and (lt is None or x < lt)


def _bounds_text(gt: float | None, ge: float | None, le: float | None, lt: float | None) -> str:
    words = [f"{w} {plain_number(b)}" for w, b in (("greater than", gt), ("at least", ge), ("at most", le),
                                              ("less than", lt)) if b is not None]
    return " and ".join(words)


def _is_number(v: Any, integer: bool) -> bool:
    if isinstance(v, bool | np.bool_) or not isinstance(v, Real):
        return False
    return not integer or isinstance(v, Integral | np.integer) or float(v).is_integer()


def number(*, gt: float | None = None, ge: float | None = None, le: float | None = None, lt: float | None = None,
           integer: bool = False) -> Rule:
    """A finite real number (a whole one with ``integer``, 3.0 included) within the bounds; never a bool.

    >>> number(ge=1, integer=True).text, number(ge=1, integer=True)(2.0), number(gt=0)(True)
    ('a whole number of at least 1', True, False)
    """
    bounds = _bounds_text(gt, ge, le, lt)
    # "a number greater than 0", "a whole number of at least 1"
    text = ("a whole number" if integer else "a number") + (
        (" of " if bounds.startswith("at ") else " ") + bounds if bounds else "")

    def test(v: Any) -> bool:
        return _is_number(v, integer) and math.isfinite(float(v)) and _within(float(v), gt, ge, le, lt)

    return Rule(text, test)


#: True or False (numpy's bool too).
FLAG = Rule("True or False", lambda v: isinstance(v, bool | np.bool_))
#: None, for optional parameters.
NONE = Rule("None", lambda v: v is None)
#: Text.
TEXT = Rule("a str", lambda v: isinstance(v, str))
#: A mapping (dict-like).
MAPPING = Rule("a mapping", lambda v: isinstance(v, Mapping))
#: A file path.
PATH = Rule("a path (str or os.PathLike)", lambda v: isinstance(v, str | os.PathLike))
#: A pandas DataFrame, recognised without importing pandas.
FRAME = Rule("a DataFrame", lambda v: hasattr(v, "columns") and hasattr(v, "to_dict"))
#: Several strings: a list, tuple or set of str.
STRINGS = Rule("a list of str", lambda v: isinstance(v, list | tuple | set | frozenset)
               and all(isinstance(x, str) for x in v))
#: Pairs of strings: a list or tuple of (str, str).
PAIRS = Rule("a list of (str, str) pairs", lambda v: isinstance(v, list | tuple) and all(
    isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in v))
#: Numbers as an array, a list or a tuple (the solver checks shape and values).
ARRAY = Rule("an array of numbers", lambda v: isinstance(v, np.ndarray | list | tuple) or hasattr(v, "toarray")
             or (hasattr(v, "__array__") and not isinstance(v, str)))


def validate_params(**rules: Rule | Sequence[Rule]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare each parameter's acceptable forms; every call is checked before the function runs.

    A parameter passes when any of its rules accepts it; all failures of one call are raised
    together as one :class:`InvalidInputError` with :func:`message`. The rules are kept on the
    function as ``__netmatch_params__`` (a test checks that every parameter is declared).
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        sig = inspect.signature(func)
        declared = {k: (v,) if isinstance(v, Rule) else tuple(v) for k, v in rules.items()}
        unknown = set(declared) - set(sig.parameters)
        if unknown:
            raise TypeError(f"validate_params on {func.__name__}: no parameter {sorted(unknown)}")
        owner = func.__name__

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:  # a missing or unknown argument: Python's own words
                raise TypeError(f"{owner}(): {exc}") from None
            problems = [message(name, owner, " or ".join(r.text for r in declared[name]), value)
                        for name, value in bound.arguments.items()
                        if name in declared and not any(r(value) for r in declared[name])]
            if problems:
                raise InvalidInputError(problems)
            return func(*args, **kwargs)

        wrapper.__netmatch_params__ = declared  # type: ignore[attr-defined]
        return wrapper

    return decorate

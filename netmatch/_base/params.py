"""Parameters validated in one place, with one message template (scikit-learn's habit).

Every public function checks its settings here, so that every bad value reads alike:

    "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."

:func:`coerce` validates a settings model (``Constraints``, ``ScoringWeights``, ...);
:class:`Checks` collects the problems of plain keyword parameters and raises them together.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError

from netmatch.exceptions import InvalidInputError

__all__ = ["Checks", "coerce", "invalid", "message"]

M = TypeVar("M", bound=BaseModel)

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


def _plain(v: object) -> object:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def message(name: str, owner: str, expected: str, got: object) -> str:
    """The one parameter-error message.

    >>> message("max_km", "build_graph", "greater than 0", -5)
    "The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."
    """
    return f"The {name!r} parameter of {owner} must be {expected}. Got {got!r} instead."


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
      - The 'executor' parameter of sweep must be one of 'sequential', 'processes'. Got 'threads' instead.
      - The 'workers' parameter of sweep must be a whole number of at least 1. Got 0 instead.
    """

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.problems: list[str] = []

    def fail(self, name: str, expected: str, got: object) -> None:
        """Record that ``name`` got ``got`` where ``expected`` was wanted."""
        self.problems.append(message(name, self.owner, expected, got))

    def choice(self, name: str, value: object, choices: Sequence[object]) -> None:
        """``value`` must be one of ``choices``."""
        if not any(value == c and type(value) is type(c) for c in choices):
            self.fail(name, "one of " + ", ".join(repr(c) for c in choices), value)

    def flag(self, name: str, value: object) -> None:
        """``value`` must be True or False."""
        if not isinstance(value, bool | np.bool_):
            self.fail(name, "True or False", value)

    def number(self, name: str, value: object, *, gt: float | None = None, ge: float | None = None,
               le: float | None = None, lt: float | None = None, integer: bool = False,
               optional: bool = False) -> None:
        """``value`` must be a (whole) number within the bounds, or None when ``optional``."""
        if value is None and optional:
            return
        ok = not isinstance(value, bool) and isinstance(value, Real) and (
            not integer or isinstance(value, Integral) or float(value).is_integer())
        if ok:
            x = float(value)  # type: ignore[arg-type]
            ok = math.isfinite(x) and (gt is None or x > gt) and (ge is None or x >= ge) and (
                le is None or x <= le) and (lt is None or x < lt)
        if not ok:
            bounds = [f"greater than {_plain(gt)}" if gt is not None else "", f"at least {_plain(ge)}" if ge is not None
                      else "", f"at most {_plain(le)}" if le is not None else "",
                      f"less than {_plain(lt)}" if lt is not None else ""]
            what = ("a whole number" if integer else "a number") + (
                " of " + " and ".join(b for b in bounds if b) if any(bounds) else "")
            self.fail(name, what + (" or None" if optional else ""), value)

    def done(self) -> None:
        """Raise one :class:`InvalidInputError` listing every problem recorded, if any."""
        if self.problems:
            raise InvalidInputError(self.problems)


def coerce(model: type[M], value: M | Mapping[str, Any] | None, owner: str) -> M:
    """Return ``value`` as a ``model``, raising one :class:`InvalidInputError` for all bad fields.

    >>> from netmatch.scoring import ScoringWeights
    >>> coerce(ScoringWeights, {"proximity": -1}, "build_graph")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: The 'proximity' parameter of build_graph must be at least 0. Got -1 instead.
    """
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
            if template is not None:
                expected = template.format(**{k: _plain(v) for k, v in ctx.items()})
            elif err["type"] == "value_error":
                expected = str(ctx.get("error", err["msg"]))
            else:
                expected = err["msg"][0].lower() + err["msg"][1:]
            messages.append(message(name, owner, expected, err.get("input")))
        raise InvalidInputError(messages) from None
    except TypeError as exc:
        raise InvalidInputError([f"The parameters of {owner} must be a {model.__name__} or a dict: {exc}"]) from None

"""Parameter models validated in one place, with one message template.

"The 'max_km' parameter of build_graph must be greater than 0. Got -5 instead."
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from netmatch.exceptions import InvalidInputError

__all__ = ["coerce"]

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
            messages.append(f"The {name!r} parameter of {owner} must be {expected}. "
                            f"Got {err.get('input')!r} instead.")
        raise InvalidInputError(messages) from None
    except TypeError as exc:
        raise InvalidInputError([f"The parameters of {owner} must be a {model.__name__} or a dict: {exc}"]) from None

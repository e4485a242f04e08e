"""Lists of coded models given as models or dicts: every bad entry, and every repeated code, in one error.

The catalogue of activities and the programme's indicators are both read this way: from a TOML
file's tables or from Python, one model per entry, each with a unique ``code``.

>>> from pydantic import BaseModel
>>> class Item(BaseModel):
...     code: str
...     hours: int = 1
>>> [i.code for i in coded_models(Item, [{"code": "a"}, Item(code="b")], "f.toml", "item")]
['a', 'b']
>>> coded_models(Item, [{"code": "a"}, {"code": "a", "hours": "x"}, {"code": "a"}], "f.toml", "item")
Traceback (most recent call last):
...
netmatch.exceptions.InvalidInputError: 2 problems in the input:
  - f.toml: item 2 ('a'), hours: Input should be a valid integer, unable to parse string as an integer (got 'x').
  - f.toml: the item code 'a' is given twice; codes are unique.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from netmatch.exceptions import InvalidInputError

__all__ = ["coded_models"]

M = TypeVar("M", bound=BaseModel)


def _plain(owner: str, noun: str, n: int, code: Any, err: Mapping[str, Any]) -> str:
    where = ".".join(str(x) for x in err["loc"]) or noun
    return f"{owner}: {noun} {n} ({code!r}), {where}: {err['msg']} (got {err.get('input')!r})."


def coded_models(model: type[M], given: Iterable[M | Mapping[str, Any]], owner: str, noun: str,
                 describe: Callable[[str, str, int, Any, Mapping[str, Any]], str] = _plain) -> tuple[M, ...]:
    """``given`` as instances of ``model``, in order; one :class:`InvalidInputError` listing them all.

    ``describe(owner, noun, n, code, error)`` words one pydantic error of the ``n``-th entry (from 1);
    by default its field, pydantic's message and the value given.
    """
    out: list[M] = []
    problems: list[str] = []
    for n, item in enumerate(given, 1):
        if isinstance(item, model):
            out.append(item)
            continue
        data = dict(item)
        try:
            out.append(model.model_validate(data))
        except ValidationError as e:
            problems += [describe(owner, noun, n, data.get("code"), err) for err in e.errors(include_url=False)]
    seen: set[str] = set()
    for m in out:
        code = getattr(m, "code")  # noqa: B009 (every coded model has one)
        if code in seen:
            problems.append(f"{owner}: the {noun} code {code!r} is given twice; codes are unique.")
        seen.add(code)
    if problems:
        raise InvalidInputError(problems)
    return tuple(out)

"""Lists of ids in a message: the first few, then how many more — never a wall of ids.

Every message that names schools, resources or sites by id goes through :func:`id_list`, so that a
region of thousands of schools gives a line a coordinator can read («S01, S02, S03, S04, S05 и ещё
1 995»), in Russian (the default) or English.

>>> id_list(["S08", "S12"])
'S08, S12'
>>> id_list([f"S{i:02d}" for i in range(1, 10)], "en")
'S01, S02, S03, S04, S05 and 4 more'
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SHOWN", "id_list", "more"]

#: How many ids a message shows before it says how many more there are.
SHOWN = 5


def more(hidden: int, lang: str = "ru") -> str:
    """The tail of a cut list: ``" и ещё 7"`` / ``" and 7 more"``, or ``""`` when nothing is hidden.

    >>> more(7), more(7, "en"), more(0)
    (' и ещё 7', ' and 7 more', '')
    """
    if hidden <= 0:
        return ""
    return f" и ещё {hidden}" if lang == "ru" else f" and {hidden} more"


def id_list(items: Iterable[object], lang: str = "ru", *, limit: int = SHOWN, sep: str = ", ") -> str:
    """The first ``limit`` items joined by ``sep``, then how many more (see :func:`more`).

    Parameters
    ----------
    items : iterable
        Ids (or any texts), in the order to show them.
    lang : {"ru", "en"}
        The language of the tail.
    limit : int, default SHOWN
        How many items to show.
    sep : str, default ", "
        What joins the items shown.

    Examples
    --------
    >>> id_list(range(1, 8), limit=3)
    '1, 2, 3 и ещё 4'
    >>> id_list([], "en")
    ''
    """
    values = [str(x) for x in items]
    return sep.join(values[:limit]) + more(len(values) - limit, lang)

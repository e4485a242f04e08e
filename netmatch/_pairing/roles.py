"""What each school is in a pairing: leader, partner (ШНОР/ШНСУ), ordinary, or without enough data.

The role decides the text a school gets in :meth:`netmatch.Pairing.to_frame` when it has no
pair: a leader shows its load, an ordinary school needs no leader, a school with too few
results has no status yet.

>>> import netmatch as nm
>>> G = nm.build_graph(nm.datasets.load_demo())
>>> sorted(set(roles(G, nm.candidates_of(G)).values()))
['leader', 'ordinary', 'partner']
>>> ROLE_TEXT["ordinary"][1]
'needs no leader: neither ШНОР nor ШНСУ'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netmatch._words import CATALOG

if TYPE_CHECKING:
    import networkx as nx

    from netmatch.graph import Candidates

__all__ = ["ROLE_TEXT", "roles"]

#: Per role, the text (Russian, English) of a school that has no pair.
ROLE_TEXT: dict[str, tuple[str, str]] = {
    "ordinary": ("партнёр не требуется: школа не ШНОР и не ШНСУ", "needs no leader: neither ШНОР nor ШНСУ"),
    "insufficient_data": ("недостаточно данных о результатах для статуса", "too few results to assign a status"),
    "leader": ("школа-лидер", "leader school"),
    "partner": ("", ""),
}


def roles(G: nx.Graph, cand: Candidates) -> dict[str, str]:
    """The role of every school of the graph, in the registry's order.

    ``"leader"``, ``"partner"`` (a ШНОР/ШНСУ that needs a leader), ``"insufficient_data"``
    (too few results for a status) or ``"ordinary"``.

    >>> import netmatch as nm
    >>> G = nm.build_graph(nm.datasets.load_demo())
    >>> list(roles(G, nm.candidates_of(G)).values()).count("leader")
    4
    """
    out = {}
    for i, s in enumerate(cand.ids):
        if cand.is_leader[i]:
            out[s] = "leader"
        elif cand.needs_partner[i]:
            out[s] = "partner"
        elif "insufficient_data" in G.nodes[s].get("status", ()):
            out[s] = "insufficient_data"
        else:
            out[s] = "ordinary"
    return out

CATALOG.keyed("pairing.roles", ROLE_TEXT)  # an entry of the one catalog (netmatch._words)

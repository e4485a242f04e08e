"""Where the graph's schools and organisations are, and how its trips are made, for the association steps.

A graph from :func:`netmatch.build_graph` keeps each school's coordinates on its node, its
travel rules in ``G.graph["constraints"]`` and the registry's partner organisations as records in
``G.graph["organisations"]``; the associations, their co-leaders and their levers read them
here, one way.

>>> import netmatch as nm
>>> G = nm.build_graph(nm.datasets.load_demo())
>>> trip, cons = graph_travel(G)
>>> cons["max_km"], graph_positions(G, ("S01",))[0].round(2).tolist()
(40.0, [53.35])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH, TravelModel

__all__ = ["graph_organisations", "graph_positions", "graph_travel"]


def _number(v: Any) -> float:
    return math.nan if v is None else float(v)


def graph_positions(G: nx.Graph, ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of the graph's schools ``ids`` (NaN where a school has none)."""
    return (np.array([_number(G.nodes[s].get("lat")) for s in ids], dtype=float),
            np.array([_number(G.nodes[s].get("lon")) for s in ids], dtype=float))


def graph_travel(G: nx.Graph) -> tuple[TravelModel, dict[str, Any]]:
    """The graph's travel model and its constraints as a dict (``max_km``, ``max_minutes``, ``beyond_limit`` ...)."""
    cons = dict(G.graph.get("constraints") or {})
    return TravelModel(float(cons.get("road_factor") or ROAD_FACTOR), float(cons.get("speed_kmh") or SPEED_KMH)), cons


def graph_organisations(G: nx.Graph, *, leads: bool) -> tuple[list[Mapping[str, Any]], np.ndarray, np.ndarray]:
    """The graph's organisations that lead (``leads=True``) or do not, with their latitude and longitude (NaN
    where not given)."""
    records = [r for r in G.graph.get("organisations") or () if bool(r.get("leads")) == leads]
    return (records, np.array([_number(r.get("latitude")) for r in records], dtype=float),
            np.array([_number(r.get("longitude")) for r in records], dtype=float))

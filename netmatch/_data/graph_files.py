"""The partnership graph in files other tools read: node-link JSON (``.json``) or GraphML (``.graphml``).

GraphML has no lists or mappings: the list attributes of nodes, their profile and the graph's
dict/list attributes are stored as JSON text, and the names of the graph attributes so encoded
are stored too (so that a name like "[1] район" is left alone on reading). The per-school arrays
a graph's candidates need travel as two more graph attributes, ``netmatch_ids`` and
``netmatch_school_arrays``. ``netmatch.write_graph``/``netmatch.read_graph`` wrap these two
functions with the candidate arrays.

>>> import tempfile
>>> G = nx.Graph(name="demo", years=[2024, 2025])
>>> G.add_node("L", status=["leader"], profile={"ege:математика": 1.0}, lat=None)
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_graph_file(G, Path(folder) / "g.graphml", ("L",), {"capacity": [3]})
...     H, ids, arrays = read_graph_file(path)
>>> ids, arrays, H.graph, H.nodes["L"]["status"], H.nodes["L"]["lat"]
(('L',), {'capacity': [3]}, {'name': 'demo', 'years': [2024, 2025]}, ['leader'], None)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from netmatch.exceptions import InvalidInputError

__all__ = ["read_graph_file", "write_graph_file"]

#: Node attributes that hold lists or a mapping: JSON text in GraphML.
_JSON_NODE_ATTRS = ("status", "resources", "profile", "standing")
#: Node attributes that may be None, which GraphML cannot hold: left out, restored on reading.
_OPTIONAL_NODE_ATTRS = ("lat", "lon", "overall", "settlement_type", "students", "internet_mbps")
#: Graph attributes that live in memory only.
_MEMORY_ONLY = ("candidates", "member_candidates", "edited")  # arrays, or rebuilt by build_graph


def _for_file(G: nx.Graph, ids: Sequence[str], school_arrays: Mapping[str, Any]) -> nx.Graph:
    """A copy of ``G`` whose graph attributes are text, with the per-school arrays added."""
    H = G.copy()
    H.graph = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
               for k, v in G.graph.items() if k not in _MEMORY_ONLY}
    # which attributes are JSON text, so that reading leaves a name like "[1] район" alone
    H.graph["netmatch_json"] = json.dumps([k for k, v in G.graph.items() if k not in _MEMORY_ONLY
                                           and isinstance(v, (dict, list))], ensure_ascii=False)
    H.graph["netmatch_ids"] = json.dumps(list(ids), ensure_ascii=False)
    H.graph["netmatch_school_arrays"] = json.dumps(school_arrays)
    return H


def write_graph_file(G: nx.Graph, path: str | Path, ids: Sequence[str], school_arrays: Mapping[str, Any]) -> Path:
    """Write ``G`` with the school ids and per-school arrays; ``G`` itself is left unchanged.

    Parameters
    ----------
    G : networkx.Graph
    path : str or Path
        Ending in ``.json`` (node-link) or ``.graphml``.
    ids : sequence of str
        The school ids, in the order of the arrays.
    school_arrays : mapping
        Per-school arrays as plain lists (JSON-serialisable).

    Returns
    -------
    Path
        Where the graph was written.
    """
    target = Path(path)
    H = _for_file(G, ids, school_arrays)
    if target.suffix.lower() == ".graphml":
        for _, d in H.nodes(data=True):
            for k in _JSON_NODE_ATTRS:
                if k in d:
                    d[k] = json.dumps(d[k], ensure_ascii=False)
            for k in [k for k, v in d.items() if v is None]:
                del d[k]
        nx.write_graphml(H, target)
    elif target.suffix.lower() == ".json":
        target.write_text(json.dumps(nx.node_link_data(H, edges="edges"), ensure_ascii=False), encoding="utf-8")
    else:
        raise InvalidInputError([f"Cannot write {target.name}: use .json (node-link) or .graphml."])
    return target


def _read_graphml(source: Path) -> nx.Graph:
    G = nx.read_graphml(source)
    for k in ("node_default", "edge_default"):  # GraphML's, not the graph's written attributes
        G.graph.pop(k, None)
    for _, d in G.nodes(data=True):
        for k in _JSON_NODE_ATTRS:
            if k in d:
                d[k] = json.loads(d[k])
        for k in _OPTIONAL_NODE_ATTRS:
            d.setdefault(k, None)
    return G


def read_graph_file(path: str | Path) -> tuple[nx.Graph, tuple[str, ...], dict[str, Any]]:
    """Read a graph written by :func:`write_graph_file`.

    Returns
    -------
    (networkx.Graph, tuple of str, dict)
        The graph with its attributes restored, the school ids and the per-school arrays.
    """
    source = Path(path)
    if source.suffix.lower() == ".graphml":
        G = _read_graphml(source)
    elif source.suffix.lower() == ".json":
        G = nx.node_link_graph(json.loads(source.read_text(encoding="utf-8")), edges="edges")
    else:
        raise InvalidInputError([f"Cannot read {source.name}: use .json (node-link) or .graphml."])
    graph = dict(G.graph)
    encoded = graph.pop("netmatch_json", None)
    for k in json.loads(encoded) if encoded is not None else [
            k for k, v in graph.items() if isinstance(v, str) and v[:1] in ("[", "{")]:
        graph[k] = json.loads(graph[k])
    ids = tuple(json.loads(graph.pop("netmatch_ids")))
    arrays = json.loads(graph.pop("netmatch_school_arrays"))
    G.graph = graph
    return G, ids, arrays

"""The registry adapter: who needs a centre, where one could open, and how far it is, as a cost matrix.

:func:`registry_siting_inputs` turns a registry into the clients × sites travel minutes that
:func:`netmatch._siting.site.site_centres` takes; ``site_centres(registry, ...)`` calls it and the
core. The defaults of a registry siting are defined here, once: the command line's ``[siting]``
settings (``netmatch site``) take the same ones, so that the library and the command line give the
same answer.

>>> from netmatch.datasets import load_demo
>>> inputs = registry_siting_inputs(load_demo())
>>> inputs.radius == DEFAULT_MAX_MINUTES, len(inputs.site_ids) > len(inputs.fixed)
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from netmatch._base.geo import ROAD_FACTOR, SPEED_KMH, DistanceTable, TravelModel, unit_vectors
from netmatch._base.lists import id_list
from netmatch._base.params import MAPPING, NONE, Checks, Rule, number, validate_params
from netmatch._identify import Identification
from netmatch._siting.core import site_matrix, site_no_clients
from netmatch._siting.inputs import KINDS, REGISTRY, SEQUENCE, is_number, shown
from netmatch._siting.results import LeftOut, ObjectiveKind, Siting
from netmatch.exceptions import InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]

__all__ = ["CENTRE_KINDS", "DEFAULT_CLIENTS", "DEFAULT_K", "DEFAULT_MAX_MINUTES", "DEFAULT_OBJECTIVE",
           "DEFAULT_TIME_LIMIT", "NO_CLIENTS_NOTE", "RegistrySitingInputs", "registry_siting_inputs", "site_registry"]

#: Resource kinds that count as an existing centre.
CENTRE_KINDS = ("growth_point", "growth_point_science", "growth_point_digital", "it_cube", "quantorium")
#: New centres a registry siting opens by default (also the command line's ``[siting] k``).
DEFAULT_K = 1
#: A registry siting's objective by default: most pupils within reach (``[siting] objective``).
DEFAULT_OBJECTIVE: ObjectiveKind = "coverage"
#: A centre's reach by default: one-way travel of pupils, minutes (``[siting] max_minutes``).
DEFAULT_MAX_MINUTES = 30.0
#: Whom centres serve by default: the ШНОР/ШНСУ schools (``[siting] clients``).
DEFAULT_CLIENTS: Literal["needy", "all"] = "needy"
#: Seconds for the solver by default (``[siting] time_limit``).
DEFAULT_TIME_LIMIT = 60.0
#: Why a registry siting sites nothing when no school needs a centre (ru, en).
NO_CLIENTS_NOTE = (
    "Нет школ, которым нужен центр: ни одна школа реестра не выявлена как ШНОР или ШНСУ, поэтому новые центры "
    "не размещаются.",
    "No school needs a centre: no school of the registry is identified as ШНОР or ШНСУ (low results or "
    "unfavourable conditions), so no new centre is sited.",
)
#: The k-d tree searches a hair wider than the travel limit; the exact minutes then decide.
_SEARCH_SLACK = 1e-9


@dataclass(frozen=True)
class RegistrySitingInputs:
    """A registry turned into a siting problem: costs in minutes, weights, sites and their ids.

    ``cost`` is a sparse ``scipy.sparse.csr_array`` of shape (clients, sites) holding the
    minutes of every pair within ``radius`` (a school hosting a site reaches it in an explicit
    0); pairs it does not store are out of reach. A region's clients and sites are each in the
    thousands, so a dense matrix would not fit; :meth:`dense` gives one for small problems.
    ``left_out`` are the schools without coordinates, which are neither clients nor sites, each
    with its reason (see :class:`netmatch._siting.results.LeftOut`).
    """

    cost: Any
    weights: FloatArray
    fixed: IntArray
    candidates: IntArray
    client_ids: tuple[str, ...]
    site_ids: tuple[str, ...]
    radius: float
    left_out: tuple[LeftOut, ...] = ()

    def dense(self) -> FloatArray:
        """The cost as a dense array, ``inf`` for pairs out of reach (for small problems).

        >>> from netmatch.datasets import load_demo
        >>> inputs = registry_siting_inputs(load_demo())
        >>> m = inputs.dense()
        >>> m.shape == inputs.cost.shape and bool((m[np.isfinite(m)] <= inputs.radius).all())
        True
        """
        coo = self.cost.tocoo()
        out = np.full(coo.shape, np.inf)
        out[coo.row, coo.col] = coo.data
        return out


def _pair_keys(lat: FloatArray, lon: FloatArray, client_rows: IntArray, site_rows: IntArray, travel: TravelModel,
               max_minutes: float, table: DistanceTable) -> IntArray:
    """Sorted keys ``client * n + site`` of the pairs that may lie within ``max_minutes``."""
    n = len(lat)
    keys: list[IntArray] = []
    located_c = client_rows[~np.isnan(lat[client_rows])]
    if len(located_c) and len(site_rows):
        from scipy.spatial import cKDTree

        c_tree = cKDTree(unit_vectors(lat[located_c], lon[located_c]))
        s_tree = cKDTree(unit_vectors(lat[site_rows], lon[site_rows]))
        reach = travel.search_chord(travel.road_km(None, max_minutes), slack=_SEARCH_SLACK)
        sdm = c_tree.sparse_distance_matrix(s_tree, reach, output_type="ndarray")
        keys.append(located_c[sdm["i"]] * n + site_rows[sdm["j"]])
    if len(table):  # table pairs between a client and a site, wherever they are
        is_client = np.zeros(n, bool)
        is_client[client_rows] = True
        is_site = np.zeros(n, bool)
        is_site[site_rows] = True
        keys.append(table.keys[is_client[table.keys // n] & is_site[table.keys % n]])
    keys.append(np.intersect1d(client_rows, site_rows) * (n + 1))  # hosts among the clients
    return np.unique(np.concatenate(keys))


def _reachable_minutes(lat: FloatArray, lon: FloatArray, client_rows: IntArray, site_rows: IntArray, *,
                       max_minutes: float, travel: TravelModel, table: DistanceTable) -> Any:
    """Minutes of every (client, site) pair within ``max_minutes``, as a sparse matrix.

    The trips are the one travel model's (:class:`netmatch._base.geo.TravelModel`): great-circle
    km x road factor at the speed, a distance table's km and minutes taking precedence. A k-d tree
    finds the pairs within the limit's great-circle reach; pairs of the table are added; a school
    reaches a site it hosts in 0 minutes. Linear in the pairs found, never clients x sites.
    """
    from scipy.sparse import csr_array

    n = len(lat)
    key = _pair_keys(lat, lon, client_rows, site_rows, travel, max_minutes, table)
    a, b = key // n, key % n
    _, minutes = travel.trips(lat, lon, a, b, table)
    minutes[a == b] = 0.0
    keep = minutes <= max_minutes
    client_col = np.full(n, -1, np.int64)
    client_col[client_rows] = np.arange(len(client_rows))
    site_col = np.full(n, -1, np.int64)
    site_col[site_rows] = np.arange(len(site_rows))
    # explicit zeros stay: a stored 0 is a reachable pair
    return csr_array((minutes[keep], (client_col[a[keep]], site_col[b[keep]])),
                     shape=(len(client_rows), len(site_rows)))


def _site_rows(reg: Any, kinds: tuple[str, ...], candidates: Any) -> tuple[list[int], list[int]]:
    """Rows of the existing centres (hosts of ``kinds``) and of the candidate sites, located or not."""
    from netmatch._data import ResourceKind

    index, n = reg.index, len(reg.ids)
    wanted = {k for k in ResourceKind if k.value in kinds}  # members, not their .value per resource: faster
    # a centre at a partner organisation is not among the schools' sites (see netmatch._siting's notes)
    hosts = sorted({index[r.host] for r in reg.resources if r.kind in wanted and r.host in index})
    host_set = set(hosts)
    if candidates is None:
        cand = [i for i, s in enumerate(reg.schools) if s.centre_candidate]
        if not cand:
            cand = [i for i in range(n) if i not in host_set]
    else:
        unknown = [c for c in candidates if c not in index]
        if unknown:
            raise InvalidInputError([f"site_centres: candidate schools {id_list(map(repr, unknown), 'en')} are not "
                                     "in the registry."])
        cand = [index[c] for c in candidates]
    cand = [i for i in dict.fromkeys(cand) if i not in host_set]
    return hosts, cand


#: What a school without coordinates is not counted as, by the role it would have had (ru, en).
_NOT_COUNTED = {
    "client": ("среди школ, которым нужен центр", "among the schools a centre should serve"),
    "centre": ("как действующий центр", "as an existing centre"),
    "candidate": ("как место нового центра", "as a site for a new centre"),
}


def _left_out(ids: tuple[str, ...], rows: dict[str, list[int]], located: Any) -> tuple[LeftOut, ...]:
    """One :class:`LeftOut` per school without coordinates, in registry order.

    A school with several roles (in need and a candidate, say) is listed once, the reason naming
    them all.
    """
    roles: dict[int, list[str]] = {}
    for role in ("client", "centre", "candidate"):
        of_role = np.asarray(rows[role], dtype=np.int64)
        for i in of_role[~located[of_role]].tolist():  # only the schools without coordinates: few
            roles.setdefault(i, []).append(role)
    out = []
    for i, mine in sorted(roles.items()):
        ru, en = [_NOT_COUNTED[r][0] for r in mine], [_NOT_COUNTED[r][1] for r in mine]
        not_ru = f"не учитывается {ru[0]}" if len(ru) == 1 else "не учитывается ни " + ", ни ".join(ru)
        not_en = f"is not counted {en[0]}" if len(en) == 1 else f"is counted neither {' nor '.join(en)}"
        out.append(LeftOut(ids[i], tuple(mine), "no_coordinates",  # type: ignore[arg-type]
                           f"нет координат школы: время в пути не вычислить, поэтому она {not_ru}",
                           f"the school has no coordinates: its travel times are unknown, so it {not_en}"))
    return tuple(out)


def _is_identification(value: object) -> bool:
    return isinstance(value, Identification)


def _pupils(reg: Any, rows: IntArray) -> FloatArray:
    """Each client's pupils; a school with no count weighs the median count of the others."""
    students = np.array([np.nan if s.students is None else float(s.students) for s in reg.schools])
    known = students[~np.isnan(students)]
    fill = float(np.median(known)) if len(known) else 1.0
    return np.where(np.isnan(students[rows]), fill, students[rows]).astype(float)


@validate_params(registry=REGISTRY, max_minutes=Rule("a positive number", is_number),
                 clients=Rule("'needy' or 'all'", lambda v: isinstance(v, str)), kinds=KINDS,
                 candidates=(SEQUENCE, NONE), identification=(Rule("an Identification", _is_identification), NONE),
                 speed_kmh=number(gt=0), road_factor=number(ge=1),
                 distances=(MAPPING, Rule("a DataFrame", lambda v: hasattr(v, "columns")), NONE))
def registry_siting_inputs(
    registry: Any,
    *,
    max_minutes: float = DEFAULT_MAX_MINUTES,
    clients: Literal["needy", "all"] = DEFAULT_CLIENTS,
    kinds: tuple[str, ...] = CENTRE_KINDS,
    candidates: Any = None,
    identification: Any = None,
    speed_kmh: float = SPEED_KMH,
    road_factor: float = ROAD_FACTOR,
    distances: Any = None,
) -> RegistrySitingInputs:
    """The siting problem of a registry: who needs a centre, where one could open, how far it is.

    A school without coordinates has no travel times, so it is neither a client nor a site: it
    is listed once in ``left_out`` with its roles and reason, and the siting goes on without it.

    Parameters
    ----------
    registry : Registry
    max_minutes : float
        One-way travel limit for pupils (about 30 minutes in published norms); the coverage
        radius, and the farthest pair a median siting may use.
    clients : {"needy", "all"}
        ШНОР/ШНСУ schools (default) or every school; each weighs its pupils (a school with no
        pupil count weighs the median count of the others).
    kinds : tuple of str
        Resource kinds that make a school an existing centre (kept open).
    candidates : sequence of str, optional
        School ids that may host a new centre; by default those flagged ``centre_candidate``,
        or, when none is, every school without a centre.
    identification : Identification, optional
        Statuses; computed with default rules when omitted.
    speed_kmh, road_factor, distances
        Travel time as in :class:`netmatch.Constraints`: great-circle distance times the road
        factor at the speed, or a table of (from, to, km, minutes) that takes precedence — its
        minutes, or else its km at the speed.

    Returns
    -------
    RegistrySitingInputs

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> inputs = registry_siting_inputs(load_demo(), max_minutes=20)
    >>> inputs.cost.shape == (len(inputs.client_ids), len(inputs.site_ids))
    True
    """
    from netmatch._data.distances import read_distances
    from netmatch._identify import identify

    checks = Checks("site_centres")
    if not (isinstance(max_minutes, int | float) and max_minutes > 0):
        checks.fail("max_minutes", "a positive number", shown(max_minutes))
    if clients not in ("needy", "all"):
        checks.fail("clients", "'needy' or 'all'", shown(clients))
    checks.done()
    reg = registry
    ident = identification if identification is not None else identify(reg)
    lat = np.array([np.nan if s.latitude is None else s.latitude for s in reg.schools])
    lon = np.array([np.nan if s.longitude is None else s.longitude for s in reg.schools])
    located = ~np.isnan(lat)
    hosts, cand = _site_rows(reg, kinds, candidates)
    client_mask = ident.needs_partner if clients == "needy" else np.ones(len(reg.ids), bool)
    # a school without coordinates has no trips: it is neither a client nor a site, with a reason
    left_out = _left_out(reg.ids, {"client": np.flatnonzero(client_mask).tolist(), "centre": hosts,
                                   "candidate": cand}, located)
    hosts, cand = [i for i in hosts if located[i]], [i for i in cand if located[i]]
    site_rows = np.array([*hosts, *cand], dtype=np.int64)
    client_rows = np.flatnonzero(client_mask & located)
    table = read_distances(distances, reg.index, len(reg.ids), "site_centres")
    cost = _reachable_minutes(lat, lon, client_rows, site_rows, max_minutes=float(max_minutes),
                              travel=TravelModel(road_factor=road_factor, speed_kmh=speed_kmh), table=table)
    return RegistrySitingInputs(
        cost=cost, weights=_pupils(reg, client_rows), fixed=np.arange(len(hosts), dtype=np.int64),
        candidates=np.arange(len(hosts), len(site_rows), dtype=np.int64),
        client_ids=tuple(reg.ids[i] for i in client_rows), site_ids=tuple(reg.ids[i] for i in site_rows),
        radius=float(max_minutes), left_out=left_out)


def _check_located(inputs: RegistrySitingInputs, k: Any) -> None:
    """A plain message, before the core, when leaving out the schools without coordinates leaves nothing to site.

    Only then is a missing coordinate an error; otherwise those schools are listed in ``left_out``.
    """
    def gone(role: str) -> list[str]:
        return [x.school for x in inputs.left_out if role in x.roles]

    problems = []
    clients = gone("client")
    if not inputs.client_ids and clients:
        problems.append(f"site_centres: none of the {len(clients)} schools to serve has coordinates "
                        f"({id_list(clients, 'en')}), so no travel time to a centre is known; add their latitude "
                        "and longitude.")
    candidates = gone("candidate")
    if candidates and is_number(k) and len(inputs.candidates) < k:
        problems.append(f"site_centres: {k:g} new centres asked for, but only {len(inputs.candidates)} candidate "
                        f"sites have coordinates; {len(candidates)} have none ({id_list(candidates, 'en')}). Add "
                        "their latitude and longitude, or ask for fewer centres.")
    if problems:
        raise InvalidInputError(problems)


def site_registry(registry: Any, k: int | None = None, *, objective: ObjectiveKind | None = None,
                  radius: float | None = None, candidates: Any = None, capacity: Any = None,
                  time_limit: float = DEFAULT_TIME_LIMIT, mip_rel_gap: float = 0.0, **options: Any) -> Siting:
    """:func:`site_centres` on a registry: its inputs, the core, and the school ids on the siting.

    ``k`` and ``objective`` default to :data:`DEFAULT_K` and :data:`DEFAULT_OBJECTIVE`; ``radius``,
    when given, is ``max_minutes``. ``options`` are those of :func:`registry_siting_inputs`.
    When no school needs a centre (no ШНОР or ШНСУ, with ``clients="needy"``), nothing is sited:
    the siting has no clients, keeps the existing centres open and says why in its
    :meth:`~netmatch._siting.results.Siting.note` (:data:`NO_CLIENTS_NOTE`).
    """
    if radius is not None and "max_minutes" not in options:
        options["max_minutes"] = radius
    inputs = registry_siting_inputs(registry, candidates=candidates, **options)
    _check_located(inputs, DEFAULT_K if k is None else k)
    if capacity is not None and not isinstance(capacity, Mapping):
        raise InvalidInputError(["With a registry, capacity is a mapping {school id: pupils}."])
    cap = None
    if capacity is not None:
        cap = np.array([float(capacity.get(s, np.inf)) for s in inputs.site_ids])
    if not inputs.client_ids:  # nobody to serve (those without coordinates were caught above)
        siting = site_no_clients(len(inputs.site_ids), DEFAULT_K if k is None else k,
                                 objective=DEFAULT_OBJECTIVE if objective is None else objective,
                                 radius=inputs.radius, fixed=inputs.fixed, candidates=inputs.candidates,
                                 time_limit=time_limit, mip_rel_gap=mip_rel_gap,
                                 note_ru=NO_CLIENTS_NOTE[0], note_en=NO_CLIENTS_NOTE[1])
    else:
        siting = site_matrix(inputs.cost, DEFAULT_K if k is None else k,
                             objective=DEFAULT_OBJECTIVE if objective is None else objective,
                             weights=inputs.weights, radius=inputs.radius, fixed=inputs.fixed,
                             candidates=inputs.candidates, capacity=cap, time_limit=time_limit,
                             mip_rel_gap=mip_rel_gap, client_ids=inputs.client_ids)
    return replace(siting, client_ids=inputs.client_ids, site_ids=inputs.site_ids, left_out=inputs.left_out)

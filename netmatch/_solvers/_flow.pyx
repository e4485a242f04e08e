# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Successive shortest paths for the lexicographic min-cost flow behind ``max_coverage_assignment``.

Every arc has a two-part cost ``(primary, secondary)``, compared lexicographically: primary is an
integer (1 on the "left uncovered" arcs, 0 elsewhere), secondary a float (the normalised score
loss on the arcs that pick an edge). Every supply node sends all its supply to the sink; with
its uncovered arc to the sink always open, routing is always possible, and a flow of least
lexicographic cost is a plan of maximum coverage and, among those, least score loss — with no
big-M constant to spoil the floating-point arithmetic.

The algorithm is the classical one (Busacker and Gowen; Edmonds and Karp's node potentials):
from each supply node in turn, Dijkstra's algorithm on reduced costs finds a shortest path to
the sink in the residual network, and flow is pushed along it. The search stops as soon as the
sink is settled, and only the nodes it settled get new potentials (the Jonker–Volgenant trick),
so a partner whose best leader has room costs a handful of heap operations instead of a sweep
of the whole network. Reduced costs stay non-negative, so every intermediate flow has least cost
for the supply routed so far, and the final flow is optimal.
"""

from libc.stdlib cimport free, malloc

import numpy as np

ctypedef long long i64

cdef struct Entry:
    i64 p
    double c
    i64 v


cdef inline bint _less(i64 ap, double ac, i64 bp, double bc) noexcept nogil:
    return ap < bp or (ap == bp and ac < bc)


cdef inline void _push(Entry* heap, i64* size, i64 p, double c, i64 v) noexcept nogil:
    cdef i64 i = size[0]
    cdef i64 parent
    size[0] += 1
    while i > 0:
        parent = (i - 1) >> 1
        if not _less(p, c, heap[parent].p, heap[parent].c):
            break
        heap[i] = heap[parent]
        i = parent
    heap[i].p = p
    heap[i].c = c
    heap[i].v = v


cdef inline Entry _pop(Entry* heap, i64* size) noexcept nogil:
    cdef Entry top = heap[0]
    cdef Entry last
    cdef i64 n, i, child
    size[0] -= 1
    n = size[0]
    if n > 0:
        last = heap[n]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= n:
                break
            if child + 1 < n and _less(heap[child + 1].p, heap[child + 1].c, heap[child].p, heap[child].c):
                child += 1
            if not _less(heap[child].p, heap[child].c, last.p, last.c):
                break
            heap[i] = heap[child]
            i = child
        heap[i] = last
    return top


def min_cost_flow(
    i64 n_nodes,
    i64 sink,
    const i64[::1] tail,
    const i64[::1] head,
    const i64[::1] capacity,
    const i64[::1] primary,
    const double[::1] secondary,
    const i64[::1] sources,
    const i64[::1] supply,
):
    """Successive shortest paths from ``sources[k]`` (``supply[k]`` units each, in order) to ``sink``.

    Arc costs must be lexicographically non-negative. When a search from a source finds no path
    to the sink, every node it reached is marked dead: it can never reach the sink again (an
    augmenting path only adds arcs against its own direction, and every node on it reaches the
    sink), so later searches skip dead nodes and each node is explored by at most one failed
    search. The source keeps its unsent supply. The flow is then a maximum flow, of least cost
    for the supply it sends, and the dead nodes are exactly those the unsent supply can reach:
    the source side of a minimum cut.

    Returns
    -------
    flow : int64 array, one value per arc
    dead : bool array, one value per node
    unsent : int64 array, the supply each source could not send
    """
    cdef i64 n_arcs = tail.shape[0]
    cdef i64 n_res = 2 * n_arcs
    cdef i64 a, x, k, u, v, s, node, need, delta, rp, np_, dp, heap_size, n_settled
    cdef double rc, nc, dc
    cdef Entry e

    # residual arcs: 2a runs along arc a, 2a + 1 against it; grouped by the node they leave
    # (a counting sort: stable, linear)
    adj_arr = np.empty(n_res, dtype=np.int64)
    start_arr = np.zeros(n_nodes + 1, dtype=np.int64)
    fill_arr = np.empty(n_nodes, dtype=np.int64)
    cdef i64[::1] adj = adj_arr
    cdef i64[::1] start = start_arr
    cdef i64[::1] fill = fill_arr
    with nogil:
        for a in range(n_arcs):
            start[tail[a] + 1] += 1
            start[head[a] + 1] += 1
        for u in range(n_nodes):
            start[u + 1] += start[u]
            fill[u] = start[u]
        for x in range(n_res):
            u = tail[x >> 1] if not (x & 1) else head[x >> 1]
            adj[fill[u]] = x
            fill[u] += 1
    res_cap_arr = np.zeros(n_res, dtype=np.int64)
    res_cap_arr[0::2] = capacity
    cdef i64[::1] res_cap = res_cap_arr

    pot_p_arr = np.zeros(n_nodes, dtype=np.int64)
    pot_c_arr = np.zeros(n_nodes, dtype=np.float64)
    dist_p_arr = np.zeros(n_nodes, dtype=np.int64)
    dist_c_arr = np.zeros(n_nodes, dtype=np.float64)
    state_arr = np.zeros(n_nodes, dtype=np.int8)  # 0 unseen, 1 labelled, 2 settled
    pred_arr = np.full(n_nodes, -1, dtype=np.int64)
    touched_arr = np.empty(n_nodes, dtype=np.int64)
    settled_arr = np.empty(n_nodes, dtype=np.int64)
    cdef i64[::1] pot_p = pot_p_arr
    cdef double[::1] pot_c = pot_c_arr
    cdef i64[::1] dist_p = dist_p_arr
    cdef double[::1] dist_c = dist_c_arr
    cdef signed char[::1] state = state_arr
    cdef i64[::1] pred = pred_arr
    cdef i64[::1] touched = touched_arr
    cdef i64[::1] settled = settled_arr
    cdef i64 n_touched
    dead_arr = np.zeros(n_nodes, dtype=np.bool_)
    unsent_arr = np.zeros(sources.shape[0], dtype=np.int64)
    cdef unsigned char[::1] dead = dead_arr.view(np.uint8)
    cdef i64[::1] unsent = unsent_arr

    # lazy deletion: at most one entry per relaxation, and a search relaxes each arc at most once
    cdef Entry* heap = <Entry*> malloc((n_res + n_nodes + 1) * sizeof(Entry))
    if heap == NULL:
        raise MemoryError()
    try:
        with nogil:
            for k in range(sources.shape[0]):
                s = sources[k]
                need = supply[k]
                if dead[s]:
                    unsent[k] = need
                    continue
                while need > 0:
                    # Dijkstra from s on reduced costs, stopping when the sink is settled
                    heap_size = 0
                    n_touched = 0
                    n_settled = 0
                    dist_p[s] = 0
                    dist_c[s] = 0.0
                    state[s] = 1
                    pred[s] = -1
                    touched[n_touched] = s
                    n_touched += 1
                    _push(heap, &heap_size, 0, 0.0, s)
                    while heap_size > 0:
                        e = _pop(heap, &heap_size)
                        u = e.v
                        if state[u] == 2 or _less(dist_p[u], dist_c[u], e.p, e.c):
                            continue  # stale entry
                        state[u] = 2
                        settled[n_settled] = u
                        n_settled += 1
                        if u == sink:
                            break
                        for a in range(start[u], start[u + 1]):
                            x = adj[a]
                            if res_cap[x] <= 0:
                                continue
                            if x & 1:
                                v = tail[x >> 1]
                                rp = -primary[x >> 1]
                                rc = -secondary[x >> 1]
                            else:
                                v = head[x >> 1]
                                rp = primary[x >> 1]
                                rc = secondary[x >> 1]
                            if state[v] == 2 or dead[v]:
                                continue
                            rp = rp + pot_p[u] - pot_p[v]
                            rc = rc + pot_c[u] - pot_c[v]
                            if rp == 0 and rc < 0.0:
                                rc = 0.0  # rounding noise on a tight arc
                            np_ = dist_p[u] + rp
                            nc = dist_c[u] + rc
                            if state[v] == 0 or _less(np_, nc, dist_p[v], dist_c[v]):
                                if state[v] == 0:
                                    touched[n_touched] = v
                                    n_touched += 1
                                state[v] = 1
                                dist_p[v] = np_
                                dist_c[v] = nc
                                pred[v] = x
                                _push(heap, &heap_size, np_, nc, v)
                    if state[sink] != 2:
                        # no path: everything reached is dead; potentials stay as they were
                        for a in range(n_touched):
                            dead[touched[a]] = 1
                            state[touched[a]] = 0
                        unsent[k] = need
                        break
                    # potentials: settled nodes move by their distance less the sink's
                    dp = dist_p[sink]
                    dc = dist_c[sink]
                    for a in range(n_settled):
                        node = settled[a]
                        pot_p[node] += dist_p[node] - dp
                        pot_c[node] += dist_c[node] - dc
                    # push the bottleneck along the path
                    delta = need
                    node = sink
                    while node != s:
                        x = pred[node]
                        if res_cap[x] < delta:
                            delta = res_cap[x]
                        node = tail[x >> 1] if not (x & 1) else head[x >> 1]
                    node = sink
                    while node != s:
                        x = pred[node]
                        res_cap[x] -= delta
                        res_cap[x ^ 1] += delta
                        node = tail[x >> 1] if not (x & 1) else head[x >> 1]
                    need -= delta
                    for a in range(n_touched):
                        state[touched[a]] = 0
    finally:
        free(heap)
    return res_cap_arr[1::2].copy(), dead_arr, unsent_arr

"""Solvers on plain arrays (no registry, no pandas, no files); import each module directly.

* :mod:`~netmatch._solvers.arrays` — input checks, the results ``Assignment`` and ``GapResult``,
  ``check_assignment``;
* :mod:`~netmatch._solvers.bmatching` — ``max_coverage_assignment`` (b-matching of maximum
  coverage), ``compiled_solver``; its engines ``_network``, ``_ssp`` (the compiled ``_flow``)
  and ``_lapjv``;
* :mod:`~netmatch._solvers.greedy` — ``greedy_assignment``, the baseline;
* :mod:`~netmatch._solvers.gap` — ``generalized_assignment``;
* :mod:`~netmatch._solvers.stable` — ``deferred_acceptance``, ``blocking_pairs``;
* transport and facility location in their own modules.

The public face of these for other tools is :mod:`netmatch.solvers`.
"""

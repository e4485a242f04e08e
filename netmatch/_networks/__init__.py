"""Network associations (сетевые объединения) around leader schools, beneath :func:`netmatch.form_networks`.

``form`` builds them from the partnership graph on the array solver
:mod:`netmatch._solvers.associations` and checks them; ``results`` holds :class:`Networks`,
:class:`Association`, :class:`Membership` and :class:`NetworkKpis`.
"""

from netmatch._networks.form import REASONS, check_networks, form_networks
from netmatch._networks.results import Association, Membership, NetworkKpis, Networks

__all__ = ["REASONS", "Association", "Membership", "NetworkKpis", "Networks", "check_networks", "form_networks"]

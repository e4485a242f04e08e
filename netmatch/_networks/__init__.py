"""Network associations (сетевые объединения) around leader schools, beneath :func:`netmatch.form_networks`.

``groups`` builds the inter-school subject groups of teachers (:func:`netmatch.form_groups`);
``needs`` matches the schools' stated needs to partner organisations (:func:`netmatch.match_needs`),
``organisations`` gives the organisations that lead their arcs to the schools; ``form`` builds the
associations from the partnership graph on the array solver
:mod:`netmatch._solvers.associations` and checks them; ``results`` holds :class:`Networks`,
:class:`Association`, :class:`Membership` and :class:`NetworkKpis`.
"""

from netmatch._networks.form import REASONS, check_networks, form_networks
from netmatch._networks.groups import GroupKpis, SubjectGroup, SubjectGroups, Unplaced, check_groups, form_groups
from netmatch._networks.needs import NeedKpis, NeedMatch, NeedMatches, check_needs, match_needs
from netmatch._networks.results import Association, Membership, NetworkKpis, Networks

__all__ = ["REASONS", "Association", "GroupKpis", "Membership", "NeedKpis", "NeedMatch", "NeedMatches",
           "NetworkKpis", "Networks", "SubjectGroup", "SubjectGroups", "Unplaced", "check_groups", "check_needs",
           "check_networks", "form_groups", "form_networks", "match_needs"]

"""The people of a programme: curators for the ШНОР/ШНСУ and mentors for their teachers."""

from netmatch._people.curators import CuratorAssignment, CuratorKpis, Curators, assign_curators, check_curators
from netmatch._people.mentors import MentorAssignment, MentorKpis, Mentors, assign_mentors, check_mentors

__all__ = ["CuratorAssignment", "CuratorKpis", "Curators", "MentorAssignment", "MentorKpis", "Mentors",
           "assign_curators", "assign_mentors", "check_curators", "check_mentors"]

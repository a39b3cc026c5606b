"""Who holds a seat on a vacancy through an app above jobs.

Matching reserves a seat on each job of an accepted proposal (proposal_accept) and reads
vacancies, so jobs must not import matching. Matching registers here the query answering
"who holds a seat on these vacancies" (MatchingConfig.ready); without it nobody does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from arraigo.registry.models import Person

from .models import Vacancy

# Given vacancies, the ids of the people holding a seat on one of them (a values() query).
HoldersQuery = Callable[[QuerySet[Vacancy]], QuerySet[Any]]

_holders: list[HoldersQuery] = []


def reservation_holders_register(query: HoldersQuery) -> None:
    """Called once by the app that reserves seats (matching)."""
    if query not in _holders:
        _holders.append(query)


def reservation_holders(vacancies: QuerySet[Vacancy]) -> QuerySet[Person]:
    """The people holding a seat on one of `vacancies` (one subquery per registered app)."""
    people = Person.objects.none()
    for query in _holders:
        people = people | Person.objects.filter(pk__in=query(vacancies))
    return people

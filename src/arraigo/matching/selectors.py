"""Reads on matching runs and proposals, scoped to the asking user.

Runs are visible to whoever holds matching.view_matchingrun; a proposal only to users who
see its household (registry.selectors.households_visible_to). Out of scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from arraigo.accounts.models import User
from arraigo.places.models import City
from arraigo.registry.selectors import households_visible_to

from .models import MatchingRun, Proposal


def _may(user: Any, perm: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm))


def runs_visible_to(user: User) -> QuerySet[MatchingRun]:
    if not _may(user, "matching.view_matchingrun"):
        return MatchingRun.objects.none()
    return MatchingRun.objects.select_related("created_by")


def run_get_for(user: User, pk: int) -> MatchingRun:
    try:
        return runs_visible_to(user).get(pk=pk)
    except MatchingRun.DoesNotExist as exc:
        raise Http404("No such run.") from exc


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    if not _may(user, "matching.view_proposal"):
        return Proposal.objects.none()
    return Proposal.objects.filter(household__in=households_visible_to(user))


def proposals_list(
    user: User,
    run: MatchingRun,
    *,
    city: City | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[Proposal]:
    qs = proposals_visible_to(user).filter(run=run)
    if city is not None:
        qs = qs.filter(city=city)
    if status:
        qs = qs.filter(status=status)
    if search.strip():
        qs = qs.filter(household__code__icontains=search.strip())
    return qs.select_related("household", "city", "override_city").order_by("household__code")


def proposal_get_for(user: User, pk: int) -> Proposal:
    try:
        return (
            proposals_visible_to(user)
            .select_related("run", "household", "city", "override_city", "reviewed_by")
            .get(pk=pk)
        )
    except Proposal.DoesNotExist as exc:
        raise Http404("No such proposal.") from exc


def proposal_jobs(proposal: Proposal) -> list[Any]:
    return list(
        proposal.jobs.select_related("vacancy", "vacancy__employer", "vacancy__city").order_by("id")
    )


def override_cities(proposal: Proposal) -> QuerySet[City]:
    """Host cities with capacity in the run's period, except the proposed one."""
    return (
        City.objects.filter(
            capacities__period_start=proposal.run.period_start,
            capacities__period_end=proposal.run.period_end,
            active=True,
        )
        .exclude(pk=proposal.city_id)
        .distinct()
        .order_by("name")
    )

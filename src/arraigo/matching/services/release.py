"""Giving back what an accepted offer reserved, when the household does not take it up.

The exact reverse of `proposal_accept`: the household's needs per capacity dimension in the
run's period, and one vacancy seat per proposed job. Locks are taken in the same order as
the accept (Capacity rows of the city by id, then Vacancy rows by id), so a release and an
accept running at once queue instead of deadlocking.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from arraigo.jobs.models import Vacancy
from arraigo.places.models import Capacity

from ..models import Proposal, ProposalStatus
from ..selectors import household_needs


@transaction.atomic
def reservation_release(*, proposal: Proposal) -> dict[str, int]:
    """Release the capacity and seats `proposal_accept` reserved for this accepted proposal.

    Called by the relocation services (a no-show), which have checked who asks and hold the
    plan's lock, so the release happens once per plan. Returns what was given back per
    capacity dimension and per vacancy ("vacancy:<id>"). A counter never goes below zero.
    """
    locked = Proposal.objects.select_related("run", "household").get(pk=proposal.pk)
    if locked.status != ProposalStatus.ACCEPTED:
        return {}
    run = locked.run
    city = locked.offered_city
    needs = household_needs(locked.household, run.period_start)
    capacities = list(
        Capacity.objects.select_for_update()
        .filter(city=city, period_start=run.period_start, period_end=run.period_end)
        .order_by("id")
    )
    wanted: dict[int, int] = {}
    for vacancy_id in locked.jobs.values_list("vacancy_id", flat=True):
        wanted[vacancy_id] = wanted.get(vacancy_id, 0) + 1
    vacancies = list(
        Vacancy.objects.select_for_update().filter(pk__in=sorted(wanted)).order_by("id")
    )
    released: dict[str, int] = {}
    for row in capacities:
        n = needs.get(row.dimension, 0)
        if n:
            Capacity.objects.filter(pk=row.pk).update(reserved=Greatest(F("reserved") - n, 0))
            released[row.dimension] = min(n, row.reserved)
    for vacancy in vacancies:
        n = wanted[vacancy.pk]
        Vacancy.objects.filter(pk=vacancy.pk).update(
            seats_reserved=Greatest(F("seats_reserved") - n, 0)
        )
        released[f"vacancy:{vacancy.pk}"] = min(n, vacancy.seats_reserved)
    return released

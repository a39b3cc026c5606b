"""Reads for the trips pages (plan list, households to plan, arrivals), scoped by the shared
selectors in selectors.py."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.places.models import City, Office
from arraigo.registry.models import HouseholdStatus, StatusChange

from .models import Departure, PlanStatus, RelocationPlan, Ticket
from .models.trips import OPEN_PLAN_STATUSES
from .selectors import departures_visible_to, plans_visible_to

_QS = TypeVar("_QS", bound=QuerySet[Any])

LIVE = (PlanStatus.PLANNED, PlanStatus.DEPARTED, PlanStatus.ARRIVED)


def _list_filters(
    qs: _QS,
    *,
    status: str,
    office: Office | None,
    on: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> _QS:
    """The filters the trip and departure lists share: status, origin office, and a range of
    the date field `on`."""
    if status:
        qs = qs.filter(status=status)
    if office is not None:
        qs = qs.filter(origin_office=office)
    if date_from is not None:
        qs = qs.filter(**{f"{on}__gte": date_from})
    if date_to is not None:
        qs = qs.filter(**{f"{on}__lte": date_to})
    return qs


def plans_list(
    user: User,
    *,
    search: str = "",
    status: str = "",
    city: City | None = None,
    office: Office | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[RelocationPlan]:
    """The keys of the plans `user` may see, filtered, latest trip first: a query without
    joins (but for a search by case code) that the index on (travel date, id) orders, so a page
    of 100,000 trips costs what a page of 1,000 does; `plan_rows` reads the page's rows."""
    qs = plans_visible_to(user).select_related(None)
    if search.strip():
        qs = qs.filter(household__code__icontains=search.strip())
    if city is not None:
        qs = qs.filter(destination_city=city)
    qs = _list_filters(
        qs, status=status, office=office, on="travel_date", date_from=date_from, date_to=date_to
    )
    return qs.order_by("-travel_date", "-id")


def plan_places(user: User) -> tuple[QuerySet[City], QuerySet[Office]]:
    """The destination cities and origin offices of the trips `user` sees, by name, for the
    list's filters: each looked up in the trips' index (a trip of this city, of this office),
    not read off every trip in scope."""
    visible = plans_visible_to(user)
    cities = City.objects.filter(Exists(visible.filter(destination_city=OuterRef("pk"))))
    offices = Office.objects.filter(Exists(visible.filter(origin_office=OuterRef("pk"))))
    return cities.order_by("name"), offices.order_by("name")


def plan_rows(ids: list[int]) -> list[RelocationPlan]:
    """The plans `ids` (a page of `plans_list`), in that order, with their household, places,
    departure and how many travellers."""
    rows = RelocationPlan.objects.filter(pk__in=ids).select_related(
        "household", "origin_office", "destination_city", "departure"
    )
    by_id = {plan.pk: plan for plan in rows.annotate(travellers=Count("tickets"))}
    return [by_id[pk] for pk in ids if pk in by_id]


def offers_to_plan(user: User) -> QuerySet[Proposal]:
    """Accepted offers of households in the user's scope that have no live trip yet, the
    accepted longest ago first."""
    if not user.has_perm("relocation.add_relocationplan"):
        return Proposal.objects.none()
    waiting = Proposal.objects.filter(
        status=ProposalStatus.ACCEPTED, household__status=HouseholdStatus.OFFER_ACCEPTED
    )
    # the scope as a condition on the joined household (the same rule as
    # households_visible_to), not a subquery of every household in it
    waiting = scope.scope_filter(
        waiting,
        user,
        scope.Kind.HOUSEHOLDS,
        office="household__origin_office",
        city="household__host_city",
    )
    return (
        waiting.exclude(household__relocation_plans__status__in=LIVE)
        .exclude(relocation_plans__status=PlanStatus.NO_SHOW)
        .select_related("household", "city", "override_city")
        .order_by("decided_at", "id")
    )


def offers_to_plan_keys(user: User) -> list[int]:
    """The ids of `offers_to_plan`, in its order: one narrow query whose length is the count."""
    return list(offers_to_plan(user).values_list("pk", flat=True))


def offer_rows(ids: list[int]) -> list[Proposal]:
    """The offers `ids` (some of `offers_to_plan_keys`), in that order."""
    rows = Proposal.objects.filter(pk__in=ids).select_related("household", "city", "override_city")
    by_id = {proposal.pk: proposal for proposal in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def plan_tickets(plan: RelocationPlan) -> list[Ticket]:
    return list(plan.tickets.select_related("person", "checked_in_by").order_by("id"))


def plan_history(plan: RelocationPlan) -> QuerySet[StatusChange]:
    """The household's journey since the trip was booked."""
    return (
        StatusChange.objects.filter(household_id=plan.household_id, changed_at__gte=plan.created_at)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )


def departures_list(
    user: User,
    *,
    search: str = "",
    status: str = "",
    office: Office | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Departure]:
    """The user's group departures, latest first, with how many households and travellers
    each carries (the trips still on it: a cancelled trip leaves its departure)."""
    qs = departures_visible_to(user).annotate(
        households=Count("plans", distinct=True), travellers=Count("plans__tickets")
    )
    if search.strip():
        term = search.strip()
        qs = qs.filter(Q(route__icontains=term) | Q(carrier__icontains=term))
    qs = _list_filters(
        qs, status=status, office=office, on="date", date_from=date_from, date_to=date_to
    )
    return qs.order_by("-date", "-id")


def arrivals_for(user: User, city: City | None = None) -> QuerySet[RelocationPlan]:
    """Trips still expected (planned or on the way) in the user's cities, earliest due first."""
    qs = plans_visible_to(user).filter(status__in=OPEN_PLAN_STATUSES)
    if scope.anchor(user) is scope.Anchor.OFFICE:
        return qs.none()  # arrivals are the host city's work, not an origin office's
    if city is not None:
        qs = qs.filter(destination_city=city)
    tickets = Ticket.objects.select_related("person").order_by("id")
    return qs.prefetch_related(Prefetch("tickets", queryset=tickets)).order_by("arrival_due", "id")


def departure_plans(user: User, departure_id: int) -> QuerySet[RelocationPlan]:
    return (
        plans_visible_to(user)
        .filter(departure_id=departure_id)
        .annotate(travellers=Count("tickets"))
        .order_by("household__code")
    )


def plans_to_add(user: User, office_id: int, day: dt.date) -> QuerySet[RelocationPlan]:
    """Planned trips of the office on that day, not on a departure yet."""
    return (
        plans_visible_to(user)
        .filter(
            Q(origin_office_id=office_id)
            & Q(status=PlanStatus.PLANNED)
            & Q(travel_date=day)
            & Q(departure__isnull=True)
        )
        .order_by("household__code")
    )

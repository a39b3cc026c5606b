"""Reads on relocation, always scoped to what the asking user may see: the permission to read
each kind of record, then the household scope of accounts.scope (a trip by its origin office
and destination city)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from arraigo.accounts import scope
from arraigo.accounts.models import User

from .models import Departure, FollowUpRequest, Grant, LedgerEntry, RelocationPlan

_CASES = scope.Kind.HOUSEHOLDS


def _may(user: User, perm: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(perm))


def plans_visible_to(user: User) -> QuerySet[RelocationPlan]:
    """Coordinators and auditors all plans; an origin caseworker the plans leaving their office;
    a host-city caseworker the plans arriving in their city; everyone else none."""
    qs = RelocationPlan.objects.select_related(
        "household", "origin_office", "destination_city", "departure"
    )
    if not _may(user, "relocation.view_relocationplan"):
        return qs.none()
    return scope.scope_filter(qs, user, _CASES, office="origin_office", city="destination_city")


def plan_get_for(user: User, pk: int) -> RelocationPlan:
    """One plan the user may see, or 404 (out of scope looks exactly like missing)."""
    try:
        return plans_visible_to(user).get(pk=pk)
    except RelocationPlan.DoesNotExist as exc:
        raise Http404 from exc


def departures_visible_to(user: User) -> QuerySet[Departure]:
    """National roles all; an origin caseworker their office's; a host caseworker those that
    carry a plan to their city."""
    qs = Departure.objects.select_related("origin_office")
    if not _may(user, "relocation.view_departure"):
        return qs.none()
    if scope.reaches_all(user, _CASES):
        return qs
    # A departure carries several plans: match through a subquery, not a join that repeats it.
    mine = scope.scope_filter(
        Departure.objects.all(),
        user,
        _CASES,
        office="origin_office",
        city="plans__destination_city",
    )
    return qs.filter(pk__in=mine.values("pk"))


def grants_visible_to(user: User) -> QuerySet[Grant]:
    """A relocation's grant follows its plan's scope; a grant without a trip (support where the
    household lives) follows the household: its office's and its city's caseworkers."""
    qs = Grant.objects.select_related("plan", "household", "table")
    if not _may(user, "relocation.view_grant"):
        return qs.none()
    if scope.reaches_all(user, _CASES):
        return qs
    trip = scope.scope_q(user, _CASES, office="plan__origin_office", city="plan__destination_city")
    home = scope.scope_q(
        user, _CASES, office="household__origin_office", city="household__host_city"
    )
    return qs.filter(Q(plan__isnull=False) & trip | Q(plan__isnull=True) & home)


def grant_approvers(grant: Grant) -> list[User]:
    """Who may approve `grant`: active people with the right to approve grants who see it,
    except the person who prepared it (maker-checker), by name."""
    holders = (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="approve_grant")
            | Q(user_permissions__codename="approve_grant")
            | Q(is_superuser=True)
        )
        .exclude(pk=grant.prepared_by_id)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [
        user
        for user in holders
        if user.has_perm("relocation.approve_grant")
        and grants_visible_to(user).filter(pk=grant.pk).exists()
    ]


def follow_ups_visible_to(user: User) -> QuerySet[FollowUpRequest]:
    """What origin offices found out about households that did not arrive: for coordinators,
    auditors and the origin office asked (with the right to see follow-ups), nobody else; the
    host city's caseworkers see the no-show, not the findings. The follow-up list and the plan's
    page both read through here."""
    qs = FollowUpRequest.objects.select_related("household", "plan", "office")
    if not _may(user, "relocation.view_followuprequest"):
        return qs.none()
    # Addressed to an office: no city path, so a city's caseworkers reach none.
    return scope.scope_filter(qs, user, _CASES, office="office")


def plan_follow_ups(user: User, plan: RelocationPlan) -> list[FollowUpRequest]:
    """The plan's follow-ups that the user may see (the same rule as the follow-up list)."""
    return list(follow_ups_visible_to(user).filter(plan_id=plan.pk).order_by("created_at", "id"))


def ledger_visible_to(user: User) -> QuerySet[LedgerEntry]:
    """The ledger is for those who hold the budget (relocation.view_ledgerentry: coordinators
    and auditors), within their scope."""
    qs = LedgerEntry.objects.select_related("city", "office", "household")
    if not _may(user, "relocation.view_ledgerentry"):
        return qs.none()
    return scope.scope_filter(qs, user, _CASES, office="office", city="city")

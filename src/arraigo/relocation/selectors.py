"""Reads on relocation, always scoped to what the asking user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from arraigo.accounts.models import Role, User

from .models import Departure, FollowUpRequest, Grant, LedgerEntry, RelocationPlan

_NATIONAL_ROLES = {Role.COORDINATOR, Role.AUDITOR}


def plans_visible_to(user: User) -> QuerySet[RelocationPlan]:
    """Coordinators and auditors all plans; an origin caseworker the plans leaving their office;
    a host-city caseworker the plans arriving in their city; everyone else none."""
    qs = RelocationPlan.objects.select_related(
        "household", "origin_office", "destination_city", "departure"
    )
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if user.role in _NATIONAL_ROLES:
        return qs
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(origin_office_id=user.office_id)
    if user.role == Role.HOST_CASEWORKER and user.city_id is not None:
        return qs.filter(destination_city_id=user.city_id)
    return qs.none()


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
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if user.role in _NATIONAL_ROLES:
        return qs
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(origin_office_id=user.office_id)
    if user.role == Role.HOST_CASEWORKER and user.city_id is not None:
        return qs.filter(plans__destination_city_id=user.city_id).distinct()
    return qs.none()


def grants_visible_to(user: User) -> QuerySet[Grant]:
    """A relocation's grant follows its plan's scope; a grant without a trip (support where the
    household lives) follows the household: its office's and its city's caseworkers."""
    qs = Grant.objects.select_related("plan", "household", "table")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if user.role in _NATIONAL_ROLES:
        return qs
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(
            Q(plan__origin_office_id=user.office_id)
            | Q(plan__isnull=True, household__origin_office_id=user.office_id)
        )
    if user.role == Role.HOST_CASEWORKER and user.city_id is not None:
        return qs.filter(
            Q(plan__destination_city_id=user.city_id)
            | Q(plan__isnull=True, household__host_city_id=user.city_id)
        )
    return qs.none()


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
    if not (
        user.is_authenticated
        and user.is_active
        and user.has_perm("relocation.view_followuprequest")
    ):
        return qs.none()
    if user.role in _NATIONAL_ROLES:
        return qs
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(office_id=user.office_id)
    return qs.none()


def plan_follow_ups(user: User, plan: RelocationPlan) -> list[FollowUpRequest]:
    """The plan's follow-ups that the user may see (the same rule as the follow-up list)."""
    return list(follow_ups_visible_to(user).filter(plan_id=plan.pk).order_by("created_at", "id"))


def ledger_visible_to(user: User) -> QuerySet[LedgerEntry]:
    """The ledger is for those who hold the budget: coordinators and auditors."""
    qs = LedgerEntry.objects.select_related("city", "office", "household")
    if user.is_authenticated and user.is_active and user.role in _NATIONAL_ROLES:
        return qs
    return qs.none()

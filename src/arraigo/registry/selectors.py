"""Reads on households, always scoped to what the asking user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from arraigo.accounts.models import Role, User

from .models import Household

# Roles that see households at all; everyone else gets an empty set (and 404 on a case).
_NATIONAL_ROLES = {Role.COORDINATOR, Role.AUDITOR, Role.ME_OFFICER}


def households_visible_to(user: User) -> QuerySet[Household]:
    """Every household `user` may see: national roles all, caseworkers their office or city.

    Merged-away duplicates are hidden from lists; they stay reachable through `merged_into`.
    """
    qs = Household.objects.all()
    if not user.is_authenticated or not user.is_active or not user.has_perm(
        "registry.view_household"
    ):
        return qs.none()
    if user.role in _NATIONAL_ROLES:
        return qs
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(origin_office_id=user.office_id)
    if user.role == Role.HOST_CASEWORKER and user.city_id is not None:
        return qs.filter(host_city_id=user.city_id)
    return qs.none()


def household_get_for(user: User, pk: int) -> Household:
    """One household in the user's scope, or 404 (never 403: out of scope looks like absent)."""
    try:
        return households_visible_to(user).select_related(
            "origin_office", "origin_office__city", "host_city"
        ).get(pk=pk)
    except Household.DoesNotExist as exc:
        raise Http404("No such household.") from exc

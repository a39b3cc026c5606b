"""What a pseudonymised reader (the M&E officer) sees instead of identifying details.

The case code is replaced by a keyed hash of the household's id (stable for one installation,
not reversible without the secret key, the same on the household page and in the export); a
birth date by an age group; dates of the journey by their year.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from .choices import HouseholdStatus
from .models import Household, StatusChange

# UNHCR's age groups for disaggregation.
AGE_GROUPS: tuple[tuple[int, int | None], ...] = ((0, 4), (5, 11), (12, 17), (18, 59), (60, None))


def household_pseudonym(household_id: int) -> str:
    """ "H-" and ten hexadecimal digits of an HMAC of the id: no case code, no office, no year."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"household:{household_id}".encode(), hashlib.sha256).hexdigest()
    return f"H-{digest[:10].upper()}"


def age_group(age: int) -> str:
    for low, high in AGE_GROUPS:
        if high is None:
            return f"{low}+"
        if age <= high:
            return f"{low}-{high}"
    return ""


def arrival_years(household_ids: list[int]) -> dict[int, int]:
    """Household id -> year of its first arrival in the host city (households that arrived)."""
    years: dict[int, int] = {}
    rows = (
        StatusChange.objects.filter(
            household_id__in=household_ids, to_status=HouseholdStatus.ARRIVED
        )
        .order_by("changed_at")
        .values_list("household_id", "changed_at")
    )
    for household_id, changed_at in rows:
        years.setdefault(household_id, changed_at.year)
    return years


def arrival_year(household: Household) -> int | None:
    return arrival_years([household.pk]).get(household.pk)

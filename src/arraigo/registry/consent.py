"""Reading a household's current consent (the latest answer per purpose)."""

from __future__ import annotations

from arraigo.registry.models import Consent, ConsentPurpose, Household


def consent_current(household: Household) -> dict[str, bool | None]:
    """Each purpose -> its latest answer, or None if never asked. One query.

    The caller has already fetched `household` within the user's scope.
    """
    current: dict[str, bool | None] = dict.fromkeys(ConsentPurpose.values)
    answered: set[str] = set()
    rows = Consent.objects.filter(household=household).order_by("-recorded_at", "-id")
    for purpose, given in rows.values_list("purpose", "given"):
        if purpose not in answered:
            answered.add(purpose)
            current[purpose] = given
    return current

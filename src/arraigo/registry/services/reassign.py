"""Moving a case to another office or host city once the receiving side has accepted it.

The transfer itself (request, answer, who may do either) is arraigo.casefile's; that app calls
this on acceptance, so the household's row is still written by the registry alone.
"""

from __future__ import annotations

from django.db import transaction

from arraigo.places.models import City, Office
from arraigo.registry.models import Household


@transaction.atomic
def household_reassign(
    *, household: Household, to_office: Office | None = None, to_city: City | None = None
) -> Household:
    """Give `household` to `to_office` (origin side) or `to_city` (host side); returns the
    locked, updated row. The caller (casefile.services.transfer_answer) has checked the
    transfer; the receiving side cannot see the case before this, so there is no scope check."""
    if (to_office is None) == (to_city is None):
        raise ValueError("household_reassign takes either an office or a host city")
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if to_office is not None:
        locked.origin_office = to_office
        locked.save(update_fields=["origin_office", "updated_at"])
    else:
        locked.host_city = to_city
        locked.save(update_fields=["host_city", "updated_at"])
    return locked

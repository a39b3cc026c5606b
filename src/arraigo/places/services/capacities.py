"""Set how much of one capacity dimension a host city can take in one period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm

from ..models import Capacity, CapacityDimension, City
from ..rows import capacity_row


@transaction.atomic
def capacity_set(
    *,
    actor: User,
    city: City,
    period_start: dt.date,
    period_end: dt.date,
    dimension: str,
    amount: int,
) -> Capacity:
    """Create or change the capacity of `city` for (`period_start`, `dimension`).

    The amount never goes below what is already reserved, and periods of one dimension in one
    city never overlap, so "the capacity today" always has one answer.
    """
    existing = (
        Capacity.objects.select_for_update()
        .filter(city=city, period_start=period_start, dimension=dimension)
        .first()
    )
    require_perm(actor, "places.change_capacity" if existing else "places.add_capacity")
    errors: Errors = {}
    if not city.is_host:
        add_error(errors, None, _("Capacity can only be set for a host city."))
    if dimension not in CapacityDimension.values:
        add_error(errors, "dimension", _("Unknown capacity dimension: %(d)s.") % {"d": dimension})
    if period_end < period_start:
        add_error(errors, "period_end", _("The period must end on or after its start."))
    if amount < 0:
        add_error(errors, "amount", _("The amount cannot be negative."))
    elif existing is not None and amount < existing.reserved:
        add_error(
            errors,
            "amount",
            _("The amount cannot go below the %(n)s already reserved.") % {"n": existing.reserved},
        )
    overlapping = (
        Capacity.objects.filter(
            city=city,
            dimension=dimension,
            period_start__lte=period_end,
            period_end__gte=period_start,
        )
        .exclude(pk=existing.pk if existing else 0)
        .order_by("period_start")
        .first()
    )
    if overlapping is not None and "period_end" not in errors:
        add_error(
            errors,
            "period_start",
            _("This period overlaps the one from %(start)s to %(end)s.")
            % {
                "start": overlapping.period_start.isoformat(),
                "end": overlapping.period_end.isoformat(),
            },
        )
    if errors:
        raise ValidationFailed(errors)
    if existing is None:
        capacity = capacity_row(
            city=city,
            period_start=period_start,
            period_end=period_end,
            dimension=dimension,
            amount=amount,
        )
    else:
        capacity = existing
        capacity.period_end = period_end
        capacity.amount = amount
    capacity.save()
    return capacity

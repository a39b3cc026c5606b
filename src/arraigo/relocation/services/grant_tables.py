"""Grant tables: programme data (relocation.yaml), one set per modality, stored by version on
first use, and the amount a table gives a household. A stored version never changes, so every
grant keeps showing the table it used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Household, Modality

from ..models import GrantTable, RelocationPlan
from ..rules import GrantTableRow, rules_current

CENTS = Decimal("0.01")


def _row_for(day: dt.date, modality: str = Modality.RELOCATION) -> GrantTableRow:
    rows = [row for row in rules_current().tables_for(modality) if row.effective_from <= day]
    if not rows:
        raise ValidationFailed(
            {
                None: [
                    _(
                        "No grant table is in force on %(day)s: the programme's relocation "
                        "rules need one."
                    )
                    % {"day": f"{day:%Y-%m-%d}"}
                ]
            }
        )
    return max(rows, key=lambda row: row.effective_from)


def _differs(stored: GrantTable, row: GrantTableRow) -> bool:
    return (
        stored.modality != row.modality
        or stored.effective_from != row.effective_from
        or stored.base_amount != row.base_amount
        or stored.per_additional_member != row.per_additional_member
        or stored.cap != row.cap
        or stored.currency != row.currency
    )


def grant_table_for(day: dt.date, modality: str = Modality.RELOCATION) -> GrantTable:
    """The stored version of the modality's table in force on `day` (stored on first use).

    A version already stored whose amounts in the rules file have changed is refused: grants
    keep showing the table they used, so a used version must never change.
    """
    row = _row_for(day, modality)
    table, _created = GrantTable.objects.get_or_create(
        version=row.version,
        defaults={
            "modality": row.modality,
            "effective_from": row.effective_from,
            "base_amount": row.base_amount,
            "per_additional_member": row.per_additional_member,
            "cap": row.cap,
            "currency": row.currency,
            "is_demo": row.demo,
            "note": row.note[:300],
        },
    )
    if _differs(table, row):
        raise ValidationFailed(
            {
                None: [
                    _(
                        "The grant table %(version)s in the relocation rules no longer matches "
                        "the one already used: a version in use never changes. Add a new "
                        "version with its own effective date instead."
                    )
                    % {"version": row.version}
                ]
            }
        )
    return table


def _amount(base: Decimal, per_member: Decimal, cap: Decimal, members: int) -> Decimal:
    """base + per additional member x (members - 1), at most the cap."""
    return min(cap, base + per_member * max(members - 1, 0))


def grant_amount(table: GrantTable, members: int) -> Decimal:
    """The amount of `table` for a household of `members`."""
    return _amount(table.base_amount, table.per_additional_member, table.cap, members)


@dataclass(frozen=True)
class GrantQuote:
    """What a grant prepared now would be (nothing stored): shown before preparing it."""

    version: str
    demo: bool
    members: int
    amount: Decimal
    currency: str


def grant_quote(plan: RelocationPlan) -> GrantQuote:
    """The table in force on the travel date applied to the household's registered members."""
    return _quote(_row_for(plan.travel_date), plan.household)


def grant_quote_in_place(household: Household, day: dt.date) -> GrantQuote:
    """A household without a trip: its modality's table in force on `day` (the day prepared)."""
    return _quote(_row_for(day, household.modality), household)


def _quote(row: GrantTableRow, household: Household) -> GrantQuote:
    members = household.members.count()
    amount = _amount(row.base_amount, row.per_additional_member, row.cap, members)
    return GrantQuote(
        version=row.version,
        demo=row.demo,
        members=members,
        amount=amount.quantize(CENTS),
        currency=row.currency,
    )

"""Posting to the ledger and checking the budget: called inside other services' transactions.

Every money move goes through `ledger_post`, never edited afterwards. Commitments are posted
when money is approved (tickets booked, nights recorded or approved, a grant approved) and
expenditure when it is paid (the trip departs, the stay closes, the grant is disbursed); a
correction is an opposite entry. `budget_reserve` locks the year's budget line, so two
approvals at once cannot both pass the last of a budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.core.numbers import money
from arraigo.places.models import City, Office
from arraigo.registry.models import Household

from ..models import BudgetLine, CostCategory, EntryKind, LedgerEntry
from ..rows import ledger_entry_row

ZERO = Decimal("0.00")


def ledger_post(
    *,
    actor: User,
    booked_on: dt.date,
    kind: str,
    category: str,
    amount: Decimal,
    household: Household,
    city: City,
    office: Office | None,
    source: str,
    description: str,
) -> LedgerEntry:
    """Append one entry. The caller has checked permission and holds the transaction.

    Money is paid after it is committed: an expenditure dated before its source's first
    commitment is refused, whichever step posts it.
    """
    if kind == EntryKind.EXPENDITURE and amount > 0:
        committed_on = (
            LedgerEntry.objects.filter(source=source, kind=EntryKind.COMMITMENT, amount__gt=0)
            .order_by("booked_on")
            .values_list("booked_on", flat=True)
            .first()
        )
        if committed_on is not None and booked_on < committed_on:
            raise ValidationFailed(
                {
                    None: [
                        _(
                            "A payment cannot be dated before its commitment (%(day)s): "
                            "nothing was recorded."
                        )
                        % {"day": f"{committed_on:%Y-%m-%d}"}
                    ]
                }
            )
    entry = ledger_entry_row(
        booked_on=booked_on,
        kind=kind,
        category=category,
        amount=amount,
        household_id=household.pk,
        city_id=city.pk,
        office_id=office.pk if office is not None else None,
        source=source,
        description=description,
        created_by_id=actor.pk,
    )
    entry.save()
    return entry


@dataclass(frozen=True)
class BudgetPosition:
    year: int
    category: str
    budget: Decimal | None  # None: no budget line for that year and category
    committed: Decimal  # net commitments (approved money, paid or not)
    spent: Decimal  # net expenditure

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed


def _total(year: int, category: str, kind: str) -> Decimal:
    total = LedgerEntry.objects.filter(
        booked_on__year=year, category=category, kind=kind
    ).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


def budget_position(*, year: int, category: str) -> BudgetPosition:
    line = BudgetLine.objects.filter(year=year, category=category).first()
    return BudgetPosition(
        year=year,
        category=category,
        budget=None if line is None else line.amount,
        committed=_total(year, category, EntryKind.COMMITMENT),
        spent=_total(year, category, EntryKind.EXPENDITURE),
    )


def budget_reserve(*, day: dt.date, category: str, amount: Decimal) -> BudgetPosition:
    """Refuse a commitment of `amount` that would take the year's line over its budget.

    Locks the budget line (when there is one) until the caller's transaction ends. With no
    line for that year and category, nothing limits the commitment.
    """
    line = BudgetLine.objects.select_for_update().filter(year=day.year, category=category).first()
    position = budget_position(year=day.year, category=category)
    if line is not None and position.committed + amount > line.amount:
        over = position.committed + amount - line.amount
        raise ValidationFailed(
            {
                None: [
                    _(
                        "This would take the %(category)s budget for %(year)s over by "
                        "%(over)s MXN (budget %(budget)s, already committed %(committed)s): "
                        "nothing was approved."
                    )
                    % {
                        "category": str(CostCategory(category).label).lower(),
                        "year": day.year,
                        "over": money(over),
                        "budget": money(line.amount),
                        "committed": money(position.committed),
                    }
                ]
            }
        )
    return position

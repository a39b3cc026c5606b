"""Budget lines: how much each cost category may commit in one year."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import ValidationFailed
from arraigo.core.numbers import money
from arraigo.core.service_checks import Errors, add_error, require_perm

from ..models import BudgetLine, CostCategory
from ..rows import budget_line_row
from .ledger import budget_position

FIRST_YEAR = 2000
LAST_YEAR = 2100


@transaction.atomic
def budget_line_set(
    *, actor: User, year: int, category: str, amount: Decimal, note: str = ""
) -> BudgetLine:
    """Create or change the budget of `category` for `year`.

    The amount never goes below what is already committed that year, so no approval made
    within the budget ends up over it afterwards. The line is locked, like `budget_reserve`
    locks it, so a change and an approval never pass each other.
    """
    existing = BudgetLine.objects.select_for_update().filter(year=year, category=category).first()
    require_perm(actor, "relocation.change_budgetline" if existing else "relocation.add_budgetline")
    errors: Errors = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        add_error(
            errors,
            "year",
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if category not in CostCategory.values:
        add_error(errors, "category", _("Unknown cost category: %(c)s.") % {"c": category})
    if amount < 0:
        add_error(errors, "amount", _("The budget cannot be negative."))
    elif not errors:
        committed = budget_position(year=year, category=category).committed
        if amount < committed:
            add_error(
                errors,
                "amount",
                _(
                    "The %(category)s budget for %(year)s cannot go below the %(committed)s MXN "
                    "already committed."
                )
                % {
                    "category": str(CostCategory(category).label).lower(),
                    "year": year,
                    "committed": money(committed),
                },
            )
    if errors:
        raise ValidationFailed(errors)
    row = budget_line_row(year=year, category=category, amount=amount, note=note)
    if existing is None:
        row.save(force_insert=True)
        return row
    existing.amount = row.amount
    existing.note = row.note
    existing.save(update_fields=["amount", "note"])
    return existing

"""What the grant steps share: the checks and lookups, the row lock, and the ledger posting.

The steps themselves are in `grants`; this module holds no step of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.core.service_checks import Errors, add_error
from arraigo.registry.choices import DuplicateStatus
from arraigo.registry.models import DuplicateCandidate, Household

from ..descriptions import grant_description
from ..models import CostCategory, Grant, GrantStatus, LedgerEntry, PlanStatus, RelocationPlan
from ..selectors import grants_visible_to
from .ledger import ledger_post

LIVE_STATUSES = (GrantStatus.PREPARED, GrantStatus.APPROVED, GrantStatus.DISBURSED)
NO_GRANT_PLAN_STATUSES = (PlanStatus.CANCELLED, PlanStatus.NO_SHOW)
REASON_MAX = 300
REFERENCE_MAX = 80


def has_open_duplicate(household: Household) -> bool:
    """A member of the household is in a possible-duplicate pair still to review (either side)."""
    return DuplicateCandidate.objects.filter(
        Q(person__household=household) | Q(other__household=household),
        status=DuplicateStatus.OPEN,
    ).exists()


def duplicate_message(household: Household) -> str:
    return _(
        "Household %(code)s has a possible duplicate still to review: no grant until the "
        "warning is resolved."
    ) % {"code": household.code}


def household_live_grant(household: Household) -> Grant | None:
    """The live grant of a household without a trip (support where it lives)."""
    return (
        Grant.objects.filter(household=household, plan__isnull=True, status__in=LIVE_STATUSES)
        .order_by("id")
        .first()
    )


def relocation_live_grant(plan: RelocationPlan) -> Grant | None:
    """The live grant of the plan's relocation: on any trip booked for the same accepted offer."""
    return (
        Grant.objects.filter(plan__proposal_id=plan.proposal_id, status__in=LIVE_STATUSES)
        .order_by("id")
        .first()
    )


def grant_lock(actor: User, grant: Grant) -> Grant:
    """The actor sees the grant's plan; lock the grant row."""
    if not grants_visible_to(actor).filter(pk=grant.pk).exists():
        raise NotPermitted()
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related(
            "plan__destination_city",
            "plan__origin_office",
            "household__host_city",
            "household__origin_office",
            "table",
        )
        .get(pk=grant.pk)
    )


def state_error(locked: Grant, message: str) -> InvalidTransition:
    """`message` holds %(status)s: the grant's status in words."""
    return InvalidTransition(message % {"status": locked.get_status_display().lower()})


def clean_reason(reason: str, errors: Errors) -> str:
    reason = reason.strip()
    if not reason:
        add_error(errors, "reason", _("Give the reason."))
    elif len(reason) > REASON_MAX:
        add_error(
            errors, "reason", _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
        )
    return reason


def grant_post(
    *, actor: User, grant: Grant, kind: str, amount: Decimal, day: dt.date, what: str
) -> LedgerEntry:
    return ledger_post(
        actor=actor,
        booked_on=day,
        kind=kind,
        category=CostCategory.GRANTS,
        amount=amount,
        household=grant.household,
        city=grant.city,
        office=grant.office,
        source=f"grant:{grant.pk}",
        description=grant_description(what, grant.pk, grant.table.version, grant.members),
    )


def booked_on(grant: Grant, kind: str) -> dt.date:
    """The date the grant's original entry of `kind` was booked on (its opposite uses it too)."""
    entry = (
        LedgerEntry.objects.filter(source=f"grant:{grant.pk}", kind=kind, amount__gt=0)
        .order_by("id")
        .first()
    )
    assert entry is not None, f"grant {grant.pk} has no {kind} entry"
    return entry.booked_on

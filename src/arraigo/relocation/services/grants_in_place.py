"""A grant for a household supported where it lives (a modality without a trip).

Such a household has no relocation plan: its grant is computed from its modality's table in
force on the day it is prepared, under its modality's rule (relocation.yaml, grant_rules: the
household statuses that may get one, when it may be paid). Approval, payment, cancelling and
reversing are the steps of every grant (`grants`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.registry.models import Household, HouseholdStatus
from arraigo.registry.selectors import households_visible_to

from ..models import Grant
from ..rows import grant_row
from .grant_checks import duplicate_message, has_open_duplicate, household_live_grant
from .grant_tables import grant_table_for
from .grant_timing import grant_rule_for


def in_place_refusal(household: Household) -> str:
    """Why the household cannot get a grant without a trip now ("" when it can)."""
    rule = grant_rule_for(household.modality)
    if rule.needs_trip:
        return _("Households of this modality get their grant with their relocation.")
    if household.status not in rule.statuses:
        labels = ", ".join(str(HouseholdStatus(s).label).lower() for s in rule.statuses)
        return _(
            "The programme gives this grant to households being accompanied (%(statuses)s): "
            "this one is %(status)s."
        ) % {"statuses": labels, "status": household.get_status_display().lower()}
    live = household_live_grant(household)
    if live is not None:
        return _("This household already has a grant (%(status)s).") % {
            "status": live.get_status_display().lower()
        }
    return ""


@transaction.atomic
def grant_prepare_in_place(*, actor: User, household: Household) -> Grant:
    """Compute the grant of a household without a trip from its modality's table in force
    today. A caseworker who sees the household, or a coordinator; refused outside the
    modality's statuses, when the household already has a live grant, or under a duplicate
    warning."""
    require_perm(actor, "relocation.add_grant")
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    locked = (
        Household.objects.select_for_update(of=("self",))
        .select_related("host_city", "origin_office")
        .get(pk=household.pk)
    )
    refusal = in_place_refusal(locked)
    if refusal:
        raise ValidationFailed({None: [refusal]})
    if has_open_duplicate(locked):
        raise ValidationFailed({None: [duplicate_message(locked)]})
    if locked.host_city_id is None:
        raise ValidationFailed(
            {None: [_("Record the city where the household lives before preparing its grant.")]}
        )
    table = grant_table_for(timezone.localdate(), locked.modality)
    members = locked.members.count()
    grant = grant_row(
        plan_id=None,
        household_id=locked.pk,
        table=table,
        members=members,
        prepared_by_id=actor.pk,
    )
    grant.save(force_insert=True)
    return grant

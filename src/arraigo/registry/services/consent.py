"""Recording consent per purpose. Each answer is a new row; the history is kept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.registry.models import Consent, ConsentPurpose, Household

from .access import household_write_check
from .inputs import Problems

NOTE_MAX_LENGTH = 300


@transaction.atomic
def consent_record(
    *, actor: User, household: Household, purpose: str, given: bool, note: str = ""
) -> Consent:
    """Record the household's answer for one purpose (read it back with
    registry.consent.consent_current)."""
    household_write_check(actor, household, "registry.change_household")
    problems = Problems()
    note = note.strip()
    if purpose not in ConsentPurpose.values:
        problems.add("purpose", _("Choose one of the listed options."))
    if len(note) > NOTE_MAX_LENGTH:
        problems.add("note", _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    problems.raise_if_any()
    return Consent.objects.create(
        household=household,
        purpose=purpose,
        given=bool(given),
        recorded_by=actor,
        recorded_at=timezone.now(),
        note=note,
    )

"""The case notes and transfers sections of a household's page.

The registry's page loads these tags, so the registry does not import the case file."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.registry.models import Household

from ..forms import NoteForm, TransferForm
from ..models import TransferStatus
from ..selectors import household_transfers, notes_for

register = template.Library()


@register.inclusion_tag("casefile/includes/household_notes.html", takes_context=True)
def household_notes_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    """The household's notes the user may read, and the form to add one. The page has
    fetched `household` within the user's scope."""
    user = context["request"].user
    can_add = user.has_perm("casefile.add_casenote")
    return {
        "household": household,
        "notes": notes_for(user, household),
        "note_form": NoteForm(protected=user.has_perm("casefile.view_protected_note"))
        if can_add
        else None,
    }


@register.inclusion_tag("casefile/includes/household_transfers.html", takes_context=True)
def household_transfers_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    """The household's transfers, and the form to request one unless one is waiting."""
    user = context["request"].user
    transfers = household_transfers(household)
    pending = any(t.status == TransferStatus.REQUESTED for t in transfers)
    can = user.has_perm("registry.change_household")
    return {
        "household": household,
        "transfers": transfers,
        "transfer_form": TransferForm(user=user, household=household)
        if can and not pending
        else None,
    }

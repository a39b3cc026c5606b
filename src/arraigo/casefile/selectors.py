"""Reads of case notes and transfers, filtered to what the user may see.

Notes and transfers hang off a household: the callers fetch it within the user's scope first
(registry.selectors.household_get_for), except for `transfers_incoming`, which scopes by the
receiving side.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.registry.models import Household

from .models import CaseNote, CaseTransfer, NoteTier, TransferStatus


def _notes_readable(user: User, household: Household) -> QuerySet[CaseNote]:
    if not user.has_perm("casefile.view_casenote"):
        return CaseNote.objects.none()
    qs = CaseNote.objects.filter(household=household)
    if not user.has_perm("casefile.view_protected_note"):
        qs = qs.filter(tier=NoteTier.ORDINARY)
    return qs


def notes_for(user: User, household: Household) -> list[CaseNote]:
    """The household's notes `user` may read: protection-sensitive ones only with that tier.

    The caller has fetched `household` within the user's scope."""
    return list(
        _notes_readable(user, household)
        .select_related("author", "person", "superseded_by")
        .order_by("-created_at", "-id")
    )


def note_get_for(user: User, household: Household, pk: int) -> CaseNote:
    """One of the household's notes that `user` may read, or 404: a note of a tier the user
    lacks looks absent, as on the household page."""
    try:
        return _notes_readable(user, household).get(pk=pk)
    except CaseNote.DoesNotExist as exc:
        raise Http404("No such note.") from exc


def transfers_incoming(user: User) -> QuerySet[CaseTransfer]:
    """Transfers waiting for the side `user` works on (all, for a coordinator)."""
    qs = CaseTransfer.objects.filter(status=TransferStatus.REQUESTED).select_related(
        "household", "from_office", "to_office", "from_city", "to_city", "requested_by"
    )
    if not user.has_perm("registry.change_household"):
        return qs.none()
    return scope.scope_filter(qs, user, scope.Kind.HOUSEHOLDS, office="to_office", city="to_city")


def household_transfers(household: Household) -> list[CaseTransfer]:
    """The caller has fetched `household` within the user's scope."""
    return list(
        CaseTransfer.objects.filter(household=household).select_related(
            "from_office", "to_office", "from_city", "to_city", "requested_by", "answered_by"
        )
    )

"""Case notes: written by the people on the case; protection-sensitive ones only by those
whose role may read that tier."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.registry.models import Household, Person
from arraigo.registry.selectors import households_visible_to

from ..models import CaseNote, NoteTier

NOTE_MAX = 2000


@transaction.atomic
def note_add(
    *,
    actor: User,
    household: Household,
    text: str,
    tier: str = NoteTier.ORDINARY,
    person: Person | None = None,
    supersedes: CaseNote | None = None,
) -> CaseNote:
    require_perm(actor, "casefile.add_casenote")
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    if tier not in NoteTier.values:
        raise ValidationFailed({"tier": [_("Unknown sensitivity.")]})
    protected = tier == NoteTier.PROTECTION or (
        supersedes is not None and supersedes.tier == NoteTier.PROTECTION
    )
    if protected and not actor.has_perm("casefile.view_protected_note"):
        raise NotPermitted(_("Your role cannot write protection-sensitive notes."))
    text = text.strip()
    if not text:
        raise ValidationFailed({"text": [_("Write the note.")]})
    if len(text) > NOTE_MAX:
        raise ValidationFailed({"text": [_("At most %(max)d characters.") % {"max": NOTE_MAX}]})
    if person is not None and person.household_id != household.pk:
        raise ValidationFailed({"person": [_("This person is not a member of the household.")]})
    if supersedes is not None:
        if supersedes.household_id != household.pk:
            raise ValidationFailed({None: [_("That note belongs to another household.")]})
        if CaseNote.objects.filter(supersedes=supersedes).exists():
            raise ValidationFailed({None: [_("That note has been corrected already.")]})
    return CaseNote.objects.create(
        household=household,
        person=person,
        tier=NoteTier.PROTECTION if protected else tier,
        text=text,
        supersedes=supersedes,
        author=actor,
    )

"""Recording and removing a household's specific needs."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.deletion import delete_or_refuse
from arraigo.registry.models import Household, NeedCode, Person, SpecificNeed
from arraigo.registry.rows import need_row

from .access import household_write_check
from .eligibility import eligibility_recompute
from .inputs import Problems

NOTE_MAX_LENGTH = 300


@transaction.atomic
def need_add(
    *, actor: User, household: Household, code: str, person: Person | None = None, note: str = ""
) -> SpecificNeed:
    """Record a need of the household, or of one member (`person`)."""
    household_write_check(actor, household, "registry.change_household")
    problems = Problems()
    note = note.strip()
    if code not in NeedCode.values:
        problems.add("code", _("Choose one of the listed options."))
    if person is not None and person.household_id != household.pk:
        problems.add("person", _("Choose a member of this household."))
    if len(note) > NOTE_MAX_LENGTH:
        problems.add("note", _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    if (
        not problems.errors
        and SpecificNeed.objects.filter(household=household, person=person, code=code).exists()
    ):
        problems.add("code", _("This need is already recorded."))
    problems.raise_if_any()
    need = need_row(
        household_id=household.pk,
        person_id=person.pk if person is not None else None,
        code=code,
        note=note,
        recorded_by_id=actor.pk,
        recorded_at=timezone.now(),
    )
    need.save()
    eligibility_recompute(household=household, actor=actor)
    return need


@transaction.atomic
def need_remove(*, actor: User, need: SpecificNeed) -> None:
    household = need.household
    household_write_check(actor, household, "registry.change_household")
    delete_or_refuse(
        need,
        refusal=_(
            "This need cannot be removed: it is named in %(records)s. Cancel or change those first."
        ),
    )
    eligibility_recompute(household=household, actor=actor)

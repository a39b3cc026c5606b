"""Recording consent: each answer is a new row, the history is kept. One form answers every
purpose at once, with who gave the answer (an adult member), how and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.registry.choices import ConsentMethod
from arraigo.registry.consent import consent_current
from arraigo.registry.models import Consent, ConsentPurpose, Household, Person
from arraigo.registry.rows import consent_row

from .access import household_write_check
from .inputs import Problems

NOTE_MAX_LENGTH = 300
WITNESS_MAX_LENGTH = 120
ADULT_AGE = 18


def consent_givers(household: Household, *, on: dt.date) -> list[Person]:
    """The members who may answer for the household on `on`: those 18 or older."""
    people = household.members.order_by("date_of_birth", "id")
    return [person for person in people if person.age_on(on) >= ADULT_AGE]


def _check_who_how_when(
    problems: Problems,
    household: Household,
    given_by: Person | None,
    method: str,
    witness_name: str,
    given_on: dt.date,
    required: bool,
) -> None:
    if given_on > timezone.localdate():
        problems.add("given_on", _("The date cannot be in the future."))
    if given_by is None:
        if required:
            problems.add("given_by", _("Say which member gave the answer."))
    elif given_by.household_id != household.pk or given_by.age_on(given_on) < ADULT_AGE:
        problems.add("given_by", _("Only an adult member of the household can give consent."))
    if method and method not in ConsentMethod.values:
        problems.add("method", _("Choose one of the listed options."))
    elif required and not method:
        problems.add("method", _("Say how the answer was given."))
    if method == ConsentMethod.VERBAL_WITNESS and not witness_name:
        problems.add("witness_name", _("Name the witness of a verbal consent."))
    if len(witness_name) > WITNESS_MAX_LENGTH:
        problems.add("witness_name", _("At most %(max)d characters.") % {"max": WITNESS_MAX_LENGTH})


@transaction.atomic
def consent_record_all(
    *,
    actor: User,
    household: Household,
    answers: Mapping[str, bool | None],
    given_by: Person,
    method: str,
    witness_name: str = "",
    given_on: dt.date | None = None,
    note: str = "",
) -> list[Consent]:
    """Record the household's answers (purpose -> yes/no; None leaves a purpose as it is),
    given by `given_by` (an adult member) in the way `method` on `given_on` (default today).
    Only answers that differ from the current ones are recorded; nothing changed is refused."""
    household_write_check(actor, household, "registry.change_household")
    problems = Problems()
    note, witness_name = note.strip(), witness_name.strip()
    given_on = given_on or timezone.localdate()
    if any(purpose not in ConsentPurpose.values for purpose in answers):
        problems.add("purpose", _("Choose one of the listed options."))
    if len(note) > NOTE_MAX_LENGTH:
        problems.add("note", _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    _check_who_how_when(
        problems, household, given_by, method, witness_name, given_on, required=True
    )
    problems.raise_if_any()
    current = consent_current(household)
    changed = {
        purpose: bool(given)
        for purpose, given in answers.items()
        if given is not None and current.get(purpose) is not bool(given)
    }
    if not changed:
        problems.add(
            None, _("Nothing changed: choose an answer that differs from the current one.")
        )
        problems.raise_if_any()
    now = timezone.now()
    rows = [
        consent_row(
            household_id=household.pk,
            purpose=purpose,
            given=given,
            recorded_by_id=actor.pk,
            recorded_at=now,
            note=note,
            given_by_id=given_by.pk,
            method=method,
            witness_name=witness_name,
            given_on=given_on,
        )
        for purpose, given in changed.items()
    ]
    for row in rows:
        row.save()
    return rows


@transaction.atomic
def consent_record(
    *,
    actor: User,
    household: Household,
    purpose: str,
    given: bool,
    note: str = "",
    given_by: Person | None = None,
    method: str = "",
    witness_name: str = "",
    given_on: dt.date | None = None,
) -> Consent:
    """Record the household's answer for one purpose (read it back with
    registry.consent.consent_current). Pages use `consent_record_all`."""
    household_write_check(actor, household, "registry.change_household")
    problems = Problems()
    note, witness_name = note.strip(), witness_name.strip()
    given_on = given_on or timezone.localdate()
    if purpose not in ConsentPurpose.values:
        problems.add("purpose", _("Choose one of the listed options."))
    if len(note) > NOTE_MAX_LENGTH:
        problems.add("note", _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    _check_who_how_when(
        problems, household, given_by, method, witness_name, given_on, required=False
    )
    problems.raise_if_any()
    row = consent_row(
        household_id=household.pk,
        purpose=purpose,
        given=given,
        recorded_by_id=actor.pk,
        recorded_at=timezone.now(),
        note=note,
        given_by_id=given_by.pk if given_by is not None else None,
        method=method,
        witness_name=witness_name,
        given_on=given_on,
    )
    row.save()
    return row

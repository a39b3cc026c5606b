"""Registering a household with its people and documents, and changing its modality or city."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.versions import version_check, version_of
from arraigo.places.models import City, Office
from arraigo.registry.duplicates import duplicates_detect
from arraigo.registry.journey import ELIGIBILITY_STATUSES
from arraigo.registry.models import (
    Household,
    HouseholdStatus,
    IdentityDocument,
    Modality,
    Person,
    PersonLanguage,
    Relationship,
)
from arraigo.registry.rows import (
    household_code,
    household_row,
    household_summary,
    identity_document_row,
    person_language_row,
    person_row,
    status_change_row,
)
from arraigo.registry.types import PersonData

from .access import host_city_keep_check, household_write_check, register_check
from .eligibility import eligibility_recompute
from .inputs import (
    CleanDocument,
    CleanPerson,
    Holder,
    Problems,
    documents_check,
    person_check,
)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
"""Default of optional arguments that may also be set to None (e.g. host_city)."""


def household_summary_refresh(household: Household) -> None:
    """Keep the denormalised size and head_name current (list pages read them)."""
    summary = household_summary(
        household.members.values_list("relationship", "first_names", "last_names")
    )
    household.size = summary["size"]
    household.head_name = summary["head_name"]
    household.save(update_fields=["size", "head_name", "updated_at"])


def _person_row(clean: CleanPerson, household_id: int | None, member_no: int) -> Person:
    data = clean.data
    return person_row(
        household_id=household_id,
        first_names=data.first_names,
        last_names=data.last_names,
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        nationality=clean.nationality,
        relationship=data.relationship,
        spanish_level=data.spanish_level,
        education_level=data.education_level,
        protection_status=data.protection_status,
        years_experience=data.years_experience,
        willing_to_work=data.willing_to_work,
        able_to_work=data.able_to_work,
        phone=clean.phone,
        member_no=member_no,
    )


def member_no_next(household: Household) -> int:
    """The next member number of a household, taken under a lock on its row: one more than
    any number it ever gave (Household.last_member_no) or any member holds."""
    locked = Household.objects.select_for_update().only("last_member_no").get(pk=household.pk)
    held = locked.members.aggregate(top=Max("member_no"))["top"] or 0
    number = max(locked.last_member_no, held) + 1
    Household.objects.filter(pk=household.pk).update(last_member_no=number)
    household.last_member_no = number
    return number


def person_create(household: Household, clean: CleanPerson) -> Person:
    """Save one checked person with languages, occupations, skills and documents."""
    person = _person_row(clean, None, member_no_next(household))
    person.household = household
    return _person_save(person, clean)


def _person_save(person: Person, clean: CleanPerson) -> Person:
    person.save()
    person_links_set(person, clean)
    documents_create(person, clean.documents)
    return person


def person_links_set(person: Person, clean: CleanPerson) -> None:
    person.occupations.set(clean.occupations)
    person.skills.set(clean.skills)
    person.languages.all().delete()
    PersonLanguage.objects.bulk_create(
        person_language_row(person_id=person.pk, language=code, level=level)
        for code, level in clean.languages
    )


def documents_create(person: Person, documents: Sequence[CleanDocument]) -> list[IdentityDocument]:
    rows = [
        identity_document_row(
            person_id=person.pk,
            document_type_id=doc.document_type.pk,
            number=doc.number,
            issued_on=doc.issued_on,
            expires_on=doc.expires_on,
        )
        for doc in documents
    ]
    for row, doc in zip(rows, documents, strict=True):
        row.person = person  # the related objects the caller has, not fetched again
        row.document_type = doc.document_type
        row.save()
    return rows


def _code_next(office: Office, year: int) -> str:
    """<OFFICE CODE>-<YYYY>-<NNNNN>, numbered per office and year. Locks the office row."""
    Office.objects.select_for_update().filter(pk=office.pk).first()
    prefix = f"{office.code.upper()}-{year}-"
    last = (
        Household.objects.filter(code__startswith=prefix)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return household_code(office.code, year, number)


def _people_check(
    head: PersonData,
    members: Sequence[PersonData],
    problems: Problems,
    today: dt.date,
    actor: User,
) -> list[CleanPerson]:
    people = [("head", head), *((f"members.{i}", m) for i, m in enumerate(members))]
    cleaned = [
        person_check(data, prefix=prefix, problems=problems, today=today) for prefix, data in people
    ]
    if head.relationship != Relationship.HEAD:
        problems.add("head.relationship", _("The head of household must be marked as head."))
    for index, member in enumerate(members):
        if member.relationship == Relationship.HEAD:
            problems.add(f"members.{index}.relationship", _("A household has exactly one head."))
    documents = [
        (f"{prefix}.documents.{j}", doc, Holder.of_data(prefix, data))
        for prefix, data in people
        for j, doc in enumerate(data.documents)
    ]
    checked = iter(documents_check(documents, problems=problems, today=today, actor=actor))
    for clean, (_prefix, data) in zip(cleaned, people, strict=True):
        clean.documents = [d for d in (next(checked) for _doc in data.documents) if d is not None]
    return cleaned


@transaction.atomic
def household_register(
    *,
    actor: User,
    origin_office: Office,
    modality: str,
    head: PersonData,
    members: Sequence[PersonData] = (),
    host_city: City | None = None,
) -> Household:
    """Register a household with its head, members and their documents, all or nothing.

    Checks who may register there, then every field (one ValidationFailed lists every
    problem), creates the rows, looks for likely duplicates and decides eligibility.
    """
    register_check(actor, origin_office, modality, host_city)
    problems = Problems()
    if modality not in Modality.values:
        problems.add("modality", _("Choose one of the listed options."))
    if modality == Modality.IN_PLACE and host_city is None:
        problems.add("host_city", _("Give the city where an in-place household lives."))
    today = timezone.localdate()
    cleaned = _people_check(head, members, problems, today, actor)
    problems.raise_if_any()

    now = timezone.now()
    people = [_person_row(clean, None, number) for number, clean in enumerate(cleaned, 1)]
    household = household_row(
        code=_code_next(origin_office, today.year),
        modality=modality,
        origin_office_id=origin_office.pk,
        host_city_id=host_city.pk if host_city is not None else None,
        registered_by_id=actor.pk,
        registered_at=now,
        members=people,
    )
    household.save()
    status_change_row(
        household_id=household.pk,
        from_status="",
        to_status=HouseholdStatus.REGISTERED,
        changed_by_id=actor.pk,
        changed_at=now,
        reason=_("Registered."),
    ).save()
    for person, clean in zip(people, cleaned, strict=True):
        person.household = household
        _person_save(person, clean)
    duplicates_detect(household=household)
    household.refresh_from_db()
    eligibility_recompute(household=household, actor=actor)
    return household


# The household's fields its edit form shows, and so its version (core.versions).
HOUSEHOLD_VERSIONED = ("modality", "host_city")


def household_version(household: Household) -> str:
    return version_of(household, HOUSEHOLD_VERSIONED)


@transaction.atomic
def household_update(
    *,
    actor: User,
    household: Household,
    modality: str | None = None,
    host_city: City | _Unset | None = UNSET,
    version: str | None = None,
) -> Household:
    """Change the modality or the host city (None clears it). The modality is fixed once a
    household has been proposed a city. With the `version` the form showed, a household
    someone else changed meanwhile is refused (StaleEdit)."""
    household_write_check(actor, household, "registry.change_household")
    stored = Household.objects.select_for_update().get(pk=household.pk)
    version_check(stored, version, HOUSEHOLD_VERSIONED)
    new_modality = household.modality if modality is None else modality
    new_city = household.host_city if isinstance(host_city, _Unset) else host_city
    problems = Problems()
    if new_modality not in Modality.values:
        problems.add("modality", _("Choose one of the listed options."))
    if new_modality == Modality.IN_PLACE and new_city is None:
        problems.add("host_city", _("Give the city where an in-place household lives."))
    modality_changes = new_modality != household.modality
    if modality_changes and household.status not in (
        *ELIGIBILITY_STATUSES,
        HouseholdStatus.PROFILED,
    ):
        problems.add(
            "modality", _("The modality cannot change once a household has been proposed.")
        )
    problems.raise_if_any()
    if not isinstance(host_city, _Unset):
        host_city_keep_check(actor, new_city)
    household.modality = new_modality
    household.host_city = new_city
    household.save(update_fields=["modality", "host_city", "updated_at"])
    if modality_changes:
        eligibility_recompute(household=household, actor=actor)
    return household

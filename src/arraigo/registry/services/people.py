"""Adding, changing and removing members of a household."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.deletion import delete_or_refuse
from arraigo.core.errors import ValidationFailed
from arraigo.core.versions import version_check, version_of
from arraigo.registry.models import Household, Person, Relationship
from arraigo.registry.types import PersonData

from .access import household_write_check
from .eligibility import eligibility_recompute
from .households import household_summary_refresh, person_create, person_links_set
from .inputs import Holder, Problems, documents_check, holder_change_check, person_check

_PERSON_FIELDS = (
    "first_names", "last_names", "sex", "date_of_birth", "nationality", "relationship",
    "spanish_level", "education_level", "years_experience", "willing_to_work", "able_to_work",
    "phone", "protection_status",
)  # fmt: skip


@transaction.atomic
def person_add(*, actor: User, household: Household, data: PersonData) -> Person:
    """Add a member (never a second head) with their documents; eligibility is recomputed."""
    household_write_check(actor, household, "registry.add_person")
    problems = Problems()
    today = timezone.localdate()
    clean = person_check(data, prefix="", problems=problems, today=today)
    if data.relationship == Relationship.HEAD:
        problems.add("relationship", _("A household has exactly one head."))
    documents = documents_check(
        [(f"documents.{i}", doc, Holder.of_data("", data)) for i, doc in enumerate(data.documents)],
        problems=problems,
        today=today,
        actor=actor,
    )
    problems.raise_if_any()
    clean.documents = [d for d in documents if d is not None]
    person = person_create(household, clean)
    household_summary_refresh(household)
    eligibility_recompute(household=household, actor=actor)
    return person


def person_version(person: Person) -> str:
    """The version of a member's details their edit form carries (core.versions)."""
    return version_of(person, _PERSON_FIELDS)


@transaction.atomic
def person_update(
    *, actor: User, person: Person, data: PersonData, version: str | None = None
) -> Person:
    """Change a member's details; occupations, skills and languages are replaced by those in
    `data`, documents are left alone (document_add, document_remove). With the `version` the
    form showed, details someone else changed meanwhile are refused (StaleEdit)."""
    household = person.household
    household_write_check(actor, household, "registry.change_person")
    version_check(Person.objects.select_for_update().get(pk=person.pk), version, _PERSON_FIELDS)
    problems = Problems()
    clean = person_check(data, prefix="", problems=problems, today=timezone.localdate())
    was_head = person.relationship == Relationship.HEAD
    if was_head and data.relationship != Relationship.HEAD:
        problems.add("relationship", _("The head of household stays the head."))
    if not was_head and data.relationship == Relationship.HEAD:
        problems.add("relationship", _("A household has exactly one head."))
    holder_change_check(problems, person, data)
    problems.raise_if_any()
    values = {name: getattr(data, name) for name in _PERSON_FIELDS}
    values.update(
        first_names=data.first_names.strip(),
        last_names=data.last_names.strip(),
        nationality=clean.nationality,
        phone=clean.phone,
    )
    for name, value in values.items():
        setattr(person, name, value)
    person.save(update_fields=[*_PERSON_FIELDS, "updated_at"])
    person_links_set(person, clean)
    household_summary_refresh(household)
    eligibility_recompute(household=household, actor=actor)
    return person


@transaction.atomic
def person_remove(*, actor: User, person: Person) -> None:
    """Remove a member (never the head) with their documents; eligibility is recomputed."""
    household = person.household
    household_write_check(actor, household, "registry.change_person")
    if person.relationship == Relationship.HEAD:
        raise ValidationFailed({None: [_("The head of household cannot be removed.")]})
    delete_or_refuse(
        person,
        refusal=_(
            "This member cannot be removed: they are named in %(records)s. "
            "Cancel or change those first."
        ),
    )
    household_summary_refresh(household)
    eligibility_recompute(household=household, actor=actor)

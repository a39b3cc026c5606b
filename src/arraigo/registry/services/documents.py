"""Adding and removing a person's identity documents."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.deletion import delete_or_refuse
from arraigo.registry.models import IdentityDocument, Person
from arraigo.registry.types import DocumentData

from .access import household_write_check
from .eligibility import eligibility_recompute
from .households import documents_create
from .inputs import Holder, Problems, documents_check


@transaction.atomic
def document_add(*, actor: User, person: Person, data: DocumentData) -> IdentityDocument:
    """Record a document: its number checked by the type's validator and unique per type."""
    household = person.household
    household_write_check(actor, household, "registry.change_person")
    problems = Problems()
    holder = Holder(
        key="",
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        types_on_file=frozenset(person.documents.values_list("document_type__code", flat=True)),
    )
    (clean,) = documents_check(
        [("", data, holder)], problems=problems, today=timezone.localdate(), actor=actor
    )
    problems.raise_if_any()
    assert clean is not None  # no problems means the document was checked
    (document,) = documents_create(person, [clean])
    eligibility_recompute(household=household, actor=actor)
    return document


@transaction.atomic
def document_remove(*, actor: User, document: IdentityDocument) -> None:
    household = document.person.household
    household_write_check(actor, household, "registry.change_person")
    delete_or_refuse(
        document,
        refusal=_(
            "This document cannot be removed: it is named in %(records)s. "
            "Cancel or change those first."
        ),
    )
    eligibility_recompute(household=household, actor=actor)

"""From the database to the plain facts the engine reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .facts import DocumentFact, HouseholdFacts, MemberFacts

if TYPE_CHECKING:  # keeps the package importable without Django set up (the engine is pure)
    from arraigo.registry.models import Household


def household_facts(household: Household) -> HouseholdFacts:
    """The facts of one household's members and documents (two queries)."""
    members = household.members.prefetch_related("documents__document_type").order_by("pk")
    return HouseholdFacts(
        members=tuple(
            MemberFacts(
                date_of_birth=person.date_of_birth,
                willing_to_work=person.willing_to_work,
                able_to_work=person.able_to_work,
                spanish_level=person.spanish_level,
                relationship=person.relationship,
                documents=tuple(
                    DocumentFact(type_code=doc.document_type.code, expires_on=doc.expires_on)
                    for doc in person.documents.all()
                ),
            )
            for person in members
        )
    )

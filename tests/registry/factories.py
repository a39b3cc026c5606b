import datetime as dt

import factory
from django.db.models import Max
from django.utils import timezone

from arraigo.core.choices import LanguageLevel, Sex
from arraigo.registry.models import (
    DocumentType,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Modality,
    Person,
    Relationship,
    ValidatorKind,
)
from tests.places.factories import OfficeFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A bare household row; use the registry services to build realistic ones."""

    class Meta:
        model = Household

    code = factory.Sequence(lambda n: f"HH-{n:06d}")
    modality = Modality.RELOCATION
    status = HouseholdStatus.REGISTERED
    origin_office = factory.SubFactory(OfficeFactory)
    registered_at = factory.LazyFunction(timezone.now)


def _member_no_next(household: Household) -> int:
    """One more than any member number of the household, as the registry numbers members."""
    top = household.members.aggregate(top=Max("member_no"))["top"] or 0
    return max(top, household.last_member_no) + 1


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    member_no = factory.LazyAttribute(lambda o: _member_no_next(o.household))
    first_names = factory.Sequence(lambda n: f"Nombre{n}")
    last_names = "Pérez López"
    sex = Sex.FEMALE
    date_of_birth = dt.date(1990, 5, 17)
    nationality = "HN"
    relationship = Relationship.HEAD
    spanish_level = LanguageLevel.NATIVE
    willing_to_work = True
    able_to_work = True


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = "passport"
    name_es = "Pasaporte"
    name_en = "Passport"
    validator = ValidatorKind.NONE


class IdentityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    number = factory.Sequence(lambda n: f"P{n:08d}")


def household_with_head(
    *,
    first_names: str = "Ana",
    last_names: str = "Pérez López",
    nationality: str = "HN",
    **household_fields: object,
) -> Household:
    """A household row and its head, with the list's denormalised head name and size set."""
    household = HouseholdFactory(
        head_name=f"{first_names} {last_names}", size=1, **household_fields
    )
    PersonFactory(
        household=household,
        first_names=first_names,
        last_names=last_names,
        nationality=nationality,
        relationship=Relationship.HEAD,
    )
    return household

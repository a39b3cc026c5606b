"""household_register: who may register where, what is created, what is refused."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.utils import timezone, translation

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry.models import (
    EligibilityDecision,
    Household,
    IdentityDocument,
    Person,
    StatusChange,
)
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.jobs.factories import OccupationFactory, SkillFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.person_data import (
    child_data,
    curp_make,
    eligible_documents,
    head_data,
    number_make,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def office():
    return OfficeFactory(code="tap")


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def counts():
    return (
        Household.objects.count(),
        Person.objects.count(),
        IdentityDocument.objects.count(),
        StatusChange.objects.count(),
        EligibilityDecision.objects.count(),
    )


# --- happy path -------------------------------------------------------------------------------


def test_register_creates_household_people_documents_and_decides_eligibility(coordinator, office):
    year = timezone.localdate().year
    OccupationFactory(isco_code="8211", title_en="Motor vehicle assemblers")
    SkillFactory(code="forklift")
    head = head_data(
        occupation_codes=("8211",), skill_codes=("forklift",), languages=(("en", "basic"),)
    )

    household = register(coordinator, office, head=head, members=[child_data()])

    assert household.code == f"TAP-{year}-00001"
    assert household.status == "eligible"
    assert household.eligibility == "eligible"
    assert household.size == 2
    assert household.head_name == "María José Hernández Castro"
    assert household.registered_by == coordinator
    assert household.origin_office == office
    head_person = household.members.get(relationship="head")
    assert head_person.phone == "+525512345678"
    assert head_person.nationality == "HN"
    assert [o.isco_code for o in head_person.occupations.all()] == ["8211"]
    assert [s.code for s in head_person.skills.all()] == ["forklift"]
    assert list(head_person.languages.values_list("language", "level")) == [("en", "basic")]
    assert sorted(head_person.documents.values_list("document_type__code", flat=True)) == [
        "comar_recognition",
        "curp",
        "permanent_residence",
    ]
    history = list(
        household.history.order_by("id").values_list("from_status", "to_status", "changed_by")
    )
    assert history == [
        ("", "registered", coordinator.pk),
        ("registered", "eligible", coordinator.pk),
    ]
    decision = household.eligibility_decisions.get()
    assert (decision.outcome, decision.ruleset, decision.decided_by) == (
        "eligible",
        "pil-mx@1",
        coordinator,
    )
    assert household.history.order_by("-id").first().reason == (
        f"Eligibility decision {decision.pk} (pil-mx@1): Eligible."
    )


def test_codes_number_per_office_and_year(coordinator, office):
    year = timezone.localdate().year
    first = register(coordinator, office)
    second = register(coordinator, office)
    other = register(coordinator, OfficeFactory(code="vsa"))
    assert [first.code, second.code, other.code] == [
        f"TAP-{year}-00001",
        f"TAP-{year}-00002",
        f"VSA-{year}-00001",
    ]


def test_codes_continue_after_the_highest_number(coordinator, office):
    year = timezone.localdate().year
    Household.objects.create(
        code=f"TAP-{year}-00041", origin_office=office, registered_at=timezone.now()
    )
    assert register(coordinator, office).code == f"TAP-{year}-00042"


def test_register_without_documents_is_pending_and_stays_registered(coordinator, office):
    household = register(coordinator, office, head=head_data(documents=()))
    assert (household.status, household.eligibility) == ("registered", "pending")
    assert household.history.count() == 1


def test_register_calls_duplicate_detection(coordinator, office):
    register(coordinator, office)
    again = register(coordinator, office, head=head_data(documents=eligible_documents()))
    assert again.has_open_duplicate is True


def test_register_is_audited(coordinator, office):
    household = register(coordinator, office)
    entry = LogEntry.objects.get_for_object(household).get(action=LogEntry.Action.CREATE)
    assert entry.object_repr == household.code
    person = household.members.get(relationship="head")
    assert (
        LogEntry.objects.get_for_object(person).get().object_repr == f"{household.code}#{person.pk}"
    )


# --- validation: everything at once, nothing saved --------------------------------------------


def test_invalid_curp_is_refused_and_nothing_is_saved(coordinator, office):
    head = head_data(documents=(DocumentData(type_code="curp", number="BOXW310820HNERXN08"),))
    with pytest.raises(ValidationFailed) as info:
        register(coordinator, office, head=head)
    assert info.value.errors == {
        "head.documents.0.number": ["The CURP check digit does not match."]
    }
    assert counts() == (0, 0, 0, 0, 0)


def test_all_problems_are_listed_with_their_field_keys(coordinator, office):
    head = head_data(
        first_names=" ",
        date_of_birth=dt.date(2100, 1, 1),
        nationality="ZZ",
        phone="5512345678",
        occupation_codes=("0000",),
    )
    members = [
        child_data(relationship="head"),
        child_data(
            sex="Q",
            documents=(
                DocumentData(type_code="curp", number="BOXW310820HNERXN0"),
                DocumentData(type_code="visa", number="1"),
                DocumentData(
                    type_code="passport",
                    number="P1",
                    issued_on=dt.date(2024, 1, 1),
                    expires_on=dt.date(2023, 1, 1),
                ),
            ),
        ),
    ]
    with pytest.raises(ValidationFailed) as info:
        register(coordinator, office, head=head, members=members, modality="by_air")
    assert info.value.errors == {
        "modality": ["Choose one of the listed options."],
        "head.first_names": ["This field is required."],
        "head.date_of_birth": ["The date of birth cannot be in the future."],
        "head.nationality": ["Choose a valid country (ISO 3166 code)."],
        "head.phone": [
            "Enter the phone number in international format: + and the country code first."
        ],
        "head.occupation_codes": ["Unknown occupation code: 0000"],
        "members.1.sex": ["Choose one of the listed options."],
        "members.0.relationship": ["A household has exactly one head."],
        "members.1.documents.0.number": ["The CURP has the wrong length (must be 18 characters)."],
        "members.1.documents.1.type_code": ["Choose a document type."],
        "members.1.documents.2.expires_on": ["The expiry date must be after the issue date."],
    }
    assert counts() == (0, 0, 0, 0, 0)


def test_head_must_be_marked_head(coordinator, office):
    with pytest.raises(ValidationFailed) as info:
        register(coordinator, office, head=head_data(relationship="spouse"))
    assert info.value.errors == {
        "head.relationship": ["The head of household must be marked as head."]
    }


def test_in_place_needs_a_host_city(coordinator, office):
    with pytest.raises(ValidationFailed) as info:
        register(coordinator, office, modality="in_place")
    assert info.value.errors == {"host_city": ["Give the city where an in-place household lives."]}


def test_identical_document_anywhere_blocks_naming_type_and_household(coordinator, office):
    curp = curp_make()
    first = register(
        coordinator,
        office,
        head=head_data(documents=(DocumentData(type_code="curp", number=curp),)),
    )
    before = counts()
    again = child_data(documents=(DocumentData(type_code="curp", number=curp.lower()),))
    with pytest.raises(ValidationFailed) as info:
        register(coordinator, OfficeFactory(), head=head_data(documents=()), members=[again])
    assert info.value.errors == {
        "members.0.documents.0.number": [
            "A CURP (population registry code) with this number is already registered in "
            f"household {first.code}."
        ]
    }
    assert counts() == before


def test_same_document_twice_in_one_registration_is_refused(coordinator, office):
    number = number_make("P")
    passport = DocumentData(type_code="passport", number=number)
    with pytest.raises(ValidationFailed) as info:
        register(
            coordinator,
            office,
            head=head_data(documents=(passport,)),
            members=[child_data(documents=(passport,))],
        )
    assert info.value.errors == {"members.0.documents.0.number": ["This document is listed twice."]}


def test_same_number_of_another_type_is_allowed(coordinator, office):
    number = number_make("X")
    register(
        coordinator,
        office,
        head=head_data(
            documents=(
                DocumentData(type_code="passport", number=number),
                DocumentData(type_code="birth_certificate", number=number),
            )
        ),
    )
    assert IdentityDocument.objects.filter(number_hash=lookup_hash(number)).count() == 2


# --- who may register where -------------------------------------------------------------------


def test_origin_caseworker_registers_into_own_office(office):
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)
    assert register(caseworker, office).origin_office == office


def test_origin_caseworker_cannot_register_into_another_office(office):
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER)
    with pytest.raises(NotPermitted):
        register(caseworker, office)
    assert counts() == (0, 0, 0, 0, 0)


def test_host_caseworker_registers_in_place_household_in_own_city(office):
    caseworker = UserFactory(role=Role.HOST_CASEWORKER)
    household = register(caseworker, office, modality="in_place", host_city=caseworker.city)
    assert (household.modality, household.host_city) == ("in_place", caseworker.city)


def test_host_caseworker_cannot_register_a_relocation_household(office):
    caseworker = UserFactory(role=Role.HOST_CASEWORKER)
    with pytest.raises(NotPermitted):
        register(caseworker, office, modality="relocation", host_city=caseworker.city)


def test_host_caseworker_cannot_register_in_place_in_another_city(office):
    caseworker = UserFactory(role=Role.HOST_CASEWORKER)
    with pytest.raises(NotPermitted):
        register(caseworker, office, modality="in_place", host_city=CityFactory())


@pytest.mark.parametrize(
    "role",
    [Role.EMPLOYER, Role.EMPLOYER_LIAISON, Role.ME_OFFICER, Role.SERVICE_PARTNER, Role.AUDITOR],
)
def test_other_roles_cannot_register(office, role):
    with pytest.raises(NotPermitted):
        register(UserFactory(role=role), office)
    assert counts() == (0, 0, 0, 0, 0)

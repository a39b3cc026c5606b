"""person_add, person_update, person_remove, document_add, document_remove, household_update."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import IdentityDocument, Person
from arraigo.registry.services import (
    document_add,
    document_remove,
    household_transition,
    household_update,
    person_add,
    person_remove,
    person_update,
)
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.jobs.factories import OccupationFactory, PlacementFactory, SkillFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import IdentityDocumentFactory
from tests.registry.person_data import (
    child_data,
    curp_make,
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
def caseworker(office):
    return UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)


@pytest.fixture
def household(caseworker, office):
    return register(caseworker, office)


# --- person_add -------------------------------------------------------------------------------


def test_person_add_saves_member_with_documents_and_updates_size(caseworker, household):
    curp = curp_make(born=dt.date(1992, 2, 3), sex="H")
    data = child_data(
        first_names="Pedro",
        relationship="spouse",
        date_of_birth=dt.date(1992, 2, 3),
        documents=(DocumentData(type_code="curp", number=curp),),
    )
    person = person_add(actor=caseworker, household=household, data=data)
    household.refresh_from_db()
    assert household.size == 2
    assert person.relationship == "spouse"
    assert list(person.documents.values_list("number", flat=True)) == [curp]


def test_person_add_refuses_a_second_head_and_bad_documents(caseworker, household):
    data = child_data(
        relationship="head",
        documents=(DocumentData(type_code="nss", number="12345678904"),),
    )
    with pytest.raises(ValidationFailed) as info:
        person_add(actor=caseworker, household=household, data=data)
    assert info.value.errors == {
        "relationship": ["A household has exactly one head."],
        "documents.0.number": ["The NSS check digit does not match."],
    }
    assert Person.objects.count() == 1


# --- person_update ----------------------------------------------------------------------------


def test_person_update_replaces_links_and_keeps_documents(caseworker, household):
    OccupationFactory(isco_code="7212")
    OccupationFactory(isco_code="8211")
    SkillFactory(code="welding")
    head = household.members.get()
    person_update(
        actor=caseworker,
        person=head,
        data=head_data(occupation_codes=("8211",), languages=(("ht", "native"), ("fr", "basic"))),
    )
    data = head_data(
        first_names="Ana Lucía",
        spanish_level="fluent",
        occupation_codes=("7212",),
        skill_codes=("welding",),
        languages=(("ht", "fluent"),),
        documents=(),
    )

    person_update(actor=caseworker, person=head, data=data)

    head.refresh_from_db()
    household.refresh_from_db()
    assert (head.first_names, head.spanish_level) == ("Ana Lucía", "fluent")
    assert [o.isco_code for o in head.occupations.all()] == ["7212"]
    assert [s.code for s in head.skills.all()] == ["welding"]
    assert list(head.languages.values_list("language", "level")) == [("ht", "fluent")]
    assert head.documents.count() == 3
    assert household.head_name == "Ana Lucía Hernández Castro"


def test_person_update_keeps_the_head(caseworker, household):
    head = household.members.get()
    with pytest.raises(ValidationFailed) as info:
        person_update(actor=caseworker, person=head, data=head_data(relationship="spouse"))
    assert info.value.errors == {"relationship": ["The head of household stays the head."]}


def test_person_update_cannot_make_a_second_head(caseworker, household):
    child = person_add(actor=caseworker, household=household, data=child_data())
    with pytest.raises(ValidationFailed) as info:
        person_update(actor=caseworker, person=child, data=child_data(relationship="head"))
    assert info.value.errors == {"relationship": ["A household has exactly one head."]}


def test_person_update_refuses_bad_languages(caseworker, household):
    head = household.members.get()
    data = head_data(languages=(("es", "native"), ("english", "basic"), ("fr", "x")))
    with pytest.raises(ValidationFailed) as info:
        person_update(actor=caseworker, person=head, data=data)
    assert info.value.errors == {
        "languages": [
            "Record Spanish in the Spanish level field.",
            "Unknown language code: english",
            "Choose a level for fr.",
        ]
    }


def test_person_update_that_changes_work_recomputes(caseworker, household):
    head = household.members.get()
    person_update(actor=caseworker, person=head, data=head_data(able_to_work=False))
    household.refresh_from_db()
    assert (household.status, household.eligibility) == ("not_eligible", "not_eligible")


# --- person_remove ----------------------------------------------------------------------------


def test_person_remove_member_updates_size(caseworker, household):
    child = person_add(actor=caseworker, household=household, data=child_data())
    person_remove(actor=caseworker, person=child)
    household.refresh_from_db()
    assert household.size == 1
    assert not Person.objects.filter(pk=child.pk).exists()


def test_person_remove_never_the_head(caseworker, household):
    head = household.members.get()
    with pytest.raises(ValidationFailed) as info:
        person_remove(actor=caseworker, person=head)
    assert info.value.errors == {None: ["The head of household cannot be removed."]}
    assert Person.objects.filter(pk=head.pk).exists()


def test_person_remove_refuses_a_member_a_placement_holds(caseworker, household):
    # Given a member hired by an employer (placements protect the person)
    child = person_add(actor=caseworker, household=household, data=child_data())
    PlacementFactory(person=child, household=household)

    # When the member is removed
    with pytest.raises(ValidationFailed) as info:
        person_remove(actor=caseworker, person=child)

    # Then it is refused with the kind of record that holds them, and they stay
    assert info.value.errors == {
        None: [
            "This member cannot be removed: they are named in placements. "
            "Cancel or change those first."
        ]
    }
    assert Person.objects.filter(pk=child.pk).exists()


# --- documents --------------------------------------------------------------------------------


def test_document_add_normalises_the_number(caseworker, household):
    head = household.members.get()
    document = document_add(
        actor=caseworker, person=head, data=DocumentData(type_code="rfc", number="gode-561231-gr8")
    )
    assert document.number == "GODE561231GR8"


def test_document_add_refuses_a_duplicate_and_bad_dates(caseworker, household):
    head = household.members.get()
    existing = head.documents.get(document_type__code="curp")
    with pytest.raises(ValidationFailed) as info:
        document_add(
            actor=caseworker,
            person=head,
            data=DocumentData(type_code="curp", number=existing.number),
        )
    assert info.value.errors == {
        "type_code": [
            "This person already has a CURP (population registry code); a person holds one "
            "of each type. Remove the old one first to record a new one."
        ],
        "number": [
            "A CURP (population registry code) with this number is already registered in "
            f"household {household.code}."
        ],
    }
    with pytest.raises(ValidationFailed) as info:
        document_add(
            actor=caseworker,
            person=head,
            data=DocumentData(
                type_code="tvrh",
                number=number_make("T"),
                issued_on=dt.date(2025, 3, 1),
                expires_on=dt.date(2025, 3, 1),
            ),
        )
    assert info.value.errors == {"expires_on": ["The expiry date must be after the issue date."]}
    assert IdentityDocument.objects.count() == 3


def test_document_messages_name_the_type_in_spanish_when_spanish_is_active(caseworker, household):
    head = household.members.get()
    existing = head.documents.get(document_type__code="permanent_residence")
    with translation.override("es"), pytest.raises(ValidationFailed) as info:
        document_add(
            actor=caseworker,
            person=head,
            data=DocumentData(type_code="permanent_residence", number=existing.number),
        )
    assert "Tarjeta de residencia permanente" in info.value.errors["number"][0]


def test_document_remove(caseworker, household):
    document = household.members.get().documents.get(document_type__code="comar_recognition")
    document_remove(actor=caseworker, document=document)
    assert IdentityDocument.objects.count() == 2


def test_document_add_refuses_a_curp_of_someone_born_another_day_of_the_other_sex(
    caseworker, household
):
    # Given a girl born on 2019-04-03, without a CURP
    girl = person_add(
        actor=caseworker,
        household=household,
        data=child_data(sex="F", date_of_birth=dt.date(2019, 4, 3), documents=()),
    )

    # When a CURP with a valid check digit for a man born on 1990-05-17 is added to her
    with pytest.raises(ValidationFailed) as info:
        document_add(
            actor=caseworker,
            person=girl,
            data=DocumentData(type_code="curp", number=curp_make(dt.date(1990, 5, 17), "H")),
        )

    # Then both contradictions are named, and nothing is recorded
    assert info.value.errors == {
        "number": [
            "This CURP (population registry code) is for someone born on May 17, 1990, but "
            "this person's date of birth is April 3, 2019.",
            "This CURP (population registry code) gives the sex Male, but this person is "
            "recorded as Female.",
        ]
    }
    assert not girl.documents.exists()


def test_document_add_accepts_a_curp_that_agrees_with_its_holder(caseworker, household):
    girl = person_add(
        actor=caseworker,
        household=household,
        data=child_data(sex="F", date_of_birth=dt.date(2019, 4, 3), documents=()),
    )

    document = document_add(
        actor=caseworker,
        person=girl,
        data=DocumentData(type_code="curp", number=curp_make(dt.date(2019, 4, 3), "M")),
    )

    assert document.person == girl


def test_a_person_holds_one_document_of_each_type(caseworker, household):
    # Given a member registered with two passports
    data = child_data(
        documents=(
            DocumentData(type_code="passport", number=number_make("P")),
            DocumentData(type_code="passport", number=number_make("P")),
        )
    )

    # When the member is added
    with pytest.raises(ValidationFailed) as info:
        person_add(actor=caseworker, household=household, data=data)

    # Then the second passport is refused
    assert info.value.errors == {
        "documents.1.type_code": [
            "This person already has a Passport; a person holds one of each type. Remove the "
            "old one first to record a new one."
        ]
    }


def test_registration_checks_each_members_curp_against_that_member(caseworker, office):
    # Given a household whose child carries the head's birth date in her CURP
    child = child_data(
        sex="F",
        date_of_birth=dt.date(2015, 1, 9),
        documents=(DocumentData(type_code="curp", number=curp_make(dt.date(1990, 5, 17), "M")),),
    )

    # When it is registered
    with pytest.raises(ValidationFailed) as info:
        register(caseworker, office, members=[child])

    # Then the child's CURP is refused on her row
    assert info.value.errors == {
        "members.0.documents.0.number": [
            "This CURP (population registry code) is for someone born on May 17, 1990, but "
            "this person's date of birth is Jan. 9, 2015."
        ]
    }


def test_person_update_refuses_a_birth_date_or_sex_the_curp_on_file_contradicts(
    caseworker, household
):
    # Given the head, a woman born on 1990-05-17 with a CURP that says so
    head = household.members.get()
    data = head_data(date_of_birth=dt.date(1991, 5, 17), sex="M", documents=())

    # When her birth date and sex are changed
    with pytest.raises(ValidationFailed) as info:
        person_update(actor=caseworker, person=head, data=data)

    # Then both changes are refused with what the CURP says, and nothing changed
    assert info.value.errors == {
        "date_of_birth": [
            "The CURP (population registry code) on file gives May 17, 1990. Correct or "
            "remove that document first, or keep the value it gives."
        ],
        "sex": [
            "The CURP (population registry code) on file gives Female. Correct or remove "
            "that document first, or keep the value it gives."
        ],
    }
    head.refresh_from_db()
    assert (head.date_of_birth, head.sex) == (dt.date(1990, 5, 17), "F")


# --- household_update -------------------------------------------------------------------------


def test_household_update_to_in_place_needs_a_city(caseworker, household):
    with pytest.raises(ValidationFailed) as info:
        household_update(actor=caseworker, household=household, modality="in_place")
    assert info.value.errors == {"host_city": ["Give the city where an in-place household lives."]}
    city = CityFactory()
    household_update(actor=caseworker, household=household, modality="in_place", host_city=city)
    household.refresh_from_db()
    assert (household.modality, household.host_city) == ("in_place", city)


def test_household_update_leaves_the_city_alone_unless_given(caseworker, household):
    city = CityFactory()
    household_update(actor=caseworker, household=household, host_city=city)
    household_update(actor=caseworker, household=household, modality="relocation")
    household.refresh_from_db()
    assert household.host_city == city
    household_update(actor=caseworker, household=household, host_city=None)
    household.refresh_from_db()
    assert household.host_city is None


def test_household_update_modality_is_fixed_once_proposed(caseworker, household):
    coordinator = UserFactory(role=Role.COORDINATOR)
    household_transition(actor=caseworker, household=household, to_status="profiled")
    household_transition(actor=coordinator, household=household, to_status="proposed")
    with pytest.raises(ValidationFailed) as info:
        household_update(
            actor=coordinator, household=household, modality="in_place", host_city=CityFactory()
        )
    assert info.value.errors == {
        "modality": ["The modality cannot change once a household has been proposed."]
    }


def test_host_caseworker_cannot_move_a_household_out_of_their_city(office):
    host = UserFactory(role=Role.HOST_CASEWORKER)
    household = register(host, office, modality="in_place", host_city=host.city)
    with pytest.raises(NotPermitted):
        household_update(actor=host, household=household, host_city=CityFactory())
    household.refresh_from_db()
    assert household.host_city == host.city


def test_a_duplicate_document_from_another_office_does_not_reveal_its_household(
    caseworker, household
):
    """Given a CURP on file in another office, when this office adds it, then the refusal
    says it exists but not which household holds it."""
    other_office = OfficeFactory(code="pal")
    other_worker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=other_office)
    elsewhere = register(other_worker, other_office)
    taken = elsewhere.members.get().documents.get(document_type__code="curp").number
    head = household.members.get()
    head.documents.filter(document_type__code="curp").delete()  # one CURP per person

    with pytest.raises(ValidationFailed) as info:
        document_add(
            actor=caseworker, person=head, data=DocumentData(type_code="curp", number=taken)
        )

    assert info.value.errors == {
        "number": [
            "A CURP (population registry code) with this number is already registered in a "
            "household you cannot see; a coordinator can find it by its number."
        ]
    }
    assert elsewhere.code not in info.value.errors["number"][0]


def test_the_database_keeps_one_document_of_each_type_per_person():
    # Given a person with a passport
    document = IdentityDocumentFactory()

    # When a second passport is written for them past the services
    # Then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityDocumentFactory(person=document.person, document_type=document.document_type)

"""Adding, correcting and removing members and their documents through the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.codelists.models import Occupation
from arraigo.registry import services
from arraigo.registry.models import Household, IdentityDocument, Modality, Person
from tests.accounts.factories import UserFactory
from tests.jobs.factories import OccupationFactory
from tests.places.factories import OfficeFactory
from tests.registry.person_data import child_data, curp_make, head_data
from tests.relocation.factories import RelocationPlanFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """Pages in English, whatever translations exist."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def url(name: str, household: Household, *args: int) -> str:
    return reverse(f"registry:{name}", args=[household.pk, *args])


def person_post(**values: str) -> dict[str, str]:
    fields = {
        "first_names": "Rosa",
        "last_names": "Hernández",
        "sex": "F",
        "date_of_birth": "1960-01-02",
        "nationality": "HN",
        "relationship": "parent",
        "spanish_level": "native",
        "education_level": "primary",
        "years_experience": "20",
    }
    fields.update(values)
    data = {f"person-{key}": value for key, value in fields.items()}
    for rows, total in (("documents", 3), ("languages", 2)):
        data[f"person-{rows}-TOTAL_FORMS"] = str(total)
        data[f"person-{rows}-INITIAL_FORMS"] = "0"
    return data


def test_person_add_with_a_document(signed_in, household):
    data = person_post(**{"documents-0-type_code": "passport", "documents-0-number": "HN123456"})

    response = signed_in.post(url("person_add", household), data)

    assert response.status_code == 302
    rosa = household.members.get(first_names="Rosa")
    assert [doc.number for doc in rosa.documents.all()] == ["HN123456"]
    household.refresh_from_db()
    assert household.size == 3


def test_person_add_bad_curp_error_on_the_document_row(signed_in, household):
    data = person_post(
        **{"documents-0-type_code": "curp", "documents-0-number": "PEXX900517MNEBCR09"}
    )

    response = signed_in.post(url("person_add", household), data)

    assert response.status_code == 200
    assert response.context["person_block"].documents.forms[0].errors["number"] == [
        "The CURP check digit does not match."
    ]
    assert not household.members.filter(first_names="Rosa").exists()


def test_person_edit_prefills_and_saves_languages(signed_in, household):
    child = household.members.get(relationship="child")
    page = signed_in.get(url("person_edit", household, child.pk))
    assert page.context["person_block"].person["first_names"].value() == "Luis"

    data = person_post(
        first_names="Luis Alberto",
        last_names="Hernández Castro",
        sex="M",
        date_of_birth="2016-03-02",
        relationship="child",
        **{"languages-0-language": "en", "languages-0-level": "basic"},
    )
    del data["person-documents-TOTAL_FORMS"], data["person-documents-INITIAL_FORMS"]
    response = signed_in.post(url("person_edit", household, child.pk), data)

    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_names == "Luis Alberto"
    assert [(row.language, row.level) for row in child.languages.all()] == [("en", "basic")]


def test_person_edit_head_has_no_relationship_field_and_stays_head(signed_in, household):
    head = household.members.get(relationship="head")

    block = signed_in.get(url("person_edit", household, head.pk)).context["person_block"]

    assert "relationship" not in block.person.fields
    assert block.documents is None


def test_person_remove(signed_in, household):
    child = household.members.get(relationship="child")

    response = signed_in.post(url("person_remove", household, child.pk))

    assert response.status_code == 302
    assert list(household.members.values_list("relationship", flat=True)) == ["head"]


def test_head_cannot_be_removed_message(signed_in, household):
    head = household.members.get(relationship="head")

    response = signed_in.post(url("person_remove", household, head.pk), follow=True)

    assert "The head of household cannot be removed." in response.content.decode()
    assert Person.objects.filter(pk=head.pk).exists()


def test_document_add_and_remove(signed_in, household):
    child = household.members.get(relationship="child")
    number = curp_make(child.date_of_birth, "H")

    response = signed_in.post(
        url("document_add", household, child.pk), {"type_code": "curp", "number": number}
    )

    assert response.status_code == 302
    document = child.documents.get()
    assert document.number == number

    signed_in.post(url("document_remove", household, document.pk))
    assert not IdentityDocument.objects.filter(pk=document.pk).exists()


def test_document_add_page_refuses_a_curp_that_contradicts_the_member(signed_in, household):
    # Given a girl born years after the head, and a CURP with a valid check digit that
    # encodes the head's birth date and the male sex
    services.person_add(
        actor=household.registered_by,
        household=household,
        data=child_data(first_names="Ana", sex="F", date_of_birth=dt.date(2019, 4, 3)),
    )
    girl = household.members.get(first_names="Ana")
    number = curp_make(dt.date(1990, 5, 17), "H")

    # When the CURP is added to her on the page
    response = signed_in.post(
        url("document_add", household, girl.pk), {"type_code": "curp", "number": number}
    )

    # Then the page refuses it beside the number, with the reasons
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "This CURP (population registry code) is for someone born on May 17, 1990, but this "
        "person's date of birth is April 3, 2019.",
        "This CURP (population registry code) gives the sex Male, but this person is "
        "recorded as Female.",
    ]
    assert not girl.documents.exists()


def test_document_add_requires_type_and_number(signed_in, household):
    child = household.members.get(relationship="child")

    response = signed_in.post(url("document_add", household, child.pk), {})

    assert sorted(response.context["form"].errors) == ["number", "type_code"]


def test_person_of_another_household_is_404(signed_in, household, caseworker):
    other = services.household_register(
        actor=caseworker,
        origin_office=caseworker.office,
        modality=Modality.RELOCATION,
        head=head_data(first_names="Otra", documents=()),
    )
    stranger = other.members.get()

    assert signed_in.get(url("person_edit", household, stranger.pk)).status_code == 404
    assert signed_in.post(url("person_remove", household, stranger.pk)).status_code == 404
    document = household.members.get(relationship="head").documents.first()
    assert signed_in.post(url("document_remove", other, document.pk)).status_code == 404
    assert IdentityDocument.objects.filter(pk=document.pk).exists()


def test_people_pages_out_of_scope_are_404(client, household):
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=OfficeFactory()))
    child = household.members.get(relationship="child")

    assert client.get(url("person_edit", household, child.pk)).status_code == 404
    assert client.get(url("document_add", household, child.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR])
def test_people_pages_refused_to_read_only_roles(client, household, role):
    client.force_login(UserFactory(role=role))
    child = household.members.get(relationship="child")

    assert client.get(url("person_add", household)).status_code == 403
    assert client.get(url("person_edit", household, child.pk)).status_code == 403
    assert client.post(url("person_remove", household, child.pk)).status_code == 403
    assert household.members.count() == 2


def test_member_with_a_ticket_is_not_removed_and_the_page_says_why(signed_in, household):
    # Given a child who holds a bus ticket on the household's relocation plan
    child = household.members.get(relationship="child")
    TicketFactory(plan=RelocationPlanFactory(household=household), person=child)

    # When the caseworker removes the child
    response = signed_in.post(url("person_remove", household, child.pk), follow=True)

    # Then the household page says why, and the child stays
    assert response.status_code == 200
    assert (
        "This member cannot be removed: they are named in tickets. "
        "Cancel or change those first." in response.content.decode()
    )
    assert Person.objects.filter(pk=child.pk).exists()


def test_a_stale_member_correction_is_refused_with_what_changed(signed_in, caseworker, household):
    # Given two caseworkers who open the same child's correction form
    child = household.members.get(relationship="child")
    other = Client(headers={"accept-language": "en"})
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    other.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=caseworker.office))
    version_first = (
        signed_in.get(url("person_edit", household, child.pk))
        .context["person_block"]
        .person["version"]
        .value()
    )
    version_second = (
        other.get(url("person_edit", household, child.pk))
        .context["person_block"]
        .person["version"]
        .value()
    )
    typed = person_post(
        first_names="Luis",
        last_names="Hernández Castro",
        sex="M",
        date_of_birth="2016-03-02",
        relationship="child",
        education_level="none",
        years_experience="0",
    )
    del typed["person-documents-TOTAL_FORMS"], typed["person-documents-INITIAL_FORMS"]

    # When the first saves the name "Luis Alberto", then the second saves "Luisito"
    signed_in.post(
        url("person_edit", household, child.pk),
        {**typed, "person-first_names": "Luis Alberto", "person-version": version_first},
    )
    response = other.post(
        url("person_edit", household, child.pk),
        {**typed, "person-first_names": "Luisito", "person-version": version_second},
    )

    # Then the second is refused with what changed, the form keeps "Luisito"
    assert response.status_code == 200
    form = response.context["person_block"].person
    assert list(form.non_field_errors())[1:] == [
        "First names: was “Luis” when you opened the form, is now “Luis Alberto”."
    ]
    assert form["first_names"].value() == "Luisito"
    child.refresh_from_db()
    assert child.first_names == "Luis Alberto"


def test_occupations_are_a_list_of_checkboxes_with_a_filter_box(signed_in, household):
    # Given a child with a recorded occupation, among many
    OccupationFactory(isco_code="7212", title_en="Welders", title_es="Soldadores")
    OccupationFactory(isco_code="9329", title_en="Labourers", title_es="Peones")
    child = household.members.get(relationship="child")
    child.occupations.add(Occupation.objects.get(isco_code="7212"))

    # When the correction form is opened
    html = signed_in.get(url("person_edit", household, child.pk)).content.decode()

    # Then occupations are checkboxes (no list box needing Ctrl-click), the recorded one ticked,
    # with a filter box the field's label names
    assert '<select name="person-occupation_codes"' not in html
    assert 'name="person-occupation_codes" value="7212" checked>' in html
    assert 'name="person-occupation_codes" value="9329">' in html
    assert '<label for="id_person-occupation_codes">Occupations (ISCO-08)</label>' in html
    assert '<input type="search" id="id_person-occupation_codes" class="picker-filter"' in html

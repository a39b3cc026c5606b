"""Registering a household through the web form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry.models import Household, Modality
from tests.accounts.factories import UserFactory
from tests.jobs.factories import OccupationFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.person_data import curp_make

CREATE_URL = reverse("registry:household_create")
pytestmark = pytest.mark.django_db

BAD_CURP = "PEXX900517MNEBCR09"


@pytest.fixture
def client() -> Client:
    """Pages in English, whatever translations exist."""
    return Client(headers={"accept-language": "en"})


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def person_fields(prefix: str, **values: str) -> dict[str, str]:
    base = {
        "first_names": "María José",
        "last_names": "Hernández Castro",
        "sex": "F",
        "date_of_birth": "1990-05-17",
        "nationality": "HN",
        "spanish_level": "native",
        "education_level": "upper_secondary",
        "years_experience": "6",
        "willing_to_work": "on",
        "able_to_work": "on",
        "phone": "+52 55 1234 5678",
    }
    base.update(values)
    return {
        **{f"{prefix}-{key}": value for key, value in base.items()},
        **management(f"{prefix}-documents", 3),
        **management(f"{prefix}-languages", 2),
    }


def document(prefix: str, index: int, type_code: str, number: str) -> dict[str, str]:
    return {
        f"{prefix}-documents-{index}-type_code": type_code,
        f"{prefix}-documents-{index}-number": number,
    }


def registration_post(office_id: int, *, members: int = 1, **extra: str) -> dict[str, str]:
    data = {
        "modality": Modality.RELOCATION,
        "origin_office": str(office_id),
        "host_city": "",
        **person_fields("head"),
        **document("head", 0, "comar_recognition", "COMAR-0001"),
        **document("head", 1, "curp", curp_make()),
        **management("members", members),
    }
    for index in range(members):
        data.update(
            {
                f"members-{index}-relationship": "",
                f"members-{index}-spanish_level": "none",
                f"members-{index}-education_level": "none",
                f"members-{index}-years_experience": "0",
                **management(f"members-{index}-documents", 3),
                **management(f"members-{index}-languages", 2),
            }
        )
    data.update(extra)
    return data


@pytest.fixture
def caseworker(client):
    user = UserFactory(role=Role.ORIGIN_CASEWORKER)
    client.force_login(user)
    return user


def test_form_presets_and_limits_office_for_origin_caseworker(client, caseworker):
    OfficeFactory()

    form = client.get(CREATE_URL).context["registration"].household

    assert list(form.fields["origin_office"].queryset) == [caseworker.office]
    assert form["origin_office"].value() == caseworker.office.pk


def test_register_household_with_head_and_member(client, caseworker):
    occupation = OccupationFactory(isco_code="8211", title_es="Ensambladores de maquinaria")
    data = registration_post(
        caseworker.office.pk,
        **{"head-occupation_codes": "8211", "head-languages-0-language": "en",
           "head-languages-0-level": "basic"},
        **{f"members-0-{key}": value for key, value in {
            "first_names": "Luis", "last_names": "Hernández Castro", "sex": "M",
            "date_of_birth": "2016-03-02", "nationality": "HN", "relationship": "child",
            "spanish_level": "native",
        }.items()},
        **document("members-0", 0, "birth_certificate", "ACTA-77"),
    )  # fmt: skip

    response = client.post(CREATE_URL, data)

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[household.pk])
    assert household.origin_office == caseworker.office
    assert household.size == 2
    head = household.members.get(relationship="head")
    child = household.members.get(relationship="child")
    assert head.full_name == "María José Hernández Castro"
    assert list(head.occupations.all()) == [occupation]
    assert [(row.language, row.level) for row in head.languages.all()] == [("en", "basic")]
    assert sorted(doc.document_type.code for doc in head.documents.all()) == [
        "comar_recognition",
        "curp",
    ]
    assert [doc.number for doc in child.documents.all()] == ["ACTA-77"]


def test_invalid_curp_shows_error_beside_field_and_keeps_input(client, caseworker):
    data = registration_post(caseworker.office.pk, **document("head", 1, "curp", BAD_CURP))

    response = client.post(CREATE_URL, data)
    html = response.content.decode()

    assert response.status_code == 200
    assert Household.objects.count() == 0
    row = response.context["registration"].head.documents.forms[1]
    assert row.errors["number"] == ["The CURP check digit does not match."]
    # The message sits in the same field block as the CURP number input.
    number_input = f'name="head-documents-1-number" value="{BAD_CURP}"'
    assert number_input in html
    after_input = html.split(number_input, 1)[1].split('<div class="field', 1)[0]
    assert "The CURP check digit does not match." in after_input
    assert 'value="María José"' in html
    assert 'value="COMAR-0001"' in html


def test_service_error_on_second_member_lands_on_that_member(client, caseworker):
    member = {
        "first_names": "Luis", "last_names": "Hernández", "sex": "M",
        "date_of_birth": "2016-03-02", "nationality": "HN", "relationship": "child",
    }  # fmt: skip
    data = registration_post(
        caseworker.office.pk,
        members=3,
        **{f"members-0-{key}": value for key, value in member.items()},
        # members-1 left blank: skipped, so members-2 is the service's "members.1"
        **{f"members-2-{key}": value for key, value in member.items()},
        **document("members-2", 0, "curp", BAD_CURP),
    )

    response = client.post(CREATE_URL, data)

    registration = response.context["registration"]
    assert Household.objects.count() == 0
    assert registration.members[2].documents.forms[0].errors["number"] == [
        "The CURP check digit does not match."
    ]
    assert registration.members[0].documents.forms[0].errors == {}


def test_form_errors_stop_before_the_service(client, caseworker):
    data = registration_post(caseworker.office.pk, **{"head-first_names": ""})

    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert response.context["registration"].head.person.errors["first_names"] == [
        "This field is required."
    ]
    assert Household.objects.count() == 0


def test_half_filled_document_row_is_an_error(client, caseworker):
    data = registration_post(caseworker.office.pk, **{"head-documents-2-number": "X-1"})

    response = client.post(CREATE_URL, data)

    assert response.context["registration"].head.documents.forms[2].errors["type_code"] == [
        "This field is required."
    ]
    assert Household.objects.count() == 0


def test_add_another_member_rerenders_with_one_more_block_without_saving(client, caseworker):
    data = registration_post(caseworker.office.pk, add_member="1", **{"head-first_names": ""})

    response = client.post(CREATE_URL, data)
    registration = response.context["registration"]

    assert response.status_code == 200
    assert len(registration.members) == 2
    assert registration.members[1].documents.total_form_count() == 3
    assert not registration.has_errors()
    assert 'value="Hernández Castro"' in response.content.decode()
    assert Household.objects.count() == 0


def test_in_place_household_needs_a_host_city(client, caseworker):
    data = registration_post(caseworker.office.pk, modality=Modality.IN_PLACE)

    response = client.post(CREATE_URL, data)

    assert response.context["registration"].household.errors["host_city"] == [
        "Give the city where an in-place household lives."
    ]
    assert Household.objects.count() == 0


def test_origin_caseworker_cannot_register_at_another_office(client, caseworker):
    other = OfficeFactory()

    response = client.post(CREATE_URL, registration_post(other.pk))

    assert response.status_code == 200
    assert "origin_office" in response.context["registration"].household.errors
    assert Household.objects.count() == 0


def test_host_caseworker_registers_in_place_household_in_own_city(client):
    city = CityFactory()
    office = OfficeFactory(city=city)
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=city))

    response = client.post(
        CREATE_URL,
        registration_post(office.pk, modality=Modality.IN_PLACE, host_city=str(city.pk)),
    )

    assert response.status_code == 302
    assert Household.objects.get().host_city == city


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR, Role.EMPLOYER])
def test_roles_without_registration_are_refused(client, role):
    client.force_login(UserFactory(role=role))

    response = client.get(CREATE_URL)

    assert response.status_code == 403
    assert "Your role does not allow this." in response.content.decode()


def test_form_presets_in_place_and_own_city_for_host_caseworker(client):
    city = CityFactory(name="Saltillo")
    local = OfficeFactory(city=city)
    OfficeFactory()
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=city))

    form = client.get(CREATE_URL).context["registration"].household

    assert form["modality"].value() == Modality.IN_PLACE
    assert form["host_city"].value() == city.pk
    assert list(form.fields["origin_office"].queryset) == [local]

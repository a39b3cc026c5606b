"""Forms of the household pages: input to service data, and service errors back to fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.registry.forms.households import HouseholdFilterForm
from arraigo.registry.forms.people import (
    DocumentForm,
    LanguageForm,
    PersonBlock,
    PersonChoices,
)
from arraigo.registry.forms.register import Registration
from arraigo.registry.selectors import HouseholdFilterChoices, HouseholdListFilters
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rows(prefix: str, total: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def person(prefix: str, first: str, relationship: str = "") -> dict[str, str]:
    values = {
        "first_names": first, "last_names": "Díaz", "sex": "F", "date_of_birth": "1990-01-31",
        "nationality": "GT", "spanish_level": "fluent", "education_level": "primary",
        "years_experience": "2", "relationship": relationship,
    }  # fmt: skip
    return {
        **{f"{prefix}-{key}": value for key, value in values.items() if value},
        **rows(f"{prefix}-documents", 3),
        **rows(f"{prefix}-languages", 2),
    }


def blank_member(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-spanish_level": "none",
        f"{prefix}-education_level": "none",
        f"{prefix}-years_experience": "0",
        **rows(f"{prefix}-documents", 3),
        **rows(f"{prefix}-languages", 2),
    }


def query(data: dict[str, str]) -> QueryDict:
    result = QueryDict(mutable=True)
    result.update(data)
    return result


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def office_id(user) -> str:
    return str(OfficeFactory().pk)


def test_registration_reads_filled_members_and_rows_only(coordinator):
    data = {
        "modality": "relocation", "origin_office": office_id(coordinator),
        **person("head", "Ana"),
        "head-documents-1-type_code": "passport", "head-documents-1-number": " G123 ",
        "head-languages-1-language": "mam", "head-languages-1-level": "native",
        **rows("members", 3),
        **blank_member("members-0"),
        **person("members-1", "Eva", "child"),
        **blank_member("members-2"),
    }  # fmt: skip

    registration = Registration(user=coordinator, data=query(data))

    assert registration.is_valid()
    kwargs = registration.service_kwargs()
    assert kwargs["head"].first_names == "Ana"
    assert kwargs["head"].relationship == "head"
    assert kwargs["head"].date_of_birth == dt.date(1990, 1, 31)
    assert kwargs["head"].documents == (DocumentData(type_code="passport", number="G123"),)
    assert kwargs["head"].languages == (("mam", "native"),)
    assert [member.first_names for member in kwargs["members"]] == ["Eva"]
    assert kwargs["members"][0].relationship == "child"


def test_member_with_only_a_document_row_is_validated_as_a_person(coordinator):
    data = {
        "modality": "relocation", "origin_office": office_id(coordinator),
        **person("head", "Ana"), **rows("members", 1), **blank_member("members-0"),
        "members-0-documents-0-type_code": "passport", "members-0-documents-0-number": "X1",
    }  # fmt: skip

    registration = Registration(user=coordinator, data=query(data))

    assert not registration.is_valid()
    assert registration.members[0].person.errors["first_names"] == ["This field is required."]


def test_service_errors_go_to_the_matching_fields(coordinator):
    data = {
        "modality": "relocation", "origin_office": office_id(coordinator),
        **person("head", "Ana"),
        "head-documents-2-type_code": "curp", "head-documents-2-number": "BAD",
        **rows("members", 2),
        **blank_member("members-0"),
        **person("members-1", "Eva", "child"),
        "members-1-documents-1-type_code": "passport", "members-1-documents-1-number": "P1",
    }  # fmt: skip
    registration = Registration(user=coordinator, data=query(data))
    assert registration.is_valid()

    registration.add_service_errors(
        {
            "head.documents.0.number": ["Bad CURP."],
            "head.phone": ["Bad phone."],
            "members.0.documents.0.number": ["Already registered."],
            "members.0.relationship": ["Only one head."],
            "head.languages": ["Listed twice."],
            "host_city": ["Give the city."],
            "members.7.sex": ["No such member."],
            None: ["Something else."],
        }
    )

    head, eva = registration.head, registration.members[1]
    assert head.documents.forms[2].errors["number"] == ["Bad CURP."]
    assert head.person.errors["phone"] == ["Bad phone."]
    assert head.person.non_field_errors() == ["Listed twice."]
    assert eva.documents.forms[1].errors["number"] == ["Already registered."]
    assert eva.person.errors["relationship"] == ["Only one head."]
    assert registration.household.errors["host_city"] == ["Give the city."]
    assert registration.household.non_field_errors() == ["No such member.", "Something else."]
    assert registration.members[0].person.errors == {}
    assert registration.has_errors()


def test_add_member_adds_a_block_with_its_rows_and_shows_no_errors(coordinator):
    data = {"modality": "relocation", **person("head", ""), **rows("members", 1),
            **blank_member("members-0")}  # fmt: skip

    registration = Registration(user=coordinator, data=query(data), add_member=True)

    assert [block.prefix for block in registration.members] == ["members-0", "members-1"]
    assert registration.members[1].documents.total_form_count() == 3
    assert registration.members[1].languages.total_form_count() == 2
    assert not registration.has_errors()


def test_document_form_blank_row_is_fine_half_row_is_not():
    choices = PersonChoices(document_types=[("passport", "Passport")], occupations=[], skills=[])

    blank = DocumentForm({}, choices=choices, empty_permitted=True, use_required_attribute=False)
    half = DocumentForm({"number": "X"}, choices=choices)
    backwards = DocumentForm(
        {"type_code": "passport", "number": "X", "issued_on": "2024-01-02",
         "expires_on": "2023-01-01"},
        choices=choices,
    )  # fmt: skip

    assert blank.is_valid() and not blank.is_filled
    assert half.errors == {"type_code": ["This field is required."]}
    assert backwards.errors == {"expires_on": ["The expiry date is before the issue date."]}


def test_language_form_needs_both_language_and_level():
    assert LanguageForm({"language": "fr"}).errors == {
        "level": ["Give the level for this language."]
    }
    assert LanguageForm({}).is_valid()


def test_person_block_without_documents_keeps_document_data_empty():
    choices = PersonChoices(document_types=[], occupations=[("8211", "8211 x")], skills=[])
    data = query(person("p", "Ana", "child"))
    data.setlist("p-occupation_codes", ["8211"])
    block = PersonBlock(prefix="p", choices=choices, data=data, with_documents=False)

    assert block.is_valid()
    result = block.person_data()
    assert (result.documents, result.occupation_codes) == ((), ("8211",))
    block.add_error("documents.0.number", ["Nowhere to put this."])
    assert block.person.non_field_errors() == ["Nowhere to put this."]


def test_filter_form_drops_invalid_values():
    choices = HouseholdFilterChoices(offices=[(3, "Tapachula")], host_cities=[])
    form = HouseholdFilterForm(
        {"q": " ana ", "status": "bogus", "office": "3", "host_city": "9", "sort": "code"},
        choices=choices,
        names=True,
    )

    assert form.filters() == HouseholdListFilters(q="ana", office_id=3, sort="code")


def test_filter_form_for_pseudonymised_roles_has_no_search_box():
    # They see pseudonyms, not case codes (issue 10, item 16): nothing to look up.
    form = HouseholdFilterForm(
        {}, choices=HouseholdFilterChoices(offices=[], host_cities=[]), names=False
    )

    assert "q" not in form.fields

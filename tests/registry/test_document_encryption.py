"""Identity document numbers are encrypted at rest and found through their keyed hash: the
search box and the API find a number typed whole, a second document of the same type and
number is refused, and the audit trail keeps only a number's last characters."""

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry.models import IdentityDocument
from arraigo.registry.services import document_add
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.api.conftest import caller_for
from tests.core.stored import stored
from tests.registry.factories import (
    DocumentTypeFactory,
    IdentityDocumentFactory,
    household_with_head,
)

pytestmark = pytest.mark.django_db

RFC = "GODE561231GR8"


def test_a_document_added_is_stored_encrypted_with_its_hash(caseworker, household):
    head = household.members.get(relationship="head")

    document = document_add(
        actor=caseworker, person=head, data=DocumentData(type_code="rfc", number="gode-561231-gr8")
    )

    raw = stored("registry_identitydocument", "number", document.pk)
    assert RFC not in raw
    assert "GODE" not in raw
    assert stored("registry_identitydocument", "number_hash", document.pk) == lookup_hash(RFC)
    assert IdentityDocument.objects.get(pk=document.pk).number == RFC


def test_the_trail_keeps_the_last_three_characters_and_no_hash(caseworker, household):
    head = household.members.get(relationship="head")

    document = document_add(
        actor=caseworker, person=head, data=DocumentData(type_code="rfc", number=RFC)
    )

    entry = LogEntry.objects.get_for_object(document).get(action=LogEntry.Action.CREATE)
    assert entry.changes["number"] == ["None", "**********GR8"]
    assert "number_hash" not in entry.changes
    assert RFC not in str(entry.changes) + entry.changes_text


def test_the_search_box_finds_a_number_typed_whole_whatever_its_case_and_spaces(client):
    household = household_with_head(code="TAP-1")
    IdentityDocumentFactory(person=household.members.get(), number="AB123456")
    household_with_head(code="TAP-2")
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = reverse("registry:household_list")

    found = client.get(page, {"q": "ab 123 456"})
    partial = client.get(page, {"q": "AB1234"})

    assert found.status_code == 200
    assert 'name="q"' in found.content.decode()
    assert [h.code for h, _nationality in found.context["rows"]] == ["TAP-1"]
    assert [h.code for h, _nationality in partial.context["rows"]] == []


def test_the_api_finds_a_household_by_document_number():
    household = household_with_head(code="TAP-1")
    IdentityDocumentFactory(person=household.members.get(), number="AB123456")
    household_with_head(code="TAP-2")
    caller = caller_for(UserFactory(role=Role.COORDINATOR))

    found = caller.get("/households?q=ab123456").json()
    nothing = caller.get("/households?q=AB12345").json()

    assert [item["code"] for item in found["items"]] == ["TAP-1"]
    assert nothing["items"] == []


def test_the_api_search_looks_nothing_up_for_a_pseudonymised_reader():
    household = household_with_head(code="TAP-1")
    IdentityDocumentFactory(person=household.members.get(), number="AB123456")
    household_with_head(code="TAP-2")
    caller = caller_for(UserFactory(role=Role.ME_OFFICER))

    body = caller.get("/households?q=AB123456").json()

    assert len(body["items"]) == 2  # the filter is ignored, as on the list page


def test_the_same_number_of_the_same_type_is_refused_by_the_database():
    passport = DocumentTypeFactory(code="passport")
    IdentityDocumentFactory(document_type=passport, number="AB123456")

    with pytest.raises(IntegrityError, match=r"number_hash|document_unique"), transaction.atomic():
        IdentityDocumentFactory(document_type=passport, number="ab 123456")

    visa = DocumentTypeFactory(code="visa")
    assert IdentityDocumentFactory(document_type=visa, number="AB123456").number == "AB123456"

"""An import writes its identity documents encrypted, through the bulk writer (COPY on
PostgreSQL), and matches the numbers already on file through their keyed hash."""

import pytest

from arraigo.bulk.services import import_now
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry.models import IdentityDocument
from tests.core.stored import stored
from tests.registry.factories import DocumentTypeFactory, IdentityDocumentFactory

from .files import csv_bytes, households_rows

pytestmark = pytest.mark.django_db


def _import(actor, rows):
    return import_now(
        actor=actor, kind="households", filename="caseload.csv", content=csv_bytes(rows)
    )


def test_imported_numbers_are_stored_encrypted_with_their_hashes(coordinator, office):
    rows = households_rows(office.code, 2)

    _job, report = _import(coordinator, rows)

    assert report.problems == []
    numbers = {row["document_2_number"] for row in rows if row.get("document_2_number")}
    documents = IdentityDocument.objects.filter(document_type__code="comar_recognition")
    assert {d.number for d in documents} == numbers
    for document in documents:
        raw = stored("registry_identitydocument", "number", document.pk)
        assert raw.startswith("gAAAAA")
        assert document.number not in raw
        assert document.number_hash == lookup_hash(document.number)


def test_a_number_on_file_is_matched_whatever_its_spacing_in_the_file(coordinator, office):
    rows = households_rows(office.code, 1)
    number = rows[0]["document_2_number"]
    IdentityDocumentFactory(
        document_type=DocumentTypeFactory(code="comar_recognition"), number=number
    )
    rows[0]["document_2_number"] = f" {number[:3].lower()} {number[3:]} "

    _job, report = _import(coordinator, rows)

    assert [(p.row, p.column) for p in report.problems] == [(2, "document_2_number")]
    assert "already registered in household" in report.problems[0].message

"""The seed writes through its bulk paths (INSERT on SQLite, COPY on PostgreSQL) what a save
would: document numbers, notes and reports encrypted, each number with its keyed hash."""

from __future__ import annotations

import pytest

from arraigo.casefile.models import CaseNote
from arraigo.core.fieldkeys import lookup_hash
from arraigo.demo.seed import SeedResult
from arraigo.feedback.models import FeedbackCase
from arraigo.registry.models import IdentityDocument
from tests.core.stored import stored_set

pytestmark = pytest.mark.django_db


def test_every_encrypted_column_of_the_demo_holds_tokens_only(seeded: SeedResult) -> None:
    raw = stored_set()
    tables = {table for table, _column, _pk in raw}

    assert tables == {"registry_identitydocument", "registry_casenote", "feedback_feedbackcase"}
    assert all(value.startswith("gAAAAA") for value in raw.values())


def test_the_models_read_the_demo_s_texts_and_numbers_back(seeded: SeedResult) -> None:
    raw = stored_set()
    documents = list(IdentityDocument.objects.values_list("pk", "number", "number_hash"))
    notes = list(CaseNote.objects.values_list("pk", "text"))

    assert len(documents) > 600
    assert notes
    reports = list(FeedbackCase.objects.values_list("pk", "description", "resolution"))
    assert any(resolution for _pk, _description, resolution in reports)
    for pk, number, number_hash in documents:
        assert number_hash == lookup_hash(number)
        assert number not in raw["registry_identitydocument", "number", pk]
    for pk, text in notes:
        assert text and text not in raw["registry_casenote", "text", pk]
    for pk, description, resolution in reports:
        assert description not in raw["feedback_feedbackcase", "description", pk]
        if resolution:
            assert resolution not in raw["feedback_feedbackcase", "resolution", pk]

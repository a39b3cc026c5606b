"""The data migration that strips free text about people from entries written before."""

import importlib
import json

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from arraigo.accounts.models import Role
from arraigo.casefile.services import note_add
from arraigo.feedback.services import feedback_record
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

scrub = importlib.import_module(
    "arraigo.accounts.migrations.0002_audit_trail_without_free_text"
)._scrub


def _as_written_before(entry: LogEntry, **free_text: str) -> None:
    """Put back the free text the trail used to record, in each place it could be."""
    changes = {**entry.changes, **{key: ["None", value] for key, value in free_text.items()}}
    LogEntry.objects.filter(pk=entry.pk).update(
        changes=changes, changes_text=json.dumps(changes), serialized_data={"fields": free_text}
    )


def test_old_entries_lose_the_free_text_and_keep_the_rest():
    household = household_with_head(host_city=CityFactory(), status=HouseholdStatus.INTEGRATING)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    note = note_add(actor=host, household=household, text="Violence disclosed.")
    report = feedback_record(
        actor=host, category="sea", channel="phone", description="Abuse.", household=household
    )
    note_entry = LogEntry.objects.get_for_object(note).get()
    report_entry = LogEntry.objects.get_for_object(report).get()
    household_entry = LogEntry.objects.get_for_object(household).first()
    _as_written_before(note_entry, text="Violence disclosed.")
    _as_written_before(report_entry, description="Abuse.", contact="+52 1", resolution="Done.")
    _as_written_before(household_entry, text="Not a note: kept.")

    # When this migration ran, notes were the registry's (casefile 0001 moved them after it).
    notes = ContentType.objects.filter(model="casenote")
    notes.update(app_label="registry")
    try:
        scrub(apps, None)
    finally:
        notes.update(app_label="casefile")
        ContentType.objects.clear_cache()

    note_entry.refresh_from_db()
    report_entry.refresh_from_db()
    household_entry.refresh_from_db()
    assert sorted(note_entry.changes) == [
        "author",
        "created_at",
        "household",
        "id",
        "person",
        "supersedes",
        "tier",
    ]
    assert json.loads(note_entry.changes_text) == note_entry.changes
    assert note_entry.serialized_data is None
    assert {"description", "contact", "resolution"} & set(report_entry.changes) == set()
    assert report_entry.changes["category"] == ["None", "sea"]
    assert json.loads(report_entry.changes_text) == report_entry.changes
    assert household_entry.changes["text"] == ["None", "Not a note: kept."]
    assert household_entry.serialized_data == {"fields": {"text": "Not a note: kept."}}

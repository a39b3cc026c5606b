"""The erasure service: after erasing a household, no table and no audit entry holds its
members' names, birth dates, document numbers or phones; the other household keeps its own."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from arraigo.core.errors import ValidationFailed
from arraigo.core.fieldkeys import lookup_hash
from arraigo.privacy.models import ErasureRecord, Target
from arraigo.privacy.services import household_erase, person_erase
from arraigo.privacy.services.trail import ERASED
from arraigo.registry.models import Household, Person, StatusChange
from arraigo.relocation.models import LedgerEntry, PlanStatus, RelocationPlan
from tests.privacy.scan import database_holds, encrypted_columns_hold

pytestmark = pytest.mark.django_db

# Tables that keep pointing at an erased household (the tombstone), and why.
KEPT_POINTING_AT_HOUSEHOLD = {
    "registry.StatusChange",  # the journey's statuses (reasons blanked)
    "registry.Household",  # merged_into: a household merged into this one is erased with it
    "relocation.RelocationPlan",  # holds the grants and lodging paid (notes blanked)
    "relocation.Grant",  # money paid: kept by law (payment reference blanked)
    "relocation.LedgerEntry",  # money committed and spent: kept by law
    "matching.Proposal",  # only those a relocation plan holds (notes blanked)
    "privacy.ErasureRequest",
    "privacy.ErasureRecord",
}


def test_after_erasing_a_household_no_table_holds_its_people(
    erased_world, kept_world, files_folder
):
    # Given: both households' values are in the database, in tables and in the trail
    # (columns that stay plain text: notes, complaints and document numbers may be stored
    # encrypted, which the scan cannot read, and the erasure removes whatever their form)
    erased_before = database_holds(erased_world.needles())
    for where in (
        "registry_person.first_names: Zoraida",
        "registry_person.date_of_birth: 1987-03-29",
        "registry_household.head_name: Quintanilla",
        "feedback_feedbackcase.contact: 55 9876 5432",
        "auditlog_logentry.changes: Zoraidaita",
        "bulk_exportjob.content: Zoraida",
        "relocation_relocationplan.assistance_note: Zoraida",
        "attachments_attachment.name: Quintanilla",
    ):
        assert where in erased_before
    hashes = [
        f"registry_identitydocument.number_hash: {lookup_hash(n)}" for n in erased_world.numbers
    ]
    assert hashes and set(hashes) <= set(erased_before)
    encrypted_before = encrypted_columns_hold(erased_world.needles())
    assert encrypted_before != []
    kept_before = database_holds(kept_world.needles())
    kept_encrypted_before = encrypted_columns_hold(kept_world.needles())
    assert any(hit.startswith("auditlog_logentry.changes") for hit in kept_before)
    assert any(hit.startswith("registry_person.first_names") for hit in kept_before)
    files_before = sorted(p.name for p in files_folder.rglob("*") if p.is_file())
    assert len(files_before) == 2

    assert search_index_finds("zoraida") in ([], [erased_world.head.pk])

    # When
    with django_capture_on_commit():
        record = household_erase(household=erased_world.household, actor=None)

    # Then: nothing of the erased household's people is anywhere
    assert database_holds(erased_world.needles()) == []
    assert encrypted_columns_hold(erased_world.needles()) == []
    # and the other household is whole (the scan does find what is there)
    assert database_holds(kept_world.needles()) == kept_before
    assert encrypted_columns_hold(kept_world.needles()) == kept_encrypted_before
    assert len([p for p in files_folder.rglob("*") if p.is_file()]) == 1
    assert search_index_finds("zoraida") == []
    assert search_index_finds("wenceslao") in ([], [kept_world.head.pk])
    assert record.people == 2
    assert record.household_size == 2
    assert record.target == Target.HOUSEHOLD


def search_index_finds(word: str) -> list[int]:
    """The people the SQLite full-text index of names finds (none without the index)."""
    index = "registry_person_name_fts"
    if connection.vendor != "sqlite" or index not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [f'"{word}"'])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def django_capture_on_commit():
    """Run on_commit callbacks (the files' deletion) at once, as a commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_household_stays_as_a_tombstone_with_its_money_and_journey(erased_world, coordinator):
    household = erased_world.household
    history = StatusChange.objects.filter(household=household).order_by("changed_at", "pk")
    statuses = list(history.values_list("to_status", flat=True))
    status = household.status

    record = household_erase(household=household, actor=coordinator)

    household.refresh_from_db()
    assert (household.code, household.head_name, household.size) == (
        erased_world.household.code,
        "",
        2,
    )
    assert Person.objects.filter(household=household).count() == 0
    # the journey stays, closed by the erasure; the status it had reached is on the record
    assert list(history.values_list("to_status", flat=True)) == [*statuses, "closed"]
    assert (household.status, record.status_reached) == ("closed", status)
    assert list(history.values_list("reason", flat=True)) == [""] * len(statuses) + ["erasure"]
    assert LedgerEntry.objects.filter(household=household).count() == 1
    plan = RelocationPlan.objects.get(household=household)
    assert plan.assistance_note == ""
    assert record.counts["registry.Person"] == 2
    assert record.counts["registry.IdentityDocument"] == 3
    assert record.counts["casefile.CaseNote"] == 2
    assert record.counts["feedback.FeedbackCase"] == 1
    assert record.counts["attachments.Attachment"] == 1
    assert record.counts["relocation.Ticket"] == 1


def test_the_trail_keeps_who_did_what_without_the_values(erased_world, coordinator):
    person_type = ContentType.objects.get_for_model(Person)
    head_pk = str(erased_world.head.pk)
    before = LogEntry.objects.filter(content_type=person_type, object_pk=head_pk).count()

    record = household_erase(household=erased_world.household, actor=coordinator)

    entries = LogEntry.objects.filter(content_type=person_type, object_pk=head_pk).order_by("pk")
    # create, update, and the deletion itself
    assert entries.count() == before + 1
    assert [e.action for e in entries][-1] == LogEntry.Action.DELETE
    references = {"household"}  # ids of other rows stay: they say nothing of the person
    for entry in entries:
        assert entry.object_repr == f"erased-{record.pk}"
        for name, value in entry.changes.items():
            if name in references:
                assert set(value) <= {str(erased_world.household.pk), "None"}
            elif isinstance(value, dict):
                assert value["objects"] == [ERASED]
            else:
                assert set(value) == {ERASED}, (name, value)
    update = entries.filter(action=LogEntry.Action.UPDATE).first()
    assert set(update.changes) >= {"first_names"}
    erasure = LogEntry.objects.get(additional_data__event="erasure")
    assert erasure.actor == coordinator
    assert erasure.additional_data["people"] == 2
    assert erasure.additional_data["counts"]["registry.Person"] == 2


def test_a_trip_under_way_refuses_the_erasure_and_nothing_changes(erased_world):
    RelocationPlan.objects.filter(household=erased_world.household).update(
        status=PlanStatus.DEPARTED
    )

    with pytest.raises(ValidationFailed) as refused:
        household_erase(household=erased_world.household, actor=None)

    assert "trip is booked or under way" in refused.value.message
    assert Person.objects.filter(household=erased_world.household).count() == 2
    assert ErasureRecord.objects.count() == 0


def test_erasing_twice_is_refused(erased_world):
    household_erase(household=erased_world.household, actor=None)

    with pytest.raises(ValidationFailed, match="erased already"):
        household_erase(household=erased_world.household, actor=None)


def test_a_household_merged_into_the_erased_one_goes_with_it(erased_world, kept_world):
    # the kept world's household was a duplicate registration, merged into the erased one
    Household.objects.filter(pk=kept_world.household.pk).update(
        merged_into=erased_world.household, status="closed"
    )
    RelocationPlan.objects.filter(household=kept_world.household).update(status=PlanStatus.ARRIVED)

    record = household_erase(household=erased_world.household, actor=None)

    assert record.people == 4
    assert database_holds(kept_world.needles()) == []


def test_one_member_is_erased_and_the_household_keeps_the_others(
    erased_world, kept_world, coordinator
):
    child = erased_world.child
    kept_before = database_holds(kept_world.needles())
    kept_encrypted_before = encrypted_columns_hold(kept_world.needles())

    record = person_erase(person=child, actor=coordinator)

    assert record.target == Target.PERSON
    assert not Person.objects.filter(pk=child.pk).exists()
    household = Household.objects.get(pk=erased_world.household.pk)
    assert household.size == 1
    assert household.head_name == "Zoraida Quintanilla Ibáñez"
    assert database_holds(["Xiomara", "2015-11-08"]) == []
    assert database_holds(["Zoraida"]) != []
    assert encrypted_columns_hold(["Xiomara"]) == []
    assert database_holds(kept_world.needles()) == kept_before
    assert encrypted_columns_hold(kept_world.needles()) == kept_encrypted_before


def test_the_head_alone_is_not_erased(erased_world, coordinator):
    with pytest.raises(ValidationFailed, match="head of household cannot be erased alone"):
        person_erase(person=erased_world.head, actor=coordinator)


def test_no_row_points_at_the_erased_people_and_only_the_kept_tables_at_the_household(
    erased_world, kept_world
):
    """Every model of the project, walked: a new table that refers to a person or a household
    fails here until the erasure decides what to do with it."""
    household = erased_world.household
    people = list(Person.objects.filter(household=household).values_list("pk", flat=True))

    household_erase(household=household, actor=None)

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            target = field.related_model._meta.label
            if target == "registry.Person":
                held = model._default_manager.filter(**{f"{field.name}__in": people})
                assert not held.exists(), f"{model._meta.label}.{field.name}"
            if (
                target == "registry.Household"
                and model._meta.label not in KEPT_POINTING_AT_HOUSEHOLD
            ):
                held = model._default_manager.filter(**{field.name: household})
                assert not held.exists(), f"{model._meta.label}.{field.name}"


def test_the_trail_and_the_household_page_still_read_after_the_erasure(erased_world, coordinator):
    from django.test import Client
    from django.urls import reverse

    record = household_erase(household=erased_world.household, actor=coordinator)
    client = Client()
    client.force_login(coordinator)
    person_type = ContentType.objects.get_for_model(Person)
    deleted = LogEntry.objects.get(
        content_type=person_type,
        object_pk=str(erased_world.head.pk),
        action=LogEntry.Action.DELETE,
    )

    listing = client.get(reverse("accounts:audit_list"))
    detail = client.get(reverse("accounts:audit_detail", args=[deleted.pk]))
    case = client.get(reverse("registry:household_detail", args=[erased_world.household.pk]))

    assert (listing.status_code, detail.status_code, case.status_code) == (200, 200, 200)
    assert f"erased-{record.pk}" in detail.content.decode()
    assert ERASED in detail.content.decode()
    for page in (listing, detail, case):
        assert "Zoraida" not in page.content.decode()
    assert 'data-testid="erasure"' in case.content.decode()
    assert "se borraron el" in case.content.decode()  # the demo language, Spanish


def test_entries_of_a_restricted_tier_stay_hidden_from_those_outside_it(erased_world, coordinator):
    """The trail shows the entries of an SEA report or a protection note only to their tier; it
    reads the tier from the entries, so the erasure keeps that one value."""
    from arraigo.accounts.models import Role
    from arraigo.accounts.selectors import audit_entries_for
    from arraigo.casefile.services import note_add
    from arraigo.feedback.services import feedback_record
    from tests.accounts.factories import UserFactory

    household = erased_world.household
    report = feedback_record(
        actor=coordinator,
        category="sea",
        channel="in_person",
        household=household,
        description="A report.",
    )
    note = note_add(actor=coordinator, household=household, text="Protection.", tier="protection")
    auditor = UserFactory(role=Role.AUDITOR)
    hidden = {
        (ContentType.objects.get_for_model(type(row)).pk, str(row.pk)) for row in (report, note)
    }

    def seen() -> set[tuple[int, str]]:
        return set(audit_entries_for(auditor).values_list("content_type_id", "object_pk"))

    assert not hidden & seen()
    household_erase(household=household, actor=coordinator)
    assert not hidden & seen()
    # the coordinator (in both tiers) still sees that they were recorded and removed
    assert hidden <= set(audit_entries_for(coordinator).values_list("content_type_id", "object_pk"))

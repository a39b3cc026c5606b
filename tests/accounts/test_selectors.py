import datetime as dt

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import timezone

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role
from arraigo.accounts.selectors import (
    audit_content_types,
    audit_entries_for,
    audit_entry_get_for,
    entry_changes,
    entry_csv_row,
    entry_kind,
)
from arraigo.casefile.models import CaseNote, NoteTier
from arraigo.casefile.services import note_add
from arraigo.feedback.models import FeedbackCase
from arraigo.feedback.services import feedback_record
from arraigo.places.models import City
from arraigo.registry.models import Household, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory, household_with_head

pytestmark = pytest.mark.django_db


def at(entry: LogEntry, day: dt.date, hour: int = 10) -> LogEntry:
    """Move an entry to `day` at `hour`, site time."""
    when = timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def trail():
    """Four entries by two people over four days (everything the set-up wrote is cleared)."""
    ana = UserFactory(username="ana", role=Role.COORDINATOR)
    beto = UserFactory(username="beto", role=Role.ORIGIN_CASEWORKER)
    household = HouseholdFactory(code="HH-000001")
    city = CityFactory(name="Saltillo")
    LogEntry.objects.all().delete()

    view = at(audit_event(actor=beto, obj=household, event="view"), dt.date(2026, 3, 1))
    export = at(audit_event(actor=ana, obj=household, event="export"), dt.date(2026, 3, 2))
    with set_actor(ana):
        city.name = "Saltillo Centro"
        city.save()
    update = at(LogEntry.objects.get(action=LogEntry.Action.UPDATE), dt.date(2026, 3, 3))
    login = at(audit_event(actor=ana, obj=ana, event="login"), dt.date(2026, 3, 4), hour=23)
    return {
        "ana": ana,
        "beto": beto,
        "household": household,
        "city": city,
        "view": view,
        "export": export,
        "update": update,
        "login": login,
    }


@pytest.fixture
def coordinator(trail):
    return trail["ana"]


def test_entries_are_newest_first(trail, coordinator):
    assert list(audit_entries_for(coordinator)) == [
        trail["login"],
        trail["update"],
        trail["export"],
        trail["view"],
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "BET"}, ["view"]),
        ({"actor": "ana"}, ["login", "update", "export"]),
        ({"action": "update"}, ["update"]),
        ({"action": "access"}, ["login", "export", "view"]),
        ({"action": "view"}, ["view"]),
        ({"action": "export"}, ["export"]),
        ({"action": "login"}, ["login"]),
        ({"action": "create"}, []),
        ({"date_from": dt.date(2026, 3, 2), "date_to": dt.date(2026, 3, 3)}, ["update", "export"]),
        ({"date_from": dt.date(2026, 3, 4)}, ["login"]),
        ({"date_to": dt.date(2026, 3, 1)}, ["view"]),
    ],
)
def test_filters(trail, coordinator, filters, expected):
    assert list(audit_entries_for(coordinator, filters)) == [trail[name] for name in expected]


def test_filter_by_object_type_and_id(trail, coordinator):
    household_type = ContentType.objects.get_for_model(Household)
    city_type = ContentType.objects.get_for_model(City)

    assert list(audit_entries_for(coordinator, {"content_type": household_type.pk})) == [
        trail["export"],
        trail["view"],
    ]
    assert list(audit_entries_for(coordinator, {"content_type": city_type.pk})) == [trail["update"]]
    one_household = {"content_type": household_type.pk, "object_id": trail["household"].pk}
    assert list(audit_entries_for(coordinator, one_household)) == [trail["export"], trail["view"]]
    unknown = {"content_type": household_type.pk, "object_id": trail["household"].pk + 1000}
    assert list(audit_entries_for(coordinator, unknown)) == []


def test_auditor_reads_the_trail(trail):
    auditor = UserFactory(role=Role.AUDITOR)  # creating the account is itself on the trail

    assert audit_entries_for(auditor).count() == 5
    user_type = ContentType.objects.get_for_model(auditor)
    assert list(
        audit_entries_for(auditor)
        .filter(content_type=user_type, object_pk=str(auditor.pk))
        .values_list("action", flat=True)
    ) == [LogEntry.Action.CREATE]


@pytest.mark.parametrize(
    "role",
    [
        Role.ORIGIN_CASEWORKER,
        Role.HOST_CASEWORKER,
        Role.EMPLOYER_LIAISON,
        Role.EMPLOYER,
        Role.SERVICE_PARTNER,
        Role.ME_OFFICER,
    ],
)
def test_other_roles_read_nothing(trail, role):
    user = UserFactory(role=role)

    assert audit_entries_for(user).count() == 0
    with pytest.raises(Http404):
        audit_entry_get_for(user, trail["view"].pk)


def test_entry_kind_and_changes(trail):
    assert [entry_kind(trail[name]) for name in ("view", "export", "update", "login")] == [
        "view",
        "export",
        "update",
        "login",
    ]
    changes = entry_changes(trail["update"])
    assert [(c.name, c.field, c.before, c.after) for c in changes] == [
        ("name", "Name", "Saltillo", "Saltillo Centro")
    ]
    assert entry_changes(trail["view"]) == []


def test_many_to_many_changes_are_shown_as_lists():
    entry = LogEntry(
        changes={"skills": {"type": "m2m", "operation": "add", "objects": ["Soldadura", "Torno"]}}
    )

    assert [(c.field, c.before, c.after) for c in entry_changes(entry)] == [
        ("skills", "", "Soldadura, Torno")
    ]


def test_csv_row(trail):
    assert entry_csv_row(trail["update"]) == [
        "2026-03-03T10:00:00-06:00",
        "ana",
        "update",
        "places.city",
        str(trail["city"].pk),
        "Saltillo Centro, Coahuila",
        "Name: Saltillo → Saltillo Centro",
        "",
    ]


def test_content_types_include_audited_models_and_users():
    types = {(ct.app_label, ct.model) for ct in audit_content_types()}

    assert {("registry", "household"), ("places", "city"), ("accounts", "user")} <= types
    assert ("sessions", "session") not in types


def test_a_creation_lists_the_values_set_without_empty_relations():
    entry = LogEntry(
        action=LogEntry.Action.CREATE,
        changes={
            "name": ["None", "Saltillo"],
            "phone": ["None", ""],
            "offices": ["None", "places.Office.None"],
            "id": ["None", "7"],
        },
    )

    assert [(c.field, c.before, c.after) for c in entry_changes(entry)] == [
        ("id", "", "7"),
        ("name", "", "Saltillo"),
    ]


def test_a_deletion_lists_the_values_removed():
    entry = LogEntry(action=LogEntry.Action.DELETE, changes={"name": ["Saltillo", "None"]})

    assert [(c.field, c.before, c.after) for c in entry_changes(entry)] == [
        ("name", "Saltillo", "")
    ]


PROTECTED = "She disclosed violence by her former partner; referred to the shelter."


@pytest.fixture
def notes():
    """An ordinary and a protection note on one person of a host-city household."""
    household = household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    person = household.members.get()
    with set_actor(host):
        ordinary = note_add(actor=host, household=household, text="Flat hunting.", person=person)
        protected = note_add(
            actor=host, household=household, text=PROTECTED, tier=NoteTier.PROTECTION
        )
    return {"household": household, "host": host, "ordinary": ordinary, "protected": protected}


def _note_entries(user) -> list[tuple[str, int]]:
    note_type = ContentType.objects.get_for_model(CaseNote)
    return list(
        audit_entries_for(user, {"content_type": note_type.pk})
        .order_by("pk")
        .values_list("object_pk", "action")
    )


def test_entries_of_protection_notes_are_for_the_tier_only(notes):
    auditor = UserFactory(role=Role.AUDITOR)
    coordinator = UserFactory(role=Role.COORDINATOR)

    assert _note_entries(auditor) == [(str(notes["ordinary"].pk), LogEntry.Action.CREATE)]
    assert _note_entries(coordinator) == [
        (str(notes["ordinary"].pk), LogEntry.Action.CREATE),
        (str(notes["protected"].pk), LogEntry.Action.CREATE),
    ]
    with pytest.raises(Http404):
        audit_entry_get_for(auditor, LogEntry.objects.get_for_object(notes["protected"]).get().pk)


def test_entries_of_a_deleted_protection_note_stay_hidden(notes):
    protected_pk = notes["protected"].pk
    with set_actor(notes["host"]):
        notes["protected"].delete()

    assert CaseNote.objects.filter(pk=protected_pk).exists() is False
    assert _note_entries(UserFactory(role=Role.AUDITOR)) == [
        (str(notes["ordinary"].pk), LogEntry.Action.CREATE)
    ]
    assert _note_entries(UserFactory(role=Role.COORDINATOR)) == [
        (str(notes["ordinary"].pk), LogEntry.Action.CREATE),
        (str(protected_pk), LogEntry.Action.CREATE),
        (str(protected_pk), LogEntry.Action.DELETE),
    ]


def test_entries_of_sea_reports_are_for_the_focal_point_only(notes):
    household, host = notes["household"], notes["host"]
    complaint = feedback_record(
        actor=host, category="complaint", channel="phone", description="Late.", household=household
    )
    sea = feedback_record(
        actor=host, category="sea", channel="phone", description="Abuse.", household=household
    )
    report_type = ContentType.objects.get_for_model(FeedbackCase)
    only_reports = {"content_type": report_type.pk}

    assert [
        e.object_pk for e in audit_entries_for(UserFactory(role=Role.AUDITOR), only_reports)
    ] == [str(complaint.pk)]
    assert [
        e.object_pk for e in audit_entries_for(UserFactory(role=Role.COORDINATOR), only_reports)
    ] == [
        str(sea.pk),
        str(complaint.pk),
    ]


def test_a_field_kept_off_the_trail_is_not_shown_from_an_older_entry(notes):
    entry = LogEntry.objects.get_for_object(notes["ordinary"]).get()
    LogEntry.objects.filter(pk=entry.pk).update(
        changes={**entry.changes, "text": ["None", "Flat hunting."]}
    )
    entry.refresh_from_db()

    assert "text" in entry.changes
    assert "text" not in [c.name for c in entry_changes(entry)]
    assert "Flat hunting." not in entry_csv_row(entry)[6]

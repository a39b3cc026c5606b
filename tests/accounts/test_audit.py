import ast
import json
from pathlib import Path

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

import arraigo
from arraigo.accounts.audit import audit_event
from arraigo.accounts.forms import ACTION_LABELS
from arraigo.accounts.models import Role
from arraigo.accounts.selectors import ACTIONS, EVENTS
from arraigo.casefile.models import NoteTier
from arraigo.casefile.services import note_add
from arraigo.feedback.services import feedback_record, feedback_respond
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory, household_with_head

pytestmark = pytest.mark.django_db


def events(name: str):
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event=name)


def test_a_login_writes_one_login_entry(client):
    user = UserFactory(username="ana", role=Role.COORDINATOR)

    response = client.post(
        reverse("accounts:login"),
        {"username": "ana", "password": "pass-word-123"},
        REMOTE_ADDR="10.0.0.7",
    )

    assert response.status_code == 302
    (entry,) = events("login")
    assert (entry.actor, entry.object_pk, entry.object_repr, entry.remote_addr) == (
        user,
        str(user.pk),
        "ana",
        "10.0.0.7",
    )
    assert events("login_failed").count() == 0


def test_a_failed_login_writes_one_login_failed_entry(client):
    user = UserFactory(username="ana", role=Role.COORDINATOR)

    response = client.post(
        reverse("accounts:login"), {"username": "ana", "password": "wrong-password"}
    )

    assert response.status_code == 200
    (entry,) = events("login_failed")
    assert (entry.actor, entry.object_pk) == (None, str(user.pk))
    assert events("login").count() == 0
    assert "wrong-password" not in str(entry.additional_data)


def test_a_failed_login_for_an_unknown_username_writes_nothing(client):
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})

    assert events("login_failed").count() == 0


def test_a_logout_writes_one_logout_entry(client):
    user = UserFactory(role=Role.AUDITOR)
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    (entry,) = events("logout")
    assert entry.actor == user


def test_audit_event_records_a_read_without_changes():
    user = UserFactory(role=Role.COORDINATOR)
    household = HouseholdFactory(code="HH-000777")

    entry = audit_event(actor=user, obj=household, event="view", details={"tab": "documents"})

    assert (entry.action, entry.actor, entry.object_repr, entry.changes) == (
        LogEntry.Action.ACCESS,
        user,
        "HH-000777",
        None,
    )
    assert entry.additional_data == {"event": "view", "tab": "documents"}


def _trail_text() -> str:
    """Everything the trail stores about changes, as one string to search."""
    rows = LogEntry.objects.values_list("changes", "changes_text", "serialized_data")
    return json.dumps(list(rows), ensure_ascii=False)


def test_a_note_s_text_never_enters_the_trail():
    household = household_with_head(host_city=CityFactory(), status=HouseholdStatus.INTEGRATING)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    text = "She disclosed violence by her former partner."

    with set_actor(host):
        note = note_add(actor=host, household=household, text=text, tier=NoteTier.PROTECTION)

    entry = LogEntry.objects.get_for_object(note).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, host)
    assert sorted(entry.changes) == [
        "author",
        "created_at",
        "household",
        "id",
        "person",
        "supersedes",
        "tier",
    ]
    assert text not in _trail_text()


def test_a_report_s_free_text_never_enters_the_trail():
    household = household_with_head(host_city=CityFactory(), status=HouseholdStatus.INTEGRATING)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    secrets = ("A volunteer asked for favours.", "+52 844 000 1111", "Referred to protection.")

    with set_actor(host):
        report = feedback_record(
            actor=host,
            category="complaint",
            channel="phone",
            description=secrets[0],
            household=household,
            contact=secrets[1],
        )
        feedback_respond(actor=host, case=report, resolution=secrets[2])

    created, answered = LogEntry.objects.get_for_object(report).order_by("pk")
    assert "description" not in created.changes
    assert "contact" not in created.changes
    assert (answered.action, sorted(answered.changes)) == (
        LogEntry.Action.UPDATE,
        ["responded_on", "status"],
    )
    trail = _trail_text()
    assert [secret for secret in secrets if secret in trail] == []


def _audit_event_names() -> set[str]:
    """The event names passed as literals to audit_event(...) anywhere in the source."""
    names = set()
    for path in Path(arraigo.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) != "audit_event":
                continue
            for keyword in node.keywords:
                if keyword.arg == "event":
                    assert isinstance(keyword.value, ast.Constant), f"{path}: event not a literal"
                    names.add(keyword.value.value)
    return names


def test_every_event_written_can_be_filtered_and_has_a_label():
    names = _audit_event_names()

    assert "consent_override" in names
    assert names - set(EVENTS) == set()
    assert set(ACTION_LABELS) == {*ACTIONS, *EVENTS}

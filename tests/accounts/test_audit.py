from auditlog.models import LogEntry
from django.urls import reverse

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.registry.factories import HouseholdFactory


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

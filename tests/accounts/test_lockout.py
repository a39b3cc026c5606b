"""Password guessing stops: an account locks after the programme's limit of failed sign-ins
(even for the right password), an address after its own larger limit, until the lock
expires or a coordinator lifts it; both on the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts import lockout, security_rules
from arraigo.accounts.locks import sign_in_locks_for
from arraigo.accounts.models import Role
from arraigo.accounts.services import sign_in_unlock
from arraigo.core.addresses import client_address
from arraigo.core.errors import NotPermitted
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
LOGIN = "/accounts/login/"


def _sign_in(username: str, password: str, address: str = "10.0.0.7") -> tuple[Client, int]:
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="es")
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response.status_code


def _fail(username: str, times: int, address: str = "10.0.0.7") -> None:
    for _ in range(times):
        _sign_in(username, "wrong-password", address)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _events(event: str) -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__event=event).order_by("pk"))


def test_the_fifth_failure_locks_the_account_even_for_the_right_password():
    # Given an account whose password was guessed wrong 4 times: it still signs in
    UserFactory(username="ana")
    _fail("ana", 4)
    client, status = _sign_in("ana", PASSWORD)
    assert (status, _signed_in(client)) == (302, True)

    # When it fails 5 times (a success starts the count again)
    _fail("ana", 5)

    # Then the right password is refused, with why and until when, in Spanish
    client, status = _sign_in("ana", PASSWORD)
    assert (status, _signed_in(client)) == (429, False)
    response = Client(REMOTE_ADDR="10.0.0.7").post(
        LOGIN, {"username": "ana", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="es"
    )
    text = response.content.decode()
    assert (
        "Esta cuenta está bloqueada tras demasiados intentos fallidos de inicio de sesión. "
        "Vuelva a intentarlo en 30 minutos o pida a un coordinador que la desbloquee."
    ) in text
    assert 'value="ana"' in text  # what the user typed is kept
    assert len(_events("login_locked")) == 1


def test_other_accounts_and_addresses_are_not_locked_by_one_account():
    UserFactory(username="ana")
    UserFactory(username="beto")
    _fail("ana", 5)

    client, status = _sign_in("beto", PASSWORD)  # same address, another account

    assert (status, _signed_in(client)) == (302, True)


def test_the_lock_expires_after_the_programme_s_minutes():
    UserFactory(username="ana")
    _fail("ana", 5)
    assert _sign_in("ana", PASSWORD)[1] == 429

    # When the last failure is 31 minutes old (the programme's lock is 30)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))

    client, status = _sign_in("ana", PASSWORD)
    assert (status, _signed_in(client)) == (302, True)


def test_an_address_locks_after_its_own_limit_whichever_accounts_it_tried():
    # Given 20 failures from one address, none reaching an account's limit
    UserFactory(username="carla")
    for n in range(5):
        _fail(f"guess{n}", 4, address="10.9.9.9")

    # Then a real account is refused from that address, and not from another
    client, status = _sign_in("carla", PASSWORD, address="10.9.9.9")
    assert (status, _signed_in(client)) == (429, False)
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        LOGIN, {"username": "carla", "password": PASSWORD}
    )
    assert (
        "Hubo demasiados intentos fallidos de inicio de sesión desde esta red."
        in response.content.decode()
    )
    assert _sign_in("carla", PASSWORD, address="10.1.1.1")[1] == 302


def test_a_coordinator_sees_the_lock_and_lifts_it_on_the_audit_trail():
    UserFactory(username="ana", role=Role.ORIGIN_CASEWORKER)
    coordinator = UserFactory(role=Role.COORDINATOR)
    _fail("ana", 6)

    page = Client()
    page.force_login(coordinator)
    listing = page.get(reverse("accounts:lock_list"), HTTP_ACCEPT_LANGUAGE="es")
    text = listing.content.decode()
    assert listing.status_code == 200
    assert "Cuenta <b>ana</b>" in text
    assert 'name="kind" value="account"' in text and 'name="key" value="ana"' in text

    response = page.post(reverse("accounts:lock_lift"), {"kind": "account", "key": "ana"})

    assert response.status_code == 302
    client, status = _sign_in("ana", PASSWORD)
    assert (status, _signed_in(client)) == (302, True)
    (entry,) = _events("sign_in_unlocked")
    assert entry.actor == coordinator
    assert entry.additional_data == {"event": "sign_in_unlocked", "username": "ana", "attempts": 1}


def test_a_coordinator_lifts_an_address_lock():
    coordinator = UserFactory(role=Role.COORDINATOR)
    _fail("nobody", 20, address="10.9.9.9")
    assert [(lock.kind, lock.key) for lock in sign_in_locks_for(coordinator)] == [
        ("account", "nobody"),
        ("address", "10.9.9.9"),
    ]

    assert sign_in_unlock(actor=coordinator, kind="address", key="10.9.9.9") == 1

    assert sign_in_locks_for(coordinator) == []


@pytest.mark.parametrize(
    "role",
    [Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER, Role.AUDITOR, Role.ME_OFFICER, Role.EMPLOYER],
)
def test_other_roles_neither_see_nor_lift_locks(role):
    user = UserFactory(role=role)
    UserFactory(username="ana")
    _fail("ana", 5)
    client = Client()
    client.force_login(user)

    assert client.get(reverse("accounts:lock_list")).status_code == 404
    lift = client.post(reverse("accounts:lock_lift"), {"kind": "account", "key": "ana"})
    assert lift.status_code == 404
    with pytest.raises(NotPermitted):
        sign_in_unlock(actor=user, kind="account", key="ana")
    with pytest.raises(NotPermitted):
        sign_in_locks_for(user)
    assert _sign_in("ana", PASSWORD)[1] == 429  # still locked


def test_the_page_says_when_nothing_is_locked():
    client = Client()
    client.force_login(UserFactory(role=Role.COORDINATOR))

    text = client.get(reverse("accounts:lock_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Ninguna cuenta ni dirección está bloqueada." in text


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"  # no proxy: the header is not trusted
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client_address(request) == "203.0.113.9"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sign_in: {failures_before_lock: 0}", "sign_in.failures_before_lock must be a whole"),
        ("sign_in: {lock_minutes: soon}", "sign_in.lock_minutes must be a whole number"),
        ("sign_in: {lockout: 3}", "sign_in: unknown keys ['lockout']"),
        ("sign_in: [5]", "sign_in must be a mapping"),
    ],
)
def test_a_security_file_it_cannot_use_is_refused_by_check(tmp_path: Path, text, problem):
    (tmp_path / "security.yaml").write_text(text, encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        found = security_rules.rules_problem()
    assert found is not None and found.startswith(problem)


def test_a_programme_without_the_file_gets_the_defaults(tmp_path: Path):
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        assert security_rules.rules_problem() is None
        assert lockout.sign_in_rules() == security_rules.SignInRules(5, 20, 30)


def test_the_programme_s_limit_is_the_one_applied(tmp_path: Path):
    (tmp_path / "security.yaml").write_text(
        "sign_in: {failures_before_lock: 2, lock_minutes: 5}", encoding="utf-8"
    )
    UserFactory(username="ana")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        _fail("ana", 2)
        assert _sign_in("ana", PASSWORD)[1] == 429


def test_signing_in_to_one_s_own_account_does_not_clear_an_address_s_failures():
    UserFactory(username="carla")
    _fail("guess", 19, address="10.9.9.9")
    assert _sign_in("carla", PASSWORD, address="10.9.9.9")[1] == 302

    _fail("guess2", 1, address="10.9.9.9")

    assert _sign_in("carla", PASSWORD, address="10.9.9.9")[1] == 429

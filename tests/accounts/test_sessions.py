"""Sessions end after the programme's idle time, and for the roles that see the most when the
browser closes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from arraigo.accounts import security_rules
from arraigo.accounts.models import Role
from arraigo.accounts.sessions import LAST_SEEN
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


def _signed_in(role: str) -> tuple[Client, object]:
    user = UserFactory(role=role)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client, response


def _idle_for(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - seconds
    session.save()


def test_a_session_idle_past_the_programme_s_minutes_is_signed_out():
    client, _login = _signed_in(Role.ORIGIN_CASEWORKER)
    _idle_for(client, 31 * 60)

    response = client.get(reverse("registry:household_list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login") + "?next=")
    assert "_auth_user_id" not in client.session
    assert (
        "Se cerró su sesión tras 30 minutos sin actividad. Vuelva a iniciar sesión."
        in response.content.decode()
    )


def test_activity_within_the_idle_time_keeps_the_session():
    client, _login = _signed_in(Role.ORIGIN_CASEWORKER)
    _idle_for(client, 29 * 60)

    assert client.get(reverse("registry:household_list")).status_code == 200
    # and the request counts as activity
    assert time.time() - client.session[LAST_SEEN] < 5
    _idle_for(client, 29 * 60)
    assert client.get(reverse("registry:household_list")).status_code == 200


@pytest.mark.parametrize(
    ("role", "at_browser_close"),
    [
        (Role.COORDINATOR, True),
        (Role.AUDITOR, True),
        (Role.ME_OFFICER, True),
        (Role.ORIGIN_CASEWORKER, False),
        (Role.HOST_CASEWORKER, False),
    ],
)
def test_the_roles_that_see_the_most_get_a_session_that_ends_with_the_browser(
    role, at_browser_close
):
    client, login = _signed_in(role)

    cookie = login.cookies["sessionid"]  # type: ignore[attr-defined]
    assert (cookie["max-age"] == "") is at_browser_close
    assert client.session.get_expire_at_browser_close() is at_browser_close


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sessions: {idle_minutes: 1}", "sessions.idle_minutes must be a whole number 5-1440"),
        ("sessions: {end_at_browser_close: [boss]}", "sessions.end_at_browser_close must list"),
        ("session: {}", "unknown sections ['session']"),
    ],
)
def test_a_sessions_section_it_cannot_use_is_refused(tmp_path: Path, text, problem):
    (tmp_path / "security.yaml").write_text(text, encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        found = security_rules.rules_problem()
    assert found is not None and found.startswith(problem)


def test_the_programme_s_idle_time_is_the_one_applied(tmp_path: Path):
    (tmp_path / "security.yaml").write_text("sessions: {idle_minutes: 10}", encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        client, _login = _signed_in(Role.ORIGIN_CASEWORKER)
        _idle_for(client, 11 * 60)
        response = client.get(reverse("registry:household_list"))
    assert response.status_code == 302

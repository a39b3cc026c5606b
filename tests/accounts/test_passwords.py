"""A user changes their password, or resets a forgotten one by email: Django's validators
refuse weak ones in the user's language, both are on the audit trail, and a reset lifts the
account's sign-in lock."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
NEW = "Orilla-del-Bravo-47"


def _events(event: str) -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__event=event))


def _signs_in(username: str, password: str) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_the_change_page_shows_its_fields_in_spanish():
    client = Client()
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER))

    text = client.get(reverse("accounts:password_change")).content.decode()

    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in text
    assert "Cambiar su contraseña" in text


def test_a_user_changes_their_password_on_the_audit_trail():
    user = UserFactory(username="ana", role=Role.ORIGIN_CASEWORKER)
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session  # still signed in
    assert _signs_in("ana", NEW) and not _signs_in("ana", PASSWORD)
    (entry,) = _events("password_changed")
    assert (entry.actor, entry.object_pk) == (user, str(user.pk))
    assert NEW not in str(entry.additional_data) and NEW not in str(entry.changes)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("password123", "Esta contraseña es demasiado común."),
        ("48261937", "Esta contraseña es completamente numérica."),
        ("corta1", "La contraseña es demasiado corta."),
        ("anaramirez2026", "La contraseña es demasiado similar a"),
    ],
)
def test_weak_passwords_are_refused_and_the_old_one_stays(new, message):
    user = UserFactory(username="anaramirez2026", role=Role.ORIGIN_CASEWORKER)
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _signs_in("anaramirez2026", PASSWORD)


def test_a_wrong_old_password_is_refused():
    client = Client()
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER))

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )

    assert "Su contraseña antigua es incorrecta." in response.content.decode()


def test_signed_out_the_change_page_asks_to_sign_in():
    response = Client().get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _reset_link() -> str:
    (message,) = mail.outbox
    (link,) = re.findall(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    return link


def test_a_forgotten_password_is_reset_by_email_and_the_lock_lifted(settings):
    settings.ARRAIGO_SITE_URL = "http://testserver"
    user = UserFactory(username="ana", email="ana@example.org", role=Role.ORIGIN_CASEWORKER)
    for _ in range(5):
        _signs_in("ana", "wrong-password")
    assert not _signs_in("ana", PASSWORD)  # locked

    client = Client()
    sent = client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert sent["Location"] == reverse("accounts:password_reset_sent")
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "ana" in message.body and PASSWORD not in message.body

    form_page = client.get(_reset_link(), follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )

    assert done["Location"] == reverse("accounts:login")
    assert _signs_in("ana", NEW)
    (entry,) = _events("password_reset")
    assert (entry.actor, entry.object_pk) == (None, str(user.pk))
    # the link works once
    again = client.get(_reset_link(), follow=True).content.decode()
    assert "Este enlace ya se usó o es demasiado antiguo." in again


def test_an_unknown_address_gets_the_same_answer_and_no_email():
    response = Client().post(reverse("accounts:password_reset"), {"email": "x@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_sent")
    assert mail.outbox == []

"""The email notifications page: each signed-in user sees a checkbox for each email of their
work, saves their choice, and finds the page from the header."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.core.errors import ValidationFailed
from arraigo.notifications.models import NotificationPreference
from arraigo.notifications.services import preference_set
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/notifications/"


def _checkboxes(html: str) -> dict[str, bool]:
    """Each checkbox's name, and whether it is ticked."""
    return {
        match["name"]: "checked" in match["attrs"]
        for match in re.finditer(
            r'<input type="checkbox" name="(?P<name>\w+)"(?P<attrs>[^>]*)>', html
        )
    }


def test_the_page_is_at_notifications() -> None:
    assert reverse("notifications:preferences") == URL


@pytest.mark.parametrize(
    ("role", "names"),
    [
        (Role.COORDINATOR, ["digest", "grant", "transfer"]),
        (Role.HOST_CASEWORKER, ["digest", "transfer"]),
        (Role.ORIGIN_CASEWORKER, ["transfer"]),
        (Role.SERVICE_PARTNER, ["referral"]),
    ],
)
def test_each_role_sees_a_ticked_checkbox_for_each_email_of_its_work(
    client: Client, role: str, names: list[str]
) -> None:
    client.force_login(UserFactory(role=role, email="me@example.org"))

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert _checkboxes(html) == dict.fromkeys(names, True)
    assert "<h1>Email notifications</h1>" in html
    assert '<a href="/notifications/" aria-current="page">Email notifications</a>' in html
    assert "Emails go to me@example.org." in html


def test_the_help_says_what_each_email_sends_and_when(client: Client) -> None:
    client.force_login(UserFactory(role=Role.SERVICE_PARTNER))

    html = client.get(URL).content.decode()

    assert '<label for="id_referral">New referrals</label>' in html
    assert (
        "Shortly after a referral is made to your organisation: its case code and a link to "
        "answer it." in html
    )
    assert "Your account has no email address, so no email is sent to you." in html


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ME_OFFICER, Role.EMPLOYER])
def test_a_role_no_email_concerns_is_told_so_without_a_form(client: Client, role: str) -> None:
    client.force_login(UserFactory(role=role))

    html = client.get(URL).content.decode()

    assert "No email notifications concern your role." in html
    assert 'method="post" class="card"' not in html


def test_a_choice_is_saved_with_a_message_and_shown_again(client: Client) -> None:
    host = UserFactory(role=Role.HOST_CASEWORKER)
    client.force_login(host)

    response = client.post(URL, {"transfer": "on"}, follow=True)  # the digest unticked

    assert response.redirect_chain == [(URL, 302)]
    row = NotificationPreference.objects.get(user=host)
    assert (row.digest, row.transfer) == (False, True)
    html = response.content.decode()
    assert '<li class="msg-success">Your choice of emails is saved.</li>' in html
    assert _checkboxes(html) == {"digest": False, "transfer": True}


def test_a_refused_choice_keeps_what_the_user_ticked(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    preference_set(actor=coordinator, choices={"grant": False})
    client.force_login(coordinator)

    def refuse(**_kwargs: object) -> None:
        raise ValidationFailed({None: ["Not now."]})

    monkeypatch.setattr("arraigo.notifications.views.preference_set", refuse)
    response = client.post(URL, {"grant": "on"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not now." in html
    assert _checkboxes(html) == {"digest": False, "grant": True, "transfer": False}


def test_signed_out_the_page_sends_to_the_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/notifications/"
    assert client.post(URL, {"digest": "on"})["Location"].startswith("/accounts/login/")
    assert not NotificationPreference.objects.exists()


def test_the_header_links_to_the_page_beside_the_users_name(client: Client) -> None:
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER))

    html = client.get(reverse("home:dashboard")).content.decode()

    userbox = html[html.index('<div class="userbox">') :]
    assert userbox.index('data-testid="current-user"') < userbox.index(
        '<a href="/notifications/">Email notifications</a>'
    )

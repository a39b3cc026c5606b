"""The API token pages of the signed-in user."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.api.models import ApiToken
from arraigo.api.services import token_create
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(client: Client, role: str = Role.HOST_CASEWORKER):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def test_the_user_menu_links_to_the_token_page(client):
    _signed_in(client)
    page = client.get(reverse("home:dashboard"))
    assert f'href="{reverse("api:token_list")}"' in page.content.decode()


def test_the_list_shows_only_the_users_own_tokens_with_their_state(client):
    user = _signed_in(client)
    active = token_create(actor=user, name="Report script").token
    expired = token_create(actor=user, name="Old script").token
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    token_create(actor=UserFactory(), name="Someone else's")
    page = client.get(reverse("api:token_list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="token-row"') == 2
    assert "Report script" in html and "Old script" in html
    assert "Someone else" not in html
    assert f"arr_{active.prefix}_…" in html
    assert ">Active<" in html and ">Expired<" in html
    assert html.count(">Revoke<") == 1


def test_the_new_token_form_has_a_name_and_an_expiry_of_ninety_days(client):
    _signed_in(client)
    page = client.get(reverse("api:token_new"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="name"' in html
    default = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    assert f'name="expires_on" value="{default}"' in html


def test_a_created_token_is_shown_once_and_never_again(client):
    user = _signed_in(client)
    expires = timezone.localdate() + dt.timedelta(days=30)
    page = client.post(
        reverse("api:token_new"), {"name": "Power BI", "expires_on": expires.isoformat()}
    )
    token = ApiToken.objects.get(user=user)
    html = page.content.decode()
    assert page.status_code == 200
    assert token.name == "Power BI" and token.expires_on == expires
    secret = html.split('data-testid="token-secret">')[1].split("</textarea>")[0]
    assert secret.startswith(f"arr_{token.prefix}_")
    assert "shown only this once" in html
    assert "no-cache" in page["Cache-Control"]
    assert secret not in client.get(reverse("api:token_list")).content.decode()


def test_a_refused_expiry_is_shown_beside_its_field(client):
    user = _signed_in(client)
    too_late = timezone.localdate() + dt.timedelta(days=400)
    page = client.post(reverse("api:token_new"), {"name": "x", "expires_on": too_late.isoformat()})
    assert page.status_code == 200
    assert "A token works for at most 365 days" in page.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


def test_revoking_asks_first_then_revokes(client):
    user = _signed_in(client)
    token = token_create(actor=user, name="Script").token
    url = reverse("api:token_revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'data-testid="token-revoke"' in confirm.content.decode()
    assert ApiToken.objects.get().revoked_at is None
    done = client.post(url)
    assert done.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


def test_another_users_token_cannot_be_revoked_here(client):
    _signed_in(client)
    theirs = token_create(actor=UserFactory(), name="theirs").token
    url = reverse("api:token_revoke", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_pages_need_a_signed_in_user(client):
    assert client.get(reverse("api:token_list")).status_code == 302

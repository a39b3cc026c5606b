"""The admin only for active superusers whose session passed the second factor; everyone else
is refused or sent to sign in (the site's own sign-in page, with its lock on guessing)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor_helpers import ENROL, VERIFY, app_code, enrol, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True


def _superuser():
    """A superuser of a role that may choose: the superuser status alone asks for it."""
    return UserFactory(
        username="root", is_staff=True, is_superuser=True, role=Role.EMPLOYER_LIAISON
    )


def test_signed_out_the_admin_sends_to_the_site_s_sign_in(client: Client):
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == ("/accounts/login/?next=/admin/")
    assert client.get("/admin/auth/group/")["Location"].startswith("/admin/login/")


def test_a_superuser_needs_the_second_factor_for_the_admin(client: Client):
    # Given a superuser (of a role that may choose) who enrolled, signed in with the password
    superuser = _superuser()
    enrol(superuser)
    sign_in(client, "root")

    # Then the admin (its sign-in page too) sends them to the code page
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/login/")["Location"].startswith(VERIFY)

    # When they type their code, the admin opens
    client.post(VERIFY, {"code": app_code(superuser)})
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 200


def test_a_superuser_without_a_second_factor_is_sent_to_enrol(client: Client):
    _superuser()
    sign_in(client, "root")

    assert client.get("/admin/")["Location"].startswith(ENROL)


@pytest.mark.parametrize("staff", [True, False])
def test_a_verified_user_who_is_not_a_superuser_is_refused(client: Client, staff):
    # Given a coordinator (staff or not) verified by their second factor
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, is_staff=staff)
    enrol(coordinator)
    sign_in(client, "coord")
    client.post(VERIFY, {"code": app_code(coordinator)})
    assert client.get("/households/").status_code == 200

    # Then the admin refuses them
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 302


def test_the_admin_shows_no_key_and_changes_no_device(client: Client):
    superuser = _superuser()
    enrol(superuser)
    sign_in(client, "root")
    client.post(VERIFY, {"code": app_code(superuser)})
    device = TOTPDevice.objects.get(user=superuser)

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    post = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/change/", {"name": "x"})

    assert page.status_code == 200 and device.key not in page.content.decode()
    assert qr.status_code == 403
    assert post.status_code == 403

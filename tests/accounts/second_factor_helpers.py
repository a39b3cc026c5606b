"""What the second factor's tests share: enrolling a user as the enrolment page does, the code
an authenticator app would show, and signing in through the form."""

from __future__ import annotations

import time
from base64 import b32decode

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.accounts.models import User
from arraigo.accounts.second_factor import app_device, code_at, next_code
from arraigo.accounts.services import second_factor_enrol, second_factor_enrolment_start

PASSWORD = "pass-word-123"  # UserFactory's
LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-step/verify/"
ENROL = "/accounts/two-step/enrol/"


def enrol(user: User) -> list[str]:
    """Enrol `user` with an app, as the enrolment page does; their recovery codes."""
    device = second_factor_enrolment_start(user=user)
    return second_factor_enrol(
        user=user, device_id=device.pk, code=code_at(device, time.time())
    ).recovery_codes


def app_code(user: User) -> str:
    """The code the user's app shows that the site still accepts (a code works once)."""
    device = app_device(user)
    assert device is not None
    code = next_code(device)
    assert code is not None
    return code


def code_from_key(key_text: str, *, ahead: int = 0) -> str:
    """What an authenticator app computes from the key as the enrolment page writes it."""
    key = b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + ahead * 30
    return f"{totp.token():06d}"


def sign_in(client: Client, username: str, password: str = PASSWORD) -> None:
    """The password step, through the sign-in form."""
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def pending_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).get()
    return device

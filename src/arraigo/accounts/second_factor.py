"""The second factor (docs/security.md, "Second factor"): after the password, a six-digit code
from an authenticator app (TOTP, django-otp's otp_totp) or one of ten single-use recovery
codes (otp_static).

Who needs it: the roles security.yaml's `second_factor.required_roles` lists (always
coordinators, auditors and M&E officers), superusers (the admin), and anyone who turned it on
for themselves. Such a user, once signed in with the password, reaches nothing but the
enrolment page (no confirmed app yet) or the code page (SecondFactorMiddleware) until the
session is verified. ARRAIGO_SECOND_FACTOR_ENFORCED turns that off for the test suite only.

This module reads; the writes are services (accounts.services: enrol, verify, renew, reset).
"""

from __future__ import annotations

import math
import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .security_rules import security_rules

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator app"
PENDING_DEVICE_NAME = "authenticator app (not confirmed)"
RECOVERY_DEVICE_NAME = "recovery codes"
# The recovery codes just made, kept in the session until their page shows them once.
NEW_CODES_SESSION_KEY = "arraigo_new_recovery_codes"
APP_CODE_DIGITS = 6


def enforced() -> bool:
    """Whether a session must pass the second factor (always, but in the test settings)."""
    return bool(getattr(settings, "ARRAIGO_SECOND_FACTOR_ENFORCED", True))


def required_of(user: Any) -> bool:
    """Whether `user` must use a second factor whether or not they chose to: their role is in
    security.yaml's list, or they are a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = security_rules().second_factor.required_roles
    return bool(user.is_superuser or getattr(user, "role", "") in roles)


def app_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they enrolled one."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    )
    return device


def recovery_device(user: Any) -> StaticDevice | None:
    device: StaticDevice | None = (
        StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    )
    return device


def enrolled(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and app_device(user) is not None


def needed_by(user: Any) -> bool:
    """Whether a session of `user` must be verified: required of them, or turned on."""
    return required_of(user) or enrolled(user)


def session_verified(request: Any) -> bool:
    """Whether this session passed the second factor (django-otp's OTPMiddleware)."""
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def code_normalised(text: str) -> str:
    """What the user typed, without spaces or hyphens, lower case (recovery codes are shown
    in two groups of four)."""
    return "".join(text.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    return len(code) == APP_CODE_DIGITS and code.isascii() and code.isdigit()


def key_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The key as a QR code (an otpauth:// address), inline SVG: no image file, no script."""
    code = segno.make(device.config_url, error="m")
    return str(code.svg_inline(scale=5, dark="#000", light="#fff", omitsize=True))


def recovery_code_shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def wait_seconds(device: Any) -> int | None:
    """Seconds before django-otp's throttle lets `device` check another code (each wrong code
    doubles the wait: 1, 2, 4, 8... seconds), or None when it may check one now."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        left = (data["locked_until"] - timezone.now()).total_seconds()
        return max(1, math.ceil(left))
    return 1


def code_at(device: TOTPDevice, when: float) -> str:
    """The app's code at `when` (a Unix time), as an authenticator app computes it."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = when
    return f"{totp.token():0{device.digits}d}"


def next_code(device: TOTPDevice, *, now: float | None = None) -> str | None:
    """The code the device accepts now: that of this step, or of the next one when this
    step's was used already (a code works once); None when neither is left."""
    now = time.time() if now is None else now
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now
    for ahead in range(device.tolerance + 1):
        if totp.t() + ahead > device.last_t:
            return code_at(device, now + ahead * device.step)
    return None


# --- the demo's hint ----------------------------------------------------------------------------
# The demo (arraigo.demo, installed by the local settings only) registers who gets a hint: the
# accounts its seed enrolled. Shown only while ARRAIGO_SECOND_FACTOR_DEMO_HINT is on (the local
# settings); production installs no demo and leaves the setting off.
DemoHint = Callable[[Any], str | None]
_demo_hints: list[DemoHint] = []


def demo_hint_register(hint: DemoHint) -> None:
    if hint not in _demo_hints:
        _demo_hints.append(hint)


def demo_hint(user: Any) -> str | None:
    """The current code for a demo account the seed enrolled, where the demo is on."""
    if not getattr(settings, "ARRAIGO_SECOND_FACTOR_DEMO_HINT", False):
        return None
    for hint in _demo_hints:
        code = hint(user)
        if code:
            return code
    return None

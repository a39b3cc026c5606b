"""Writes on users: create a staff account and put it in its role's group; lift a sign-in
lock; the second factor (enrol, verify a code, renew the recovery codes, reset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm

from .audit import audit_event
from .locks import LIFT_LOCKS
from .models import ROLE_SCOPE_FIELD, Role, User
from .second_factor import (
    APP_DEVICE_NAME,
    PENDING_DEVICE_NAME,
    RECOVERY_CODES,
    RECOVERY_DEVICE_NAME,
    code_normalised,
    is_app_code,
    wait_seconds,
)

RESET_SECOND_FACTOR = "accounts.reset_second_factor"


@transaction.atomic
def user_set_role(*, user: User, role: str) -> User:
    """Give `user` the role and exactly that role's group."""
    if role not in Role.values:
        raise ValidationFailed({"role": [f"Unknown role: {role}"]})
    group, _created = Group.objects.get_or_create(name=role)
    user.role = role
    user.save(update_fields=["role"])
    user.groups.set([group])
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    office_id: int | None = None,
    city_id: int | None = None,
    employer_id: int | None = None,
    provider_id: int | None = None,
) -> User:
    scope = {"office": office_id, "city": city_id, "employer": employer_id, "provider": provider_id}
    needed = ROLE_SCOPE_FIELD.get(role)
    if needed and scope[needed] is None:
        raise ValidationFailed({needed: [f"The role {role} needs a {needed}."]})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        office_id=office_id,
        city_id=city_id,
        employer_id=employer_id,
        provider_id=provider_id,
    )
    user.set_password(password)
    user.save()
    return user_set_role(user=user, role=role)


@transaction.atomic
def sign_in_unlock(*, actor: User, kind: str, key: str) -> int:
    """Lift the sign-in lock of an account (`kind` "account", `key` its username) or of an
    address ("address", the address): its failed attempts are forgotten. On the audit trail;
    returns how many attempt rows were removed."""
    require_perm(actor, LIFT_LOCKS)
    key = key.strip()
    if kind not in ("account", "address") or not key:
        raise ValidationFailed({None: [_("Choose a lock to lift.")]})
    if kind == "account":
        removed = axes_reset(username=key)
        user = User.objects.filter(username=key).first()
        details = {"username": key, "attempts": removed}
    else:
        removed = axes_reset(ip=key)
        user = None
        details = {"address": key, "attempts": removed}
    audit_event(actor=actor, obj=user or actor, event="sign_in_unlocked", details=details)
    return removed


# --- the second factor (accounts.second_factor) ------------------------------------------------
# A wrong code must leave its mark (django-otp's throttle count, the audit entry) although the
# service refuses it: the check runs in a transaction of its own, committed, and the refusal is
# raised after it.


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then try again.",
        "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def _recovery_codes_new(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones; returns them. The
    device that holds them stays (a session verified by a recovery code stays verified)."""
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticToken.objects.filter(device=device).delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The key the user is about to add to an authenticator app: a new one, or the one that
    already waits for its first code (so that reopening the page shows the same key)."""
    if not user.is_authenticated or not user.is_active:
        raise NotPermitted()
    pending: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    )
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=PENDING_DEVICE_NAME, confirmed=False)
    return pending


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def second_factor_enrol(
    *, user: User, device_id: int, code: str, request: HttpRequest | None = None
) -> Enrolment:
    """Confirm the waiting key with a code from the app: the key becomes the user's second
    factor (replacing any earlier app), with RECOVERY_CODES new recovery codes, returned to be
    shown once. On the audit trail."""
    with transaction.atomic():
        device: TOTPDevice | None = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, pk=device_id, confirmed=False)
            .first()
        )
        if device is None:
            raise ValidationFailed({None: [_("This key is no longer waiting: start again.")]})
        wait = wait_seconds(device)
        entered = code_normalised(code)
        accepted = wait is None and is_app_code(entered) and device.verify_token(entered)
        if wait is None and not is_app_code(entered):
            device.throttle_increment(commit=True)
        if accepted:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.name = APP_DEVICE_NAME
            device.save(update_fields=["confirmed", "name"])
            codes = _recovery_codes_new(user)
            audit_event(actor=user, obj=user, event="second_factor_enrolled", request=request)
            return Enrolment(device, codes)
    if wait is not None:
        raise ValidationFailed({"code": [_wait_message(wait)]})
    raise ValidationFailed(
        {"code": [_("That is not the code the app shows now. Type the six digits it shows.")]}
    )


@dataclass(frozen=True)
class Verification:
    device: TOTPDevice | StaticDevice
    recovery_code_used: bool
    recovery_codes_left: int


def second_factor_verify(
    *, user: User, code: str, request: HttpRequest | None = None
) -> Verification:
    """Check a code of the user's app (six digits) or one of their recovery codes (which is
    then spent). Wrong codes are throttled by django-otp (each doubles the wait before the
    next is checked). A checked code, right or wrong, is on the audit trail; the code never
    is."""
    entered = code_normalised(code)
    recovery = not is_app_code(entered)
    kind = "recovery_code" if recovery else "app"
    model: Any = StaticDevice if recovery else TOTPDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("-id")
            .first()
        )
        if device is None:
            if recovery:
                raise ValidationFailed({"code": [_("You have no recovery codes left.")]})
            raise ValidationFailed({None: [_("Two-step sign-in is not set up for you.")]})
        wait = wait_seconds(device)
        if wait is None:
            accepted = bool(entered) and device.verify_token(entered)
            left = device.token_set.count() if recovery else 0
            details: dict[str, Any] = {"kind": kind}
            if accepted and recovery:
                details["recovery_codes_left"] = left
            if accepted:
                audit_event(
                    actor=user,
                    obj=user,
                    event="second_factor_verified",
                    request=request,
                    details=details,
                )
                return Verification(device, recovery, left)
            audit_event(
                actor=user, obj=user, event="second_factor_failed", request=request, details=details
            )
    if wait is not None:
        raise ValidationFailed({"code": [_wait_message(wait)]})
    if recovery:
        message = _("That is not one of your recovery codes, or it was used already.")
    else:
        message = _("That is not the code your app shows now.")
    raise ValidationFailed({"code": [message]})


@transaction.atomic
def recovery_codes_renew(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working. On the audit
    trail."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationFailed({None: [_("Two-step sign-in is not set up for you.")]})
    codes = _recovery_codes_new(user)
    audit_event(actor=user, obj=user, event="recovery_codes_renewed", request=request)
    return codes


@transaction.atomic
def second_factor_reset(*, actor: User, username: str, request: HttpRequest | None = None) -> User:
    """A coordinator removes another user's second factor (a lost phone, no recovery code
    left): their app and recovery codes stop working, their sessions are no longer verified,
    and at the next sign-in they enrol again (when their role requires it). On the audit
    trail."""
    require_perm(actor, RESET_SECOND_FACTOR)
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationFailed({"username": [_("There is no account with this username.")]})
    if user.pk == actor.pk:
        raise ValidationFailed(
            {"username": [_("Another coordinator resets your own second factor.")]}
        )
    removed_app, _by_model = TOTPDevice.objects.filter(user=user).delete()
    removed_codes, _by_model = StaticDevice.objects.filter(user=user).delete()
    if not removed_app and not removed_codes:
        raise ValidationFailed({"username": [_("This account has no second factor to reset.")]})
    audit_event(
        actor=actor,
        obj=user,
        event="second_factor_reset",
        request=request,
        details={"username": user.username},
    )
    return user

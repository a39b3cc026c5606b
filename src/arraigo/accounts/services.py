"""Writes on users: create a staff account and put it in its role's group; lift a sign-in
lock."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed
from arraigo.core.service_checks import require_perm

from .audit import audit_event
from .locks import LIFT_LOCKS
from .models import ROLE_SCOPE_FIELD, Role, User


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

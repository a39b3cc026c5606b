"""Writes on users: create a staff account and put it in its role's group."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from arraigo.core.errors import ValidationFailed

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

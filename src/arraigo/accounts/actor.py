"""Who a management command acts as: --user, else the first active coordinator."""

from __future__ import annotations

from django.core.management.base import CommandError

from arraigo.accounts.models import Role, User


def command_actor(username: str | None) -> User:
    users = User.objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        return user
    user = users.filter(role=Role.COORDINATOR).order_by("id").first()
    if user is None:
        raise CommandError("no active coordinator: create one or pass --user")
    return user

"""Checks every service starts with: the actor's permission, and the model's own rules."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from arraigo.core.errors import NotPermitted, ValidationFailed

Errors = dict[str | None, list[str]]


def require_perm(actor: Any, perm: str) -> None:
    """Refuse unless `actor` is an active, signed-in user holding `perm`."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.has_perm(perm)):
        raise NotPermitted()


def clean_or_raise(
    instance: models.Model, errors: Errors, exclude: list[str] | None = None
) -> None:
    """Run the model's field validation and raise it together with the service's own `errors`.

    A field the service already explained keeps only the service's message. Table constraints
    are checked by the services themselves, with clearer messages, so they are skipped here.
    """
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except DjangoValidationError as exc:
        for field, messages in exc.message_dict.items():
            key = None if field == NON_FIELD_ERRORS else field
            if key in errors:
                continue
            errors[key] = list(messages)
    if errors:
        raise ValidationFailed(errors)


def add_error(errors: Errors, field: str | None, message: str) -> None:
    errors.setdefault(field, []).append(message)


_Row = TypeVar("_Row", bound=models.Model)


def checked_save(row: _Row, errors: Errors) -> _Row:
    """Save `row` once its field validation and the service's own `errors` are clear
    (clean_or_raise); the saved row."""
    clean_or_raise(row, errors)
    row.save()
    return row

"""Deleting a row that other records may still hold: refused with a reason, never a 500.

A foreign key with on_delete=PROTECT or RESTRICT makes Django raise ProtectedError or
RestrictedError; every delete service goes through `delete_or_refuse` so the user reads which
records hold the row instead of a server error.
"""

from __future__ import annotations

from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError

from arraigo.core.errors import ValidationFailed


def holders_named(objects: object) -> str:
    """The kinds of records in `objects`, by their plural names ("tickets, placements")."""
    names = sorted(
        {str(obj._meta.verbose_name_plural) for obj in objects}  # type: ignore[attr-defined]
    )
    return ", ".join(names)


def delete_or_refuse(instance: models.Model, *, refusal: str) -> None:
    """Delete `instance`, or raise ValidationFailed when other records still hold it.

    `refusal` is a translated message with a %(records)s placeholder for the kinds of records
    that hold it. Nothing is deleted when it is refused (Django checks before deleting).
    """
    try:
        instance.delete()
    except ProtectedError as exc:
        holders = holders_named(exc.protected_objects)
    except RestrictedError as exc:
        holders = holders_named(exc.restricted_objects)
    else:
        return
    raise ValidationFailed({None: [refusal % {"records": holders}]})

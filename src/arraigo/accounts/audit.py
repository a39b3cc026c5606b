"""The audit trail: changes (django-auditlog), and reads, exports and logins (explicit calls).

Every entry is a django-auditlog LogEntry. Reads and exports use the ACCESS action with
`additional_data["event"]` saying which ("view", "export", "login", "login_failed", "logout").
The second factor's are written by accounts.services: "second_factor_enrolled",
"second_factor_verified" and "second_factor_failed" (with the kind of code, app or recovery,
never the code), "second_factor_reset" (by a coordinator) and "recovery_codes_renewed"; the
trail's filter lists every event (selectors.EVENTS) with its label (forms.ACTION_LABELS).

The trail is read by auditors, who do not hold every sensitivity tier: free text about people
(notes, complaints) is never written to it, and the entries about an object of a restricted
tier (a protection-sensitive note, a report of sexual exploitation or abuse) are shown only to
those who may see that tier (see `AuditTier` and accounts.selectors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest


@dataclass(frozen=True)
class AuditTier:
    """The rows of a model that form a restricted tier, and the permission that reads them.

    `field` never changes once the row exists (so the creation entry records it for good).
    """

    permission: str
    field: str
    value: str


# Restricted tiers by audited model, filled by audit_register.
AUDIT_TIERS: dict[type[models.Model], AuditTier] = {}


def audit_register(
    model: type[models.Model],
    *,
    exclude: tuple[str, ...] = ("updated_at",),
    m2m: tuple[str, ...] = (),
    tier: AuditTier | None = None,
    mask: tuple[str, ...] = (),
) -> None:
    """Track changes of `model`'s own columns (not reverse relations), before and after.

    `exclude` names columns that never enter the trail, not even as "changed" (free text about
    people, secrets); `mask` names columns whose changes enter it with all but their last
    characters hidden (`audit_mask`: values encrypted at rest, such as document numbers);
    `tier` marks the rows whose entries only holders of its permission see.
    """
    fields = [f.name for f in model._meta.concrete_fields if f.name not in exclude]
    auditlog.register(
        model,
        include_fields=fields,
        exclude_fields=list(exclude),
        m2m_fields=set(m2m),
        mask_fields=list(mask),
        mask_callable="arraigo.accounts.audit.audit_mask" if mask else None,
    )
    if tier is not None:
        AUDIT_TIERS[model] = tier


MASK_KEEP = 3


def audit_mask(value: str) -> str:
    """A masked value as the trail keeps it: its last MASK_KEEP characters, the others as
    "*" ("None", a value not set, stays as it is).

    >>> audit_mask("GOMA850101HDFRRN09")
    '***************N09'
    """
    if value in {"", "None"}:
        return value
    return "*" * max(len(value) - MASK_KEEP, 0) + value[-MASK_KEEP:]


def _remote_addr(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def audit_event(
    *,
    actor: Any,
    obj: models.Model,
    event: str,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> LogEntry:
    """Record that `actor` read, exported or otherwise touched `obj` without changing it."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    entry: LogEntry = LogEntry.objects.log_create(
        obj,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor=actor_obj,
        remote_addr=_remote_addr(request),
        additional_data={"event": event, **(details or {})},
        force_log=True,
    )
    return entry


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_event(actor=user, obj=user, event="login", request=request)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_event(actor=user, obj=user, event="logout", request=request)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The user model by its setting: accounts.models imports this module (audit_register).
    user = get_user_model().objects.filter(username=credentials.get("username", "")).first()
    if user is not None:
        audit_event(actor=None, obj=user, event="login_failed", request=request)

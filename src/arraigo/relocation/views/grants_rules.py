"""What the grant page says about the programme's rules: who may approve (maker-checker) and
when the grant may be paid (its modality's rule)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from arraigo.accounts.models import User

from ..models import Grant, GrantStatus
from ..selectors import grant_approvers
from ..services.grant_timing import payable_from


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


def grant_rules_context(user: User, grant: Grant) -> dict[str, Any]:
    """`approvers` (names) while the grant waits for approval, `approval_note` saying why the
    reader may not approve it, and `payment_rule` (the modality's rule, for the payment step)."""
    context: dict[str, Any] = {"approvers": None, "approval_note": "", "payment_rule": ""}
    if grant.status == GrantStatus.PREPARED:
        approvers = grant_approvers(grant)
        context["approvers"] = [person_name(u) for u in approvers]
        if grant.prepared_by_id == user.pk:
            context["approval_note"] = _(
                "You prepared this grant: another person must approve it (maker-checker: "
                "whoever prepares a grant never approves it)."
            )
        elif not user.has_perm("relocation.approve_grant"):
            context["approval_note"] = _("Your role does not approve grants.")
        if not approvers:
            context["approval_note"] = _(
                "Nobody else may approve this grant yet: it needs a second person with the "
                "right to approve grants."
            )
    if grant.status in (GrantStatus.PREPARED, GrantStatus.APPROVED):
        first, rule = payable_from(grant)
        context["payment_rule"] = rule
        context["payable_from"] = first
    return context

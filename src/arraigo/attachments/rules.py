"""Who may attach files to a kind of record, and remove them: the role's permissions only.

The scope (is this case, plan or referral one of the user's?) is the selectors' part
(`selectors.target_in_scope`); services check both. Pages call these to decide whether to show
the upload form and the remove buttons, having already fetched the record within scope.

Attaching is changing the record, so it takes the permission that changes it in the web:
- an identity document: `registry.change_person`, and a role that sees names (the scan shows
  the document);
- a consent answer: `registry.change_household` (who records consent);
- a milestone: `casework.change_milestone`;
- a referral: who makes referrals (`referrals.add_referral`), or who answers them for the
  service it was sent to (`referrals.answer_referral`, a partner for its own organisation).
A service partner removes only the files it uploaded itself.
"""

from __future__ import annotations

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names

from .models import Attachment, AttachmentKind

VIEW = "attachments.view_attachment"
ADD = "attachments.add_attachment"
DELETE = "attachments.delete_attachment"


def is_partner(user: User) -> bool:
    """A service partner's user: an exit of the case (registry.consent)."""
    return scope.anchor(user) is scope.Anchor.PROVIDER


def may_change_target(user: User, kind: str, *, provider_id: int | None = None) -> bool:
    """Whether `user`'s role changes records of `kind` (for a referral, the one sent to
    `provider_id`)."""
    if kind == AttachmentKind.DOCUMENT:
        return user.has_perm("registry.change_person") and sees_names(user)
    if kind == AttachmentKind.CONSENT:
        return user.has_perm("registry.change_household")
    if kind == AttachmentKind.MILESTONE:
        return user.has_perm("casework.change_milestone")
    if kind == AttachmentKind.REFERRAL:
        if user.has_perm("referrals.add_referral"):
            return True
        return user.has_perm("referrals.answer_referral") and scope.in_scope(
            user, scope.Kind.REFERRALS, provider=provider_id
        )
    return False


def may_attach(user: User, kind: str, *, provider_id: int | None = None) -> bool:
    return user.has_perm(ADD) and may_change_target(user, kind, provider_id=provider_id)


def may_remove(user: User, attachment: Attachment) -> bool:
    referral = attachment.referral if attachment.referral_id else None
    provider_id = referral.provider_id if referral is not None else None
    if not (
        user.has_perm(DELETE) and may_change_target(user, attachment.kind, provider_id=provider_id)
    ):
        return False
    return not is_partner(user) or attachment.uploaded_by_id == user.pk

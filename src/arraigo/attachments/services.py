"""Writes on files: attach one to a record of a case, remove one, remove a household's all.

A file is checked before anything is stored: its size (ARRAIGO_ATTACHMENT_MAX_MB), its type
read from its content against ARRAIGO_ATTACHMENT_TYPES (a text file renamed .pdf or a program
is refused whatever its name says), and its name is made safe. Stored bytes are deleted only
after the deletion of their row commits (storage.delete_stored_on_commit).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.referrals.models import Referral
from arraigo.registry.models import Household

from . import rules
from .content import clean_name, read_head, sha256_of, sniff_type, type_label
from .models import Attachment
from .selectors import Target, household_id_of, kind_of, target_in_scope
from .storage import delete_stored_now, delete_stored_on_commit

MEGABYTE = 1024 * 1024


def allowed_types() -> list[str]:
    return list(settings.ARRAIGO_ATTACHMENT_TYPES)


def allowed_types_label() -> str:
    """The allowed types as people name them: "PDF, JPEG or PNG"."""
    return str(get_text_list([type_label(t) for t in allowed_types()], _("or")))


def max_bytes() -> int:
    return int(settings.ARRAIGO_ATTACHMENT_MAX_MB) * MEGABYTE


def _checked_type(uploaded_file: UploadedFile) -> str:
    """The file's type read from its content; ValidationFailed (on the field "file") when it
    is empty, too big or of a type not allowed."""
    errors: Errors = {}
    size = uploaded_file.size or 0
    content_type = ""
    if size == 0:
        add_error(errors, "file", _("The file is empty."))
    elif size > max_bytes():
        add_error(
            errors,
            "file",
            _("The file is too big: at most %(max)d MB.")
            % {"max": settings.ARRAIGO_ATTACHMENT_MAX_MB},
        )
    else:
        content_type = sniff_type(read_head(uploaded_file)) or ""
        if content_type not in allowed_types():
            add_error(
                errors,
                "file",
                _("This type of file is not allowed: only %(types)s.")
                % {"types": allowed_types_label()},
            )
    if errors:
        raise ValidationFailed(errors)
    return content_type


def _require_may_change(actor: User, target: Target, kind: str) -> None:
    provider_id = target.provider_id if isinstance(target, Referral) else None
    if not rules.may_change_target(actor, kind, provider_id=provider_id):
        raise NotPermitted()
    if not target_in_scope(actor, target):
        raise NotPermitted()


@transaction.atomic
def attachment_add(*, actor: User, target: Target, uploaded_file: UploadedFile) -> Attachment:
    """Attach `uploaded_file` to `target` (an identity document, a consent answer, a
    milestone or a referral) of a case `actor` may change (rules.may_change_target, in scope).

    The bytes are stored under a random name; the row keeps the name made safe, the type
    found in the content, the size and the SHA-256.
    """
    kind = kind_of(target)
    require_perm(actor, rules.ADD)
    _require_may_change(actor, target, kind)
    content_type = _checked_type(uploaded_file)
    attachment = Attachment(
        household_id=household_id_of(target),
        name=clean_name(uploaded_file.name or "", content_type),
        content_type=content_type,
        size=uploaded_file.size or 0,
        sha256=sha256_of(uploaded_file.chunks()),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    setattr(attachment, kind, target)
    uploaded_file.seek(0)
    # upload_to (storage.attachment_path) names the stored bytes; the name given is ignored
    attachment.file.save("upload", uploaded_file, save=False)
    try:
        attachment.save(force_insert=True)
    except BaseException:
        delete_stored_now(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove a file from its record; its bytes go once this commits. Who may attach to the
    record may remove its files (a service partner only those it uploaded)."""
    require_perm(actor, rules.DELETE)
    if not rules.may_remove(actor, attachment):
        raise NotPermitted()
    if not target_in_scope(actor, attachment.target):  # type: ignore[arg-type]
        raise NotPermitted()
    name = attachment.file.name
    attachment.delete()
    delete_stored_on_commit(name)


@transaction.atomic
def attachments_remove_for_household(*, household: Household) -> int:
    """Remove every file of `household` (its documents', consent answers', milestones' and
    referrals'), for the erasure of a case; the stored bytes go once this commits. The number
    of files removed. The caller (the erasure) checks who may do it."""
    rows = Attachment.objects.filter(household=household)
    names = list(rows.values_list("file", flat=True))
    rows.delete()
    delete_stored_on_commit(*names)
    return len(names)

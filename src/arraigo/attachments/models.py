"""A file attached to one record of a case: an identity document (its scan), a consent answer
(the signed form), a milestone of the integration plan (its evidence) or a referral.

The row keeps the household for scope, the one record it belongs to, the stored bytes under a
random name (storage.attachment_path), and what was checked on the way in: the type read from
the content, the size, the SHA-256 and the name made safe (content.clean_name). URLs name the
file by `public_id`, a random UUID, never by its row id or stored path.

Every foreign key protects: a document, consent answer, milestone, referral or household that
holds files is not deleted under them (the registry's removals refuse, naming the files,
through core.deletion); the files are removed first, by this app's services, which delete the
stored bytes too. So no stored file outlives its row unnoticed.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register

from .content import NAME_MAX, type_label
from .storage import attachment_path, attachments_storage


class AttachmentKind(models.TextChoices):
    """What a file is attached to; each value is also the name of the row's field for it."""

    DOCUMENT = "document", _("Identity document")
    CONSENT = "consent", _("Consent")
    MILESTONE = "milestone", _("Milestone")
    REFERRAL = "referral", _("Referral")


TARGET_FIELDS: tuple[str, ...] = tuple(AttachmentKind.values)


def _only(field: str) -> Q:
    """This target field set and every other one empty."""
    condition = Q(**{f"{field}__isnull": False})
    for other in TARGET_FIELDS:
        if other != field:
            condition &= Q(**{f"{other}__isnull": True})
    return condition


def _exactly_one_target() -> Q:
    condition = Q()
    for field in TARGET_FIELDS:
        condition |= _only(field)
    return condition


class Attachment(models.Model):
    public_id = models.UUIDField(_("link id"), default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="attachments"
    )
    document = models.ForeignKey(
        "registry.IdentityDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("identity document"),
    )
    consent = models.ForeignKey(
        "registry.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    milestone = models.ForeignKey(
        "casework.Milestone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), storage=attachments_storage, upload_to=attachment_path, max_length=100
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="attachment_one_target"),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"attachment {self.pk}"

    @property
    def kind(self) -> str:
        for field in TARGET_FIELDS:
            if getattr(self, f"{field}_id") is not None:
                return field
        raise ValueError("an attachment without a target")  # the check constraint forbids it

    @property
    def target(self) -> models.Model:
        target: models.Model = getattr(self, self.kind)
        return target

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)


# Changes go to the audit trail (downloads are written by the view). The name a file was
# uploaded under may hold a person's name: it stays out of the trail.
audit_register(Attachment, exclude=("name",))

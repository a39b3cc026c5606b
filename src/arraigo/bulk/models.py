"""An import: the uploaded file, what checking it found, and what was written; and the
reference each imported household was given in its file (what makes an import idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Households, their people and documents")
    EMPLOYERS = "employers", _("Employers")
    VACANCIES = "vacancies", _("Vacancies")
    PROVIDERS = "providers", _("Service providers")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    REFUSED = "refused", _("Refused: problems to fix")
    CHECKED = "checked", _("Checked: ready to import")
    WRITING = "writing", _("Being imported")
    DONE = "done", _("Imported")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded file, checked in the background, then written when its uploader confirms.

    The file's bytes are kept in the database (several workers on several machines read the
    same queue) only until the import is written or discarded; the report keeps the problems
    (row, column, message, in the uploader's language) and the counts, never a cell's value.
    """

    kind = models.CharField(_("what"), max_length=12, choices=ImportKind.choices)
    filename = models.CharField(_("file"), max_length=120)
    content = models.BinaryField(_("content"), null=True, editable=False)
    language = models.CharField(max_length=8, default="es")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # {"problems": [[row, column, message]...], "duplicates": [[row, column, message]...],
    #  "counts": {"households": n, ...}, "skipped": n, "written": {...}}
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.kind})"

    @property
    def is_active(self) -> bool:
        return self.status in {ImportStatus.CHECKING, ImportStatus.WRITING}


class HouseholdRef(models.Model):
    """The reference a household had in the file that imported it (`household_ref`): the key
    that recognises it when the same file, or a corrected one, is imported again."""

    ref = models.CharField(_("reference in the file"), max_length=64, unique=True)
    household = models.OneToOneField(
        "registry.Household", on_delete=models.CASCADE, related_name="import_ref"
    )
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("imported household reference")
        verbose_name_plural = _("imported household references")

    def __str__(self) -> str:
        return f"{self.household_id}:{self.ref}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A large export prepared in the background: the file, kept for its requester only.
    Downloading it is what the audit trail records (the data leave then)."""

    kind = models.CharField(_("what"), max_length=12, choices=ImportKind.choices)
    fmt = models.CharField(_("format"), max_length=4)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    content = models.BinaryField(null=True, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.kind})"

    @property
    def is_active(self) -> bool:
        return self.status == ExportStatus.QUEUED

"""Large exports (the households', one row per person) prepared in the background: asked
for on the web, built by a worker with the requester's scope, then downloaded by them.

The file is built as the requester (the same selectors and `sees_names` as a direct export),
kept on its ExportJob for the requester only, and each download is an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted

from .exports import export_audit, export_header, export_rows, may_export
from .models import ExportJob, ExportStatus
from .queue import EXPORT, step_enqueue
from .sheets import csv_bytes, xlsx_bytes

Progress = Callable[[int, str], None]
# Exported in the background: the caseload, one row per person.
BACKGROUND_KINDS = ("households",)


@transaction.atomic
def export_request(*, actor: User, kind: str, fmt: str) -> ExportJob:
    """Queue an export of `kind` as `fmt` ("csv" or "xlsx") for `actor`."""
    if not may_export(actor, kind) or fmt not in {"csv", "xlsx"}:
        raise NotPermitted(_("You cannot export these records."))
    job = ExportJob.objects.create(kind=kind, fmt=fmt, created_by=actor, created_at=timezone.now())
    job.task_id = step_enqueue(job.pk, EXPORT)
    job.save(update_fields=["task_id"])
    job.refresh_from_db()
    return job


def export_build(*, job_id: int, on_progress: Progress) -> ExportJob:
    """Build the file of a queued export (a retried one already built is left as it is)."""
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return job
    user = job.created_by
    on_progress(5, _("Reading the records"))
    counted = []

    def rows() -> Iterator[list[Any]]:
        for row in export_rows(user, job.kind):
            counted.append(1)
            yield row

    header = export_header(user, job.kind)
    content = (
        csv_bytes(header, rows()) if job.fmt == "csv" else xlsx_bytes([(job.kind, header, rows())])
    )
    job.content = content
    job.rows = len(counted)
    job.status = ExportStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["content", "rows", "status", "finished_at"])
    on_progress(100, _("Done"))
    return job


def export_failed(*, job_id: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.FAILED, finished_at=timezone.now()
    )


def export_file_content(*, actor: User, job: ExportJob) -> bytes:
    """The file of a finished export, for its requester; the download is audited."""
    if job.created_by_id != actor.pk or job.status != ExportStatus.DONE or job.content is None:
        raise NotPermitted()
    export_audit(actor, job.kind, job.fmt)
    return bytes(job.content)

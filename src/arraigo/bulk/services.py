"""Every write of the imports: an upload, its check and its writing (in the background or at
once from the command line), confirming and discarding it. Import from here.

An import is all or nothing: its file is checked whole, every problem reported as (row,
column, message) in the uploader's language, and only a file without problems is written,
in one transaction. Likely duplicates are reported with the check, before anything is
written. One audit entry (event "import") records who imported which file and how many rows
of each kind were written; the rows themselves are inserted in bulk, not one audit entry each.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed

from .entities import ENTITY_RUNNERS
from .households_import import households_run
from .models import ImportJob, ImportKind, ImportStatus
from .queue import CHECK, WRITE, step_enqueue
from .report import Report
from .sheets import table_read

Progress = Callable[[int, str], None]

# Who may import each kind: the permissions of creating one by hand (scope is checked row by
# row: an origin caseworker imports households into their own office only).
IMPORT_PERMS: dict[str, tuple[str, ...]] = {
    ImportKind.HOUSEHOLDS: ("registry.add_household", "registry.add_person"),
    ImportKind.EMPLOYERS: ("jobs.add_employer",),
    ImportKind.VACANCIES: ("jobs.add_vacancy",),
    ImportKind.PROVIDERS: ("places.add_serviceprovider",),
}
MAX_BYTES = 100 * 1024 * 1024


def may_import(user: User, kind: str) -> bool:
    perms = IMPORT_PERMS.get(kind)
    return bool(
        perms and user.is_authenticated and user.is_active and all(user.has_perm(p) for p in perms)
    )


def kinds_for(user: User) -> list[str]:
    """The kinds of import `user` may run."""
    return [kind for kind in ImportKind.values if may_import(user, kind)]


def _require(user: User, kind: str) -> None:
    if not may_import(user, kind):
        raise NotPermitted(_("You cannot import these records."))


def _no_progress(_percent: int, _message: str) -> None:
    return None


def file_check_and_write(
    *,
    actor: User,
    job: ImportJob,
    content: bytes,
    write: bool,
    on_progress: Progress = _no_progress,
) -> Report:
    """Check the file of `job` and, with `write`, write it all or nothing."""
    _require(actor, job.kind)
    on_progress(2, _("Reading the file"))
    table, problems = table_read(content, job.filename)
    if table is None:
        return Report(problems=problems)
    if job.kind == ImportKind.HOUSEHOLDS:
        report = households_run(actor, table, write=write, job_id=job.pk, on_progress=on_progress)
    else:
        report = ENTITY_RUNNERS[job.kind](actor, table, write=write)
    if write and not report.refused:
        audit_event(
            actor=actor,
            obj=job,
            event="import",
            details={"kind": job.kind, "import": job.pk, "written": report.written},
        )
    return report


def _job_new(
    actor: User, kind: str, filename: str, content: bytes, *, keep: bool = True
) -> ImportJob:
    _require(actor, kind)
    if kind not in ImportKind.values:
        raise ValidationFailed({"kind": [_("Choose one of the listed options.")]})
    if len(content) > MAX_BYTES:
        raise ValidationFailed({"file": [_("The file is larger than 100 MB.")]})
    name = get_valid_filename(filename.rsplit("/", 1)[-1])[-120:] or "file"
    return ImportJob.objects.create(
        kind=kind,
        filename=name,
        content=content if keep else None,
        language=translation.get_language() or "es",
        created_by=actor,
        created_at=timezone.now(),
    )


def _finish(job: ImportJob, report: Report, *, wrote: bool) -> ImportJob:
    job.report = report.as_json()
    if report.refused:
        job.status = ImportStatus.REFUSED
    else:
        job.status = ImportStatus.DONE if wrote else ImportStatus.CHECKED
    if job.status != ImportStatus.CHECKED:
        job.content = None  # the people's data leave with the import's end
        job.finished_at = timezone.now()
    job.save(update_fields=["report", "status", "content", "finished_at"])
    return job


@transaction.atomic
def import_upload(*, actor: User, kind: str, filename: str, content: bytes) -> ImportJob:
    """Keep an uploaded file and queue its check (nothing is written before a confirm)."""
    job = _job_new(actor, kind, filename, content)
    job.task_id = step_enqueue(job.pk, CHECK)
    job.save(update_fields=["task_id"])
    job.refresh_from_db()
    return job


def import_step_run(*, job_id: int, write: bool, on_progress: Progress = _no_progress) -> ImportJob:
    """The background step of an import: check it, or (confirmed) check and write it.
    A retried step whose import is over already leaves it as it is."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    wanted = ImportStatus.WRITING if write else ImportStatus.CHECKING
    if job.status != wanted or job.content is None:
        return job
    with translation.override(job.language):
        report = file_check_and_write(
            actor=job.created_by,
            job=job,
            content=bytes(job.content),
            write=write,
            on_progress=on_progress,
        )
        on_progress(100, _("Done"))
    return _finish(job, report, wrote=write)


@transaction.atomic
def import_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """The uploader, having read the check's report, has the import written."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.created_by_id != actor.pk:
        raise NotPermitted()
    _require(actor, locked.kind)
    if locked.status != ImportStatus.CHECKED:
        raise InvalidTransition(_("Only a checked import can be written."))
    locked.status = ImportStatus.WRITING
    locked.save(update_fields=["status"])
    locked.task_id = step_enqueue(locked.pk, WRITE)
    locked.save(update_fields=["task_id"])
    locked.refresh_from_db()
    return locked


@transaction.atomic
def import_discard(*, actor: User, job: ImportJob) -> ImportJob:
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.created_by_id != actor.pk:
        raise NotPermitted()
    if locked.status != ImportStatus.CHECKED:
        raise InvalidTransition(_("Only a checked import can be discarded."))
    locked.status = ImportStatus.DISCARDED
    locked.content = None
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "content", "finished_at"])
    return locked


def import_failed(*, job_id: int) -> None:
    """The task of an import failed (its worker died, or an error): say so on the import."""
    ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.CHECKING, ImportStatus.WRITING]
    ).update(status=ImportStatus.FAILED, content=None, finished_at=timezone.now())


def import_now(
    *, actor: User, kind: str, filename: str, content: bytes, dry_run: bool = False
) -> tuple[ImportJob, Report]:
    """Check and (unless `dry_run`) write a file at once, in this process: the command line.
    The import is kept on record like an uploaded one."""
    job = _job_new(actor, kind, filename, content, keep=False)  # checked here, not queued
    report = file_check_and_write(actor=actor, job=job, content=content, write=not dry_run)
    _finish(job, report, wrote=not dry_run)
    if dry_run and not report.refused:
        job.status = ImportStatus.DISCARDED
        job.content = None
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "content", "finished_at"])
    return job, report

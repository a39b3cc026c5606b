"""Reads of the imports: a user's own imports, and a running step's progress."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from arraigo.accounts.models import User
from arraigo.background.models import TaskProgress

from .models import ExportJob, ImportJob


def imports_of(user: User) -> QuerySet[ImportJob]:
    """The imports `user` uploaded (an import's report names rows of people: its uploader's)."""
    if not (user.is_authenticated and user.is_active):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user).defer("content").order_by("-created_at", "-id")


def import_get_for(user: User, pk: int) -> ImportJob:
    try:
        return imports_of(user).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("No such import.") from exc


def import_progress(job: ImportJob) -> TaskProgress | None:
    if not job.task_id or not job.is_active:
        return None
    return TaskProgress.objects.filter(task_id=job.task_id).first()


def exports_of(user: User) -> QuerySet[ExportJob]:
    """The exports `user` asked for (only they may download them)."""
    if not (user.is_authenticated and user.is_active):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(created_by=user).defer("content").order_by("-created_at", "-id")


def export_get_for(user: User, pk: int) -> ExportJob:
    try:
        return exports_of(user).get(pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404("No such export.") from exc


def export_progress(job: ExportJob) -> TaskProgress | None:
    if not job.task_id or not job.is_active:
        return None
    return TaskProgress.objects.filter(task_id=job.task_id).first()

"""Reads of the REST Services forms and submissions, for whoever holds the permission
(coordinators). A submission's reason names rows, columns and case codes, never a person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet

from .models_kobo import KoboForm, KoboSubmission, SubmissionStatus


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def kobo_form_by_slug(slug: str) -> KoboForm | None:
    """The active form KoboToolbox posts to at /hooks/kobo/<slug>/ (the endpoint: no user)."""
    return KoboForm.objects.filter(slug=slug, active=True).first()


def kobo_forms_for(user: Any) -> QuerySet[KoboForm]:
    _require(user, "monitoring.view_koboform")
    return KoboForm.objects.order_by("name", "id")


def kobo_submissions_for(
    user: Any, *, form: int | None = None, status: str = ""
) -> QuerySet[KoboSubmission]:
    """Submissions newest first, of one form and status if given (the payload left unread)."""
    _require(user, "monitoring.view_kobosubmission")
    rows = (
        KoboSubmission.objects.select_related("form")
        .defer("payload")
        .order_by("-received_at", "-id")
    )
    if form is not None:
        rows = rows.filter(form_id=form)
    if status in SubmissionStatus.values:
        rows = rows.filter(status=status)
    return rows


def kobo_submission_counts(user: Any) -> dict[str, int]:
    _require(user, "monitoring.view_kobosubmission")
    counted = dict(KoboSubmission.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: int(counted.get(status, 0)) for status in SubmissionStatus.values}

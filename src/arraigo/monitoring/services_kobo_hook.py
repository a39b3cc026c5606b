"""KoboToolbox's REST Services: forms that post their submissions here, and what they post.

A coordinator registers a form (the round it feeds) and gets its secret, shown once. Each post
(`kobo_submission_receive`, the endpoint's one write) stores the raw submission, unique per form
by its uuid, and queues it: a submission posted twice is stored once. The worker then
(`kobo_submission_process`) reads it into rows and hands them to the file import's checks and
writer (`services_kobo.submissions_import`): the same rules, all or nothing, and nothing
written twice for one uuid. A submission that breaks a rule is failed with the reason, listed
for coordinators, and can be processed again once the registry is put right.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm

from .instruments import survey_instruments
from .kobo_json import UUID_LENGTH, payload_problem, submission_read, submission_uuid
from .kobo_queue import kobo_enqueue
from .models import Interview, Round
from .models_kobo import KoboForm, KoboSubmission, SubmissionStatus
from .services_kobo import submissions_import

log = logging.getLogger(__name__)

SECRET_BYTES = 32
NAME_MAX = 120
ERROR_MAX = 4000


# --- forms ------------------------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(form: KoboForm | None, secret: str) -> bool:
    """Whether `secret` is the form's, in constant time (a missing form compares against a
    hash nothing matches, taking the same time)."""
    stored = form.secret_hash if form is not None and form.secret_hash else "-" * 64
    return hmac.compare_digest(secret_hash(secret), stored) and form is not None


@dataclass(frozen=True)
class KoboFormData:
    name: str
    slug: str
    round: str
    active: bool = True


def _check(data: KoboFormData, exclude: int | None = None) -> KoboFormData:
    errors: Errors = {}
    name, slug = data.name.strip(), data.slug.strip().lower()
    if not name:
        add_error(errors, "name", _("Give the form a name."))
    elif len(name) > NAME_MAX:
        add_error(errors, "name", _("At most %(max)d characters.") % {"max": NAME_MAX})
    if not slug:
        add_error(errors, "slug", _("Give the form a short name."))
    elif KoboForm.objects.filter(slug=slug).exclude(id__in=[exclude] if exclude else []).exists():
        add_error(errors, "slug", _("Another form has this short name."))
    if data.round not in Round.values:
        add_error(errors, "round", _("Choose a round."))
    else:
        try:
            survey_instruments().instrument(data.round)
        except KeyError:
            add_error(errors, "round", _("This round has no survey instrument."))
    if errors:
        raise ValidationFailed(errors)
    return KoboFormData(name=name, slug=slug, round=data.round, active=data.active)


def _secret_set(form: KoboForm) -> str:
    secret = secrets.token_urlsafe(SECRET_BYTES)
    form.secret_hash = secret_hash(secret)
    form.secret_set_at = timezone.now()
    form.save(update_fields=["secret_hash", "secret_set_at", "updated_at"])
    return secret


@transaction.atomic
def kobo_form_create(*, actor: User, data: KoboFormData) -> tuple[KoboForm, str]:
    """A form KoboToolbox may post to, and its secret (shown once; only its hash is kept)."""
    require_perm(actor, "monitoring.add_koboform")
    clean = _check(data)
    form = KoboForm.objects.create(
        name=clean.name, slug=clean.slug, round=clean.round, active=clean.active, created_by=actor
    )
    return form, _secret_set(form)


@transaction.atomic
def kobo_form_update(*, actor: User, form: KoboForm, data: KoboFormData) -> KoboForm:
    require_perm(actor, "monitoring.change_koboform")
    clean = _check(data, exclude=form.pk)
    locked = KoboForm.objects.select_for_update().get(pk=form.pk)
    locked.name, locked.slug, locked.round, locked.active = (
        clean.name,
        clean.slug,
        clean.round,
        clean.active,
    )
    locked.save(update_fields=["name", "slug", "round", "active", "updated_at"])
    return locked


@transaction.atomic
def kobo_form_secret_renew(*, actor: User, form: KoboForm) -> str:
    """A new secret for `form`: the old one stops working at once. Shown once."""
    require_perm(actor, "monitoring.change_koboform")
    locked = KoboForm.objects.select_for_update().get(pk=form.pk)
    secret = _secret_set(locked)
    audit_event(actor=actor, obj=locked, event="kobo_secret_renewed")
    return secret


# --- receiving --------------------------------------------------------------------------------


def kobo_submission_receive(
    *, form: KoboForm, payload: dict[str, Any]
) -> tuple[KoboSubmission, bool]:
    """Store a submission KoboToolbox posted for `form` (authenticated by the caller) and queue
    it; (the submission, whether it is new). Posted again (same uuid): the stored one, nothing
    new. Refuses (ValidationFailed) a submission without a uuid."""
    uuid = submission_uuid(payload)
    if not uuid:
        raise ValidationFailed({"_uuid": [_("The submission has no _uuid or meta/instanceID.")]})
    if len(uuid) > UUID_LENGTH:
        raise ValidationFailed({"_uuid": [_("longer than %(n)s characters") % {"n": UUID_LENGTH}]})
    problem = payload_problem(payload)
    if problem:
        raise ValidationFailed({None: [problem]})
    try:
        with transaction.atomic():
            row = KoboSubmission.objects.create(
                form=form, uuid=uuid, payload=payload, received_at=timezone.now()
            )
    except IntegrityError:  # posted before (or at the same moment): one row per uuid
        return KoboSubmission.objects.get(form=form, uuid=uuid), False
    transaction.on_commit(lambda: kobo_enqueue(row.pk))
    log.info("kobo submission %s received for form %s", row.pk, form.slug)
    return row, True


# --- processing -------------------------------------------------------------------------------


def _failed(row: KoboSubmission, reason: str) -> KoboSubmission:
    row.status, row.error, row.processed_at = SubmissionStatus.FAILED, reason[:ERROR_MAX], None
    row.save(update_fields=["status", "error", "processed_at", "attempts"])
    log.warning("kobo submission %s failed", row.pk)
    return row


def kobo_submission_process(*, submission_id: int) -> KoboSubmission | None:
    """Write the answers of a received submission, all or nothing; the submission, processed
    or failed with the reason (None when it does not exist). One already processed is left as
    it is; one whose uuid was imported before (a file, another form) is processed with the
    interview already there."""
    with transaction.atomic():
        row = (
            KoboSubmission.objects.select_for_update()
            .select_related("form")
            .filter(pk=submission_id)
            .first()
        )
        if row is None or row.status == SubmissionStatus.PROCESSED:
            return row
        row.attempts += 1
        submission, problems = submission_read(row.payload)
        try:
            report = submissions_import(
                actor=None,
                round=row.form.round,
                submissions=[submission] if submission is not None else [],
                problems=problems,
                filename="submission",
            )
        except ValidationFailed as exc:
            return _failed(row, exc.message)
        interview = Interview.objects.filter(submission_uuid=row.uuid).first()
        if report.refused and interview is None:
            return _failed(row, "\n".join(str(problem) for problem in report.problems))
        row.status, row.error = SubmissionStatus.PROCESSED, ""
        row.processed_at, row.interview = timezone.now(), interview
        row.save(update_fields=["status", "error", "processed_at", "interview", "attempts"])
        audit_event(
            actor=None,
            obj=row,
            event="kobo_submission",
            details={
                "form": row.form.slug,
                "round": row.form.round,
                "interview": interview.pk if interview is not None else None,
                "answers": report.answers,
                "skipped": report.skipped,
            },
        )
    return row


def _requeue(rows: list[KoboSubmission]) -> None:
    ids = [row.pk for row in rows]
    KoboSubmission.objects.filter(pk__in=ids).update(status=SubmissionStatus.RECEIVED, error="")

    def queue() -> None:
        for submission_id in ids:
            kobo_enqueue(submission_id)

    transaction.on_commit(queue)


@transaction.atomic
def kobo_submission_retry(*, actor: User, submission: KoboSubmission) -> KoboSubmission:
    """Process a failed submission again (once the household or round is put right)."""
    require_perm(actor, "monitoring.retry_kobosubmission")
    locked = KoboSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != SubmissionStatus.FAILED:
        raise InvalidTransition(_("Only a failed submission can be processed again."))
    _requeue([locked])
    audit_event(actor=actor, obj=locked, event="kobo_retry")
    locked.status, locked.error = SubmissionStatus.RECEIVED, ""
    return locked


@transaction.atomic
def kobo_submissions_retry_failed(*, actor: User, form: KoboForm) -> int:
    """Process every failed submission of `form` again; how many."""
    require_perm(actor, "monitoring.retry_kobosubmission")
    rows = list(
        KoboSubmission.objects.select_for_update()
        .filter(form=form, status=SubmissionStatus.FAILED)
        .order_by("id")
    )
    if rows:
        _requeue(rows)
        audit_event(actor=actor, obj=form, event="kobo_retry", details={"submissions": len(rows)})
    return len(rows)

"""Writes on feedback: recorded by staff or sent through the participants' form, assigned,
answered and closed. The answer is due a number of days after receipt set per category in
the programme's feedback.yaml."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.places.models import City, Office, OfficeKind
from arraigo.registry.models import Household
from arraigo.registry.selectors import households_visible_to

from .models import OPEN_STATUSES, Category, Channel, FeedbackCase, FeedbackStatus
from .rows import feedback_row
from .selectors import feedback_visible_to

TEXT_MAX = 3000


@functools.cache
def _days(path: Path) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): int(v) for k, v in data["response_days"].items()}


def response_days(category: str) -> int:
    return _days(Path(settings.ARRAIGO_PROGRAMME_DIR) / "feedback.yaml")[category]


def _reference(day: dt.date) -> str:
    # Not guessable, so a reference read aloud on the phone finds nothing for someone else.
    return f"FB-{day:%Y}-{secrets.token_hex(3).upper()}"


def _check(category: str, channel: str, description: str, errors: Errors) -> str:
    if category not in Category.values:
        add_error(errors, "category", _("Choose a category."))
    if channel not in Channel.values:
        add_error(errors, "channel", _("Choose how it was received."))
    description = description.strip()
    if not description:
        add_error(errors, "description", _("Write what the person says."))
    elif len(description) > TEXT_MAX:
        add_error(errors, "description", _("At most %(max)d characters.") % {"max": TEXT_MAX})
    return description


def _create(
    *,
    category: str,
    channel: str,
    description: str,
    contact: str,
    household: Household | None = None,
    city: City | None,
    office: Office | None,
    created_by: User | None = None,
) -> FeedbackCase:
    received = timezone.now()
    case = feedback_row(
        reference=_reference(timezone.localdate(received)),
        category=category,
        channel=channel,
        description=description,
        contact=contact,
        household_id=household.pk if household is not None else None,
        city_id=city.pk if city is not None else None,
        office_id=office.pk if office is not None else None,
        created_by_id=created_by.pk if created_by is not None else None,
        received_at=received,
        response_days=response_days(category),
    )
    case.save(force_insert=True)
    return case


@transaction.atomic
def feedback_record(
    *,
    actor: User,
    category: str,
    channel: str,
    description: str,
    household: Household | None = None,
    contact: str = "",
) -> FeedbackCase:
    """Staff record what a participant said, linked to a household of theirs if known."""
    require_perm(actor, "feedback.add_feedbackcase")
    errors: Errors = {}
    description = _check(category, channel, description, errors)
    if household is not None and not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    if errors:
        raise ValidationFailed(errors)
    return _create(
        category=category,
        channel=channel,
        description=description,
        contact=contact,
        household=household,
        city=household.host_city if household else actor.city,
        office=household.origin_office if household else actor.office,
        created_by=actor,
    )


@transaction.atomic
def feedback_submit(
    *, category: str, description: str, city: City | None, office: Office | None, contact: str
) -> FeedbackCase:
    """A participant's own report through the public form (no account).

    A report from an origin city without an office goes to that city's origin office, so the
    caseworkers who serve the households waiting there see it (feedback_visible_to)."""
    errors: Errors = {}
    description = _check(category, Channel.FORM, description, errors)
    if errors:
        raise ValidationFailed(errors)
    if office is None and city is not None and not city.is_host:
        office = (
            Office.objects.filter(city=city, kind=OfficeKind.ORIGIN).order_by("name", "pk").first()
        )
    return _create(
        category=category,
        channel=Channel.FORM,
        description=description,
        contact=contact,
        city=city,
        office=office,
    )


def _lock(actor: User, case: FeedbackCase) -> FeedbackCase:
    require_perm(actor, "feedback.change_feedbackcase")
    if not feedback_visible_to(actor).filter(pk=case.pk).exists():
        raise NotPermitted()
    return FeedbackCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def feedback_assign(*, actor: User, case: FeedbackCase, assignee: User) -> FeedbackCase:
    """Give the report to `assignee`: someone who handles reports and may see this one."""
    locked = _lock(actor, case)
    if not (assignee.is_active and assignee.has_perm("feedback.change_feedbackcase")):
        raise ValidationFailed({"assignee": [_("This person cannot handle reports.")]})
    if not feedback_visible_to(assignee).filter(pk=case.pk).exists():
        raise ValidationFailed({"assignee": [_("This person cannot see this report.")]})
    locked.assigned_to = assignee
    if locked.status == FeedbackStatus.RECEIVED:
        locked.status = FeedbackStatus.IN_PROGRESS
    locked.save(update_fields=["assigned_to", "status"])
    return locked


@transaction.atomic
def feedback_respond(*, actor: User, case: FeedbackCase, resolution: str) -> FeedbackCase:
    locked = _lock(actor, case)
    if locked.status not in OPEN_STATUSES:
        raise InvalidTransition(_("This report has been answered already."))
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed({"resolution": [_("Write the answer given to the person.")]})
    locked.resolution = resolution[:2000]
    locked.responded_on = timezone.localdate()
    locked.status = FeedbackStatus.RESPONDED
    locked.save(update_fields=["resolution", "responded_on", "status"])
    return locked


@transaction.atomic
def feedback_close(*, actor: User, case: FeedbackCase) -> FeedbackCase:
    locked = _lock(actor, case)
    if locked.status != FeedbackStatus.RESPONDED:
        raise InvalidTransition(_("Answer the report before closing it."))
    locked.status = FeedbackStatus.CLOSED
    locked.save(update_fields=["status"])
    return locked

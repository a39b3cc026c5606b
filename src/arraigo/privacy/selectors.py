"""Reads: erasure requests in the user's scope, and what the retention rules find due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.attachments.models import Attachment
from arraigo.casefile.models import CaseNote
from arraigo.feedback.models import FeedbackCase
from arraigo.jobs.models import Placement
from arraigo.monitoring.models import FollowUpAnswer
from arraigo.referrals.models import Referral
from arraigo.registry.models import Household, IdentityDocument, Person, StatusChange
from arraigo.registry.selectors import households_visible_to

from .models import ErasureRecord, ErasureRequest, Target
from .retention_rules import RetentionRule

VIEW = "privacy.view_erasurerequest"


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    target: str = ""
    code: str = ""


def erasure_requests_for(
    user: User, filters: RequestFilters | None = None
) -> QuerySet[ErasureRequest]:
    """The requests on households `user` may see, if the role reads requests at all."""
    if not user.has_perm(VIEW):
        return ErasureRequest.objects.none()
    filters = filters or RequestFilters()
    qs = ErasureRequest.objects.filter(household__in=households_visible_to(user))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.target:
        qs = qs.filter(target=filters.target)
    if filters.code:
        qs = qs.filter(household__code__icontains=filters.code)
    return qs.select_related("household", "requested_by", "decided_by", "record").order_by(
        "-requested_at", "-id"
    )


def erasure_request_get_for(user: User, pk: int) -> ErasureRequest:
    """One request in the user's scope, or 404."""
    found = erasure_requests_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such erasure request.")
    return found


def household_erasure_state(
    household: Household,
) -> tuple[ErasureRequest | None, ErasureRecord | None]:
    """The request waiting on `household`, and its household erasure if it was erased.

    One query for a household with people: a household always has a head's name until it is
    erased (the erasure blanks it), so only a nameless one is looked up among the erasures."""
    waiting = (
        ErasureRequest.objects.filter(household=household, status="requested")
        .select_related("requested_by")
        .first()
    )
    if household.head_name:
        return waiting, None
    record = ErasureRecord.objects.filter(household=household, target=Target.HOUSEHOLD).first()
    return waiting, record


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _reached() -> Coalesce:
    """When the household reached its current status: its last change to it, else its
    registration."""
    changes = StatusChange.objects.filter(
        household=OuterRef("pk"), to_status=OuterRef("status")
    ).order_by("-changed_at", "-id")
    return Coalesce(
        Subquery(changes.values("changed_at")[:1]),
        "registered_at",
        output_field=DateTimeField(),
    )


def households_due(rule: RetentionRule, today: dt.date) -> QuerySet[Household]:
    """Households `rule` erases as of `today` that are not erased yet, oldest first."""
    cutoff = years_before(today, rule.after_years)
    erased = ErasureRecord.objects.filter(household=OuterRef("pk"), target=Target.HOUSEHOLD)
    return (
        Household.objects.filter(status__in=rule.statuses)
        .annotate(reached=_reached())
        .filter(reached__date__lte=cutoff)
        .exclude(Exists(erased))
        .order_by("reached", "pk")
    )


def feedback_due(rule: RetentionRule, today: dt.date) -> QuerySet[FeedbackCase]:
    cutoff = years_before(today, rule.after_years)
    return FeedbackCase.objects.filter(
        status__in=rule.statuses, received_at__date__lte=cutoff
    ).order_by("received_at", "pk")


@dataclass(frozen=True)
class PreviewLine:
    label: str
    count: int


def erasure_preview(request: ErasureRequest) -> list[PreviewLine]:
    """What approving `request` would remove, counted (shown before the approval)."""
    household = request.household
    if request.target == Target.PERSON:
        person = request.person
        if person is None:
            return []
        return [
            PreviewLine(_("people"), 1),
            PreviewLine(
                _("identity documents"), IdentityDocument.objects.filter(person=person).count()
            ),
            PreviewLine(
                _("case notes about the member"), CaseNote.objects.filter(person=person).count()
            ),
            PreviewLine(_("referrals"), Referral.objects.filter(person=person).count()),
            PreviewLine(_("placements"), Placement.objects.filter(person=person).count()),
            PreviewLine(
                _("follow-up answers"), FollowUpAnswer.objects.filter(person=person).count()
            ),
        ]
    return [
        PreviewLine(_("people"), Person.objects.filter(household=household).count()),
        PreviewLine(
            _("identity documents"),
            IdentityDocument.objects.filter(person__household=household).count(),
        ),
        PreviewLine(_("files"), Attachment.objects.filter(household=household).count()),
        PreviewLine(_("case notes"), CaseNote.objects.filter(household=household).count()),
        PreviewLine(_("feedback cases"), FeedbackCase.objects.filter(household=household).count()),
        PreviewLine(_("referrals"), Referral.objects.filter(household=household).count()),
        PreviewLine(_("placements"), Placement.objects.filter(household=household).count()),
        PreviewLine(
            _("follow-up answers"), FollowUpAnswer.objects.filter(household=household).count()
        ),
    ]

"""Reads on feedback, scoped: SEA reports only for the restricted tier; caseworkers see the
feedback of their households and of their city or office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from arraigo.accounts.models import Role, User
from arraigo.registry.selectors import households_visible_to

from .models import OPEN_STATUSES, Category, FeedbackCase, FeedbackStatus


def feedback_visible_to(user: User) -> QuerySet[FeedbackCase]:
    qs = FeedbackCase.objects.all()
    if not user.is_authenticated or not user.has_perm("feedback.view_feedbackcase"):
        return qs.none()
    if not user.has_perm("feedback.view_sea"):
        qs = qs.exclude(category=Category.SEA)
    if user.role in (Role.COORDINATOR, Role.AUDITOR):
        return qs
    mine = Q(household__in=households_visible_to(user))
    if user.role == Role.HOST_CASEWORKER and user.city_id is not None:
        return qs.filter(mine | Q(household__isnull=True, city_id=user.city_id))
    if user.role == Role.ORIGIN_CASEWORKER and user.office_id is not None:
        return qs.filter(mine | Q(household__isnull=True, office_id=user.office_id))
    return qs.none()


def feedback_list(
    user: User,
    *,
    q: str = "",
    category: str = "",
    status: str = "",
    channel: str = "",
    overdue: bool = False,
    today: dt.date,
) -> QuerySet[FeedbackCase]:
    qs = feedback_visible_to(user).select_related("household", "assigned_to", "city")
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(household__code__icontains=q))
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    return qs.order_by("-received_at", "-id")


def feedback_get_for(user: User, pk: int) -> FeedbackCase:
    return get_object_or_404(
        feedback_visible_to(user).select_related(
            "household", "assigned_to", "city", "office", "created_by"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class FeedbackSummary:
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    answered: int
    answered_in_time: int
    overdue: int


def feedback_summary(qs: QuerySet[FeedbackCase], today: dt.date) -> FeedbackSummary:
    """Counts over `qs` (already scoped): by category and status, and answers in time."""
    categories = dict(qs.order_by().values_list("category").annotate(n=Count("id")))
    statuses = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    answered = qs.filter(responded_on__isnull=False)
    return FeedbackSummary(
        by_category=[(str(label), categories.get(v, 0)) for v, label in Category.choices],
        by_status=[(str(label), statuses.get(v, 0)) for v, label in FeedbackStatus.choices],
        answered=answered.count(),
        answered_in_time=answered.filter(responded_on__lte=F("due_on")).count(),
        overdue=qs.filter(status__in=OPEN_STATUSES, due_on__lt=today).count(),
    )

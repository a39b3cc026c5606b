"""Reads on feedback, scoped: SEA reports only for the restricted tier; caseworkers see the
feedback of their households and of their city or office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from arraigo.accounts import scope
from arraigo.accounts.models import User

from .models import Category, FeedbackCase, FeedbackStatus, feedback_overdue


def _with_overdue(qs: QuerySet[FeedbackCase], today: dt.date) -> QuerySet[FeedbackCase]:
    """Each report with `is_overdue` (models.feedback_overdue) worked out by the database."""
    return qs.annotate(
        is_overdue=ExpressionWrapper(feedback_overdue(today), output_field=BooleanField())
    )


def feedback_visible_to(user: User) -> QuerySet[FeedbackCase]:
    qs = FeedbackCase.objects.all()
    if not user.is_authenticated or not user.has_perm("feedback.view_feedbackcase"):
        return qs.none()
    if not user.has_perm("feedback.view_sea"):
        qs = qs.exclude(category=Category.SEA)
    cases = scope.Kind.HOUSEHOLDS
    if scope.reaches_all(user, cases):
        return qs
    # A report about a household follows the household; one without, its own city or office.
    about = scope.scope_q(
        user, cases, office="household__origin_office", city="household__host_city"
    )
    other = scope.scope_q(user, cases, office="office", city="city")
    return qs.filter(Q(household__isnull=False) & about | Q(household__isnull=True) & other)


def _holding(perm: str) -> Q:
    """Users holding `perm`, through their role's group, their own permissions or superuser."""
    app_label, codename = perm.split(".")
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
        )
        | Q(
            user_permissions__content_type__app_label=app_label,
            user_permissions__codename=codename,
        )
    )


def feedback_assignees(case: FeedbackCase) -> QuerySet[User]:
    """The staff a report may be assigned to: active users who may handle reports and see this
    one (its tier and its scope, as in feedback_visible_to), by name.

    Coordinators anywhere; caseworkers of its household's host city or origin office, or
    without a household, of the report's own city or office. SEA reports: the focal point only.
    """
    perms = ["feedback.view_feedbackcase", "feedback.change_feedbackcase"]
    if case.category == Category.SEA:
        perms.append("feedback.view_sea")
    city_id = case.household.host_city_id if case.household else case.city_id
    office_id = case.household.origin_office_id if case.household else case.office_id
    reaching = scope.users_reaching(scope.Kind.HOUSEHOLDS, office=office_id, city=city_id)
    qs = User.objects.filter(reaching, is_active=True)
    for perm in perms:
        qs = qs.filter(pk__in=User.objects.filter(_holding(perm)).values("pk"))
    return qs.order_by("first_name", "last_name", "username")


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
    qs = _with_overdue(
        feedback_visible_to(user).select_related("household", "assigned_to", "city"), today
    )
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(household__code__icontains=q))
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if overdue:
        qs = qs.filter(feedback_overdue(today))
    return qs.order_by("-received_at", "-id")


def feedback_get_for(user: User, pk: int, *, today: dt.date) -> FeedbackCase:
    """One report `user` may see (else 404), with `is_overdue` on `today`."""
    return get_object_or_404(
        _with_overdue(
            feedback_visible_to(user).select_related(
                "household", "assigned_to", "city", "office", "created_by"
            ),
            today,
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
        overdue=qs.filter(feedback_overdue(today)).count(),
    )

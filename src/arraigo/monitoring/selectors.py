"""Counts over the whole programme for the aggregate pages: never a name, never a row.

Whoever holds `monitoring.view_aggregates` reads them. The restricted tiers stay out of every
count, as they do everywhere for readers outside them: reports of sexual exploitation and abuse
(feedback) and referrals to shelters for survivors of violence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.feedback.models import Category, Channel, FeedbackCase
from arraigo.feedback.selectors import feedback_summary
from arraigo.jobs.models import ContractType, Placement, Sector, SeparationReason
from arraigo.places.models import ServiceCategory
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.selectors import PROTECTED_CATEGORIES
from arraigo.registry.protection import protection_label, protection_statuses

VIEW_PERM = "monitoring.view_aggregates"
EXPORT_PERM = "monitoring.export_pseudonymised"

Rows = list[tuple[str, int]]


def require_aggregates(user: User, perm: str = VIEW_PERM) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@dataclass(frozen=True)
class Figures:
    """One aggregate page: headline numbers and counts by one dimension each."""

    title: str
    intro: str
    stats: list[tuple[str, int]]
    tables: list[tuple[str, Rows]]  # (title, [(label, count)])


def _counts(qs: QuerySet, field: str, choices: Iterable[tuple[str, object]]) -> Rows:
    found = dict(qs.order_by().values_list(field).annotate(n=Count("id")))
    return [(str(label), found.get(value, 0)) for value, label in choices]


def _by_name(qs: QuerySet, field: str) -> Rows:
    rows = qs.order_by().values_list(field).annotate(n=Count("id")).order_by(field)
    return [(str(name or "—"), n) for name, n in rows]


def _by_protection(qs: QuerySet, field: str) -> Rows:
    """Counts by a person's recorded protection status, in the programme's order, then any
    status no longer listed, then "Not recorded" (registry.protection)."""
    found = dict(qs.order_by().values_list(field).annotate(n=Count("id")))
    rows = [(status.label, found.pop(status.code, 0)) for status in protection_statuses()]
    unrecorded = found.pop("", 0) + found.pop(None, 0)
    rows += [(protection_label(code), n) for code, n in sorted(found.items())]
    return [*rows, (protection_label(""), unrecorded)]


def _months(qs: QuerySet, field: str, today: dt.date, count: int = 12) -> Rows:
    first = (today.replace(day=1) - dt.timedelta(days=31 * (count - 1))).replace(day=1)
    seen: dict[str, int] = {}
    for day in qs.filter(**{f"{field}__gte": first}).values_list(field, flat=True):
        key = day.strftime("%Y-%m")
        seen[key] = seen.get(key, 0) + 1
    months, cursor = [], first
    while cursor <= today:
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return [(month, seen.get(month, 0)) for month in months]


def placement_figures(today: dt.date) -> Figures:
    qs = Placement.objects.all()
    separated = qs.filter(separated_on__isnull=False)
    return Figures(
        title=_("Placements in figures"),
        intro=_("Every placement of the programme, counted: no names and no cases."),
        stats=[
            (_("placements"), qs.count()),
            (_("in work"), qs.filter(separated_on__isnull=True, started_on__isnull=False).count()),
            (_("not started"), qs.filter(started_on__isnull=True).count()),
            (_("separated"), separated.count()),
        ],
        tables=[
            (_("Hires by month"), _months(qs, "hired_on", today)),
            (_("Placements by sector"), _counts(qs, "employer__sector", Sector.choices)),
            (_("Placements by host city"), _by_name(qs, "household__host_city__name")),
            (
                _("Placements by the worker's protection status"),
                _by_protection(qs, "person__protection_status"),
            ),
            (_("Placements by contract type"), _counts(qs, "contract_type", ContractType.choices)),
            (
                _("Separations by reason"),
                _counts(separated, "separation_reason", SeparationReason.choices),
            ),
        ],
    )


def referrals_counted() -> QuerySet[Referral]:
    return Referral.objects.exclude(service__category__in=PROTECTED_CATEGORIES)


def referral_figures(today: dt.date) -> Figures:
    qs = referrals_counted()
    categories = [
        (v, label) for v, label in ServiceCategory.choices if v not in PROTECTED_CATEGORIES
    ]
    return Figures(
        title=_("Referrals in figures"),
        intro=_("Referrals to services, counted: no names, no cases and no purposes."),
        stats=[
            (_("referrals"), qs.count()),
            (_("completed"), qs.filter(status=ReferralStatus.COMPLETED).count()),
            (_("declined"), qs.filter(status=ReferralStatus.DECLINED).count()),
        ],
        tables=[
            (_("Referrals by status"), _counts(qs, "status", ReferralStatus.choices)),
            (_("Referrals by kind of service"), _counts(qs, "service__category", categories)),
            (_("Referrals by host city"), _by_name(qs, "household__host_city__name")),
            (
                _("Referrals of a member, by their protection status"),
                _by_protection(qs.filter(person__isnull=False), "person__protection_status"),
            ),
            (_("Referrals sent by month"), _months(qs, "sent_at__date", today)),
        ],
    )


def feedback_counted() -> QuerySet[FeedbackCase]:
    return FeedbackCase.objects.exclude(category=Category.SEA)


def feedback_figures(today: dt.date) -> Figures:
    qs = feedback_counted()
    summary = feedback_summary(qs, today)
    sea = str(Category.SEA.label)
    return Figures(
        title=_("Feedback in figures"),
        intro=_("Feedback and complaints, counted: no names, no cases and no descriptions."),
        stats=[
            (_("reports"), qs.count()),
            (_("answered"), summary.answered),
            (_("answered in time"), summary.answered_in_time),
            (_("overdue"), summary.overdue),
        ],
        tables=[
            (_("Reports by category"), [row for row in summary.by_category if row[0] != sea]),
            (_("Reports by status"), summary.by_status),
            (_("Reports by channel"), _counts(qs, "channel", Channel.choices)),
            (_("Reports by month"), _months(qs, "received_at__date", today)),
        ],
    )

"""When each follow-up survey falls due, and which are due for whom.

A follow-up round (month1, month6, month12) falls due by the household's start: the first day of
its first integration plan (arrival in the host city, or the start of support where it lives),
in the window of days of monitoring.yaml (`monitoring_rules().rounds`): from start + first day to
start + last day, both included. Before the window a round is upcoming, inside it due, after it
overdue (an optional round, `required: false`, is then missed instead: nobody chases it).

The baseline has no window: it is taken at profiling, before the household travels or its
support starts. It is due for households profiled and not started yet (profiled, proposed, offer
accepted or declined, trip booked, travelled); once the plan starts, a baseline never taken is
missed (a late one can still be entered, but is not asked for). Before profiling it is upcoming.

A round is done when the household has an `Interview` or any `FollowUpAnswer` in it (a file
import brings answers without an interview). Households that said no to follow-up surveys
(consent purpose "surveys"), and closed households, are not asked: their rounds not done are
missed. The work list (`surveys_due`) therefore only holds households still followed.

`due_status` is the rule for one household (the household page: due_household.py);
`surveys_due` and `surveys_due_counts` write the same rule as database conditions on the start,
so a list of 100,000 households is filtered and counted by the database (tests pin both at the
window edges).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.utils.translation import pgettext_lazy

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.casework.models import IntegrationPlan
from arraigo.registry.consent import consent_annotate
from arraigo.registry.models import ConsentPurpose, Household, HouseholdStatus

from .models import FollowUpAnswer, Interview, Round
from .programme import RoundRule, monitoring_rules

VIEW_PERM = "monitoring.view_interview"

S = HouseholdStatus
# Profiled and not started: the baseline is due.
BASELINE_STATUSES = (
    S.PROFILED,
    S.PROPOSED,
    S.OFFER_ACCEPTED,
    S.OFFER_DECLINED,
    S.TRIP_BOOKED,
    S.TRAVELLED,
)
# Accompanied where they live: the follow-ups are due by the start.
FOLLOWED_STATUSES = (S.ARRIVED, S.INTEGRATING, S.FOLLOWED_UP)
NOT_ASKED_STATUSES = (S.CLOSED, S.NOT_ELIGIBLE)


class DueStatus(TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("survey", "Upcoming")
    DUE = "due", pgettext_lazy("survey", "Due")
    OVERDUE = "overdue", pgettext_lazy("survey", "Overdue")
    DONE = "done", pgettext_lazy("survey", "Done")
    MISSED = "missed", pgettext_lazy("survey", "Not taken")


@dataclass(frozen=True)
class Window:
    opens: dt.date | None
    closes: dt.date | None  # None: open-ended (the baseline: until the start)


def round_window(rule: RoundRule, start: dt.date | None) -> Window:
    """The days a follow-up round is due (both included); the baseline's has no dates."""
    if rule.window is None or start is None:
        return Window(None, None)
    first, last = rule.window
    return Window(start + dt.timedelta(days=first), start + dt.timedelta(days=last))


def due_status(
    rule: RoundRule,
    *,
    household_status: str,
    start: dt.date | None,
    today: dt.date,
    done: bool,
    declined: bool = False,
) -> DueStatus:
    """Where one household stands in one round (see the module's docstring)."""
    if done:
        return DueStatus.DONE
    if declined or household_status in NOT_ASKED_STATUSES:
        return DueStatus.MISSED
    if rule.window is None:
        if start is not None or household_status in FOLLOWED_STATUSES:
            return DueStatus.MISSED
        return DueStatus.DUE if household_status in BASELINE_STATUSES else DueStatus.UPCOMING
    window = round_window(rule, start)
    if window.opens is None or window.closes is None or today < window.opens:
        return DueStatus.UPCOMING
    if today <= window.closes:
        return DueStatus.DUE
    return DueStatus.OVERDUE if rule.required else DueStatus.MISSED


# --- the households a user follows up ---------------------------------------------------------


def first_start() -> Subquery:
    """A household's start (for a query on households): its first integration plan's first
    day, or None before one."""
    plans = IntegrationPlan.objects.filter(household=OuterRef("pk")).order_by("started_on", "id")
    return Subquery(plans.values("started_on")[:1])


# Households with the annotations of surveys_due_visible_to (the type checker's plugin does not
# follow annotations through a function's return).
Annotated = QuerySet[Any]


def surveys_due_visible_to(user: User) -> QuerySet[Household]:
    """The households whose surveys `user` follows: those of their host city for a host-city
    caseworker, all for the coordinator (and, read-only, the auditor); none without
    `monitoring.view_interview`. Each has `survey_start`, the first plan's start (or None).
    Households that declined the surveys or are closed are left out (nobody asks them)."""
    qs = scope.scope_filter(Household.objects.all(), user, scope.Kind.HOUSEHOLDS, city="host_city")
    qs = consent_annotate(qs, ConsentPurpose.SURVEYS, household="pk")
    qs = (
        qs.exclude(status__in=NOT_ASKED_STATUSES)
        .filter(Q(consent_given__isnull=True) | Q(consent_given=True))
        .annotate(survey_start=first_start())
    )
    return qs if user.has_perm(VIEW_PERM) else qs.none()


def _done(round_code: str) -> Q:
    interviews = Interview.objects.filter(household=OuterRef("pk"), round=round_code)
    answers = FollowUpAnswer.objects.filter(household=OuterRef("pk"), round=round_code)
    return Q(Exists(interviews)) | Q(Exists(answers))


def _round_rows(base: Annotated, rule: RoundRule, today: dt.date) -> Annotated:
    """`base`'s households for whom `rule`'s round is on the list, with `due` (a DueStatus)
    worked out by the database: due_status written as conditions on the start."""
    done = _done(rule.code)
    if rule.window is None:
        rows = base.filter(status__in=BASELINE_STATUSES, survey_start__isnull=True)
        status: Any = Case(When(done, then=Value(DueStatus.DONE)), default=Value(DueStatus.DUE))
        return rows.annotate(due=status)
    first, last = rule.window
    rows = base.filter(status__in=FOLLOWED_STATUSES, survey_start__isnull=False)
    late = DueStatus.OVERDUE if rule.required else DueStatus.MISSED
    status = Case(
        When(done, then=Value(DueStatus.DONE)),
        When(survey_start__gt=today - dt.timedelta(days=first), then=Value(DueStatus.UPCOMING)),
        When(survey_start__gte=today - dt.timedelta(days=last), then=Value(DueStatus.DUE)),
        default=Value(late),
        output_field=CharField(),
    )
    return rows.annotate(due=status)


@dataclass(frozen=True)
class DueSurvey:
    """One household's round on the work list."""

    household_id: int
    code: str
    round: str
    start: dt.date | None
    window: Window
    status: DueStatus

    @property
    def round_label(self) -> str:
        return str(Round(self.round).label)

    @property
    def status_label(self) -> str:
        return str(self.status.label)


TO_DO = (DueStatus.DUE, DueStatus.OVERDUE)


class DueList:
    """The rows of the work list, round after round, each round's oldest start first: a
    sequence a Paginator pages through (one count per round, one query per round a page
    touches)."""

    def __init__(self, parts: list[tuple[RoundRule, Annotated]]) -> None:
        self.parts = [
            (
                rule,
                qs.order_by("survey_start", "code", "pk").values_list(
                    "pk", "code", "survey_start", "due"
                ),
            )
            for rule, qs in parts
        ]
        self._counts: list[int] | None = None

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts = [qs.count() for _rule, qs in self.parts]
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def _rows(self, start: int, stop: int) -> Iterator[DueSurvey]:
        offset = 0
        for (rule, qs), n in zip(self.parts, self.counts(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, n)
            if low < high:
                for pk, code, begun, due in qs[low:high]:
                    yield DueSurvey(
                        pk, code, rule.code, begun, round_window(rule, begun), DueStatus(due)
                    )
            offset += n

    @overload
    def __getitem__(self, key: int) -> DueSurvey: ...
    @overload
    def __getitem__(self, key: slice) -> list[DueSurvey]: ...
    def __getitem__(self, key: int | slice) -> DueSurvey | list[DueSurvey]:
        if isinstance(key, int):
            return next(iter(self._rows(key, key + 1)))
        start, stop, _step = key.indices(self.count())
        return list(self._rows(start, stop))


def surveys_due(
    user: User,
    today: dt.date,
    *,
    round_code: str = "",
    statuses: tuple[str, ...] = TO_DO,
    code: str = "",
) -> DueList:
    """The work list: each followed household's rounds in `statuses` (every status when
    empty), of one round or all, whose code contains `code`."""
    base: Annotated = surveys_due_visible_to(user)
    if code:
        base = base.filter(code__icontains=code)
    parts = []
    for rule in monitoring_rules().rounds:
        if round_code and rule.code != round_code:
            continue
        rows = _round_rows(base, rule, today)
        parts.append((rule, rows.filter(due__in=statuses) if statuses else rows))
    return DueList(parts)


def surveys_due_counts(user: User, today: dt.date) -> dict[str, int]:
    """How many rounds of the user's households are in each status (one query per round)."""
    counts = dict.fromkeys(DueStatus.values, 0)
    base: Annotated = surveys_due_visible_to(user)
    for rule in monitoring_rules().rounds:
        rows = _round_rows(base, rule, today).order_by().values("due").annotate(n=Count("pk"))
        for row in rows:
            counts[row["due"]] += row["n"]
    return counts

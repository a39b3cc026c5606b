"""The dashboard's "to do" strip: what the user's role must act on, each count linking to the
page where it is done (the count and the page's list are the same query).

Every count is one query on a selector already scoped to the user (the follow-up surveys:
one grouped count per round, shared by their two items), and appears only for the roles
that do that work: a coordinator sees the team's unassigned overdue work and the grants
waiting for a second person's approval as well as their own milestones; a service partner sees
the referrals waiting for its answer. Roles that only read (auditors, M&E) get no strip.

Three counts are the whole team's, not the user's own, and read the whole caseload of a city,
an office or the programme (the overdue work nobody is responsible for, the follow-up surveys
due, the referrals waiting for the service's answer): like the dashboard's figures they are
counted once per scope and kept a few minutes (core/figures.py). The user's own counts, and a
service partner's referrals to answer, are read on every request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.casework.selectors import WorklistFilters, worklist_keys
from arraigo.core.figures import kept
from arraigo.core.pagination import COUNT_CAP, capped_count
from arraigo.feedback.selectors import feedback_list
from arraigo.monitoring.due import DueStatus, surveys_due_counts
from arraigo.referrals.models import ReferralStatus
from arraigo.referrals.selectors import referrals_visible_to
from arraigo.relocation.models import GrantStatus
from arraigo.relocation.selectors import grants_visible_to
from arraigo.relocation.selectors_trips import arrivals_for


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int
    url: str
    urgent: bool  # shown as a warning when there is any

    @property
    def more(self) -> bool:
        """Beyond what the strip counts: shown as "1,000+"."""
        return self.count > COUNT_CAP

    @property
    def shown(self) -> int:
        return min(self.count, COUNT_CAP)


def _capped_count(keys: QuerySet[Any]) -> int:
    """How many, counting at most COUNT_CAP + 1 (core.pagination): a large backlog costs
    what 1,000 do."""
    return capped_count(keys.values("pk"))


# The roles responsible for milestones (casework.selectors.case_team).
CASE_TEAM = (Role.COORDINATOR, Role.HOST_CASEWORKER)
# The roles that send referrals and wait for the service's answer.
REFERRERS = (Role.COORDINATOR, Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER)


def _my_overdue(user: User, today: dt.date) -> TodoItem:
    filters = WorklistFilters(mine=True, when="overdue")
    return TodoItem(
        _("my overdue milestones"),
        _capped_count(worklist_keys(user, filters, today)),
        reverse("casework:work_list") + "?when=overdue&mine=on",
        urgent=True,
    )


def _unassigned_overdue(user: User, today: dt.date, *, recount: bool = False) -> TodoItem:
    filters = WorklistFilters(when="overdue", responsible=0)
    count = kept(
        "todo_unassigned",
        user,
        lambda: _capped_count(worklist_keys(user, filters, today)),
        params=[today],
        recount=recount,
    )
    return TodoItem(
        _("overdue milestones nobody is responsible for"),
        count.value,
        reverse("casework:work_list") + "?when=overdue&responsible=0",
        urgent=True,
    )


def _grants_to_approve(user: User, today: dt.date) -> TodoItem:
    waiting = grants_visible_to(user).filter(status=GrantStatus.PREPARED).exclude(prepared_by=user)
    return TodoItem(
        _("grants waiting for your approval"),
        waiting.count(),
        reverse("relocation:grant_list") + "?awaiting=1",
        urgent=False,
    )


def _referrals_waiting(user: User) -> int:
    """How many referrals sent and not yet answered `user` sees, counting at most COUNT_CAP
    + 1 (in no order: the referrals list's order costs a sort here, and any rows count the
    same)."""
    return _capped_count(referrals_visible_to(user).filter(status=ReferralStatus.SENT).order_by())


def _referrals_item(label: str, count: int, *, urgent: bool) -> TodoItem:
    return TodoItem(
        label,
        count,
        reverse("referrals:referral_list") + f"?status={ReferralStatus.SENT}",
        urgent=urgent,
    )


def _referrals_sent(user: User, today: dt.date, *, recount: bool = False) -> TodoItem:
    """The team's referrals waiting for the service (every referral of the office's or the
    city's households): they join the referrals with the households of the scope, so they are
    kept per scope a few minutes like the dashboard's figures."""
    count = kept("todo_referrals", user, lambda: _referrals_waiting(user), recount=recount)
    return _referrals_item(
        _("referrals waiting for the service's answer"), count.value, urgent=False
    )


def _referrals_to_answer(user: User, today: dt.date) -> TodoItem:
    """A service partner's own referrals to answer, read on every request (the partner's
    referrals by status are an index's range)."""
    return _referrals_item(
        _("referrals waiting for your answer"), _referrals_waiting(user), urgent=True
    )


def _feedback_overdue(user: User, today: dt.date) -> TodoItem:
    return TodoItem(
        _("complaints and questions past their answer date"),
        feedback_list(user, overdue=True, today=today).count(),
        reverse("feedback:feedback_list") + "?overdue=on",
        urgent=True,
    )


def _arrivals(user: User, today: dt.date) -> TodoItem:
    return TodoItem(
        _("arrivals expected"),
        arrivals_for(user, user.city).count(),
        reverse("relocation:arrivals"),
        urgent=False,
    )


def _surveys(user: User, today: dt.date, *, recount: bool = False) -> list[TodoItem]:
    """The user's households whose survey round is overdue, and due now (the "Surveys due"
    list); one count of every status for both."""
    counts = kept(
        "todo_surveys",
        user,
        lambda: surveys_due_counts(user, today),
        params=[today],
        recount=recount,
    ).value
    url = reverse("monitoring:survey_list")
    return [
        TodoItem(
            _("follow-up surveys overdue"),
            counts[DueStatus.OVERDUE],
            f"{url}?status={DueStatus.OVERDUE}",
            urgent=True,
        ),
        TodoItem(
            _("follow-up surveys due"),
            counts[DueStatus.DUE],
            f"{url}?status={DueStatus.DUE}",
            urgent=False,
        ),
    ]


def assigns_work(user: User) -> bool:
    return user.role in CASE_TEAM and user.has_perm("casework.change_milestone")


def enters_surveys(user: User) -> bool:
    return user.role == Role.HOST_CASEWORKER and user.has_perm("monitoring.add_interview")


def sends_referrals(user: User) -> bool:
    return user.role in REFERRERS and user.has_perm("referrals.view_referral")


def referrals_recount(user: User) -> None:
    _referrals_sent(user, timezone.localdate(), recount=True)


def unassigned_recount(user: User) -> None:
    _unassigned_overdue(user, timezone.localdate(), recount=True)


def surveys_recount(user: User) -> None:
    _surveys(user, timezone.localdate(), recount=True)


# Each item: whether it concerns the user (role and permission), and how to count it.
Count = Callable[[User, dt.date], TodoItem | list[TodoItem]]
ITEMS: tuple[tuple[Callable[[User], bool], Count], ...] = (
    (lambda u: u.role in CASE_TEAM and u.has_perm("casework.view_integrationplan"), _my_overdue),
    (assigns_work, _unassigned_overdue),
    (lambda u: u.has_perm("relocation.approve_grant"), _grants_to_approve),
    (sends_referrals, _referrals_sent),
    (
        lambda u: u.role == Role.SERVICE_PARTNER and u.has_perm("referrals.answer_referral"),
        _referrals_to_answer,
    ),
    (
        lambda u: u.role in REFERRERS and u.has_perm("feedback.change_feedbackcase"),
        _feedback_overdue,
    ),
    (
        lambda u: u.role == Role.HOST_CASEWORKER and u.has_perm("relocation.view_relocationplan"),
        _arrivals,
    ),
    # Surveys are entered by the host city's caseworkers (the coordinator reaches the list
    # from the menu: the whole programme's count is not their own work).
    (enters_surveys, _surveys),
)


def todo_for(user: User, today: dt.date) -> list[TodoItem]:
    """The items that concern `user`, in a fixed order (own work first)."""
    items: list[TodoItem] = []
    for concerns, count in ITEMS:
        if concerns(user):
            found = count(user, today)
            items += found if isinstance(found, list) else [found]
    return items

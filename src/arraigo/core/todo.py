"""The dashboard's "to do" strip: a few counts of the user's own pending work, each linking to
the page where it is done. Every count is one query on a selector already scoped to the user,
and appears only for roles that do that work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.casework.selectors import overdue_count
from arraigo.referrals.models import ReferralStatus
from arraigo.referrals.selectors import referrals_visible_to
from arraigo.relocation.selectors_trips import arrivals_for


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int
    url: str
    urgent: bool  # shown as a warning when there is any


def todo_for(user: User, today: dt.date) -> list[TodoItem]:
    items = []
    if user.has_perm("casework.view_integrationplan") and user.role != Role.AUDITOR:
        items.append(
            TodoItem(
                _("my overdue milestones"),
                overdue_count(user, today),
                reverse("casework:work_list") + "?when=overdue&mine=on",
                urgent=True,
            )
        )
    if user.has_perm("referrals.view_referral") and user.role in (
        Role.COORDINATOR,
        Role.HOST_CASEWORKER,
        Role.ORIGIN_CASEWORKER,
    ):
        waiting = referrals_visible_to(user).filter(status=ReferralStatus.SENT).count()
        items.append(
            TodoItem(
                _("referrals waiting for the service's answer"),
                waiting,
                reverse("referrals:referral_list") + f"?status={ReferralStatus.SENT}",
                urgent=False,
            )
        )
    if user.has_perm("relocation.view_relocationplan") and user.role == Role.HOST_CASEWORKER:
        items.append(
            TodoItem(
                _("arrivals expected"),
                arrivals_for(user, user.city).count(),
                reverse("relocation:arrivals"),
                urgent=False,
            )
        )
    return items

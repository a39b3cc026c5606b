"""Who gets which email, and what it says: read through the scoped selectors of the apps that
own the records, so an email names only cases its reader may open.

What each kind concerns follows the dashboard's to-do strip (`home/todo.py`): the digest goes
to the roles responsible for milestones (coordinators and host-city caseworkers; the surveys
part to the host-city caseworkers who enter them); a new referral to its service partner; a
grant to those who may approve it, except whoever prepared it; a transfer to the receiving
side (and the coordinators), except whoever asked for it.

Every line of an email is a case code and a path: no names, documents, milestone titles (a
title can say "specialised-service pathway") or service names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arraigo.accounts.models import Role, User
from arraigo.casefile.models import CaseTransfer, TransferStatus
from arraigo.casefile.selectors import transfers_incoming
from arraigo.casework.selectors import WorklistFilters, worklist
from arraigo.monitoring.due import DueStatus, surveys_due
from arraigo.monitoring.models import Round
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.selectors import referrals_visible_to
from arraigo.relocation.models import Grant, GrantStatus
from arraigo.relocation.selectors import grants_visible_to

from .models import NotificationKind, NotificationPreference, NotificationSent

K = NotificationKind

# An event is news for this long: older referrals, grants and transfers are not emailed.
WINDOW = dt.timedelta(days=7)
# Lines per section of an email; the rest are counted ("and 3 more") and on the linked list.
CAP = 50

# The roles responsible for milestones (casework.selectors.case_team), and those who answer a
# transfer (casefile.services.transfers.receives).
CASE_TEAM = (Role.COORDINATOR, Role.HOST_CASEWORKER)
RECEIVERS = (Role.COORDINATOR, Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER)


def _my_milestones(user: User) -> bool:
    return user.role in CASE_TEAM and user.has_perm("casework.view_integrationplan")


def _unassigned_milestones(user: User) -> bool:
    return user.role in CASE_TEAM and user.has_perm("casework.change_milestone")


def _surveys(user: User) -> bool:
    # The coordinator reaches the surveys from the menu: the whole programme's are not theirs.
    return user.role == Role.HOST_CASEWORKER and user.has_perm("monitoring.add_interview")


# Whether a kind of email concerns the user (role and permission), as the to-do strip decides.
CONCERNS: dict[str, Callable[[User], bool]] = {
    K.DIGEST: lambda u: _my_milestones(u) or _unassigned_milestones(u) or _surveys(u),
    K.REFERRAL: lambda u: (
        u.role == Role.SERVICE_PARTNER and u.has_perm("referrals.answer_referral")
    ),
    K.GRANT: lambda u: bool(u.role) and u.has_perm("relocation.approve_grant"),
    K.TRANSFER: lambda u: u.role in RECEIVERS and u.has_perm("registry.change_household"),
}


def kinds_for(user: User) -> list[NotificationKind]:
    """The kinds of email that concern `user`, in a fixed order (none when inactive)."""
    if not (user.is_authenticated and user.is_active):
        return []
    return [kind for kind in NotificationKind if CONCERNS[kind](user)]


def preference_of(user: User) -> NotificationPreference:
    """The user's choice of emails; unsaved, every kind on, when they never chose."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found if found is not None else NotificationPreference(user=user)


def recipients(kind: str) -> list[User]:
    """Active users with an email address whom `kind` concerns and who did not turn it off."""
    off = NotificationPreference.objects.filter(**{NotificationKind(kind).value: False})
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(role="")
        .exclude(pk__in=off.values("user_id"))
        .order_by("pk")
    )
    return [user for user in users if CONCERNS[kind](user)]


def sent_keys(user: User, kind: str, keys: Iterable[str]) -> set[str]:
    """Which of `keys` (of `kind`) were already emailed to `user`."""
    return set(
        NotificationSent.objects.filter(user=user, kind=kind, key__in=list(keys)).values_list(
            "key", flat=True
        )
    )


def digest_sent_to(day: dt.date) -> set[int]:
    """The users who had the digest of `day` already."""
    return set(
        NotificationSent.objects.filter(kind=K.DIGEST, key=day.isoformat()).values_list(
            "user_id", flat=True
        )
    )


@dataclass(frozen=True)
class Line:
    """One line of an email: a case code, what about it (optional), and the page."""

    key: str  # what the sent-log records for an event (the object's id)
    code: str
    path: str | None  # None: the section's list is the page (transfers have no page each)
    detail: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    count: int  # everything in the section, beyond the lines shown too
    lines: list[Line]
    more: int  # lines left out past CAP
    list_path: str  # the page that lists all of them


# --- events -----------------------------------------------------------------------------------


def anything_new(kind: str, since: dt.datetime) -> bool:
    """Whether any record of `kind` started waiting since `since`, whoever sees it (one query,
    so that a run with nothing new asks nothing per user)."""
    if kind == K.REFERRAL:
        return Referral.objects.filter(status=ReferralStatus.SENT, sent_at__gte=since).exists()
    if kind == K.GRANT:
        return Grant.objects.filter(status=GrantStatus.PREPARED, prepared_at__gte=since).exists()
    return CaseTransfer.objects.filter(
        status=TransferStatus.REQUESTED, requested_at__gte=since
    ).exists()


# What the email of each event kind is called (the to-do strip's words) and where they wait.
EVENT_HEADINGS: dict[str, Promise] = {
    K.REFERRAL: gettext_lazy("referrals waiting for your answer"),
    K.GRANT: gettext_lazy("grants waiting for your approval"),
    K.TRANSFER: gettext_lazy("transfers waiting for your answer"),
}


def _event_list_path(kind: str) -> str:
    if kind == K.REFERRAL:
        return reverse("referrals:referral_list") + f"?status={ReferralStatus.SENT}"
    if kind == K.GRANT:
        return reverse("relocation:grant_list") + "?awaiting=1"
    return reverse("casefile:transfer_list")


def _event_rows(user: User, kind: str, since: dt.datetime) -> list[tuple[int, str]]:
    """(id, household code) of each record of `kind` that started waiting for `user` since
    `since`, oldest first: the lists' own notion of waiting, in the user's scope."""
    if kind == K.REFERRAL:
        referrals = referrals_visible_to(user).filter(
            status=ReferralStatus.SENT, sent_at__gte=since
        )
        return list(referrals.order_by("sent_at", "pk").values_list("pk", "household__code"))
    if kind == K.GRANT:
        # Maker-checker: who prepared a grant does not approve it (the grants list's "awaiting").
        grants = (
            grants_visible_to(user)
            .filter(status=GrantStatus.PREPARED, prepared_at__gte=since)
            .exclude(prepared_by=user)
        )
        return list(grants.order_by("prepared_at", "pk").values_list("pk", "household__code"))
    transfers = transfers_incoming(user).filter(requested_at__gte=since).exclude(requested_by=user)
    return list(transfers.order_by("requested_at", "pk").values_list("pk", "household__code"))


# The page of each record, where there is one (a transfer is answered on the list).
EVENT_PAGES: dict[str, str] = {
    K.REFERRAL: "referrals:referral_detail",
    K.GRANT: "relocation:grant_detail",
}


def _event_lines(user: User, kind: str, since: dt.datetime) -> list[Line]:
    page = EVENT_PAGES.get(kind)
    return [
        Line(str(pk), code, reverse(page, args=[pk]) if page else None)
        for pk, code in _event_rows(user, kind, since)
    ]


def events_waiting(user: User, kind: str, since: dt.datetime) -> Section | None:
    """The referrals, grants or transfers (`kind`) that started waiting for `user` since
    `since` and were not emailed to them yet, oldest first; None when there are none."""
    lines = _event_lines(user, kind, since)
    done = sent_keys(user, kind, (line.key for line in lines))
    fresh = [line for line in lines if line.key not in done]
    if not fresh:
        return None
    return Section(
        heading=str(EVENT_HEADINGS[kind]),
        count=len(fresh),
        lines=fresh,  # every one: each is recorded as sent
        more=0,
        list_path=_event_list_path(kind),
    )


# --- the daily digest -------------------------------------------------------------------------


def _milestones(user: User, filters: WorklistFilters, today: dt.date, heading: str) -> Section:
    """Overdue milestones of the work list (`filters`), one line per case with how many."""
    milestones = worklist(user, filters, today)
    count = milestones.count()
    cases = (
        milestones.order_by()
        .values("plan_id", "plan__household__code")
        .annotate(n=Count("pk"), first_due=Min("due_on"))
        .order_by("first_due", "plan__household__code")
    )
    shown = list(cases[:CAP]) if count else []
    more = milestones.order_by().values("plan_id").distinct().count() - len(shown) if count else 0
    query = "mine=on" if filters.mine else "responsible=0"
    return Section(
        heading=heading,
        count=count,
        lines=[
            Line(
                str(row["plan_id"]),
                row["plan__household__code"],
                reverse("casework:plan_detail", args=[row["plan_id"]]),
                ngettext("%(n)d milestone", "%(n)d milestones", row["n"]) % {"n": row["n"]},
            )
            for row in shown
        ],
        more=more,
        list_path=reverse("casework:work_list") + f"?when=overdue&{query}",
    )


def _survey_rounds(user: User, status: DueStatus, today: dt.date, heading: str) -> Section:
    """The household rounds in `status` of the "Surveys due" list, one line each."""
    rows = surveys_due(user, today, statuses=(status,))
    count = rows.count()
    shown = rows[:CAP] if count else []
    return Section(
        heading=heading,
        count=count,
        lines=[
            Line(
                f"{row.household_id}/{row.round}",
                row.code,
                reverse("monitoring:survey_entry", args=[row.household_id, row.round]),
                str(Round(row.round).label),
            )
            for row in shown
        ],
        more=count - len(shown),
        list_path=reverse("monitoring:survey_list") + f"?status={status}",
    )


def digest_for(user: User, today: dt.date) -> list[Section]:
    """What `user` has to do on `today`, as the dashboard's to-do strip counts it: their
    overdue milestones, those nobody is responsible for, and (host-city caseworkers) the
    follow-up surveys overdue and due. Only the sections with something in them; texts in
    the active language."""
    sections: list[Section] = []
    if _my_milestones(user):
        mine = WorklistFilters(mine=True, when="overdue")
        sections.append(_milestones(user, mine, today, _("my overdue milestones")))
    if _unassigned_milestones(user):
        nobody = WorklistFilters(when="overdue", responsible=0)
        sections.append(
            _milestones(user, nobody, today, _("overdue milestones nobody is responsible for"))
        )
    if _surveys(user):
        sections.append(
            _survey_rounds(user, DueStatus.OVERDUE, today, _("follow-up surveys overdue"))
        )
        sections.append(_survey_rounds(user, DueStatus.DUE, today, _("follow-up surveys due")))
    return [section for section in sections if section.count]

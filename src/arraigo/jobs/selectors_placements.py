"""Reads on placements, scoped: staff by role and city, a company's HR user its own company."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from arraigo.accounts import scope
from arraigo.accounts.models import Role, User
from arraigo.core.figures import Kept, kept
from arraigo.registry.consent import consent_annotate, consent_filter
from arraigo.registry.models import ConsentPurpose, HouseholdStatus, Person
from arraigo.registry.selectors import households_visible_to

from .employment_rules import employment_rules
from .models import Placement, Sector, Vacancy
from .reservations import reservation_holders
from .turnover import MonthTurnover, Retention, Spell, months_back, retention, turnover_by_group

# Households that live in their host city: the only ones whose members are hired.
IN_CITY = (HouseholdStatus.ARRIVED, HouseholdStatus.INTEGRATING, HouseholdStatus.FOLLOWED_UP)


def placements_visible_to(user: User) -> QuerySet[Placement]:
    """Coordinator, liaison and auditor: all; host caseworker: households of their city;
    a company's HR user: their company's placements; everyone else: none."""
    qs = Placement.objects.all()
    if not user.is_authenticated or not user.has_perm("jobs.view_placement"):
        return qs.none()
    return scope.scope_filter(
        qs,
        user,
        scope.Kind.PLACEMENTS,
        office="household__origin_office",
        city="household__host_city",
        employer="employer",
    )


def _with_consent(qs: QuerySet[Placement], user: User) -> QuerySet[Placement]:
    """Company HR is an exit: a row's `consent_given` says whether it may read the worker."""
    hr = scope.anchor(user) is scope.Anchor.EMPLOYER
    return consent_annotate(qs, ConsentPurpose.EMPLOYERS, applies=hr)


def placements_counted_for(user: User) -> QuerySet[Placement]:
    """The placements `user`'s figures count: those they may see, or for a reader of the
    programme's aggregates (monitoring) all of them, counted only, never listed."""
    if user.has_perm("jobs.view_placement"):
        return placements_visible_to(user)
    if user.has_perm("monitoring.view_aggregates"):
        return Placement.objects.all()
    return Placement.objects.none()


def placements_list(
    user: User,
    *,
    q: str = "",
    status: str = "",
    employer: int | None = None,
    sector: str = "",
    city: int | None = None,
) -> QuerySet[Placement]:
    qs = placements_visible_to(user).select_related(
        "person", "household", "employer", "vacancy", "household__host_city"
    )
    if q:
        qs = qs.filter(Q(household__code__icontains=q) | Q(employer__name__icontains=q))
    if status == "open":
        qs = qs.filter(separated_on__isnull=True)
    elif status == "not_started":
        qs = qs.filter(started_on__isnull=True)
    elif status == "separated":
        qs = qs.filter(separated_on__isnull=False)
    if employer:
        qs = qs.filter(employer_id=employer)
    if sector:
        qs = qs.filter(employer__sector=sector)
    if city:
        qs = qs.filter(household__host_city_id=city)
    return _with_consent(qs, user).order_by("-hired_on", "-id")


def placement_get_for(user: User, pk: int) -> Placement:
    return get_object_or_404(
        _with_consent(placements_visible_to(user), user).select_related(
            "person", "household", "employer", "vacancy", "created_by"
        ),
        pk=pk,
    )


def household_placements(user: User, household_id: int) -> list[Placement]:
    return list(
        placements_visible_to(user)
        .filter(household_id=household_id)
        .select_related("person", "employer", "vacancy")
        .order_by("-hired_on", "-id")
    )


# The turnover table by employer shows the companies with the most placements.
EMPLOYERS_SHOWN = 20


@dataclass(frozen=True)
class TurnoverReport:
    months: list[str]
    overall: list[MonthTurnover]
    by_sector: dict[str, list[MonthTurnover]]
    by_employer: dict[str, list[MonthTurnover]]  # the EMPLOYERS_SHOWN largest -> months
    retention: list[Retention]


TURNOVER_MONTHS = 12  # the page's chart and tables


def turnover_page(user: User, *, recount: bool = False) -> Kept[TurnoverReport]:
    """The turnover page's report: the last 12 full months and retention at the programme's
    marks, today, over the placements `user` may see, and when it was counted. Every
    placement in scope is read, so the report is kept per scope for a few minutes
    (core/figures.py)."""
    today = timezone.localdate()
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")  # last full month
    marks = employment_rules().retention_months
    return kept(
        "turnover",
        user,
        lambda: turnover_report(
            user, last_month=last, count=TURNOVER_MONTHS, today=today, marks=marks
        ),
        params=[last, TURNOVER_MONTHS, today, marks],
        worded=True,
        recount=recount,
    )


def turnover_recount(user: User) -> None:
    turnover_page(user, recount=True)


def turnover_report(
    user: User, *, last_month: str, count: int, today: dt.date, marks: tuple[int, ...] = (1, 3, 6)
) -> TurnoverReport:
    """Turnover of the `count` months ending with `last_month`, and retention at `marks`
    months on `today`, over the placements `user` may see that have started."""
    rows = list(
        placements_counted_for(user)
        .filter(started_on__isnull=False, started_on__lte=today)
        .values_list("employer__name", "employer__sector", "started_on", "separated_on")
    )
    months = months_back(last_month, count)
    sectors = dict(Sector.choices)
    by_sector: list[Spell] = []
    by_employer: list[Spell] = []
    for name, sector, start, end in rows:
        assert start is not None  # filtered above
        by_sector.append(Spell(str(sectors.get(sector, sector)), start, end))
        by_employer.append(Spell(name, start, end))
    overall, sector_months = turnover_by_group(by_sector, months)
    largest = Counter(spell.group for spell in by_employer).most_common(EMPLOYERS_SHOWN)
    shown = {name for name, _count in largest}
    _overall, employer_months = turnover_by_group(
        [spell for spell in by_employer if spell.group in shown], months
    )
    return TurnoverReport(
        months=months,
        overall=overall,
        by_sector=dict(sorted(sector_months.items())),
        by_employer=dict(sorted(employer_months.items())),
        retention=[retention(by_employer, n, today) for n in marks],
    )


def hire_candidates(user: User, *, household_id: int | None = None) -> QuerySet[Person]:
    """Adults `user` may record a hire for, living in their host city, not in work now.

    Staff: members of the households they may see (of one household when given). A company's
    HR user: only the people whose accepted offer names one of the company's vacancies and
    whose household consents to share its details with employers (the hire page says so).
    """
    in_work = Placement.objects.filter(separated_on__isnull=True).values("person_id")
    qs = Person.objects.filter(household__status__in=IN_CITY, willing_to_work=True).exclude(
        pk__in=in_work
    )
    if not user.has_perm("jobs.add_placement"):
        return qs.none()
    if scope.confined(user, scope.Kind.EMPLOYERS):
        offered = reservation_holders(
            Vacancy.objects.filter(employer_id=scope.own_id(user, scope.Kind.EMPLOYERS) or 0)
        ).values("pk")
        qs = consent_filter(qs.filter(pk__in=offered), ConsentPurpose.EMPLOYERS)
    else:
        qs = qs.filter(household__in=households_visible_to(user))
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    return qs.select_related("household").order_by("household__code", "id")


def employer_liaisons() -> list[User]:
    """The programme's employer liaisons, whom a company's HR user can contact."""
    return list(
        User.objects.filter(role=Role.EMPLOYER_LIAISON, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
    )

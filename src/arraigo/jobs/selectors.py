"""Reads on employers, vacancies and the code lists, scoped to the asking user.

Staff holding `jobs.view_employer` / `jobs.view_vacancy` see every company; a company's HR
user (Role.EMPLOYER) sees only their own company and its vacancies; anyone else sees nothing,
and a page about something out of scope answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.codelists.loading import ISCO_MAJOR_GROUPS
from arraigo.codelists.models import Occupation, Skill
from arraigo.places.models import City

from .models import Employer, Vacancy, VacancyStatus

_OPEN = Q(vacancies__status=VacancyStatus.OPEN)


def _may(user: Any, perm: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm))


def employers_visible_to(user: User) -> QuerySet[Employer]:
    if not _may(user, "jobs.view_employer"):
        return Employer.objects.none()
    qs = Employer.objects.all()
    return scope.scope_filter(qs, user, scope.Kind.EMPLOYERS, employer="pk", city="city")


def _with_open_counts(qs: QuerySet[Employer]) -> QuerySet[Employer]:
    return qs.annotate(
        open_vacancies=Count("vacancies", filter=_OPEN),
        open_seats=Coalesce(
            Sum(F("vacancies__seats") - F("vacancies__seats_reserved"), filter=_OPEN), 0
        ),
    )


def employers_list(
    user: User,
    *,
    search: str = "",
    sector: str = "",
    city: City | None = None,
    size: str = "",
    trained: bool | None = None,
) -> QuerySet[Employer]:
    """Employers the user may see, filtered, annotated with `open_vacancies` and `open_seats`
    (seats of open vacancies not yet reserved)."""
    qs = employers_visible_to(user)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(rfc__icontains=search))
    if sector:
        qs = qs.filter(sector=sector)
    if city is not None:
        qs = qs.filter(city=city)
    if size:
        qs = qs.filter(size=size)
    if trained is not None:
        qs = qs.filter(trained_on_refugee_hiring=trained)
    return _with_open_counts(qs.select_related("city")).order_by("name")


def employers_with_open_seats(user: User, *, city: City) -> QuerySet[Employer]:
    """Active employers in `city` with at least one unreserved seat in an open vacancy."""
    # open_seats is annotated by _with_open_counts, which the type checker cannot see.
    annotated = _with_open_counts(employers_visible_to(user).filter(city=city, active=True))
    return annotated.filter(open_seats__gt=0).order_by("-open_seats", "name")  # type: ignore[misc]


def employer_get_for(user: User, pk: int) -> Employer:
    """One employer the user may see, with its city, or 404."""
    try:
        return employers_visible_to(user).select_related("city").get(pk=pk)
    except Employer.DoesNotExist as exc:
        raise Http404("No such employer.") from exc


@dataclass(frozen=True)
class EmployerDetail:
    employer: Employer
    vacancies: list[Vacancy]
    open_vacancies: int
    open_seats: int


def employer_detail(user: User, pk: int) -> EmployerDetail:
    """An employer and its vacancies the user may see (open ones first); or 404."""
    employer = employer_get_for(user, pk)
    vacancies = list(
        vacancies_visible_to(user)
        .filter(employer=employer)
        .select_related("city", "occupation")
        .order_by("-created_at", "-pk")
    )
    vacancies.sort(key=lambda v: v.status != VacancyStatus.OPEN)
    open_rows = [v for v in vacancies if v.status == VacancyStatus.OPEN]
    return EmployerDetail(
        employer=employer,
        vacancies=vacancies,
        open_vacancies=len(open_rows),
        open_seats=sum(v.seats_available for v in open_rows),
    )


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    if not _may(user, "jobs.view_vacancy"):
        return Vacancy.objects.none()
    qs = Vacancy.objects.all()
    return scope.scope_filter(qs, user, scope.Kind.EMPLOYERS, employer="employer", city="city")


def vacancies_list(
    user: User,
    *,
    search: str = "",
    city: City | None = None,
    sector: str = "",
    major_group: str = "",
    status: str = "",
    min_wage: Decimal | None = None,
) -> QuerySet[Vacancy]:
    """Vacancies the user may see, filtered; newest first."""
    qs = vacancies_visible_to(user)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(employer__name__icontains=search)
            | Q(occupation__title_en__icontains=search)
            | Q(occupation__title_es__icontains=search)
            | Q(occupation__isco_code__startswith=search)
        )
    if city is not None:
        qs = qs.filter(city=city)
    if sector:
        qs = qs.filter(employer__sector=sector)
    if major_group:
        qs = qs.filter(occupation__isco_code__startswith=major_group[:1])
    if status:
        qs = qs.filter(status=status)
    if min_wage is not None:
        qs = qs.filter(monthly_wage_mxn__gte=min_wage)
    return qs.select_related("employer", "city", "occupation").order_by("-created_at", "-pk")


def vacancy_get_for(user: User, pk: int) -> Vacancy:
    """One vacancy the user may see, with employer, city and occupation, or 404."""
    try:
        return (
            vacancies_visible_to(user)
            .select_related("employer", "employer__city", "city", "occupation")
            .get(pk=pk)
        )
    except Vacancy.DoesNotExist as exc:
        raise Http404("No such vacancy.") from exc


def vacancy_detail(user: User, pk: int) -> Vacancy:
    """`vacancy_get_for` with its skills prefetched."""
    vacancy = vacancy_get_for(user, pk)
    vacancy.skill_list = list(vacancy.skills.order_by("name_es"))  # type: ignore[attr-defined]
    return vacancy


def occupation_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every occupation for a select, grouped by ISCO-08 major group (in code order)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for occupation in Occupation.objects.order_by("isco_code"):
        groups.setdefault(occupation.major_group, []).append(
            (occupation.pk, f"{occupation.isco_code} {occupation.title}")
        )
    order = [key for key in "1234567890" if key in groups]
    return [(f"{key} {ISCO_MAJOR_GROUPS[key]}", groups[key]) for key in order]


def skills_all() -> QuerySet[Skill]:
    return Skill.objects.order_by("name_es")

"""Vacancies (read; employers post and change their own) and placements (read).

Scoped by jobs.selectors: a company's HR token reaches its own company only; another company's
vacancy or placement answers 404. Writes go through jobs.services, as the web's forms do. A
company's HR reads a worker's name only while the household consents to sharing with
employers (registry.consent, annotated by jobs.selectors_placements).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.core.choices import EducationLevel, LanguageLevel
from arraigo.core.errors import ValidationFailed
from arraigo.core.formflow import require_perm
from arraigo.jobs import selectors, services
from arraigo.jobs.models import Employer, PhysicalDemand, Placement, Shift, Vacancy, VacancyStatus
from arraigo.jobs.selectors_placements import placement_get_for, placements_list
from arraigo.jobs.types import VacancyData
from arraigo.places.models import City
from arraigo.registry.consent import consent_withheld_label

from .common import (
    MAX_ID,
    Code,
    Date,
    Id,
    RequiredText160,
    Text40,
    Text120,
    Text200,
    answers,
    caller,
)
from .pagination import LIMIT_DEFAULT, LIMIT_MAX, Order, cursor_page

router = Router(tags=["jobs"])

NEWEST = Order("created_at", descending=True)
LATEST_HIRED = Order("hired_on", descending=True)


class VacancyOut(Schema):
    id: int
    employer_id: int
    employer: str
    city_id: int
    city: str
    title: str
    site: str
    occupation_code: str
    occupation: str
    seats: int
    seats_reserved: int
    seats_available: int
    monthly_wage_mxn: str
    min_education: str
    min_experience_years: int
    min_spanish_level: str
    skills: list[str]
    shift: str
    physical_demands: str
    benefit_transport: bool
    benefit_daycare: bool
    benefit_training: bool
    other_benefits: str
    start_date: dt.date | None
    opened_on: dt.date | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class VacancyPage(Schema):
    items: list[VacancyOut]
    next: str | None


class VacancyIn(Schema):
    """A vacancy as posted or changed. `employer_id`: the company (staff must say which; a
    company's HR user may leave it out for their own, and cannot name another). `city_id`:
    empty for the employer's city."""

    employer_id: Id | None = None
    city_id: Id | None = None
    title: RequiredText160
    site: Text120 = ""
    occupation_code: Code = Field(..., description="ISCO-08 unit group, e.g. 8211")
    seats: int = Field(..., ge=1, le=10_000)
    monthly_wage_mxn: Decimal = Field(..., gt=0, max_digits=10, decimal_places=2)
    min_education: EducationLevel = EducationLevel.NONE
    min_experience_years: int = Field(0, ge=0, le=60)
    skill_codes: list[Text40] = Field(default_factory=list, max_length=100)
    shift: Shift = Shift.DAY
    physical_demands: PhysicalDemand = PhysicalDemand.MODERATE
    min_spanish_level: LanguageLevel = LanguageLevel.BASIC
    benefit_transport: bool = False
    benefit_daycare: bool = False
    benefit_training: bool = False
    other_benefits: Text200 = ""
    start_date: Date | None = None


class PlacementOut(Schema):
    id: int
    household_id: int
    employer_id: int
    employer: str
    vacancy_id: int | None
    person_name: str | None  # None when the household does not consent to share (withheld)
    withheld: str | None
    hired_on: dt.date
    started_on: dt.date | None
    imss_registered_on: dt.date | None
    separated_on: dt.date | None
    separation_reason: str
    contract_type: str
    monthly_wage_mxn: str


class PlacementPage(Schema):
    items: list[PlacementOut]
    next: str | None


def _vacancy_out(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "id": vacancy.pk,
        "employer_id": vacancy.employer_id,
        "employer": vacancy.employer.name,
        "city_id": vacancy.city_id,
        "city": vacancy.city.name,
        "title": vacancy.title,
        "site": vacancy.site,
        "occupation_code": vacancy.occupation.isco_code,
        "occupation": vacancy.occupation.title,
        "seats": vacancy.seats,
        "seats_reserved": vacancy.seats_reserved,
        "seats_available": vacancy.seats_available,
        "monthly_wage_mxn": f"{vacancy.monthly_wage_mxn:.2f}",
        "min_education": vacancy.min_education,
        "min_experience_years": vacancy.min_experience_years,
        "min_spanish_level": vacancy.min_spanish_level,
        "skills": sorted(skill.code for skill in vacancy.skills.all()),
        "shift": vacancy.shift,
        "physical_demands": vacancy.physical_demands,
        "benefit_transport": vacancy.benefit_transport,
        "benefit_daycare": vacancy.benefit_daycare,
        "benefit_training": vacancy.benefit_training,
        "other_benefits": vacancy.other_benefits,
        "start_date": vacancy.start_date,
        "opened_on": vacancy.opened_on,
        "status": vacancy.status,
        "created_at": vacancy.created_at,
        "updated_at": vacancy.updated_at,
    }


def _vacancy_reader(request: HttpRequest) -> User:
    user = caller(request)
    require_perm(user, "jobs.view_vacancy")
    return user


def _vacancy_read(user: User, pk: int) -> dict[str, Any]:
    return _vacancy_out(selectors.vacancy_get_for(user, pk))  # 404 out of scope


@router.get("/vacancies", response=answers({200: VacancyPage}), summary="List vacancies")
def vacancy_list(
    request: HttpRequest,
    status: VacancyStatus | None = None,
    employer: int | None = Query(None, ge=1, le=MAX_ID),
    city: int | None = Query(None, ge=1, le=MAX_ID),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The vacancies you may see (a company's HR: its own), newest first."""
    user = _vacancy_reader(request)
    qs = selectors.vacancies_visible_to(user)
    if status is not None:
        qs = qs.filter(status=status.value)
    if employer is not None:
        qs = qs.filter(employer_id=employer)
    if city is not None:
        qs = qs.filter(city_id=city)
    qs = qs.select_related("employer", "city", "occupation").prefetch_related("skills")
    page = cursor_page(qs, NEWEST, cursor=cursor, limit=limit)
    return {"items": [_vacancy_out(vacancy) for vacancy in page.rows], "next": page.next}


@router.get(
    "/vacancies/{vacancy_id}", response=answers({200: VacancyOut}), summary="Read a vacancy"
)
def vacancy_detail(
    request: HttpRequest, vacancy_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    return _vacancy_read(_vacancy_reader(request), vacancy_id)


def _vacancy_data(body: VacancyIn) -> VacancyData:
    city: City | None = None
    if body.city_id is not None:
        city = City.objects.filter(pk=body.city_id, active=True).first()
        if city is None:
            raise ValidationFailed({"city_id": [_("No active city has this id.")]})
    return VacancyData(
        title=body.title,
        occupation_code=body.occupation_code,
        seats=body.seats,
        monthly_wage_mxn=body.monthly_wage_mxn,
        city=city,
        min_education=body.min_education.value,
        min_experience_years=body.min_experience_years,
        skill_codes=tuple(body.skill_codes),
        shift=body.shift.value,
        physical_demands=body.physical_demands.value,
        min_spanish_level=body.min_spanish_level.value,
        benefit_transport=body.benefit_transport,
        benefit_daycare=body.benefit_daycare,
        benefit_training=body.benefit_training,
        other_benefits=body.other_benefits,
        start_date=body.start_date,
        site=body.site,
    )


def _employer_for(user: User, employer_id: int | None) -> Employer:
    """The company a vacancy is posted for: the one named (404 out of scope), else a company
    HR user's own; staff must name one."""
    if employer_id is not None:
        return selectors.employer_get_for(user, employer_id)
    if scope.confined(user, scope.Kind.EMPLOYERS):
        return selectors.employer_get_for(user, user.employer_id or 0)
    raise ValidationFailed({"employer_id": [_("Say which employer the vacancy is for.")]})


@router.post("/vacancies", response=answers({201: VacancyOut}), summary="Post a vacancy")
def vacancy_create(request: HttpRequest, body: VacancyIn) -> Status[dict[str, Any]]:
    """Staff post for any company they may manage; a company's HR for its own."""
    user = caller(request)
    require_perm(user, "jobs.add_vacancy")
    employer = _employer_for(user, body.employer_id)
    vacancy = services.vacancy_create(actor=user, employer=employer, data=_vacancy_data(body))
    return Status(201, _vacancy_read(user, vacancy.pk))


@router.put(
    "/vacancies/{vacancy_id}", response=answers({200: VacancyOut}), summary="Change a vacancy"
)
def vacancy_update(
    request: HttpRequest, body: VacancyIn, vacancy_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """Every field as on the web's form (`employer_id` is ignored: a vacancy keeps its
    company). Seats never drop below those already reserved."""
    user = caller(request)
    require_perm(user, "jobs.change_vacancy")
    vacancy = selectors.vacancy_get_for(user, vacancy_id)
    services.vacancy_update(actor=user, vacancy=vacancy, data=_vacancy_data(body))
    return _vacancy_read(user, vacancy.pk)


def _placement_out(placement: Placement) -> dict[str, Any]:
    given = getattr(placement, "consent_given", None)
    return {
        "id": placement.pk,
        "household_id": placement.household_id,
        "employer_id": placement.employer_id,
        "employer": placement.employer.name,
        "vacancy_id": placement.vacancy_id,
        "person_name": placement.person.full_name if given else None,
        "withheld": None if given else consent_withheld_label(given),
        "hired_on": placement.hired_on,
        "started_on": placement.started_on,
        "imss_registered_on": placement.imss_registered_on,
        "separated_on": placement.separated_on,
        "separation_reason": placement.separation_reason,
        "contract_type": placement.contract_type,
        "monthly_wage_mxn": f"{placement.monthly_wage_mxn:.2f}",
    }


def _placement_reader(request: HttpRequest) -> User:
    user = caller(request)
    require_perm(user, "jobs.view_placement")
    return user


@router.get("/placements", response=answers({200: PlacementPage}), summary="List placements")
def placement_list(
    request: HttpRequest,
    status: Literal["open", "not_started", "separated"] | None = None,
    employer: int | None = Query(None, ge=1, le=MAX_ID),
    city: int | None = Query(None, ge=1, le=MAX_ID),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The placements you may see, latest hire first. `status`: `open` (still working there),
    `not_started`, `separated`."""
    user = _placement_reader(request)
    qs = placements_list(user, status=status or "", employer=employer, city=city)
    page = cursor_page(qs, LATEST_HIRED, cursor=cursor, limit=limit)
    return {"items": [_placement_out(placement) for placement in page.rows], "next": page.next}


@router.get(
    "/placements/{placement_id}", response=answers({200: PlacementOut}), summary="Read a placement"
)
def placement_detail(
    request: HttpRequest, placement_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    return _placement_out(placement_get_for(_placement_reader(request), placement_id))

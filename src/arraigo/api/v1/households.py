"""Households, their members, identity documents and eligibility decisions (read only).

Scoped by registry.selectors (the role's scope, 404 outside it). A pseudonymised reader (the
M&E officer: accounts.permissions.sees_names) gets the household's pseudonym for its code,
no names, no phones, no birth dates (age groups instead) and no documents, as on the web.
Each read of a case goes on the audit trail as the household page's does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Path, Query, Router, Schema

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.core.formflow import require_perm
from arraigo.core.search import search_term
from arraigo.registry.consent import consent_current
from arraigo.registry.models import (
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Modality,
    Person,
)
from arraigo.registry.pseudonyms import age_group, household_pseudonym
from arraigo.registry.selectors import (
    HouseholdListFilters,
    household_get_for,
    household_list_keys,
    household_rows,
)

from .common import MAX_ID, answers, caller
from .pagination import LIMIT_DEFAULT, LIMIT_MAX, Order, cursor_page

router = Router(tags=["households"])

NEWEST = Order("registered_at", descending=True)
VIEW = "registry.view_household"


class HouseholdOut(Schema):
    id: int
    code: str  # the case code, or its pseudonym for a pseudonymised reader
    pseudonymised: bool
    status: str
    modality: str
    eligibility: str
    origin_office_id: int
    origin_office: str
    host_city_id: int | None
    host_city: str | None
    size: int
    head_name: str | None
    head_nationality: str | None
    registration_year: int
    registered_at: dt.datetime | None


class HouseholdDetailOut(HouseholdOut):
    # each consent purpose -> the household's latest answer (None: never asked)
    consent: dict[str, bool | None]


class HouseholdPage(Schema):
    items: list[HouseholdOut]
    next: str | None


class PersonOut(Schema):
    member_no: int
    relationship: str
    sex: str
    age_group: str
    age: int | None
    date_of_birth: dt.date | None
    first_names: str | None
    last_names: str | None
    phone: str | None
    nationality: str
    protection_status: str
    spanish_level: str
    education_level: str
    years_experience: int
    willing_to_work: bool
    able_to_work: bool


class DocumentOut(Schema):
    member_no: int
    document_type: str
    document_type_name: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None


class DecisionOut(Schema):
    outcome: str
    ruleset: str
    decided_at: dt.datetime
    results: list[dict[str, Any]]


def _household_out(household: Household, names: bool) -> dict[str, Any]:
    city = household.host_city
    return {
        "id": household.pk,
        "code": household.code if names else household_pseudonym(household.pk),
        "pseudonymised": not names,
        "status": household.status,
        "modality": household.modality,
        "eligibility": household.eligibility,
        "origin_office_id": household.origin_office_id,
        "origin_office": household.origin_office.name,
        "host_city_id": household.host_city_id,
        "host_city": city.name if city is not None else None,
        "size": household.size,
        "head_name": household.head_name if names else None,
        "head_nationality": getattr(household, "head_nationality", None) or None,
        "registration_year": household.registered_at.year,
        "registered_at": household.registered_at if names else None,
    }


def _reader(request: HttpRequest) -> User:
    """The caller, who must read households at all (403: the whole resource is closed)."""
    user = caller(request)
    require_perm(user, VIEW)
    return user


def _case(request: HttpRequest, household_id: int, part: str) -> tuple[User, Household]:
    """The household in the caller's scope (404 otherwise), its read put on the trail."""
    user = _reader(request)
    if part == "documents" and not (user.has_perm("registry.view_person") and sees_names(user)):
        raise PermissionDenied  # documents identify people: never pseudonymised readers
    household = household_get_for(user, household_id)
    audit_event(
        actor=user,
        obj=household,
        event="view",
        request=request,
        details={"via": "api", "part": part},
    )
    return user, household


@router.get("/households", response=answers({200: HouseholdPage}), summary="List households")
def household_list(
    request: HttpRequest,
    status: HouseholdStatus | None = None,
    modality: Modality | None = None,
    eligibility: EligibilityOutcome | None = None,
    office: int | None = Query(None, ge=1, le=MAX_ID),
    host_city: int | None = Query(None, ge=1, le=MAX_ID),
    q: str = "",
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The households in your scope, newest registration first (merged duplicates left out).
    Filters: `status`, `modality`, `eligibility`, origin `office` and `host_city` (ids), and
    `q`: a case code, a member's name or a whole document number, as the list page's search
    box (looks nothing up for pseudonymised readers)."""
    user = _reader(request)
    filters = HouseholdListFilters(
        q=search_term(q),
        status=status.value if status else "",
        modality=modality.value if modality else "",
        eligibility=eligibility.value if eligibility else "",
        office_id=office,
        host_city_id=host_city,
    )
    keys = household_list_keys(user, filters).only("id", "registered_at")
    page = cursor_page(keys, NEWEST, cursor=cursor, limit=limit)
    names = sees_names(user)
    rows = household_rows([household.pk for household in page.rows])
    return {"items": [_household_out(h, names) for h in rows], "next": page.next}


@router.get(
    "/households/{household_id}",
    response=answers({200: HouseholdDetailOut}),
    summary="Read a household",
)
def household_detail(
    request: HttpRequest, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    user, household = _case(request, household_id, "household")
    row = household_rows([household.pk])[0]  # with the head's nationality, as the list's
    return {**_household_out(row, sees_names(user)), "consent": consent_current(household)}


def _person_out(person: Person, names: bool, today: dt.date) -> dict[str, Any]:
    age = person.age_on(today)
    return {
        "member_no": person.member_no,
        "relationship": person.relationship,
        "sex": person.sex,
        "age_group": age_group(age),
        "age": age if names else None,
        "date_of_birth": person.date_of_birth if names else None,
        "first_names": person.first_names if names else None,
        "last_names": person.last_names if names else None,
        "phone": (person.phone.as_e164 if person.phone else "") if names else None,
        "nationality": str(person.nationality),
        "protection_status": person.protection_status,
        "spanish_level": person.spanish_level,
        "education_level": person.education_level,
        "years_experience": person.years_experience,
        "willing_to_work": person.willing_to_work,
        "able_to_work": person.able_to_work,
    }


@router.get(
    "/households/{household_id}/people",
    response=answers({200: list[PersonOut]}),
    summary="List a household's members",
)
def household_people(
    request: HttpRequest, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """The members by member number; names, birth dates and phones only for roles that see
    names."""
    user, household = _case(request, household_id, "people")
    names = sees_names(user)
    today = timezone.localdate()
    members = Person.objects.filter(household=household).order_by("member_no")
    return [_person_out(person, names, today) for person in members]


@router.get(
    "/households/{household_id}/documents",
    response=answers({200: list[DocumentOut]}),
    summary="List a household's identity documents",
)
def household_documents(
    request: HttpRequest, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """Identity documents of every member: for roles that read people and see names (403 for
    the others)."""
    _user, household = _case(request, household_id, "documents")
    english = translation.get_language() == "en"
    documents = (
        IdentityDocument.objects.filter(person__household=household)
        .select_related("document_type", "person")
        .order_by("person__member_no", "document_type__sort_order", "id")
    )
    return [
        {
            "member_no": document.person.member_no,
            "document_type": document.document_type.code,
            "document_type_name": document.document_type.name_en
            if english
            else document.document_type.name_es,
            "number": document.number,
            "issued_on": document.issued_on,
            "expires_on": document.expires_on,
        }
        for document in documents
    ]


@router.get(
    "/households/{household_id}/eligibility",
    response=answers({200: list[DecisionOut]}),
    summary="List a household's eligibility decisions",
)
def household_eligibility(
    request: HttpRequest, household_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """Every decision, newest (the current one) first, with each rule's result and reason."""
    _user, household = _case(request, household_id, "eligibility")
    decisions = household.eligibility_decisions.order_by("-decided_at", "-id")
    return [
        {
            "outcome": decision.outcome,
            "ruleset": decision.ruleset,
            "decided_at": decision.decided_at,
            "results": list(decision.results or []),
        }
        for decision in decisions
    ]

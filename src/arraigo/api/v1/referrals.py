"""Referrals to the service directory: staff read those of households in their scope, a
service partner those made to its organisation, and answers them (accept, decline, complete)
through referrals.services, as on its portal.

A partner reads what the referral shared while the household consents to sharing with service
partners (`Referral.shared_now`); otherwise the household code and purpose only, and why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.core.formflow import require_perm
from arraigo.places.models import ServiceCategory
from arraigo.referrals import services
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.selectors import referral_get_for, referral_rows, referrals_list

from .common import MAX_ID, RequiredText300, RequiredText500, answers, caller
from .pagination import LIMIT_DEFAULT, LIMIT_MAX, Order, cursor_page

router = Router(tags=["referrals"])

LATEST_SENT = Order("sent_at", descending=True)


class SharedOut(Schema):
    """What the service reads of the case."""

    household: str
    purpose: str
    person: str | None = None
    age: int | None = None
    languages: list[str] = []
    phone: str | None = None
    members: int | None = None
    withheld: str | None = None  # why the person is not shown (consent)


class ReferralOut(Schema):
    id: int
    household_id: int | None  # None for a service partner: it never reaches the case
    status: str
    service_id: int
    service: str
    category: str
    provider_id: int
    provider: str
    shared: SharedOut
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    decline_reason: str
    completed_at: dt.datetime | None
    outcome_note: str


class ReferralPage(Schema):
    items: list[ReferralOut]
    next: str | None


class DeclineIn(Schema):
    reason: RequiredText300


class CompleteIn(Schema):
    outcome_note: RequiredText500


def _referral_out(referral: Referral, partner: bool) -> dict[str, Any]:
    shared = dict(referral.shared_now)
    if "withheld" in shared:
        shared["withheld"] = str(shared["withheld"])
    return {
        "id": referral.pk,
        "household_id": None if partner else referral.household_id,
        "status": referral.status,
        "service_id": referral.service_id,
        "service": referral.service.name,
        "category": referral.service.category,
        "provider_id": referral.provider_id,
        "provider": referral.provider.name,
        "shared": shared,
        "sent_at": referral.sent_at,
        "answered_at": referral.answered_at,
        "decline_reason": referral.decline_reason,
        "completed_at": referral.completed_at,
        "outcome_note": referral.outcome_note,
    }


def _reader(request: HttpRequest) -> tuple[User, bool]:
    user = caller(request)
    require_perm(user, "referrals.view_referral")
    return user, scope.anchor(user) is scope.Anchor.PROVIDER


@router.get("/referrals", response=answers({200: ReferralPage}), summary="List referrals")
def referral_list(
    request: HttpRequest,
    status: ReferralStatus | None = None,
    category: ServiceCategory | None = None,
    city: int | None = Query(None, ge=1, le=MAX_ID),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The referrals you may see (a service partner: those made to it), latest first.
    Filters: `status`, service `category`, the provider's `city` (id)."""
    user, partner = _reader(request)
    keys = referrals_list(
        user,
        status=status.value if status else "",
        category=category.value if category else "",
        city=city,
    )
    page = cursor_page(keys.only("id", "sent_at"), LATEST_SENT, cursor=cursor, limit=limit)
    rows = referral_rows([referral.pk for referral in page.rows])
    return {"items": [_referral_out(row, partner) for row in rows], "next": page.next}


@router.get(
    "/referrals/{referral_id}", response=answers({200: ReferralOut}), summary="Read a referral"
)
def referral_detail(
    request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    user, partner = _reader(request)
    return _referral_out(referral_get_for(user, referral_id), partner)


def _answered(user: User, partner: bool, referral_id: int) -> dict[str, Any]:
    return _referral_out(referral_get_for(user, referral_id), partner)


@router.post(
    "/referrals/{referral_id}/accept",
    response=answers({200: ReferralOut}),
    summary="Accept a referral",
)
def referral_accept(
    request: HttpRequest, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """The service takes the person on (a referral still waiting for an answer; 409 else)."""
    user, partner = _reader(request)
    require_perm(user, "referrals.answer_referral")
    referral = referral_get_for(user, referral_id)
    services.referral_accept(actor=user, referral=referral)
    return _answered(user, partner, referral_id)


@router.post(
    "/referrals/{referral_id}/decline",
    response=answers({200: ReferralOut}),
    summary="Decline a referral",
)
def referral_decline(
    request: HttpRequest, body: DeclineIn, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """The service cannot take the person on, and says why."""
    user, partner = _reader(request)
    require_perm(user, "referrals.answer_referral")
    referral = referral_get_for(user, referral_id)
    services.referral_decline(actor=user, referral=referral, reason=body.reason)
    return _answered(user, partner, referral_id)


@router.post(
    "/referrals/{referral_id}/complete",
    response=answers({200: ReferralOut}),
    summary="Complete a referral",
)
def referral_complete(
    request: HttpRequest, body: CompleteIn, referral_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """The service was given (an accepted referral), with a short outcome."""
    user, partner = _reader(request)
    require_perm(user, "referrals.answer_referral")
    referral = referral_get_for(user, referral_id)
    services.referral_complete(actor=user, referral=referral, outcome_note=body.outcome_note)
    return _answered(user, partner, referral_id)

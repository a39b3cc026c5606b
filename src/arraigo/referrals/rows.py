"""Row builders for referrals: what a new referral stores, decided in one place.

Pure: no database access, no permission checks. referrals.services.referral_send builds the
row it saves with them; the demo seed builds its referrals (and their later answers, for the
history) with the same functions and inserts them in bulk. So both writers store the purpose
stripped, take the provider from the service, and give the service the same fields
(`shared`) in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from arraigo.places.models import Service

from .models import Referral, ReferralStatus


def referral_shared(
    *,
    household_code: str,
    purpose: str,
    members: int | None = None,
    person_name: str = "",
    age: int | None = None,
    languages: Iterable[str] = (),
    phone: str = "",
) -> dict[str, Any]:
    """The only fields the service sees: for the whole household, how many members (pass
    `members`); for one person, their name, age and languages, and the phone (E.164) only
    when the household consented to sharing."""
    data: dict[str, Any] = {"household": household_code, "purpose": purpose}
    if members is not None:
        data["members"] = members
        return data
    data["person"] = person_name
    data["age"] = age
    data["languages"] = sorted(languages)
    if phone:
        data["phone"] = phone
    return data


def referral_row(
    *,
    household_id: int,
    person_id: int | None,
    service: Service,
    purpose: str,
    shared: dict[str, Any],
    sent_at: dt.datetime,
    sent_by_id: int,
    consent_override_reason: str = "",
    status: str = ReferralStatus.SENT,
    answered_at: dt.datetime | None = None,
    answered_by_id: int | None = None,
    decline_reason: str = "",
    completed_at: dt.datetime | None = None,
    completed_by_id: int | None = None,
    outcome_note: str = "",
) -> Referral:
    """A referral (unsaved) to `service`, whose provider it goes to. A referral sent now is
    `sent` with no answer; the seed's history passes the answer and completion. Text is
    stored stripped."""
    return Referral(
        household_id=household_id,
        person_id=person_id,
        service_id=service.pk,
        provider_id=service.provider_id,
        purpose=purpose.strip(),
        shared=shared,
        status=status,
        sent_at=sent_at,
        sent_by_id=sent_by_id,
        consent_override_reason=consent_override_reason.strip(),
        answered_at=answered_at,
        answered_by_id=answered_by_id,
        decline_reason=decline_reason.strip(),
        completed_at=completed_at,
        completed_by_id=completed_by_id,
        outcome_note=outcome_note.strip(),
    )

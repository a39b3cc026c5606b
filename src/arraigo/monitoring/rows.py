"""Row builders: the values a new survey row gets, decided in one place.

Pure functions: no database reads or writes, no permission checks. Given typed values they
return an unsaved `Interview` or `FollowUpAnswer`. The monitoring services (web form, file and
KoboToolbox imports) call them before saving; the demo seed calls the same functions and
inserts the rows in bulk (tests/demo/test_writer_parity.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import FollowUpAnswer, Interview

INCOME_PLACES = Decimal("0.01")


def interview_row(
    *,
    household_id: int,
    round: str,
    date: dt.date,
    mode: str,
    source: str,
    recorded_at: dt.datetime,
    recorded_by_id: int | None = None,
    submission_uuid: str = "",
    housing_tenure: str = "",
    feels_safe: bool | None = None,
    health_access: bool | None = None,
    basic_needs_met: bool | None = None,
) -> Interview:
    """One household's interview in one round (unsaved); the submission's uuid stripped."""
    return Interview(
        household_id=household_id,
        round=round,
        date=date,
        mode=mode,
        source=source,
        submission_uuid=submission_uuid.strip(),
        housing_tenure=housing_tenure,
        feels_safe=feels_safe,
        health_access=health_access,
        basic_needs_met=basic_needs_met,
        recorded_by_id=recorded_by_id,
        recorded_at=recorded_at,
    )


def followup_answer_row(
    *,
    household_id: int,
    person_id: int,
    round: str,
    date: dt.date,
    source: str,
    recorded_at: dt.datetime,
    recorded_by_id: int | None = None,
    works: bool | None = None,
    formal: bool | None = None,
    income: Decimal | None = None,
    job_satisfied: bool | None = None,
    in_school: bool | None = None,
    bank_account: bool | None = None,
) -> FollowUpAnswer:
    """One member's answers in one round (unsaved); income rounded to the cent."""
    return FollowUpAnswer(
        household_id=household_id,
        person_id=person_id,
        round=round,
        date=date,
        source=source,
        works=works,
        formal=formal,
        income=None if income is None else Decimal(income).quantize(INCOME_PLACES),
        job_satisfied=job_satisfied,
        in_school=in_school,
        bank_account=bank_account,
        recorded_by_id=recorded_by_id,
        recorded_at=recorded_at,
    )

"""Row builders: the values a new survey row gets, decided in one place.

Pure functions: no database reads or writes, no permission checks. Given typed values, the
`*_values` builders return the stored fields of an `Interview` or a `FollowUpAnswer` and their
`*_row` twins the unsaved row. The monitoring services (web form, file and KoboToolbox
imports) call the `*_row` builders before saving; the demo seed takes the `*_values` and
inserts the rows in bulk (tests/demo/test_writer_parity.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from arraigo.core.rows import row_builder

from .models import FollowUpAnswer, Interview

INCOME_PLACES = Decimal("0.01")


def interview_values(
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
) -> dict[str, Any]:
    """One household's interview in one round; the submission's uuid stripped."""
    return {
        "household_id": household_id,
        "round": round,
        "date": date,
        "mode": mode,
        "source": source,
        "submission_uuid": submission_uuid.strip(),
        "housing_tenure": housing_tenure,
        "feels_safe": feels_safe,
        "health_access": health_access,
        "basic_needs_met": basic_needs_met,
        "recorded_by_id": recorded_by_id,
        "recorded_at": recorded_at,
    }


interview_row = row_builder(Interview, interview_values)


def followup_answer_values(
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
) -> dict[str, Any]:
    """One member's answers in one round; income rounded to the cent."""
    return {
        "household_id": household_id,
        "person_id": person_id,
        "round": round,
        "date": date,
        "source": source,
        "works": works,
        "formal": formal,
        "income": None if income is None else Decimal(income).quantize(INCOME_PLACES),
        "job_satisfied": job_satisfied,
        "in_school": in_school,
        "bank_account": bank_account,
        "recorded_by_id": recorded_by_id,
        "recorded_at": recorded_at,
    }


followup_answer_row = row_builder(FollowUpAnswer, followup_answer_values)

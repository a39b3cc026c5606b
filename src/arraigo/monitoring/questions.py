"""What the web form of a follow-up survey asks, and of whom: the programme's instrument
for the round (surveys.yaml, monitoring/instruments.py), as the XLSForm and the KoboToolbox
import read it. Who is asked is the question's age range at the interview (full years,
`Person.age_on`) and, for the work details, an earlier yes (`if_yes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .instruments import survey_instruments

MEMBER_FIELDS = ("works", "formal", "income", "job_satisfied", "in_school", "bank_account")


def housing_tenure_choices() -> list[tuple[str, str]]:
    """The instruments' housing-tenure codes with their labels in the active language."""
    return [(code.code, code.label) for code in survey_instruments().tenure]


def tenure_codes() -> frozenset[str]:
    return frozenset(code.code for code in survey_instruments().tenure)


# Interviews a caseworker enters on the web: by phone or in person (self-completed forms come
# from KoboToolbox).
WEB_MODES = ("phone", "in_person")


def member_questions(age: int, round_code: str) -> tuple[str, ...]:
    """The member fields the round's instrument asks of someone of `age`, in its order
    (those asked only after a yes included: the form shows them, the service checks)."""
    instrument = survey_instruments().instrument(round_code)
    return tuple(q.field for q in instrument.member_questions if q.asks(age))


def question_texts(round_code: str) -> dict[str, str]:
    """Field -> the round's question as the interviewer reads it, in the active language."""
    return {q.field: q.text for q in survey_instruments().instrument(round_code).questions}


def round_questions(round_code: str) -> tuple[str, ...]:
    """Every member field the round's instrument asks of anyone."""
    return tuple(q.field for q in survey_instruments().instrument(round_code).member_questions)


def asked_only_if_yes(round_code: str) -> dict[str, str]:
    """Member field -> the field whose yes it needs, in the round's instrument."""
    instrument = survey_instruments().instrument(round_code)
    return {q.field: q.if_yes for q in instrument.member_questions if q.if_yes}


def member_field(member_no: int, name: str) -> str:
    """The name of a member's answer on the form (and in a refusal's errors)."""
    return f"m{member_no}_{name}"


@dataclass(frozen=True)
class MemberAnswers:
    """One member's answers: True, False, or None when not asked."""

    works: bool | None = None
    formal: bool | None = None
    income: Decimal | None = None
    job_satisfied: bool | None = None
    in_school: bool | None = None
    bank_account: bool | None = None


@dataclass(frozen=True)
class HouseholdAnswers:
    housing_tenure: str = ""
    feels_safe: bool | None = None
    health_access: bool | None = None
    basic_needs_met: bool | None = None

"""What the web form of a follow-up survey asks, and of whom.

Member questions by age at the interview (full years, `Person.age_on`):
- about work (`works`; then, only when works = yes, `formal`, `income`, `job_satisfied`): from
  WORK_AGE, Mexico's legal minimum age for work; the indicators count 18 and over, but a
  younger worker's income is part of the household's;
- `in_school`: 6 to 17, the school ages of the indicators;
- `bank_account`: 18 and over, as the indicator.

Housing tenure codes: HOUSING_TENURE, kept here until the instruments' file
(programme/mx_pil/surveys.yaml) carries the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

WORK_AGE = 15
SCHOOL_AGES = (6, 17)
ADULT_AGE = 18

MEMBER_FIELDS = ("works", "formal", "income", "job_satisfied", "in_school", "bank_account")
# Asked only of members who answered works = yes.
WORK_DETAILS = ("formal", "income", "job_satisfied")

HOUSING_TENURE = [
    ("owned", _("Own home")),
    ("rented_contract", _("Rented, with a contract")),
    ("rented_no_contract", _("Rented, without a contract")),
    ("programme_lodging", _("The programme's temporary lodging")),
    ("shelter", _("Shelter")),
    ("hosted", _("Hosted by family or friends")),
    ("other", _("Other")),
]
TENURE_CODES = frozenset(code for code, _label in HOUSING_TENURE)

# Interviews a caseworker enters on the web: by phone or in person (self-completed forms come
# from KoboToolbox).
WEB_MODES = ("phone", "in_person")


def member_questions(age: int) -> tuple[str, ...]:
    """The member fields asked of someone of `age`, in the form's order."""
    asked: list[str] = []
    if age >= WORK_AGE:
        asked += ["works", "formal", "income", "job_satisfied"]
    if SCHOOL_AGES[0] <= age <= SCHOOL_AGES[1]:
        asked.append("in_school")
    if age >= ADULT_AGE:
        asked.append("bank_account")
    return tuple(asked)


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

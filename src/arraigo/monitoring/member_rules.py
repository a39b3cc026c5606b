"""What the indicators count about each member in a round, written once as data.

A `MemberRule` is a condition on one member's answers (each named answer is yes, no, or given
at all) and age (full years at the interview date). For each household and round the
indicators need only how many members meet each rule and the members' total income: a
`HouseholdRound`. `summarise` builds those from members' answers in Python (the tests' hand
fixtures); monitoring.answers has the database build them from the same rules, so a year of
answers is reduced where it is stored. monitoring.indicators counts households and people
from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

ADULT_AGE = 18
WORKING_AGE = (18, 64)
SCHOOL_AGE = (6, 17)
ANY = None  # in a rule: the answer is given, whatever it is


class AnswerRow(NamedTuple):
    """One member's answers in one round (None: not asked or not answered)."""

    household: int | str
    member: int
    round: str
    date: dt.date
    birth_date: dt.date
    works: bool | None = None
    formal: bool | None = None
    income: Decimal | None = None
    job_satisfied: bool | None = None
    in_school: bool | None = None
    bank_account: bool | None = None

    @property
    def age(self) -> int:
        return full_years(self.birth_date, self.date)


def full_years(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class MemberRule:
    name: str
    answers: tuple[tuple[str, bool | None], ...]  # (answer, yes / no / ANY)
    low: int = 0  # the ages, both included; high None: no upper age
    high: int | None = None

    def holds(self, row: AnswerRow) -> bool:
        for field, wanted in self.answers:
            given = getattr(row, field)
            if given is None or (wanted is not None and given is not wanted):
                return False
        age = row.age
        return age >= self.low and (self.high is None or age <= self.high)


MEMBER_RULES: tuple[MemberRule, ...] = (
    MemberRule("adult_works", (("works", True),), ADULT_AGE),
    MemberRule("formal", (("formal", True),)),
    MemberRule("bank", (("bank_account", True),)),
    MemberRule("works_rated_job", (("works", True), ("job_satisfied", ANY))),
    MemberRule("works_satisfied", (("works", True), ("job_satisfied", True))),
    MemberRule("child_school_answer", (("in_school", ANY),), *SCHOOL_AGE),
    MemberRule("child_out_of_school", (("in_school", False),), *SCHOOL_AGE),
    MemberRule("working_age_work_answer", (("works", ANY),), *WORKING_AGE),
    MemberRule("working_age_works", (("works", True),), *WORKING_AGE),
    MemberRule("adult_bank_answer", (("bank_account", ANY),), ADULT_AGE),
    MemberRule("adult_bank", (("bank_account", True),), ADULT_AGE),
)
RULE_INDEX = {rule.name: i for i, rule in enumerate(MEMBER_RULES)}


class HouseholdRound(NamedTuple):
    """A household's answers in a round, reduced: how many members meet each rule (in the
    order of MEMBER_RULES), the members' total income (empty counts as 0), its size (0 when
    unknown) and how many members answered."""

    household: int | str
    round: str
    counts: tuple[int, ...]
    income: Decimal
    size: int
    answered: int


def summarise(rows: Iterable[AnswerRow], sizes: Mapping[int | str, int]) -> list[HouseholdRound]:
    """Members' answers reduced to one HouseholdRound per household and round."""
    grouped: dict[tuple[str, int | str], list[AnswerRow]] = {}
    for row in rows:
        grouped.setdefault((row.round, row.household), []).append(row)
    return [
        HouseholdRound(
            household=household,
            round=round_code,
            counts=tuple(sum(rule.holds(m) for m in members) for rule in MEMBER_RULES),
            income=sum((m.income or Decimal(0) for m in members), Decimal(0)),
            size=sizes.get(household, 0),
            answered=len({m.member for m in members}),
        )
        for (round_code, household), members in grouped.items()
    ]

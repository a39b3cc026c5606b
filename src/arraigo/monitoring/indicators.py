"""The outcome indicators: each one's definition, written once, and their computation.

Pure Python (no database): `indicators_compute` takes members' answers (`AnswerRow`), the size
of each household and the programme's poverty line and income brackets, and returns every
indicator for every round. The command (`arraigo indicators`), the results report, its
downloads and docs/monitoring.md (`definitions_markdown`) all read these definitions.

A household answered a round if at least one of its members has a row in that round; its
size is its number of members (as in `arraigo export people`). Ages are full years at the
interview date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROUNDS = ("baseline", "month1", "month6", "month12")
ADULT_AGE = 18
WORKING_AGE = (18, 64)
SCHOOL_AGE = (6, 17)


@dataclass(frozen=True)
class Bracket:
    """A bracket of household income: [low, high) or [low, high] (`high_included`);
    `high` None has no upper end."""

    code: str
    low: Decimal
    high: Decimal | None
    high_included: bool = False

    def holds(self, amount: Decimal) -> bool:
        if amount < self.low:
            return False
        if self.high is None:
            return True
        return amount <= self.high if self.high_included else amount < self.high


@dataclass(frozen=True)
class Measures:
    """The programme's figures the indicators use (monitoring.yaml)."""

    poverty_line: Decimal
    brackets: tuple[Bracket, ...]


class AnswerRow(NamedTuple):
    """One member's answers in one round (None: not asked or not answered). A named tuple:
    a year's report builds a million of them."""

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
        born, day = self.birth_date, self.date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Indicator:
    code: str
    level: str  # "household" or "person"
    title: str | Promise
    definition: str  # English, for the docs and the report's notes
    # The way the seeds write it, with {first} and {second} the two rounds' shares.
    sentence: str | Promise = ""


@dataclass(frozen=True)
class Value:
    code: str
    round: str
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


FIXED: tuple[Indicator, ...] = (
    Indicator(
        "hh_adult_working",
        "household",
        _("Households with at least one adult in work"),
        "At least one member aged 18 or over answered works = yes. "
        "Denominator: households that answered the round.",
        _(
            "{first} of households reported at least one adult in work within the first "
            "month, increasing to {second} within six months."
        ),
    ),
    Indicator(
        "hh_formal_work",
        "household",
        _("Households with at least one member in formal work"),
        "At least one member answered formal = yes. "
        "Denominator: households that answered the round.",
    ),
    Indicator(
        "hh_no_formal_work",
        "household",
        _("Households with no member in formal work"),
        "No member answered formal = yes. Denominator: households that answered the round.",
        _(
            "The share of households with no member in formal work went from {first} before "
            "the programme to {second} after six months."
        ),
    ),
    Indicator(
        "hh_job_satisfied",
        "household",
        _("Households satisfied with their job"),
        "Among households where at least one member with works = yes answered job_satisfied, "
        "those where at least one such member answered yes.",
    ),
    Indicator(
        "hh_children_all_in_school",
        "household",
        _("Households with all children in school"),
        "Among households with at least one member aged 6 to 17 who has an in_school answer, "
        "those where every such answer is yes.",
        _(
            "After one month, {first} of households had all children in school, "
            "increasing to {second} after six months."
        ),
    ),
    Indicator(
        "hh_child_out_of_school",
        "household",
        _("Households with a child out of school"),
        "Among households with at least one member aged 6 to 17 who has an in_school answer, "
        "those where at least one such answer is no.",
    ),
    Indicator(
        "hh_bank_account",
        "household",
        _("Households with a bank account"),
        "At least one member answered bank_account = yes. "
        "Denominator: households that answered the round.",
    ),
    Indicator(
        "hh_poverty",
        "household",
        _("Households below the poverty line"),
        "The sum of the members' income in the round (empty counts as 0) divided by the "
        "household's size is below the poverty line per person per month. "
        "Denominator: households that answered the round.",
    ),
)

PERSON: tuple[Indicator, ...] = (
    Indicator(
        "p_working_age_employed",
        "person",
        _("People of working age in work"),
        "Members aged 18 to 64 with a works answer; numerator: works = yes.",
        _("{first} of people of working age were in work before, and {second} after six months."),
    ),
    Indicator(
        "p_child_out_of_school",
        "person",
        _("Children not attending school"),
        "Members aged 6 to 17 with an in_school answer; numerator: in_school = no.",
        _(
            "The share of children not attending school went from {first} to {second} after "
            "six months."
        ),
    ),
    Indicator(
        "p_bank_account",
        "person",
        _("Adults with a bank account"),
        "Members aged 18 or over with a bank_account answer; numerator: yes.",
        _("Access to a bank account went from {first} to {second} after six months."),
    ),
    Indicator(
        "p_below_poverty",
        "person",
        _("People below the poverty line"),
        "Denominator: the members of households that answered the round; numerator: the "
        "members of those households counted in hh_poverty.",
        _(
            "The share of people with an income below the poverty line went from {first} to "
            "{second} after six months."
        ),
    ),
)


def bracket_indicator(bracket: Bracket) -> Indicator:
    upper = (
        "above"
        if bracket.high is None
        else f"to {bracket.high} ({'included' if bracket.high_included else 'excluded'})"
    )
    return Indicator(
        f"hh_income_{bracket.code}",
        "household",
        _("Households with a monthly income from work in the bracket %(code)s")
        % {"code": bracket.code.replace("_", " ")},
        f"The household's total income (the sum of its members' income in the round, empty "
        f"counts as 0) from {bracket.low} {upper}. Denominator: households that answered "
        "the round.",
    )


def indicator_list(measures: Measures) -> list[Indicator]:
    """Every indicator, in the order of the command's output and the report."""
    return [*FIXED, *(bracket_indicator(b) for b in measures.brackets), *PERSON]


def indicators_compute(
    rows: Iterable[AnswerRow],
    sizes: Mapping[int | str, int],
    measures: Measures,
    rounds: Sequence[str] = ROUNDS,
) -> list[Value]:
    """Every indicator for every round, over `rows` (already limited to the period).

    `sizes`: each household's number of members; a household missing from it counts the
    members who answered.
    """
    by_round: dict[str, dict[int | str, list[AnswerRow]]] = {r: {} for r in rounds}
    for row in rows:
        households = by_round.get(row.round)
        if households is not None:
            households.setdefault(row.household, []).append(row)
    values: dict[tuple[str, str], Value] = {}
    for round_code in rounds:
        counts = _round_counts(by_round[round_code], sizes, measures)
        for code, (numerator, denominator) in counts.items():
            values[code, round_code] = Value(code, round_code, numerator, denominator)
    return [values[i.code, r] for i in indicator_list(measures) for r in rounds]


def _round_counts(
    households: Mapping[int | str, list[AnswerRow]],
    sizes: Mapping[int | str, int],
    measures: Measures,
) -> dict[str, tuple[int, int]]:
    n = dict.fromkeys(("adult", "formal", "sat", "sat_d", "all_school", "out", "school_d"), 0)
    n |= {"bank": 0, "poor": 0, "people": 0, "poor_people": 0}
    n |= {"work_d": 0, "work": 0, "child_d": 0, "child_out": 0, "pbank_d": 0, "pbank": 0}
    brackets = {b.code: 0 for b in measures.brackets}
    for household, members in households.items():
        size = sizes.get(household) or len({m.member for m in members})
        total = Decimal(0)
        adult = formal = bank = satisfied = sat_answered = out = False
        school_answers = 0
        for m in members:
            age = m.age
            total += m.income or 0
            adult = adult or (m.works is True and age >= ADULT_AGE)
            formal = formal or m.formal is True
            bank = bank or m.bank_account is True
            if m.works is True and m.job_satisfied is not None:
                sat_answered = True
                satisfied = satisfied or m.job_satisfied
            if SCHOOL_AGE[0] <= age <= SCHOOL_AGE[1] and m.in_school is not None:
                school_answers += 1
                out = out or not m.in_school
                n["child_d"] += 1
                n["child_out"] += not m.in_school
            if WORKING_AGE[0] <= age <= WORKING_AGE[1] and m.works is not None:
                n["work_d"] += 1
                n["work"] += m.works
            if age >= ADULT_AGE and m.bank_account is not None:
                n["pbank_d"] += 1
                n["pbank"] += m.bank_account
        poor = total / size < measures.poverty_line
        n["adult"] += adult
        n["formal"] += formal
        n["bank"] += bank
        n["sat_d"] += sat_answered
        n["sat"] += satisfied
        n["school_d"] += school_answers > 0
        n["all_school"] += school_answers > 0 and not out
        n["out"] += out
        n["poor"] += poor
        n["people"] += size
        n["poor_people"] += size if poor else 0
        for bracket in measures.brackets:
            if bracket.holds(total):
                brackets[bracket.code] += 1
                break
    answered = len(households)
    counts = {
        "hh_adult_working": (n["adult"], answered),
        "hh_formal_work": (n["formal"], answered),
        "hh_no_formal_work": (answered - n["formal"], answered),
        "hh_job_satisfied": (n["sat"], n["sat_d"]),
        "hh_children_all_in_school": (n["all_school"], n["school_d"]),
        "hh_child_out_of_school": (n["out"], n["school_d"]),
        "hh_bank_account": (n["bank"], answered),
        "hh_poverty": (n["poor"], answered),
        "p_working_age_employed": (n["work"], n["work_d"]),
        "p_child_out_of_school": (n["child_out"], n["child_d"]),
        "p_bank_account": (n["pbank"], n["pbank_d"]),
        "p_below_poverty": (n["poor_people"], n["people"]),
    }
    for code, count in brackets.items():
        counts[f"hh_income_{code}"] = (count, answered)
    return counts


def definitions_markdown(measures: Measures) -> str:
    """The indicator table of docs/monitoring.md, from the definitions above."""
    lines = ["| Code | Level | Definition |", "|---|---|---|"]
    lines += [f"| `{i.code}` | {i.level} | {i.definition} |" for i in indicator_list(measures)]
    return "\n".join(lines) + "\n"

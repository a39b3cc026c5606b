"""The outcome indicators: each one's definition, written once, and their computation.

Pure Python (no database): `indicators_from` takes households' answers reduced by round
(`HouseholdRound`, member_rules: the database reduces a year's answers where they are stored)
and the programme's poverty line and income brackets, and returns every indicator for every
round; `indicators_compute` does the same from members' answers (`AnswerRow`). The command
(`arraigo indicators`), the results report, its downloads and docs/monitoring.md
(`definitions_markdown`) all read these definitions.

A household answered a round if at least one of its members has a row in that round; its
size is its number of members (as in `arraigo export people`). Ages are full years at the
interview date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .member_rules import RULE_INDEX, AnswerRow, HouseholdRound, summarise

ROUNDS = ("baseline", "month1", "month6", "month12")


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
    """Every indicator for every round, over members' answers (already limited to the
    period). `sizes`: each household's number of members; a household missing from it
    counts the members who answered."""
    return indicators_from(summarise(rows, sizes), measures, rounds)


def indicators_from(
    households: Iterable[HouseholdRound], measures: Measures, rounds: Sequence[str] = ROUNDS
) -> list[Value]:
    """Every indicator for every round, from households' answers reduced by round
    (member_rules): the household and person definitions above, counted."""
    by_round: dict[str, list[HouseholdRound]] = {r: [] for r in rounds}
    for household in households:
        if household.round in by_round:
            by_round[household.round].append(household)
    values: dict[tuple[str, str], Value] = {}
    for round_code in rounds:
        for code, (numerator, denominator) in _round_counts(by_round[round_code], measures).items():
            values[code, round_code] = Value(code, round_code, numerator, denominator)
    return [values[i.code, r] for i in indicator_list(measures) for r in rounds]


def _round_counts(
    households: list[HouseholdRound], measures: Measures
) -> dict[str, tuple[int, int]]:
    # one column per member rule: how many members meet it, household by household
    # (no household: no column, every count 0)
    transposed = zip(*(h.counts for h in households), strict=True)
    columns = dict(zip(RULE_INDEX, transposed, strict=False))

    def households_with(rule: str) -> int:
        return sum(map(bool, columns.get(rule, ())))

    def people(rule: str) -> int:
        return sum(columns.get(rule, ()))

    school = columns.get("child_school_answer", ())
    out = columns.get("child_out_of_school", ())
    all_school = sum(1 for answers, outs in zip(school, out, strict=True) if answers and not outs)
    poor = poor_people = people_answered = 0
    brackets = dict.fromkeys((b.code for b in measures.brackets), 0)
    for h in households:
        size = h.size or h.answered
        people_answered += size
        if h.income / size < measures.poverty_line:
            poor += 1
            poor_people += size
        for bracket in measures.brackets:
            if bracket.holds(h.income):
                brackets[bracket.code] += 1
                break
    answered = len(households)
    formal = households_with("formal")
    counts = {
        "hh_adult_working": (households_with("adult_works"), answered),
        "hh_formal_work": (formal, answered),
        "hh_no_formal_work": (answered - formal, answered),
        "hh_job_satisfied": (
            households_with("works_satisfied"),
            households_with("works_rated_job"),
        ),
        "hh_children_all_in_school": (all_school, households_with("child_school_answer")),
        "hh_child_out_of_school": (
            households_with("child_out_of_school"),
            households_with("child_school_answer"),
        ),
        "hh_bank_account": (households_with("bank"), answered),
        "hh_poverty": (poor, answered),
        "p_working_age_employed": (people("working_age_works"), people("working_age_work_answer")),
        "p_child_out_of_school": (people("child_out_of_school"), people("child_school_answer")),
        "p_bank_account": (people("adult_bank"), people("adult_bank_answer")),
        "p_below_poverty": (poor_people, people_answered),
    }
    for code, count in brackets.items():
        counts[f"hh_income_{code}"] = (count, answered)
    return counts


def definitions_markdown(measures: Measures) -> str:
    """The indicator table of docs/monitoring.md, from the definitions above."""
    lines = ["| Code | Level | Definition |", "|---|---|---|"]
    lines += [f"| `{i.code}` | {i.level} | {i.definition} |" for i in indicator_list(measures)]
    return "\n".join(lines) + "\n"

"""Every indicator on a hand-made set of answers equals its hand-computed value
(known_answers.py), with no database."""

from __future__ import annotations

from decimal import Decimal

from arraigo.monitoring.indicators import (
    ROUNDS,
    AnswerRow,
    Bracket,
    Measures,
    indicator_list,
    indicators_compute,
)

from .known_answers import ANSWERS, EXPECTED, HOUSEHOLDS, PERIOD

MEASURES = Measures(
    poverty_line=Decimal(2300),
    brackets=(
        Bracket("under_4000", Decimal(0), Decimal(4000)),
        Bracket("4000_7999", Decimal(4000), Decimal(8000)),
        Bracket("8000_11300", Decimal(8000), Decimal(11300), high_included=True),
        Bracket("over_11300", Decimal(11300), None),
    ),
)


def _rows() -> list[AnswerRow]:
    born = {(h, m): day for h, (_size, members) in HOUSEHOLDS.items() for m, day in members}
    return [
        AnswerRow(h, m, r, day, born[h, m], *answers)
        for h, m, r, day, *answers in ANSWERS
        if PERIOD[0] <= day <= PERIOD[1]
    ]


def test_every_indicator_equals_its_hand_computed_value():
    sizes = {h: size for h, (size, _members) in HOUSEHOLDS.items()}
    values = indicators_compute(_rows(), sizes, MEASURES)
    found = {(v.code, v.round): (v.numerator, v.denominator) for v in values}
    expected = {
        (i.code, r): EXPECTED.get((i.code, r), (0, 0))
        for i in indicator_list(MEASURES)
        for r in ROUNDS
    }
    assert found == expected


def test_the_output_lists_every_code_for_every_round_in_order():
    values = indicators_compute([], {}, MEASURES)
    codes = [v.code for v in values[:: len(ROUNDS)]]
    assert codes == [
        "hh_adult_working",
        "hh_formal_work",
        "hh_no_formal_work",
        "hh_job_satisfied",
        "hh_children_all_in_school",
        "hh_child_out_of_school",
        "hh_bank_account",
        "hh_poverty",
        "hh_income_under_4000",
        "hh_income_4000_7999",
        "hh_income_8000_11300",
        "hh_income_over_11300",
        "p_working_age_employed",
        "p_child_out_of_school",
        "p_bank_account",
        "p_below_poverty",
    ]
    assert [v.round for v in values[:4]] == ["baseline", "month1", "month6", "month12"]
    assert all(v.value is None for v in values)


def test_value_is_the_share_and_none_without_a_denominator():
    values = {(v.code, v.round): v for v in indicators_compute(_rows(), {}, MEASURES)}
    assert values["hh_job_satisfied", "month6"].value == 2 / 3
    assert values["hh_job_satisfied", "month1"].value is None


def test_a_household_missing_from_the_sizes_counts_the_members_who_answered():
    # H3 has 4 members but 3 answered: 11300 / 3 = 3766.67, still not poor; H1 3 of 3.
    values = {(v.code, v.round): v for v in indicators_compute(_rows(), {}, MEASURES)}
    assert (
        values["p_below_poverty", "month6"].numerator,
        values["p_below_poverty", "month6"].denominator,
    ) == (6, 9)


def test_a_bracket_includes_its_top_only_when_it_says_so():
    closed = Bracket("x", Decimal(8000), Decimal(11300), high_included=True)
    open_ = Bracket("y", Decimal(4000), Decimal(8000))
    assert closed.holds(Decimal(11300)) and not closed.holds(Decimal("11300.01"))
    assert open_.holds(Decimal(4000)) and not open_.holds(Decimal(8000))

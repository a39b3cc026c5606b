"""A small hand-made set of answers whose indicators are computed by hand (the comments).

Period 2025-07-01 to 2026-12-31. Six-month interviews on 2026-06-30 for four households:
- H1, 3 members: an adult (30) in formal work earning 6000, satisfied, banked; an adult (28)
  not working, not banked; a child (10) in school. 6000 / 3 = 2000 < 2300: poor.
- H2, 2 members: an adult (40) in informal work earning 3000, not satisfied, not banked; a
  child (15) out of school. 3000 / 2 = 1500: poor.
- H3, 4 members (one did not answer): an adult (50) in formal work earning 11300 (the top of
  its bracket, included), satisfied, banked; a 17-year-old in school, not working (not of
  working age); a child of exactly 6 in school. 11300 / 4 = 2825: not poor.
- H4, 1 member: 65, works (no satisfaction answer), no income, banked. 0: poor.
Baseline: H1's head on 2025-12-01, not working, not banked. One month: H2's head, dated
2025-06-10, outside the period.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

SIX = dt.date(2026, 6, 30)
PERIOD = (dt.date(2025, 7, 1), dt.date(2026, 12, 31))

# household -> (size, [(member, birth date)])
HOUSEHOLDS: dict[str, tuple[int, list[tuple[int, dt.date]]]] = {
    "H1": (3, [(1, dt.date(1996, 1, 1)), (2, dt.date(1998, 1, 1)), (3, dt.date(2016, 1, 1))]),
    "H2": (2, [(1, dt.date(1986, 1, 1)), (2, dt.date(2011, 1, 1))]),
    "H3": (
        4,
        [
            (1, dt.date(1976, 1, 1)),
            (2, dt.date(2008, 7, 1)),
            (3, dt.date(2020, 6, 30)),
            (4, dt.date(2019, 1, 1)),
        ],
    ),
    "H4": (1, [(1, dt.date(1961, 1, 1))]),
}

Y, N = True, False
# (household, member, round, date, works, formal, income, job_satisfied, in_school, bank)
ANSWERS: list[tuple[Any, ...]] = [
    ("H1", 1, "month6", SIX, Y, Y, Decimal(6000), Y, None, Y),
    ("H1", 2, "month6", SIX, N, None, None, None, None, N),
    ("H1", 3, "month6", SIX, None, None, None, None, Y, None),
    ("H2", 1, "month6", SIX, Y, N, Decimal(3000), N, None, N),
    ("H2", 2, "month6", SIX, None, None, None, None, N, None),
    ("H3", 1, "month6", SIX, Y, Y, Decimal(11300), Y, None, Y),
    ("H3", 2, "month6", SIX, N, None, None, None, Y, None),
    ("H3", 3, "month6", SIX, None, None, None, None, Y, None),
    ("H4", 1, "month6", SIX, Y, N, None, None, None, Y),
    ("H1", 1, "baseline", dt.date(2025, 12, 1), N, N, None, None, None, N),
    ("H2", 1, "month1", dt.date(2025, 6, 10), Y, Y, Decimal(9000), Y, None, Y),
]

# (code, round) -> (numerator, denominator), by hand; every other round has 0 / 0.
EXPECTED: dict[tuple[str, str], tuple[int, int]] = {
    ("hh_adult_working", "month6"): (4, 4),
    ("hh_formal_work", "month6"): (2, 4),
    ("hh_no_formal_work", "month6"): (2, 4),
    ("hh_job_satisfied", "month6"): (2, 3),
    ("hh_children_all_in_school", "month6"): (2, 3),
    ("hh_child_out_of_school", "month6"): (1, 3),
    ("hh_bank_account", "month6"): (3, 4),
    ("hh_poverty", "month6"): (3, 4),
    ("hh_income_under_4000", "month6"): (2, 4),
    ("hh_income_4000_7999", "month6"): (1, 4),
    ("hh_income_8000_11300", "month6"): (1, 4),
    ("hh_income_over_11300", "month6"): (0, 4),
    ("p_working_age_employed", "month6"): (3, 4),
    ("p_child_out_of_school", "month6"): (1, 4),
    ("p_bank_account", "month6"): (3, 5),
    ("p_below_poverty", "month6"): (6, 10),
    ("hh_adult_working", "baseline"): (0, 1),
    ("hh_formal_work", "baseline"): (0, 1),
    ("hh_no_formal_work", "baseline"): (1, 1),
    ("hh_bank_account", "baseline"): (0, 1),
    ("hh_poverty", "baseline"): (1, 1),
    ("hh_income_under_4000", "baseline"): (1, 1),
    ("hh_income_4000_7999", "baseline"): (0, 1),
    ("hh_income_8000_11300", "baseline"): (0, 1),
    ("hh_income_over_11300", "baseline"): (0, 1),
    ("p_working_age_employed", "baseline"): (0, 1),
    ("p_bank_account", "baseline"): (0, 1),
    ("p_below_poverty", "baseline"): (3, 3),
}

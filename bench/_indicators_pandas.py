"""The indicators computed with plain pandas, as a reference for bench/indicators.py: one read
of the period's answers joined to birth dates and household sizes, then grouped frames. Only
the poverty line and the brackets come from the programme (monitoring.yaml); every rule is
written again here from issue 12's text, so agreement with `arraigo indicators` is a check.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import connection

from arraigo.monitoring.programme import monitoring_rules

ROUNDS = ("baseline", "month1", "month6", "month12")
SQL = """
SELECT a.household_id, a.round, a.date, p.date_of_birth, h.size, a.works, a.formal,
       a.income, a.job_satisfied, a.in_school, a.bank_account
FROM monitoring_followupanswer a
JOIN registry_person p ON p.id = a.person_id
JOIN registry_household h ON h.id = a.household_id
WHERE a.date >= %s AND a.date <= %s
"""
COLUMNS = [
    "household",
    "round",
    "date",
    "born",
    "size",
    "works",
    "formal",
    "income",
    "job_satisfied",
    "in_school",
    "bank_account",
]


def _read(date_from: str, date_to: str) -> pd.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(SQL, [date_from, date_to])
        frame = pd.DataFrame(cursor.fetchall(), columns=COLUMNS)
    day, born = pd.to_datetime(frame["date"]), pd.to_datetime(frame["born"])
    before = (day.dt.month * 100 + day.dt.day) < (born.dt.month * 100 + born.dt.day)
    frame["age"] = day.dt.year - born.dt.year - before.astype(int)
    frame["income"] = pd.to_numeric(frame["income"]).fillna(0)
    for column in ("works", "formal", "job_satisfied", "in_school", "bank_account"):
        values = pd.to_numeric(frame[column])
        frame[column + "_yes"] = values == 1
        frame[column + "_no"] = values == 0
    return frame


def _round(frame: pd.DataFrame) -> dict[str, tuple[int, int]]:
    measures = monitoring_rules().measures
    line = float(measures.poverty_line)
    age = frame["age"]
    adult, child = age >= 18, age.between(6, 17)
    answered_child = child & (frame["in_school_yes"] | frame["in_school_no"])
    flags = pd.DataFrame(
        {
            "household": frame["household"],
            "adult": frame["works_yes"] & adult,
            "formal": frame["formal_yes"],
            "bank": frame["bank_account_yes"],
            "sat_d": frame["works_yes"] & (frame["job_satisfied_yes"] | frame["job_satisfied_no"]),
            "sat": frame["works_yes"] & frame["job_satisfied_yes"],
            "school_d": answered_child,
            "out": answered_child & frame["in_school_no"],
        }
    )
    homes = flags.groupby("household").any()
    money = frame.groupby("household").agg(total=("income", "sum"), size=("size", "first"))
    poor = money["total"] < line * money["size"]
    answered = len(homes)
    counts = {
        "hh_adult_working": (int(homes["adult"].sum()), answered),
        "hh_formal_work": (int(homes["formal"].sum()), answered),
        "hh_no_formal_work": (answered - int(homes["formal"].sum()), answered),
        "hh_job_satisfied": (int(homes["sat"].sum()), int(homes["sat_d"].sum())),
        "hh_children_all_in_school": (
            int((homes["school_d"] & ~homes["out"]).sum()),
            int(homes["school_d"].sum()),
        ),
        "hh_child_out_of_school": (int(homes["out"].sum()), int(homes["school_d"].sum())),
        "hh_bank_account": (int(homes["bank"].sum()), answered),
        "hh_poverty": (int(poor.sum()), answered),
    }
    total = money["total"]
    left = pd.Series(True, index=total.index)  # a household counts in its first bracket
    for bracket in measures.brackets:
        inside = left & (total >= float(bracket.low))
        if bracket.high is not None:
            high = float(bracket.high)
            inside &= (total <= high) if bracket.high_included else (total < high)
        counts[f"hh_income_{bracket.code}"] = (int(inside.sum()), answered)
        left &= ~inside
    working_age = age.between(18, 64) & (frame["works_yes"] | frame["works_no"])
    banked = adult & (frame["bank_account_yes"] | frame["bank_account_no"])
    counts |= {
        "p_working_age_employed": (
            int((working_age & frame["works_yes"]).sum()),
            int(working_age.sum()),
        ),
        "p_child_out_of_school": (
            int((answered_child & frame["in_school_no"]).sum()),
            int(answered_child.sum()),
        ),
        "p_bank_account": (int((banked & frame["bank_account_yes"]).sum()), int(banked.sum())),
        "p_below_poverty": (int(money["size"][poor].sum()), int(money["size"].sum())),
    }
    return counts


def compute(date_from: str, date_to: str) -> list[dict[str, Any]]:
    frame = _read(date_from, date_to)
    out = []
    for round_code in ROUNDS:
        part = frame[frame["round"] == round_code]
        for code, (numerator, denominator) in _round(part).items():
            out.append(
                {
                    "code": code,
                    "round": round_code,
                    "numerator": numerator,
                    "denominator": denominator,
                }
            )
    return out

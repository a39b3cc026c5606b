"""The demo's survey history: baseline, one-month and six-month interviews of past cohorts.

Who answers which round:
- baseline: every household that reached profiling, on the day it was profiled;
- month1: households whose start (arrival in the host city, or for households supported where
  they live the start of their plan: the outcomes' `placed_on`, which the demo's integration
  plans start on) is at least 45 days before the demo's day, on a day 21 to 45 days after it;
- month6: households at least 210 days after their start, 150 to 210 days after it.
Some households skip a round (NON_RESPONSE). The answers come from the hidden truth in
survey_truth.py; formal work at one and six months follows the placement outcomes drawn by
outcome_history.py, so a household with someone in formal work at six months there answers
formal = yes for exactly that many members, and no other household does.

Rows are built by monitoring.rows (the builders the monitoring services use) and inserted in
bulk, source "demo", recorded in the evening of the interview's day by nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Min

from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Interview, InterviewMode
from arraigo.monitoring.rows import followup_answer_values, interview_values
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import Person, StatusChange

from .bulk import indexes_deferred, next_id, values_insert
from .journey import ZONE
from .reference import chance, pick
from .survey_truth import FORMAL_BY_MONTH1, Case, Member, round_answers

NON_RESPONSE = 0.04
WINDOWS = {"month1": (21, 45), "month6": (150, 210)}
# Codes of the housing-tenure question, with each round's weights (secure: a written lease,
# or owned).
TENURE = {
    "baseline": {"shelter": 35, "hosted": 25, "rented_no_contract": 30, "rented_contract": 10},
    "month1": {"programme_lodging": 30, "rented_no_contract": 40, "rented_contract": 25},
    "month6": {"rented_no_contract": 55, "rented_contract": 38, "owned": 2, "hosted": 5},
}
# feels safe, can use health services, basic needs covered
WELLBEING = {
    "baseline": (0.55, 0.60, 0.35),
    "month1": (0.80, 0.85, 0.70),
    "month6": (0.88, 0.90, 0.85),
}


def _members() -> dict[int, list[Member]]:
    members: dict[int, list[Member]] = defaultdict(list)
    for pid, hid, born, willing, able in (
        Person.objects.order_by("household_id", "member_no", "id")
        .values_list("id", "household_id", "date_of_birth", "willing_to_work", "able_to_work")
        .iterator(chunk_size=5000)
    ):
        members[hid].append(Member(pid, born, bool(willing and able)))
    return members


def _cases(
    rng: random.Random, today: dt.date, members: dict[int, list[Member]]
) -> dict[str, list[Case]]:
    profiled = (
        StatusChange.objects.filter(to_status="profiled")
        .order_by()
        .values_list("household_id")
        .annotate(first=Min("changed_at"))
    )
    cases: dict[str, list[Case]] = {"baseline": [], "month1": [], "month6": []}
    for hid, at in sorted(profiled):
        if members.get(hid) and not chance(rng, NON_RESPONSE):
            cases["baseline"].append(Case(hid, at.astimezone(ZONE).date(), members[hid]))
    outcomes = PlacementOutcome.objects.order_by("household_id").values_list(
        "household_id", "placed_on", "members_employed_6m"
    )
    for hid, start, employed in outcomes:
        formal_month1 = int(employed > 0 and chance(rng, FORMAL_BY_MONTH1))
        for code, formal in (("month1", formal_month1), ("month6", employed)):
            low, high = WINDOWS[code]
            if (today - start).days < high or not members.get(hid):
                continue
            skipped = chance(rng, NON_RESPONSE)
            day = start + dt.timedelta(days=rng.randint(low, high))
            if not skipped:
                cases[code].append(Case(hid, day, members[hid], formal_members=formal))
    return cases


def survey_history_create(*, seed: int, today: dt.date) -> Counter[str]:
    """Draw and insert the demo's interviews and answers; returns how many of each."""
    rng = random.Random(f"arraigo-demo:{seed}:surveys")
    cases = _cases(rng, today, _members())
    interviews: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for code, round_cases in cases.items():
        round_answers(rng, code, round_cases)
        for case in round_cases:
            recorded = dt.datetime.combine(case.date, dt.time(19, 0), tzinfo=ZONE)
            interviews.append(_interview(rng, code, case, recorded))
            answers += [
                followup_answer_values(
                    household_id=case.household_id,
                    person_id=pid,
                    round=code,
                    date=case.date,
                    source=AnswerSource.DEMO,
                    recorded_at=recorded,
                    **fields,  # type: ignore[arg-type]
                )
                for pid, fields in case.answers.items()
            ]
    with indexes_deferred(Interview, FollowUpAnswer):
        return Counter(
            interviews=values_insert(Interview, interviews, first_id=next_id(Interview)),
            survey_answers=values_insert(FollowUpAnswer, answers, first_id=next_id(FollowUpAnswer)),
        )


def _interview(rng: random.Random, code: str, case: Case, recorded: dt.datetime) -> dict[str, Any]:
    safe, health, needs = WELLBEING[code]
    return interview_values(
        household_id=case.household_id,
        round=code,
        date=case.date,
        mode=InterviewMode.IN_PERSON
        if code == "baseline" or chance(rng, 0.3)
        else InterviewMode.PHONE,
        source=AnswerSource.DEMO,
        recorded_at=recorded,
        housing_tenure=pick(rng, TENURE[code]),
        feels_safe=chance(rng, safe),
        health_access=chance(rng, health),
        basic_needs_met=chance(rng, needs),
    )

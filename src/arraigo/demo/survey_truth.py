"""The HIDDEN ground truth of the demo's survey answers: what each member answers in a round.

Written here and nowhere else; the indicators (monitoring/indicators.py) and the outcome model
only ever see the answers. Shares are chosen so the demo's indicators come close to the
programme's published figures (seeds 003 and 004): households with an adult in work 75% at one
month and 90% at six months, formal work 8% before, about half at one month, 87% at six
months; children out of school 82% before and 10% after six months; bank accounts 29% to 59%;
poverty about 52% before, 27% at one month and 12% at six months; at six months household
income of 4,000-7,999 MXN for 37%, 8,000-11,300 for 33% and above 11,300 for 20%. A working
household earns by its place (by size) in that six-month distribution, scaled down before
(0.94) and at one month (0.98), with a little monthly luck: incomes grow as people settle.

Formal work at six months is the outcome model's ground truth (outcome_history.py): the caller
passes how many members had formal work, and exactly that many answer formal = yes. Person
shares are met by drawing the household-level facts first, then filling each member in with
the probability that brings the round's share to its target (computed from what was drawn).
Pure Python on one `random.Random`: the same cases and seed give the same answers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

ADULT = 18
WORKING_AGE = (18, 64)
SCHOOL_AGE = (6, 17)


@dataclass(frozen=True)
class RoundTruth:
    formal: float  # households with a member in formal work (month6: given by the outcomes)
    working: float  # households with an adult in work
    people_working: float  # working-age members in work
    bank: float  # adults with a bank account
    satisfied: float  # households whose workers are satisfied with their job
    all_in_school: float  # households whose children all go to school
    also_out: float  # once one child is out of school, the chance each other one is too
    # A working household's total income, as a share of what the same place in the
    # six-month distribution earns (MONTH6_INCOME): incomes grow as people settle in work.
    income_scale: float = 1.0


TRUTH = {
    "baseline": RoundTruth(0.08, 0.55, 0.40, 0.29, 0.85, 0.08, 0.70, income_scale=0.94),
    "month1": RoundTruth(0.50, 0.75, 0.62, 0.42, 0.88, 0.33, 0.50, income_scale=0.98),
    "month6": RoundTruth(0.87, 0.90, 0.87, 0.59, 0.90, 0.84, 0.15),
}
# Six months: a working household's total income by rank of size (largest earn most), drawn
# uniformly inside each bracket: (share of working households, low, high).
MONTH6_INCOME = ((0.02, 2500, 3999), (0.41, 4000, 7999), (0.35, 8000, 11300), (0.22, 11301, 19000))
# Of the formal households at six months, the share already formal at one month.
FORMAL_BY_MONTH1 = 0.58


@dataclass(frozen=True)
class Member:
    person_id: int
    born: dt.date
    able: bool  # willing and able to work

    def age(self, day: dt.date) -> int:
        born = self.born
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class Case:
    """One household answering one round, and the answers drawn for its members."""

    household_id: int
    date: dt.date
    members: list[Member]
    formal_members: int = 0  # given (six months) or drawn
    working: bool = False
    formal_ids: set[int] = field(default_factory=set)
    answers: dict[int, dict[str, object]] = field(default_factory=dict)

    def adults(self) -> list[Member]:
        return [m for m in self.members if m.age(self.date) >= ADULT]

    def in_ages(self, low: int, high: int) -> list[Member]:
        return [m for m in self.members if low <= m.age(self.date) <= high]


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def round_answers(rng: random.Random, code: str, cases: list[Case]) -> None:
    """Fill each case's `answers` (person id -> answers) for round `code`."""
    truth = TRUTH[code]
    if code == "baseline":  # later rounds: the caller gives formal_members (the outcomes)
        for case in cases:
            case.formal_members = int(rng.random() < truth.formal)
    formal_share = sum(c.formal_members > 0 for c in cases) / max(len(cases), 1)
    informal = _clip((truth.working - formal_share) / max(1e-9, 1.0 - formal_share))
    workers: dict[int, set[int]] = {}
    for case in cases:
        case.working = case.formal_members > 0 or rng.random() < informal
        workers[case.household_id] = _first_workers(rng, case)
    _more_workers(rng, truth, cases, workers)
    # The six-month ranks draw from the round's stream; the earlier rounds' from their own, so
    # adding them left every other answer of the demo as it was.
    ranks = _size_ranks(rng if code == "month6" else random.Random(f"ranks-{code}"), cases)
    for case in cases:
        working = workers[case.household_id]
        incomes = _incomes(rng, truth, case, working, ranks.get(case.household_id))
        satisfied = rng.random() < truth.satisfied
        children = case.in_ages(*SCHOOL_AGE)
        out = _out_of_school(rng, truth, children)
        for member in case.members:
            age = member.age(case.date)
            answer: dict[str, object] = {}
            if age >= ADULT:
                works = member.person_id in working
                answer = {
                    "works": works,
                    "formal": member.person_id in case.formal_ids,
                    "income": incomes.get(member.person_id, Decimal(0)),
                    "job_satisfied": _satisfied(rng, satisfied, member, working) if works else None,
                    "bank_account": rng.random() < truth.bank,
                }
            elif SCHOOL_AGE[0] <= age <= SCHOOL_AGE[1]:
                answer = {"in_school": member.person_id not in out}
            if answer:
                case.answers[member.person_id] = answer


def _ranked_adults(rng: random.Random, case: Case) -> list[Member]:
    """Adults, those able to work first (then at random); if none, the oldest members."""
    adults = case.adults() or sorted(case.members, key=lambda m: m.born)[:1]
    return sorted(adults, key=lambda m: (not m.able, rng.random()))


def _first_workers(rng: random.Random, case: Case) -> set[int]:
    """The members in formal work, or one adult in informal work, or nobody."""
    if not case.working:
        return set()
    ranked = _ranked_adults(rng, case)
    count = max(1, min(case.formal_members, len(ranked)))
    chosen = {m.person_id for m in ranked[:count]}
    if case.formal_members:
        case.formal_members = count
        case.formal_ids = set(chosen)
    return chosen


def _more_workers(
    rng: random.Random, truth: RoundTruth, cases: list[Case], workers: dict[int, set[int]]
) -> None:
    """Other working-age adults of working households join at the rate that brings the share
    of working-age members in work to the round's figure."""
    total = forced = 0
    candidates: list[tuple[Case, Member]] = []
    for case in cases:
        for member in case.in_ages(*WORKING_AGE):
            total += 1
            if member.person_id in workers[case.household_id]:
                forced += 1
            elif case.working:
                candidates.append((case, member))
    rate = _clip((truth.people_working * total - forced) / max(1, len(candidates)))
    for case, member in candidates:
        if rng.random() < rate:
            workers[case.household_id].add(member.person_id)


def _out_of_school(rng: random.Random, truth: RoundTruth, children: list[Member]) -> set[int]:
    if not children or rng.random() < truth.all_in_school:
        return set()
    first = rng.randrange(len(children))
    return {
        c.person_id for i, c in enumerate(children) if i == first or rng.random() < truth.also_out
    }


def _satisfied(rng: random.Random, household: bool, member: Member, working: set[int]) -> bool:
    """In a satisfied household the first worker is satisfied, the others mostly."""
    return household and (member.person_id == min(working) or rng.random() < 0.8)


def _incomes(
    rng: random.Random, truth: RoundTruth, case: Case, working: set[int], rank: float | None
) -> dict[int, Decimal]:
    """Each worker's income: the household's total (its place in the six-month distribution,
    scaled for the round) split at random among its workers."""
    if not working or rank is None:
        return {}
    total = _bracket_total(rank) * truth.income_scale
    if truth.income_scale != 1.0:  # before six months, each household's luck that month
        total *= rng.lognormvariate(0.0, 0.08)
    weights = {pid: rng.uniform(0.6, 1.4) for pid in sorted(working)}
    whole = sum(weights.values())
    return {pid: Decimal(round(total * w / whole / 50) * 50) for pid, w in weights.items()}


def _bracket_total(rank: float) -> float:
    """The income at `rank` (0 to 1) of the six-month distribution: brackets in turn, the
    incomes inside each leaning to its upper end (square root), the last one spread evenly."""
    edge = 0.0
    last = len(MONTH6_INCOME) - 1
    for i, (share, low, high) in enumerate(MONTH6_INCOME):
        if rank < edge + share:
            place = (rank - edge) / share
            return low + (high - low) * (place if i == last else place**0.5)
        edge += share
    return float(MONTH6_INCOME[-1][2])


def _size_ranks(rng: random.Random, cases: list[Case]) -> dict[int, float]:
    """Each working household's place (0 to 1) when ordered by size, with a little noise:
    larger households earn more (more of them work)."""
    working = [c for c in cases if c.working]
    ordered = sorted(working, key=lambda c: len(c.members) + rng.gauss(0, 0.15))
    return {c.household_id: i / max(1, len(ordered)) for i, c in enumerate(ordered)}

"""The demo's jobs: placements that agree with the follow-up history.

For every household of the follow-up history (outcome_history: arrived in its host city on
`placed_on`, with `members_employed_6m` adults in formal work six months later), the first
that many working adults are hired 3 to 30 days after arrival and start within a week; their
job lasts past the six months, and afterwards ends with a small monthly chance (0.6%). In half
of the households with nobody in work at six months, one adult had a job that ended before
(two weeks to five months after its start). Jobs go to the vacancy of the household's accepted
offer when it named one, else to a company of the city (the demo employer's own city favours the
demo employer, so its HR account has placements to see). Nothing happens after the demo's
reference date. This gives an overall monthly turnover near the programme's 0.9%.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from arraigo.accounts.models import Role, User
from arraigo.jobs.models import ContractType, Employer, Placement, SeparationReason
from arraigo.jobs.rows import placement_row
from arraigo.jobs.turnover import add_months
from arraigo.matching.models import ProposalJob, ProposalStatus
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import Person

from .bulk import rows_insert
from .relocation_journeys import moment_on

MONTHLY_LEAVING = 0.006
EARLY_JOB_SHARE = 0.5
CONTRACTS = (
    (ContractType.INDEFINITE, 0.6),
    (ContractType.TRIAL, 0.2),
    (ContractType.FIXED_TERM, 0.15),
    (ContractType.SEASONAL, 0.05),
)
# What the seed inserts of each placement (jobs.rows.placement_row builds it).
COLUMNS = [
    "person_id", "household_id", "employer_id", "vacancy_id", "hired_on", "started_on",
    "monthly_wage_mxn", "contract_type", "imss_registered_on", "separated_on",
    "separation_reason", "separation_note", "created_by_id", "created_at", "updated_at",
]  # fmt: skip
REASONS = (
    (SeparationReason.RESIGNED, 0.45),
    (SeparationReason.CONTRACT_ENDED, 0.2),
    (SeparationReason.MOVED_AWAY, 0.2),
    (SeparationReason.DISMISSED, 0.1),
    (SeparationReason.OTHER, 0.05),
)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class _Hiring:
    def __init__(self, rng: random.Random, today: dt.date, demo_employer: Employer | None):
        self.rng, self.today, self.demo_employer = rng, today, demo_employer
        self.employers: dict[int, list[Employer]] = defaultdict(list)
        for employer in Employer.objects.filter(active=True).order_by("id"):
            self.employers[employer.city_id].append(employer)
        self.offered = {
            person: (vacancy, employer, wage)
            for person, vacancy, employer, wage in ProposalJob.objects.filter(
                proposal__status=ProposalStatus.ACCEPTED
            ).values_list(
                "person_id", "vacancy_id", "vacancy__employer_id", "vacancy__monthly_wage_mxn"
            )
        }
        self.recorder = {
            city: pk
            for pk, city in User.objects.filter(role=Role.HOST_CASEWORKER).values_list(
                "id", "city_id"
            )
        }
        self.fallback = (
            User.objects.filter(role=Role.EMPLOYER_LIAISON).values_list("id", flat=True).first()
        )

    def employer_for(self, person: int, city: int) -> tuple[int | None, int | None, Decimal]:
        rng = self.rng
        if person in self.offered:
            vacancy, employer, wage = self.offered[person]
            return vacancy, employer, wage
        choices = self.employers.get(city, [])
        if not choices:
            return None, None, Decimal(0)
        demo = self.demo_employer
        if demo is not None and demo.city_id == city and rng.random() < 0.5:
            chosen = demo
        else:
            chosen = rng.choice(choices)
        return None, chosen.pk, Decimal(rng.randrange(8500, 11600, 100))

    def row(
        self, person: int, household: int, city: int, arrived: dt.date, ends_before: int | None
    ) -> tuple[object, ...] | None:
        """A placement starting after `arrived`; `ends_before` months: it ends before then."""
        rng, today = self.rng, self.today
        vacancy, employer, wage = self.employer_for(person, city)
        if employer is None:
            return None
        hired = arrived + dt.timedelta(days=rng.randint(3, 30))
        if hired > today:
            return None
        started = min(hired + dt.timedelta(days=rng.randint(0, 7)), today)
        imss = started + dt.timedelta(days=rng.randint(0, 10)) if rng.random() < 0.95 else None
        ended: dt.date | None = None
        if ends_before is not None:
            low = started + dt.timedelta(days=14)
            high = add_months(started, ends_before) - dt.timedelta(days=1)
            ended = low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))
        else:
            month = add_months(started, 6)
            while month <= today:
                if rng.random() < MONTHLY_LEAVING:
                    ended = month + dt.timedelta(days=rng.randint(0, 27))
                    break
                month = add_months(month, 1)
        if ended is not None and ended > today:
            ended = None
        if imss is not None and imss > today:
            imss = None
        created = moment_on(rng, hired)
        contract = _pick(rng, CONTRACTS)
        reason = _pick(rng, REASONS) if ended else ""
        placement = placement_row(
            person=Person(pk=person, household_id=household),
            employer_id=employer,
            vacancy_id=vacancy,
            hired_on=hired,
            started_on=started,
            monthly_wage_mxn=wage,
            contract_type=contract,
            created_by_id=self.recorder.get(city, self.fallback),
            imss_registered_on=imss,
            separated_on=ended,
            separation_reason=reason,
        )
        placement.created_at = placement.updated_at = created
        return tuple(getattr(placement, column) for column in COLUMNS)


def placements_create(*, seed: int, today: dt.date, demo_employer: Employer | None) -> int:
    """Insert the demo's placements; returns how many."""
    rng = random.Random(f"arraigo-demo:{seed}:placements")
    workers: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pk, household, born in (
        Person.objects.filter(willing_to_work=True, able_to_work=True)
        .order_by("household_id", "id")
        .values_list("id", "household_id", "date_of_birth")
    ):
        workers[household].append((pk, born))
    hiring = _Hiring(rng, today, demo_employer)
    rows = []
    for household, city, arrived, employed in PlacementOutcome.objects.order_by(
        "household_id"
    ).values_list("household_id", "city_id", "placed_on", "members_employed_6m"):
        adults = [p for p, born in workers.get(household, []) if _age(born, arrived) >= 18]
        chosen: list[tuple[int, int | None]] = []
        if employed:
            chosen = [(p, None) for p in adults[:employed]]
        elif adults and rng.random() < EARLY_JOB_SHARE:
            chosen = [(adults[0], rng.randint(2, 5))]
        for person, ends_before in chosen:
            row = hiring.row(person, household, city, arrived, ends_before)
            if row is not None:
                rows.append(row)
    return rows_insert(Placement, COLUMNS, rows)

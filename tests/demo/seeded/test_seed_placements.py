"""The demo's placements agree with its follow-up history and give a realistic turnover."""

import datetime as dt

import pytest

from arraigo.demo.seed import SeedResult
from arraigo.jobs.models import Placement
from arraigo.jobs.turnover import Spell, add_months, month_turnover, months_back
from arraigo.outcomes.models import PlacementOutcome

pytestmark = pytest.mark.django_db


def test_every_job_starts_after_arrival_and_before_the_reference_day(seeded: SeedResult):
    arrived = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    today = seeded.dataset.reference_date
    placements = list(Placement.objects.all())

    assert placements
    for p in placements:
        assert arrived[p.household_id] < p.hired_on <= p.started_on <= today
        assert p.separated_on is None or p.started_on <= p.separated_on <= today
        assert p.person.household_id == p.household_id


def test_households_in_work_at_six_months_have_that_many_jobs_then(seeded: SeedResult):
    """Where six months have passed, the jobs open on that day are the follow-up's count,
    unless the household has fewer working adults or its city no company."""
    today = seeded.dataset.reference_date
    checked = 0
    for household, arrived, employed in PlacementOutcome.objects.values_list(
        "household_id", "placed_on", "members_employed_6m"
    ):
        mark = add_months(arrived, 6) + dt.timedelta(days=45)  # hired within 30, started in 7
        if mark > today or employed == 0:
            continue
        jobs = Placement.objects.filter(household_id=household, started_on__lte=mark)
        working = [j for j in jobs if j.separated_on is None or j.separated_on >= mark]
        assert len(working) <= employed
        checked += bool(working)
    assert checked > 20


def test_monthly_turnover_is_near_the_programmes(seeded: SeedResult):
    today = seeded.dataset.reference_date
    spells = [
        Spell("all", start, end)
        for start, end in Placement.objects.values_list("started_on", "separated_on")
    ]
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    months = [month_turnover(spells, m) for m in months_back(last, 6)]
    separations = sum(m.separations for m in months)
    headcount = sum(m.average_headcount for m in months)

    # The programme reports 0.9% a month; 600 households give a noisy few separations a month.
    assert 0.003 < separations / headcount < 0.03


def test_the_demo_employer_has_placements_to_see(seeded: SeedResult):
    employer = next(a for a in seeded.accounts if a.username == "demo-employer")
    assert Placement.objects.filter(employer__users__username=employer.username).count() > 0

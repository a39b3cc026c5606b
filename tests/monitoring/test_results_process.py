"""Process indicators at the edges: a milestone done before the arrival counts as day 0, one
marked not applicable is left out, cohorts are the arrival's quarter. The days are computed
by the database."""

import datetime as dt

import pytest

from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus, PlanTemplate
from arraigo.monitoring.process import process_indicators
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _plan(started_on: dt.date, city, steps: list[tuple[str, int | None]]) -> None:
    """A plan started on `started_on` with a CURP milestone per step: (status, days after
    the start it was done, or None)."""
    template, _new = PlanTemplate.objects.get_or_create(version="test-process")
    plan = IntegrationPlan.objects.create(
        household=HouseholdFactory(host_city=city),
        template=template,
        started_on=started_on,
        created_by=UserFactory(),
    )
    for status, days in steps:
        Milestone.objects.create(
            plan=plan,
            code="curp",
            title_en="CURP",
            title_es="CURP",
            due_on=started_on,
            status=status,
            evidence="seen" if status == MilestoneStatus.DONE else "",
            done_on=None if days is None else started_on + dt.timedelta(days=days),
        )


def test_days_before_the_arrival_count_as_zero_and_not_applicable_is_left_out():
    city = CityFactory(name="Saltillo")
    done = MilestoneStatus.DONE
    _plan(dt.date(2026, 3, 31), city, [(done, -12), (done, 0), (done, 4)])
    _plan(dt.date(2026, 4, 1), city, [(done, 8), (done, 16), ("pending", None)])
    _plan(dt.date(2026, 4, 2), None, [(MilestoneStatus.NOT_APPLICABLE, None)] * 6)

    process = process_indicators(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    curp = {line.code: line for line in process.overall.lines}["curp"]
    # days 0, 0, 4, 8, 16: median 4, nearest-rank 90th percentile 16
    assert (curp.done, curp.pending, curp.median, curp.p90) == (5, "<5", 4, 16)
    assert isinstance(curp.median, int)
    assert [table.group for table in process.by_cohort] == ["2026-T1", "2026-T2"]
    assert [table.group for table in process.by_city] == ["Saltillo"]
    first, second = ({line.code: line for line in t.lines}["curp"] for t in process.by_cohort)
    assert (first.done, second.done, second.pending) == ("<5", "<5", "<5")


def test_a_median_between_two_days_keeps_its_half():
    city = CityFactory(name="León")
    done = MilestoneStatus.DONE
    _plan(dt.date(2026, 5, 4), city, [(done, 2), (done, 3), (done, 5), (done, 6), (done, 9)])
    _plan(dt.date(2026, 5, 5), city, [(done, 10)])

    process = process_indicators(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    curp = {line.code: line for line in process.by_city[0].lines}["curp"]
    assert (curp.done, curp.median, curp.p90) == (6, 5.5, 10)  # (5 + 6) / 2

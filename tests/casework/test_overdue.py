"""The overdue rule of milestones (casework.models.milestone_overdue), where the plan page, the
work list, the workload and the household's plan section read it."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.casework.models import Milestone, MilestoneStatus
from arraigo.casework.selectors import WorklistFilters, plan_milestones, worklist, workload
from arraigo.casework.services import plan_open

from .conftest import World

TODAY = dt.date(2026, 10, 15)


def _one_milestone(world: World, *, due_on: dt.date, status: str) -> Milestone:
    plan = plan_open(actor=world.host, household=world.household)
    milestone = plan.milestones.order_by("position", "id").first()
    plan.milestones.exclude(pk=milestone.pk).update(due_on=dt.date(2099, 1, 1))
    evidence = "seen" if status == MilestoneStatus.DONE else ""
    done_on = TODAY if status == MilestoneStatus.DONE else None
    Milestone.objects.filter(pk=milestone.pk).update(
        due_on=due_on, status=status, evidence=evidence, done_on=done_on, responsible=world.host
    )
    return milestone


@pytest.mark.parametrize(
    ("due_on", "status", "overdue"),
    [
        (TODAY - dt.timedelta(days=1), MilestoneStatus.PENDING, True),
        (TODAY - dt.timedelta(days=1), MilestoneStatus.IN_PROGRESS, True),
        (TODAY - dt.timedelta(days=1), MilestoneStatus.BLOCKED, True),
        (TODAY, MilestoneStatus.PENDING, False),  # due today: not yet overdue
        (TODAY + dt.timedelta(days=1), MilestoneStatus.PENDING, False),
        (TODAY - dt.timedelta(days=1), MilestoneStatus.DONE, False),
        (TODAY - dt.timedelta(days=1), MilestoneStatus.NOT_APPLICABLE, False),
    ],
)
def test_a_milestone_is_overdue_when_still_open_after_its_day(
    world: World, due_on: dt.date, status: str, overdue: bool
):
    milestone = _one_milestone(world, due_on=due_on, status=status)

    flags = {m.pk: m.is_overdue for m in plan_milestones(milestone.plan, TODAY)}
    assert flags[milestone.pk] is overdue
    assert sum(flags.values()) == int(overdue)
    late = worklist(world.host, WorklistFilters(mine=True, when="overdue"), TODAY)
    assert [m.pk for m in late] == ([milestone.pk] if overdue else [])
    by_person, by_city, _counted_at = workload(world.coordinator, TODAY)
    assert sum(row.overdue for row in by_person) == int(overdue)
    assert [row.overdue for row in by_city] == [int(overdue)]


def test_the_work_list_marks_each_row_by_the_same_rule(world: World):
    milestone = _one_milestone(
        world, due_on=TODAY - dt.timedelta(days=1), status=MilestoneStatus.BLOCKED
    )

    rows = worklist(world.host, WorklistFilters(mine=True), TODAY)

    assert {m.pk: m.is_overdue for m in rows}[milestone.pk] is True
    assert sum(m.is_overdue for m in rows) == 1


def test_the_plan_page_and_the_household_section_count_the_same_overdue(
    client: Client, world: World
):
    today = timezone.localdate()
    milestone = _one_milestone(
        world, due_on=today - dt.timedelta(days=1), status=MilestoneStatus.PENDING
    )
    # one more due today: not overdue
    other = milestone.plan.milestones.exclude(pk=milestone.pk).order_by("id").first()
    Milestone.objects.filter(pk=other.pk).update(due_on=today)
    client.force_login(world.host)

    page = client.get(reverse("casework:plan_detail", args=[milestone.plan_id]))
    household = client.get(reverse("registry:household_detail", args=[world.household.pk]))

    assert page.context["overdue"] == 1
    assert page.content.decode().count('<span class="badge bad">overdue</span>') == 1
    assert "1 overdue" in household.content.decode()

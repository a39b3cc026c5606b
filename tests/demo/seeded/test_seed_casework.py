"""The demo's integration plans: one open plan per accompanied household, made from the
template, with done milestones carrying evidence and some overdue for the host caseworker."""

import datetime as dt

import pytest
from django.db.models import Count

from arraigo.casefile.models import CaseNote, CaseTransfer
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.casework.services import PLAN_STATUSES, plan_naturalisation_day
from arraigo.demo.seed import SeedResult
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import ClosureReason, Household, StatusChange

pytestmark = pytest.mark.django_db


def test_every_accompanied_household_has_one_open_plan_from_its_arrival(seeded: SeedResult):
    arrived = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    accompanied = set(
        Household.objects.filter(status__in=PLAN_STATUSES, pk__in=list(arrived)).values_list(
            "id", flat=True
        )
    )
    plans = list(IntegrationPlan.objects.values_list("household_id", "started_on", "status"))

    assert {h for h, _s, _st in plans} == accompanied
    assert len(plans) == len(accompanied)
    assert all(started == arrived[h] and status == "open" for h, started, status in plans)


def test_done_milestones_have_evidence_and_a_day_within_the_plan(seeded: SeedResult):
    today = seeded.dataset.reference_date
    done = Milestone.objects.filter(status=MilestoneStatus.DONE).select_related("plan")

    assert done.exists()
    for milestone in done:
        assert milestone.evidence
        assert milestone.plan.started_on <= milestone.done_on <= today


def test_a_host_caseworker_has_overdue_tasks(seeded: SeedResult):
    today = seeded.dataset.reference_date
    overdue = (
        Milestone.objects.filter(
            status__in=["pending", "in_progress"], due_on__lt=today, responsible__isnull=False
        )
        .values("responsible__username")
        .annotate(n=Count("id"))
    )
    assert any(row["responsible__username"] == "demo-host-saltillo" for row in overdue)


def test_every_closure_carries_its_reason_code(seeded: SeedResult):
    closures = StatusChange.objects.filter(to_status="closed").exclude(reason__startswith="merged")
    codes = set(closures.values_list("closure_reason", flat=True))

    assert closures.exists()
    assert codes <= set(ClosureReason.values)
    assert "" not in codes


def test_notes_in_both_tiers_and_transfers_waiting(seeded: SeedResult):
    tiers = set(CaseNote.objects.values_list("tier", flat=True))
    waiting = CaseTransfer.objects.filter(status="requested")

    assert tiers == {"ordinary", "protection"}
    assert waiting.count() == 2
    for transfer in waiting:
        assert transfer.household.host_city_id == transfer.from_city_id != transfer.to_city_id


def test_naturalisation_and_reunification_are_per_person_from_the_heads_card(
    seeded: SeedResult,
):
    # Issue 10, item 26: the demo's plans follow the programme's rules as data
    steps = Milestone.objects.filter(
        code__in=["naturalisation_application", "family_reunification"]
    )
    assert steps.exists()
    assert not steps.filter(person__isnull=True).exists()
    checked = 0
    for plan in IntegrationPlan.objects.select_related("household").order_by("id")[:80]:
        eligible = plan_naturalisation_day(plan)
        if eligible is None:
            continue
        due = plan.milestones.filter(code="naturalisation_application").values_list(
            "due_on", flat=True
        )
        assert set(due) == {max(plan.started_on, eligible) + dt.timedelta(days=30)}
        checked += 1
    assert checked > 0

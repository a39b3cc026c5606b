"""The shared fixture builds what the relocation tests assume."""

from arraigo.relocation.models import PlanStatus
from arraigo.relocation.selectors import plans_visible_to


def test_world_plan_is_planned_for_three_travellers(rworld):
    assert rworld.plan.status == PlanStatus.PLANNED
    assert rworld.household.members.count() == 3
    assert str(rworld.plan.arrival_due) == "2026-03-13"


def test_plans_are_scoped_by_office_and_city(rworld):
    visible = {
        name: list(plans_visible_to(getattr(rworld, name)))
        for name in (
            "coordinator",
            "auditor",
            "origin_caseworker",
            "other_origin_caseworker",
            "host_caseworker",
            "other_host_caseworker",
        )
    }

    assert visible == {
        "coordinator": [rworld.plan],
        "auditor": [rworld.plan],
        "origin_caseworker": [rworld.plan],
        "other_origin_caseworker": [],
        "host_caseworker": [rworld.plan],
        "other_host_caseworker": [],
    }

"""Row builders for casework: a new integration plan and its milestones, decided in one place.

Pure: no database access, no permission checks. plan_open builds its rows with the `*_row`
builders; the demo seed takes the stored fields from their `*_values` twins (then sets the
progress its history reached) and inserts them in bulk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arraigo.core.rows import row_builder

from .models import IntegrationPlan, Milestone, MilestoneStatus, PlanStatus
from .rules import MilestoneRule


def plan_values(
    *,
    household_id: int,
    template_id: int,
    started_on: dt.date,
    caseworker_id: int | None,
    created_by_id: int,
) -> dict[str, Any]:
    """A new, open plan."""
    return {
        "household_id": household_id,
        "template_id": template_id,
        "started_on": started_on,
        "status": PlanStatus.OPEN,
        "caseworker_id": caseworker_id,
        "created_by_id": created_by_id,
    }


plan_row = row_builder(IntegrationPlan, plan_values)


def milestone_values(
    *,
    plan_id: int,
    rule: MilestoneRule,
    person_id: int | None,
    position: int,
    due_on: dt.date,
    responsible_id: int | None,
) -> dict[str, Any]:
    """A milestone of `rule` (its code and titles, as the template had them), to do."""
    return {
        "plan_id": plan_id,
        "person_id": person_id,
        "code": rule.code,
        "title_en": rule.title_en,
        "title_es": rule.title_es,
        "position": position,
        "due_on": due_on,
        "status": MilestoneStatus.PENDING,
        "responsible_id": responsible_id,
    }


milestone_row = row_builder(Milestone, milestone_values)

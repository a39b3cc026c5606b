"""Row builders for casework: a new integration plan and its milestones, decided in one place.

Pure: no database access, no permission checks. plan_open builds its rows with them; the
demo seed builds its plans and milestones with the same functions (then sets the progress its
history reached) and inserts them in bulk.
"""

from __future__ import annotations

import datetime as dt

from .models import IntegrationPlan, Milestone, MilestoneStatus, PlanStatus
from .rules import MilestoneRule


def plan_row(
    *,
    household_id: int,
    template_id: int,
    started_on: dt.date,
    caseworker_id: int | None,
    created_by_id: int,
) -> IntegrationPlan:
    """A new, open plan (unsaved)."""
    return IntegrationPlan(
        household_id=household_id,
        template_id=template_id,
        started_on=started_on,
        status=PlanStatus.OPEN,
        caseworker_id=caseworker_id,
        created_by_id=created_by_id,
    )


def milestone_row(
    *,
    plan_id: int,
    rule: MilestoneRule,
    person_id: int | None,
    position: int,
    due_on: dt.date,
    responsible_id: int | None,
) -> Milestone:
    """A milestone of `rule` (its code and titles, as the template had them), to do."""
    return Milestone(
        plan_id=plan_id,
        person_id=person_id,
        code=rule.code,
        title_en=rule.title_en,
        title_es=rule.title_es,
        position=position,
        due_on=due_on,
        status=MilestoneStatus.PENDING,
        responsible_id=responsible_id,
    )

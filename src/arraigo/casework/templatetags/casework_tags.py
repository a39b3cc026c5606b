"""The integration plan section of a household's case page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from arraigo.registry.models import Household

from ..models import MilestoneStatus, milestone_overdue
from ..selectors import household_plan
from ..services import PLAN_STATUSES

register = template.Library()


@register.inclusion_tag("casework/includes/household_plan.html", takes_context=True)
def household_plan_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm("casework.view_integrationplan"):
        return {"shown": False}
    plan = household_plan(user, household.pk)
    counts = {}
    if plan is not None:
        counts = plan.milestones.aggregate(
            total=Count("id"),
            done=Count("id", filter=Q(status=MilestoneStatus.DONE)),
            overdue=Count("id", filter=milestone_overdue(timezone.localdate())),
        )
    return {
        "shown": True,
        "household": household,
        "plan": plan,
        "counts": counts,
        "can_open": user.has_perm("casework.add_integrationplan")
        and household.status in PLAN_STATUSES
        and (plan is None or plan.status != "open"),
    }

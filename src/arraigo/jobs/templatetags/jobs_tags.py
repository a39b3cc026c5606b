"""The placements section of a household's case page."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.registry.models import Household

from ..selectors_placements import IN_CITY, household_placements

register = template.Library()


@register.inclusion_tag("jobs/includes/household_placements.html", takes_context=True)
def household_placements_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm("jobs.view_placement"):
        return {"shown": False}
    return {
        "shown": True,
        "household": household,
        "placements": household_placements(user, household.pk),
        "can_hire": user.has_perm("jobs.add_placement") and household.status in IN_CITY,
    }

"""Sections other apps' pages include: a household's placements, a city's employers.

The pages of registry and places (below jobs) show jobs' data through these tags, so
those apps import nothing from jobs."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.places.models import City
from arraigo.registry.models import Household

from ..selectors import employers_with_open_seats
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


@register.inclusion_tag("jobs/includes/city_employers.html", takes_context=True)
def city_employers_section(context: dict[str, Any], city: City) -> dict[str, Any]:
    """The employers with open seats in `city`, for the city page (places)."""
    user = context["request"].user
    if not user.has_perm("jobs.view_employer"):
        return {"shown": False}
    return {"shown": True, "employers": list(employers_with_open_seats(user, city=city))}

"""The follow-up surveys section of a household's case page (the registry's page includes it
by name, so registry imports nothing from monitoring)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from arraigo.registry.models import Household

from ..due import VIEW_PERM
from ..due_household import household_rounds
from ..services import interview_may_record

register = template.Library()


@register.inclusion_tag("monitoring/includes/household_surveys.html", takes_context=True)
def household_surveys_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm(VIEW_PERM):
        return {"shown": False}
    surveys = household_rounds(household, timezone.localdate())
    return {
        "shown": True,
        "household": household,
        "rounds": surveys.rounds,
        "declined": surveys.declined,
        "can_enter": interview_may_record(user, household),
    }

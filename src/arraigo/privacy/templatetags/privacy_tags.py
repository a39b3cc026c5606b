"""The erasure section of a household's page (the registry does not import this app)."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.registry.models import Household

from ..selectors import household_erasure_state

register = template.Library()


@register.inclusion_tag("privacy/includes/household_erasure.html", takes_context=True)
def household_erasure_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    """Erased, waiting, or the button to ask (coordinators). The page has fetched `household`
    within the user's scope."""
    user = context["request"].user
    may_see = user.has_perm("privacy.view_erasurerequest")
    waiting, record = household_erasure_state(household) if may_see else (None, None)
    return {
        "household": household,
        "record": record,
        "waiting": waiting,
        "may_see": may_see,
        "may_request": user.has_perm("privacy.request_erasure"),
    }

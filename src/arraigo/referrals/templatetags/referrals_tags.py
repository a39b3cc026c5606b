"""The referrals section of a household's case page."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.registry.models import Household

from ..selectors import household_referrals

register = template.Library()


@register.inclusion_tag("referrals/includes/household_referrals.html", takes_context=True)
def household_referrals_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm("referrals.view_referral"):
        return {"shown": False}
    return {
        "shown": True,
        "household": household,
        "referrals": household_referrals(user, household.pk),
        "can_refer": user.has_perm("referrals.add_referral"),
    }

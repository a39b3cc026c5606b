"""The cash-grant section of a household's case page, for households supported where they live
(a relocation's grant is on its trip's page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Household

from ..rules import rules_current
from ..selectors import grants_visible_to
from ..services.grant_checks import has_open_duplicate
from ..services.grant_tables import grant_quote_in_place
from ..services.grants_in_place import in_place_refusal

register = template.Library()


@register.inclusion_tag("relocation/includes/household_grants.html", takes_context=True)
def household_grants_section(context: dict[str, Any], household: Household) -> dict[str, Any]:
    user = context["request"].user
    rule = rules_current().grant_rule(household.modality)
    if rule is None or rule.needs_trip or not user.has_perm("relocation.view_grant"):
        return {"shown": False}
    grants = list(
        grants_visible_to(user)
        .filter(household_id=household.pk, plan__isnull=True)
        .select_related("prepared_by", "table")
    )
    refusal, quote, quote_error = "", None, ""
    if user.has_perm("relocation.add_grant"):
        refusal = in_place_refusal(household)
        if not refusal:
            try:
                quote = grant_quote_in_place(household, timezone.localdate())
            except ValidationFailed as exc:
                quote_error = exc.message
    return {
        "shown": True,
        "household": household,
        "grants": grants,
        "can_prepare": user.has_perm("relocation.add_grant") and not refusal,
        "refusal": refusal if not any(g.status != "cancelled" for g in grants) else "",
        "quote": quote,
        "quote_error": quote_error,
        "duplicate_warning": quote is not None and has_open_duplicate(household),
    }

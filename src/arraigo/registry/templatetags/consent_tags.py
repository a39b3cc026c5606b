"""`{{ row.consent_given|consent_withheld }}`: what an exit shows instead of withheld data."""

from __future__ import annotations

from django import template

from arraigo.registry.consent import consent_withheld_label

register = template.Library()


@register.filter
def consent_withheld(given: bool | None) -> str:
    return consent_withheld_label(given)

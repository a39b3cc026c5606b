"""`{{ person.protection_status|protection_label }}`: a stored status in the reader's words."""

from __future__ import annotations

from django import template

from arraigo.registry import protection

register = template.Library()


@register.filter
def protection_label(code: str) -> str:
    return protection.protection_label(code)

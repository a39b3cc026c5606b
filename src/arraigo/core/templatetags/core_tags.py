"""Template helpers: keep query strings while paging, and shape data for SVG charts."""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.registry.eligibility.texts import rule_text as translate_rule_text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return str(query.urlencode())


@register.filter
def rule_text(text: str) -> str:
    """A stored eligibility rule's label or reason in the reader's language."""
    return translate_rule_text(text)

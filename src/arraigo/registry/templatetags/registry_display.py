"""Template filters that write registry data the reader's way: age groups, duplicate reasons,
case codes (or pseudonyms) and eligibility rule texts.

A template builtin (settings TEMPLATES "builtins"), like core's display_tags, so every page has
them without `{% load %}`; they live here because they read the registry, which core must not.
"""

from __future__ import annotations

from typing import Any

from django import template

from arraigo.accounts.permissions import sees_names
from arraigo.registry.duplicates import reason_text
from arraigo.registry.eligibility.texts import rule_text as translate_rule_text
from arraigo.registry.pseudonyms import age_group as group
from arraigo.registry.pseudonyms import household_pseudonym

register = template.Library()

EMPTY = "—"


@register.filter
def age_group(age: Any) -> str:
    """An age written as its group (0-4, 5-11, 12-17, 18-59, 60+), for pseudonymised views."""
    return EMPTY if age is None or age == "" else group(int(age))


@register.filter
def duplicate_reason(reason: str) -> str:
    """Why two people may be one, stored in English, written in the reader's language."""
    return reason_text(str(reason))


@register.simple_tag(takes_context=True)
def case_code(context: Any, household: Any) -> str:
    """A household's case code, or its pseudonym for a reader who may not see names (M&E)."""
    user = getattr(context.get("request"), "user", None)
    if user is not None and sees_names(user):
        return str(household.code)
    return household_pseudonym(household.pk)


@register.filter
def rule_text(text: str) -> str:
    """A stored eligibility rule's label or reason in the reader's language."""
    return translate_rule_text(text)

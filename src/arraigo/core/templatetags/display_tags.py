"""Template filters that write numbers and people the reader's way (one set for every page).

    {% load display_tags %}
    {{ grant.amount|money }}            10 500,00 MXN   (the programme's currency)
    {{ grant.amount|money:grant.currency }}
    {{ entry.amount|amount }}           10 500,00       (under a column headed "(MXN)")
    {{ vacancy.monthly_wage_mxn|amount:0 }}  10 500
    {{ item.used_percent|percent }}     12,5 %          (a value already in percent)
    {{ m.rate|share_percent }}          1,2 %           (a share between 0 and 1)
    {{ run.objective|decimal:3 }}       1 234,568
    {{ plan.caseworker|user_display }}  Lucía Méndez    (full name, else the username)

Each filter answers "—" for None or an empty value, so templates need no `default`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from arraigo.core import numbers

register = template.Library()

EMPTY = "—"


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _digits(arg: Any, default: int) -> int:
    try:
        return int(arg)
    except (TypeError, ValueError):
        return default


@register.filter
def decimal(value: Any, digits: Any = 2) -> str:
    number = _number(value)
    return EMPTY if number is None else numbers.decimal(number, _digits(digits, 2))


@register.filter
def amount(value: Any, digits: Any = 2) -> str:
    """Money without its currency code, for cells under a heading that names it: written as
    `decimal`, under its own name so templates say what the number is."""
    return decimal(value, digits)


@register.filter
def money(value: Any, currency: Any = None) -> str:
    number = _number(value)
    if number is None:
        return EMPTY
    return numbers.money_with_currency(number, str(currency) if currency else None)


@register.filter
def percent(value: Any, digits: Any = 1) -> str:
    number = _number(value)
    return EMPTY if number is None else numbers.percent(number, _digits(digits, 1))


@register.filter
def share_percent(value: Any, digits: Any = 1) -> str:
    number = _number(value)
    return EMPTY if number is None else numbers.share_percent(number, _digits(digits, 1))


@register.filter
def user_display(user: Any) -> str:
    """A person's full name, falling back to their username; "—" for nobody."""
    if user is None or user == "":
        return EMPTY
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or getattr(user, "username", "") or EMPTY)

"""Numbers in the reader's language: 6,500.00 in English, 6 500,00 in Spanish.

One place for every number a page or a message shows: decimals, percentages and money. The
template filters in `core/templatetags/display_tags.py` call these; Python-built messages call
them directly. Never format a number with `floatformat`, an f-string or a raw ``%`` sign.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

Number = Decimal | float | int

# The space before the percent sign (and the currency code) is a non-breaking one in Spanish,
# as the Real Academia and ISO 80000 write it ("12,5 %"); English writes "12.5%".
_NBSP = "\xa0"


def programme_currency() -> str:
    """The currency the programme's amounts are in (ARRAIGO_CURRENCY, Mexican pesos by default)."""
    return str(getattr(settings, "ARRAIGO_CURRENCY", "MXN"))


def decimal(value: Number, digits: int = 2) -> str:
    """A number rounded half up to `digits` decimals, thousands grouped (Django's own
    number_format cuts the extra digits off: 2.08 with one decimal would read 2.0)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, digits, force_grouping=True)


def money(value: Number) -> str:
    """An amount with two decimals and grouped thousands, as the pages show money."""
    return decimal(value, 2)


def money_with_currency(value: Number, currency: str | None = None, digits: int = 2) -> str:
    """An amount followed by its currency code: "10 500,00 MXN"."""
    return f"{decimal(value, digits)}{_NBSP}{currency or programme_currency()}"


def percent(value: Number, digits: int = 1) -> str:
    """A value already in percent: 12.5 -> "12.5%" in English, "12,5 %" in Spanish."""
    sign = f"{_NBSP}%" if (get_language() or "").startswith("es") else "%"
    return f"{decimal(value, digits)}{sign}"


def share_percent(value: Number, digits: int = 1) -> str:
    """A share between 0 and 1 written in percent: 0.125 -> "12.5%" / "12,5 %"."""
    return percent(Decimal(str(value)) * 100, digits)

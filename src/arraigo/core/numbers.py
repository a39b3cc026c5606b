"""Numbers in messages, in the reader's language: 6,500.00 in English, 6 500,00 in Spanish."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def money(value: Decimal | float | int) -> str:
    """An amount with two decimals and grouped thousands, as the pages show money."""
    return formats.number_format(value, 2, force_grouping=True)

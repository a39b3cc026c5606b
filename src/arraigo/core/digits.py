"""Whole numbers typed by people or sent by other systems: a query string's id, a member's
number in a file, a Content-Length.

`str.isdigit()` is not a test for `int()`: it accepts "²" and "①", which `int()` refuses with a
ValueError, and `int()` refuses more than 4,300 digits. `whole_number` reads only plain ASCII
digits, as many as a 64-bit column holds, and says None for anything else.
"""

from __future__ import annotations

# 18 digits always fit a signed 64-bit integer (the database's ids and counts).
MAX_DIGITS = 18


def whole_number(text: str | None, *, max_digits: int = MAX_DIGITS) -> int | None:
    """`text` as an int when it is 1 to `max_digits` ASCII digits, else None.

    >>> whole_number("42"), whole_number("²"), whole_number("-1"), whole_number("")
    (42, None, None, None)
    """
    if text and len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None

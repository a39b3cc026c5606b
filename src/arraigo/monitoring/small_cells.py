"""Small-cell suppression for every published aggregate of the results report: the page, the
CSV, the XLSX and the PDF all go through `count_cell` and `share_cell`, so the rule is
written once.

A count from 1 to SMALL_CELL - 1 is published as "<5" (it could point at a person; 0 points
at no one and is shown). A share whose numerator or denominator is such a count is published
with its value, numerator and denominator all as "<5".
"""

from __future__ import annotations

from dataclasses import dataclass

from .export import SMALL_CELL, SUPPRESSED

__all__ = ["SMALL_CELL", "SUPPRESSED", "Cell", "count_cell", "share_cell", "too_small"]


def too_small(count: int) -> bool:
    return 0 < count < SMALL_CELL


def count_cell(count: int) -> int | str:
    """A published count: the number, or "<5"."""
    return SUPPRESSED if too_small(count) else count


@dataclass(frozen=True)
class Cell:
    """A published share: `value` is a fraction (0-1), None when the denominator is 0."""

    numerator: int | str
    denominator: int | str
    value: float | str | None
    hidden: bool

    @property
    def percent(self) -> float | None:
        """The share in percent, or None when hidden or without a denominator."""
        if self.hidden or self.value is None or isinstance(self.value, str):
            return None
        return self.value * 100


def share_cell(numerator: int, denominator: int) -> Cell:
    if too_small(numerator) or too_small(denominator):
        return Cell(SUPPRESSED, SUPPRESSED, SUPPRESSED, hidden=True)
    value = numerator / denominator if denominator else None
    return Cell(numerator, denominator, value, hidden=False)

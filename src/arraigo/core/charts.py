"""Plain-data charts rendered as SVG by includes/bar_chart.html (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BAR_AREA = 210
ROW_HEIGHT = 20


def bar_chart(title: str, rows: Iterable[tuple[str, int]]) -> dict[str, Any]:
    """Shape (label, value) pairs for the bar chart template; widths scale to the largest."""
    data = list(rows)
    largest = max((value for _label, value in data), default=0) or 1
    shaped = []
    for index, (label, value) in enumerate(data):
        width = round(BAR_AREA * value / largest, 1)
        shaped.append(
            {
                "label": label,
                "value": value,
                "width": width,
                "y": index * ROW_HEIGHT,
                "text_x": 150 + width + 4,
            }
        )
    return {"title": title, "rows": shaped, "height": max(len(shaped), 1) * ROW_HEIGHT}

"""Plain-data charts rendered as SVG by includes/bar_chart.html and includes/line_chart.html."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import formats

BAR_AREA = 210
ROW_HEIGHT = 20


def bar_chart(
    title: str, rows: Iterable[tuple[str, int]], *, full: int | None = None
) -> dict[str, Any]:
    """Shape (label, value) pairs for the bar chart template.

    A full-width bar stands for `full` (100 for percentages), or by default for the largest
    value.
    """
    data = list(rows)
    largest = full or max((value for _label, value in data), default=0) or 1
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


# --- line chart -------------------------------------------------------------------------------

LINE_WIDTH = 560
LINE_HEIGHT = 240
LINE_LEFT = 78  # room for the value labels of the y axis
LINE_RIGHT = 12
LINE_TOP = 12
LINE_BOTTOM = 28  # room for the x labels
# Colour and dash pattern together, so the series stay apart without colour.
LINE_STYLES = (
    {"colour": "#0b6e4f", "dash": ""},
    {"colour": "#b35c00", "dash": "6 4"},
    {"colour": "#4a5bb5", "dash": "2 3"},
)
REFERENCE_STYLE = {"colour": "#b3261e", "dash": "10 3 2 3"}
LABEL_CHAR_WIDTH = 6.5  # an x label's width per character at the chart's 11px font, roughly
LABEL_GAP = 8

Number = int | float | Decimal


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def label_step(labels: Sequence[str], plot_width: float) -> int:
    """Label every n-th point so that x labels never overlap (1: label every point)."""
    if len(labels) < 2:
        return 1
    widest = max(len(label) for label in labels) * LABEL_CHAR_WIDTH + LABEL_GAP
    spacing = plot_width / (len(labels) - 1)
    return max(1, math.ceil(widest / spacing))


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    reference: tuple[str, Number] | None = None,
    chart_id: str = "chart",
    description: str = "",
    decimals: int = 2,
) -> dict[str, Any]:
    """Shape series of values over `labels` (one value per label) for includes/line_chart.html.

    A value of None is not drawn (a series may stop early, e.g. at the current month). The
    optional `reference` is a horizontal line (a budget, a target). Every value also appears
    in the table the template shows for those who cannot see the chart, with `decimals`
    decimal places.
    """
    count = len(labels)
    numbers = [float(v) for _name, values in series for v in values if v is not None]
    if reference is not None:
        numbers.append(float(reference[1]))
    top_value = _nice_ceiling(max(numbers, default=0.0))
    plot_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = plot_w / (count - 1) if count > 1 else 0.0

    def x_at(index: int) -> float:
        return LINE_LEFT + (index * step if count > 1 else plot_w / 2)

    def y_at(value: float) -> float:
        return LINE_TOP + plot_h * (1 - max(value, 0.0) / top_value)

    shaped_series = []
    for index, (name, values) in enumerate(series):
        style = LINE_STYLES[index % len(LINE_STYLES)]
        markers = [
            {
                "x": _fmt(x_at(i)),
                "y": _fmt(y_at(float(value))),
                "label": labels[i],
                "value": value,
            }
            for i, value in enumerate(values)
            if value is not None
        ]
        shaped_series.append(
            {
                "name": name,
                "colour": style["colour"],
                "dash": style["dash"],
                "points": " ".join(f"{m['x']},{m['y']}" for m in markers),
                "markers": markers,
            }
        )
    shaped_reference = None
    if reference is not None:
        shaped_reference = {
            "name": reference[0],
            "value": reference[1],
            "y": _fmt(y_at(float(reference[1]))),
            **REFERENCE_STYLE,
        }
    tick_values = [top_value * share for share in (0, 0.25, 0.5, 0.75, 1)]
    # 2.5 and 7.5 (a top of 10) keep their decimal; thousands never need one
    tick_decimals = 0 if all(v == int(v) for v in tick_values) else 1
    y_ticks = [
        {
            "y": _fmt(y_at(value)),
            "label": formats.number_format(value, tick_decimals, force_grouping=True),
        }
        for value in tick_values
    ]
    every = label_step(labels, plot_w)
    x_ticks = [
        {"x": _fmt(x_at(i)), "label": label} for i, label in enumerate(labels) if i % every == 0
    ]
    table_rows = [
        {"label": label, "values": [values[i] for _name, values in series]}
        for i, label in enumerate(labels)
    ]
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "left": LINE_LEFT,
        "right": LINE_WIDTH - LINE_RIGHT,
        "top": LINE_TOP,
        "bottom": _fmt(LINE_TOP + plot_h),
        "label_y": LINE_HEIGHT - 8,
        "series": shaped_series,
        "reference": shaped_reference,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "series_names": [name for name, _values in series],
        "table_rows": table_rows,
        "number_format": f"{decimals}g",
        "decimals": decimals,
    }

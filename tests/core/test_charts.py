from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from arraigo.core.charts import _nice_ceiling, bar_chart, line_chart


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1.0), (-5, 1.0), (1, 1.0), (4250, 5000.0), (101, 200.0), (230, 250.0), (0.3, 0.5)],
)
def test_the_y_axis_tops_at_a_round_number(value, ceiling):
    assert _nice_ceiling(value) == ceiling


def test_line_chart_places_each_value_and_skips_the_missing_ones():
    chart = line_chart(
        "Burn",
        ["Jan", "Feb", "Mar"],
        [("committed", [Decimal("0"), Decimal("50"), Decimal("100")]), ("spent", [0, None, None])],
        reference=("Budget", Decimal("80")),
        chart_id="burn-x",
    )

    # plot 470 x 200 from (78, 12); the axis tops at 100
    assert chart["series"][0]["points"] == "78.0,212.0 313.0,112.0 548.0,12.0"
    assert chart["series"][1]["points"] == "78.0,212.0"
    assert [m["label"] for m in chart["series"][1]["markers"]] == ["Jan"]
    assert chart["reference"]["y"] == "52.0"
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "25", "50", "75", "100"]
    assert chart["table_rows"][1] == {"label": "Feb", "values": [Decimal("50"), None]}


def test_a_single_month_sits_in_the_middle():
    chart = line_chart("One", ["Jan"], [("a", [5])])

    assert chart["series"][0]["points"] == "313.0,12.0"
    assert chart["reference"] is None


def test_the_include_draws_every_point_and_the_table(settings):
    chart = line_chart(
        "Burn",
        ["Jan", "Feb", "Mar"],
        [("committed", [0, 50, 100]), ("spent", [0, 10, None])],
        reference=("Budget", 80),
        chart_id="burn-x",
        description="Cumulative by month",
        decimals=0,
    )

    html = render_to_string("includes/line_chart.html", {"chart": chart})

    assert html.count("<polyline") == 2
    assert html.count('class="chart-point"') == 5
    assert 'aria-labelledby="burn-x-title burn-x-desc"' in html
    assert '<desc id="burn-x-desc">Cumulative by month</desc>' in html
    assert 'class="chart-reference"' in html
    assert "<caption>Burn</caption>" in html
    assert '<th scope="row">Mar</th><td>100</td><td>—</td>' in html


def test_the_axis_labels_group_thousands():
    chart = line_chart("Burn", ["Jan", "Feb"], [("committed", [Decimal("2550"), Decimal("4250")])])

    assert [t["label"] for t in chart["y_ticks"]] == ["0", "1,250", "2,500", "3,750", "5,000"]


def test_long_x_labels_are_thinned_so_they_never_overlap():
    months = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 13)]

    chart = line_chart("Turnover", months, [("all", [1] * 13)])

    # 7 characters need 53.5 units; 13 points on a 470-unit plot sit 39.2 apart: every other one
    assert [t["label"] for t in chart["x_ticks"]] == months[::2]
    assert len(chart["series"][0]["markers"]) == 13


def test_short_x_labels_are_all_shown():
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    chart = line_chart("Burn", names, [("all", [1] * 12)])

    assert [t["label"] for t in chart["x_ticks"]] == names


def test_quarter_ticks_keep_their_decimal():
    chart = line_chart("Turnover", ["Jan", "Feb"], [("all", [6.3, 1])])

    assert [t["label"] for t in chart["y_ticks"]] == ["0.0", "2.5", "5.0", "7.5", "10.0"]


def test_bars_scale_to_the_largest_value_by_default():
    chart = bar_chart("Households", [("Saltillo", 40), ("Puebla", 20)])

    assert [(r["width"], r["text_x"], r["y"]) for r in chart["rows"]] == [
        (210.0, 364.0, 0),
        (105.0, 259.0, 20),
    ]
    assert chart["height"] == 40


def test_bars_of_percentages_scale_to_the_full_hundred():
    chart = bar_chart("Share placed (%)", [("Honduras", 40), ("Haiti", 100), ("Cuba", 0)], full=100)

    assert [(r["value"], r["width"], r["text_x"]) for r in chart["rows"]] == [
        (40, 84.0, 238.0),
        (100, 210.0, 364.0),
        (0, 0.0, 154.0),
    ]


def test_an_empty_bar_chart_keeps_one_row_of_height():
    assert bar_chart("None", [])["rows"] == []
    assert bar_chart("None", [], full=100)["height"] == 20

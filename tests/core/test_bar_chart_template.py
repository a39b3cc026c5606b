"""The bar chart has a name for screen readers and its numbers as a table."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from arraigo.core.charts import bar_chart


def test_the_bar_chart_is_named_and_its_numbers_are_in_a_table() -> None:
    # Given a bar chart of two values
    chart = bar_chart("Households by office", [("Tapachula", 12), ("Palenque", 3)])

    # When it is rendered
    html = render_to_string("includes/bar_chart.html", {"chart": chart})

    # Then the picture carries the chart's title as its name
    assert '<svg viewBox="0 0 400 40" role="img" aria-label="Households by office"' in html
    # And a table captioned the same holds every label with its value
    assert "<caption>Households by office</caption>" in html
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html)
    assert rows == [("Tapachula", "12"), ("Palenque", "3")]

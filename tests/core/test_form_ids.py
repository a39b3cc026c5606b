"""Form fields tie their help and errors to the widget, and repeated forms keep unique ids."""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string


class NameForm(forms.Form):
    name = forms.CharField(help_text="As on the passport", max_length=3)


def test_a_fields_help_and_errors_carry_the_ids_its_widget_points_at() -> None:
    # Given a form whose field has a help text and an error
    form = NameForm(data={"name": "too long"})

    # When the field is rendered
    html = render_to_string("includes/form_field.html", {"field": form["name"]})

    # Then the widget points at the help and the error, and both ids exist
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert re.findall(r' id="([^"]+)"', html) == ["id_name", "id_name_helptext", "id_name_error"]


def test_a_form_shown_once_per_row_gets_ids_of_its_own_per_row() -> None:
    # Given one form shown for two rows of a page
    form = NameForm()
    template = Template(
        "{% load form_ids %}{% for key in keys %}"
        '{% include "includes/form.html" with form=form|ids_for:key %}{% endfor %}'
    )

    # When the page is rendered
    html = template.render(Context({"form": form, "keys": [7, 8]}))

    # Then each row's field, label and help have their own ids, and the names do not change
    assert re.findall(r' id="([^"]+)"', html) == [
        "id_name_7",
        "id_name_7_helptext",
        "id_name_8",
        "id_name_8_helptext",
    ]
    assert re.findall(r' for="([^"]+)"', html) == ["id_name_7", "id_name_8"]
    assert html.count('name="name"') == 2
    # And the form itself keeps its ids
    assert form["name"].auto_id == "id_name"

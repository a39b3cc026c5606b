"""The plain selects produce the HTML Django's own would, selection and escaping included."""

from django import forms
from django.template.loader import render_to_string

from arraigo.core.widgets import PlainSelect, PlainSelectMultiple, SearchableCheckboxes


class Sample(forms.Form):
    one = forms.ChoiceField(choices=[("", "—"), ("HT", "Haití"), ("X&", "<b>")], widget=PlainSelect)
    many = forms.MultipleChoiceField(
        choices=[("Group", [("7212", "Soldadores"), ("8160", "Operadores")]), ("9329", "Peones")],
        widget=PlainSelectMultiple,
        required=False,
    )


def test_single_select_marks_the_chosen_value_and_escapes_labels():
    html = str(Sample({"one": "HT"})["one"])

    assert html == (
        '<select id="id_one" name="one" required>'
        '<option value="">—</option>'
        '<option value="HT" selected>Haití</option>'
        '<option value="X&amp;">&lt;b&gt;</option>'
        "</select>"
    )


def test_multiple_select_keeps_every_chosen_value_and_groups():
    form = Sample({"one": "HT", "many": ["7212", "9329"]})

    html = str(form["many"])

    assert form.is_valid()
    assert form.cleaned_data["many"] == ["7212", "9329"]
    assert html == (
        '<select id="id_many" name="many" multiple>'
        '<optgroup label="Group">'
        '<option value="7212" selected>Soldadores</option>'
        '<option value="8160">Operadores</option>'
        "</optgroup>"
        '<option value="9329" selected>Peones</option>'
        "</select>"
    )


class Picked(forms.Form):
    jobs = forms.MultipleChoiceField(
        label="Occupations",
        choices=[("7212", "Soldadores"), ("8160", "Operadores <b>")],
        widget=SearchableCheckboxes(group_label="Occupations"),
        required=False,
    )


def test_searchable_checkboxes_tick_the_chosen_and_label_the_filter_box():
    # Given a long choice of which one is chosen
    form = Picked({"jobs": ["8160"]})

    # When it is rendered
    html = str(form["jobs"])

    # Then each choice is a checkbox, the chosen one ticked, labels escaped; the filter box
    # carries the field's id (so the field's label names it) and the options form a named group
    assert form.is_valid()
    assert form.cleaned_data["jobs"] == ["8160"]
    assert html.startswith(
        '<div class="picker" data-picker data-count-one="{n} ticked"'
        ' data-count-other="{n} ticked">'
        '<input type="search" id="id_jobs" class="picker-filter" autocomplete="off" hidden'
        ' aria-describedby="id_jobs_count" placeholder="Type to filter the list">'
        '<p class="picker-count" id="id_jobs_count" aria-live="polite"></p>'
        '<div class="picker-options" role="group" aria-label="Occupations">'
        '<label class="picker-option"><input type="checkbox" name="jobs" value="7212">'
        " Soldadores</label>"
        '<label class="picker-option"><input type="checkbox" name="jobs" value="8160" checked>'
        " Operadores &lt;b&gt;</label>"
        "</div></div>"
    )
    assert html.endswith('picker.js" defer></script>')


def test_a_required_field_is_marked_with_an_asterisk():
    # Given a form with a required and an optional field
    class Two(forms.Form):
        name = forms.CharField(label="Name")
        note = forms.CharField(label="Note", required=False)

    form = Two()

    # When each is rendered by the shared field include
    required = render_to_string("includes/form_field.html", {"field": form["name"]})
    optional = render_to_string("includes/form_field.html", {"field": form["note"]})

    # Then only the required one shows the asterisk (screen readers hear `required` instead)
    assert (
        'Name <span class="required-mark" title="required" aria-hidden="true">*</span></label>'
        in required
    )
    assert 'name="name" required' in required
    assert "required-mark" not in optional

"""The plain selects produce the HTML Django's own would, selection and escaping included."""

from django import forms

from arraigo.core.widgets import PlainSelect, PlainSelectMultiple


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

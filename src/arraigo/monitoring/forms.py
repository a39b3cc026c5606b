"""The results report's choice of period (a year, or any dates) and breakdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .breakdowns import breakdown_choices

FIRST_YEAR = 2000


class ResultsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by = forms.ChoiceField(label=_("Break down by"), required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        by.choices = [("", _("No breakdown")), *breakdown_choices()]
        self.fields["year"].widget.attrs.update(min=FIRST_YEAR, max=today.year + 1)

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= self.today.year + 1:
            raise forms.ValidationError(
                _("Choose a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": self.today.year + 1}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start is None and end is None:
            if "date_from" not in self.errors and "date_to" not in self.errors:
                year = data.get("year") or self.today.year
                data["date_from"], data["date_to"] = dt.date(year, 1, 1), dt.date(year, 12, 31)
            return data
        if start is None:
            self.add_error("date_from", _("Give the first day of the period, or choose a year."))
        elif end is None:
            self.add_error("date_to", _("Give the last day of the period, or choose a year."))
        elif end < start:
            self.add_error("date_to", _("The last day comes before the first day."))
        return data

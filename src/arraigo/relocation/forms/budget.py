"""Forms of the budget and ledger pages. They only parse input; the services hold the rules."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from arraigo.places.models import City

from ..models import CostCategory, EntryKind, LedgerEntry

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    amount = forms.DecimalField(label=_("Budget (MXN)"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


ALL_MONTHS = "all"


def month_shift(month: tuple[int, int], by: int) -> tuple[int, int]:
    """The month `by` months after (or before) `month`."""
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1


class LedgerFilterForm(forms.Form):
    """The ledger's filters. The month is a period: one month (YYYY-MM), or every month when
    empty or "all"; the page opens on the current month (`default_month`)."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        help_text=_("Empty for every month."),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )
    category = forms.ChoiceField(
        label=_("Cost category"),
        required=False,
        choices=[("", _("All")), *CostCategory.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *EntryKind.choices]
    )

    def __init__(self, data: Any = None, *args: Any, default_month: str, **kwargs: Any) -> None:
        """`data`: the query; without a month in it, the form shows `default_month`."""
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if "month" not in data:
            data["month"] = default_month
        data.pop("page", None)
        self.default_month = default_month
        self.query_data: QueryDict = data
        super().__init__(data, *args, **kwargs)
        cities = City.objects.filter(pk__in=LedgerEntry.objects.values("city")).order_by("name")
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[int, int] | str:
        text = self.cleaned_data["month"].strip()
        if not text or text == ALL_MONTHS:
            return ALL_MONTHS
        match = MONTH_RE.match(text)
        if match is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2026-03."))
        return int(match.group(1)), int(match.group(2))

    def period(self) -> tuple[int, int] | None:
        """The month shown, or None for every month; a wrong month shows the default one."""
        self.is_valid()
        value = getattr(self, "cleaned_data", {}).get("month")
        if value == ALL_MONTHS:
            return None
        if isinstance(value, tuple):
            return value
        match = MONTH_RE.match(self.default_month)
        assert match is not None
        return int(match.group(1)), int(match.group(2))

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored and shown as an error), with the
        period as `month` (absent for every month)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {key: value for key, value in data.items() if value and key != "month"}
        if (month := self.period()) is not None:
            found["month"] = month
        return found

    def query(self, **changes: str) -> str:
        """This form's query string (the period spelt out), with `changes` applied."""
        data = self.query_data.copy()
        period = self.period()
        data["month"] = ALL_MONTHS if period is None else f"{period[0]:04d}-{period[1]:02d}"
        for key, value in changes.items():
            data[key] = value
        return data.urlencode()

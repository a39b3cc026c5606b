"""Forms of the budget and ledger pages. They only parse input; the services hold the rules."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arraigo.places.models import City

from ..models import CostCategory, EntryKind, LedgerEntry

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    amount = forms.DecimalField(label=_("Budget (MXN)"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LedgerFilterForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "inputmode": "numeric"}),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cities = City.objects.filter(pk__in=LedgerEntry.objects.values("city")).order_by("name")
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[int, int] | None:
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = MONTH_RE.match(text)
        if match is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2026-03."))
        return int(match.group(1)), int(match.group(2))

    def filters(self) -> dict[str, Any]:
        """The valid filters only (an invalid one is ignored and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: value for key, value in data.items() if value}

"""Forms for the places pages. They only parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET, ModelFieldsForm
from arraigo.core.search import SearchField

from .models import (
    CapacityDimension,
    City,
    CityKind,
    Office,
    Service,
    ServiceCategory,
    ServiceProvider,
)

# --- filters --------------------------------------------------------------------------------


class CityFilterForm(forms.Form):
    search = SearchField(label=_("Search"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), (CityKind.HOST, _("Host")), (CityKind.ORIGIN, _("Origin"))],
    )
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All")), *((state, state) for state in states)]
        self.fields["state"].choices = choices  # type: ignore[attr-defined]


class ProviderFilterForm(forms.Form):
    search = SearchField(label=_("Search"))
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ServiceCategory.choices]
    )

    def __init__(self, *args: Any, cities: models.QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


# --- edit forms -----------------------------------------------------------------------------


class CityForm(ModelFieldsForm):
    model = City
    model_fields = [
        "name",
        "code",
        "state",
        "kind",
        "is_border",
        "population",
        "average_monthly_wage_mxn",
        "active",
    ]


class OfficeForm(ModelFieldsForm):
    model = Office
    model_fields = ["name", "code", "kind", "address", "phone"]


class CapacityForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=CapacityDimension.choices)
    period_start = forms.DateField(label=_("Period start"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period end"), widget=DATE_WIDGET)
    amount = forms.IntegerField(label=_("Amount"), min_value=0)


class ProviderForm(ModelFieldsForm):
    model = ServiceProvider
    model_fields = [
        "name",
        "kind",
        "city",
        "address",
        "contact_name",
        "phone",
        "email",
        "website",
        "active",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(active=True)  # type: ignore[attr-defined]


class ServiceForm(ModelFieldsForm):
    model = Service
    model_fields = ["category", "name", "description", "eligibility_notes", "languages", "active"]
    widgets = {
        "description": forms.Textarea(attrs={"rows": 3}),
        "eligibility_notes": forms.Textarea(attrs={"rows": 3}),
    }

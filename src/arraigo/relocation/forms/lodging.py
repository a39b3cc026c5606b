"""Plain forms of the lodging part of a plan's page: they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.places.models import ServiceProvider


class StayForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Lodging provider"), queryset=ServiceProvider.objects.none()
    )
    check_in = forms.DateField(label=_("Check-in"), widget=DATE_WIDGET)
    check_out = forms.DateField(
        label=_("Check-out"),
        widget=DATE_WIDGET,
        help_text=_("The morning the household leaves: that night is not counted."),
    )
    nightly_cost = forms.DecimalField(
        label=_("Cost per night (MXN)"), min_value=0, max_digits=10, decimal_places=2
    )

    def __init__(self, *args: Any, providers: QuerySet[ServiceProvider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class ExtensionForm(forms.Form):
    extra_nights = forms.IntegerField(label=_("Extra nights"), min_value=1, max_value=60)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseStayForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left on (if before the check-out)"), widget=DATE_WIDGET, required=False
    )

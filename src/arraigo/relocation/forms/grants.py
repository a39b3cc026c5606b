"""Plain forms of the grant pages: they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.places.models import City

from ..models import DisbursementMethod, GrantStatus


class GrantFilterForm(forms.Form):
    search = SearchField(label=_("Household code"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *GrantStatus.choices], required=False
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """A step with nothing to type (prepare, approve): the button is the confirmation."""


class MembersForm(forms.Form):
    members = forms.IntegerField(label=_("Household members the grant is for"), min_value=1)


class DisburseForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=DisbursementMethod.choices)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=80,
        help_text=_("Transfer number, card number or cash receipt number."),
    )
    disbursed_on = forms.DateField(label=_("Date paid"), widget=DATE_WIDGET)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

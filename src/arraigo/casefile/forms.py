"""Forms of the case file: they only parse input (the services check it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from arraigo.accounts.models import Role, User
from arraigo.places.models import City, CityKind, Office
from arraigo.registry.models import Household

from .models import NoteTier


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), max_length=2000, widget=forms.Textarea)
    tier = forms.ChoiceField(label=gettext_lazy("Sensitivity"), choices=NoteTier.choices)
    supersedes = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, protected: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not protected:  # the tier is not even offered to those who cannot read it
            self.fields["tier"].choices = [(NoteTier.ORDINARY, NoteTier.ORDINARY.label)]  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    to_office = forms.ModelChoiceField(
        label=gettext_lazy("To office"), queryset=Office.objects.none(), required=False
    )
    to_city = forms.ModelChoiceField(
        label=gettext_lazy("To host city"), queryset=City.objects.none(), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=300)

    def __init__(self, *args: object, user: User, household: Household, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if user.role in (Role.COORDINATOR, Role.ORIGIN_CASEWORKER):
            self.fields["to_office"].queryset = Office.objects.exclude(  # type: ignore[attr-defined]
                pk=household.origin_office_id
            ).order_by("name")
        else:
            del self.fields["to_office"]
        if user.role in (Role.COORDINATOR, Role.HOST_CASEWORKER) and household.host_city_id:
            cities = City.objects.filter(kind=CityKind.HOST, active=True)
            self.fields["to_city"].queryset = cities.exclude(  # type: ignore[attr-defined]
                pk=household.host_city_id
            ).order_by("name")
        else:
            del self.fields["to_city"]

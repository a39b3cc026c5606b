"""Plain forms of the matching pages: they parse input, the services decide."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.places.models import City

from .models import Objective, ProposalStatus


class RunForm(forms.Form):
    period_start = forms.DateField(label=_("Capacity period start"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Capacity period end"), widget=DATE_WIDGET)
    objective = forms.ChoiceField(label=_("The plan maximises"), choices=Objective.choices)
    preference_weight = forms.FloatField(
        label=_("Weight of the household's preferences"), min_value=0, initial=0.1
    )
    specific_needs_floor = forms.IntegerField(
        label=_("At least this many households with specific needs placed"),
        min_value=0,
        required=False,
    )
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=3600, initial=60
    )

    def parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        floor = data.get("specific_needs_floor")
        return {
            "objective": data["objective"],
            "preference_weight": data["preference_weight"],
            "floors": {"specific_needs": floor} if floor else {},
            "time_limit": data["time_limit"],
        }


class ProposalFilterForm(forms.Form):
    search = SearchField(label=_("Household code"))
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *ProposalStatus.choices], required=False
    )

    def __init__(self, *args: Any, cities: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City to offer instead"), queryset=City.objects.none())
    reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        cities: QuerySet[City],
        notes: Mapping[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["city"]
        field.queryset = cities  # type: ignore[attr-defined]
        given = dict(notes or {})
        # A city without room stays in the list, with why: choosing it is refused.
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda city: f"{city} ({given[city.pk]})" if city.pk in given else str(city)
        )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmptyForm(forms.Form):
    pass

"""Forms of the household pages: list filters and the small forms on one household.

Person, document and registration forms live in forms/people.py and forms/register.py.
Forms only parse input; every write goes through registry.services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arraigo.core.choices import country_choices
from arraigo.core.search import SearchField
from arraigo.core.versions import VersionField
from arraigo.core.widgets import PlainSelect
from arraigo.places.models import City

from ..models import (
    ClosureReason,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    Modality,
    NeedCode,
    PreferenceKind,
)
from ..selectors import HouseholdFilterChoices, HouseholdListFilters, HouseholdSort
from ..services import household_version
from .register import host_cities

BLANK_ALL: tuple[str, Any] = ("", _("All"))


class HouseholdFilterForm(forms.Form):
    """The GET form above the household list. Invalid values are ignored, never an error."""

    q = SearchField(label=_("Search"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    office = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int)
    host_city = forms.TypedChoiceField(label=_("Host city"), required=False, coerce=int)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, widget=PlainSelect)
    need = forms.ChoiceField(label=_("Specific need"), required=False)
    modality = forms.ChoiceField(label=_("Modality"), required=False)
    eligibility = forms.ChoiceField(label=_("Eligibility"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=HouseholdSort.choices)

    def __init__(
        self, *args: Any, choices: HouseholdFilterChoices, names: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["status"].choices = [BLANK_ALL, *HouseholdStatus.choices]
        fields["office"].choices = [BLANK_ALL, *choices.offices]
        fields["host_city"].choices = [BLANK_ALL, *choices.host_cities]
        fields["nationality"].choices = [BLANK_ALL, *country_choices()]
        fields["need"].choices = [BLANK_ALL, *NeedCode.choices]
        fields["modality"].choices = [BLANK_ALL, *Modality.choices]
        fields["eligibility"].choices = [BLANK_ALL, *EligibilityOutcome.choices]
        fields["q"].widget.attrs["type"] = "search"
        if names:
            fields["q"].help_text = _("Household code, a member's name or a document number.")
        else:
            # Pseudonymised readers see no case codes, so they cannot search by one either.
            del fields["q"]

    def filters(self) -> HouseholdListFilters:
        """What to filter by; a field with an invalid value is left out rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        return HouseholdListFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            office_id=data.get("office") or None,
            host_city_id=data.get("host_city") or None,
            nationality=data.get("nationality") or "",
            need=data.get("need") or "",
            modality=data.get("modality") or "",
            eligibility=data.get("eligibility") or "",
            sort=data.get("sort") or HouseholdSort.NEWEST,
        )


class HouseholdEditForm(forms.Form):
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    host_city = forms.ModelChoiceField(
        label=_("Host city"),
        queryset=City.objects.all(),
        required=False,
        help_text=_("Leave empty while the destination is not decided."),
    )

    version = VersionField()

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "modality": household.modality,
                "host_city": household.host_city_id,
                "version": household_version(household),
            },
        )
        super().__init__(*args, **kwargs)
        host_city: Any = self.fields["host_city"]
        host_city.queryset = host_cities()


class NeedForm(forms.Form):
    code = forms.ChoiceField(label=_("Need"), choices=NeedCode.choices)
    person = forms.TypedChoiceField(
        label=_("Member concerned"),
        required=False,
        coerce=int,
        help_text=_("Leave empty if the need concerns the whole household."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.choices = [("", _("The whole household")), *members]


class PreferenceForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=PreferenceKind.choices)
    rank = forms.IntegerField(
        label=_("Rank"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("For preferred cities: 1 is the first choice."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city: Any = self.fields["city"]
        city.queryset = host_cities()


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=HouseholdStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    closure_reason = forms.ChoiceField(
        label=_("Why the case closes"),
        required=False,
        choices=[("", "—"), *ClosureReason.choices],
    )


class ExceptionApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the exception"), max_length=300, widget=forms.Textarea({"rows": 3})
    )

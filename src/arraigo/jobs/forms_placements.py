"""Forms of the placement pages: they parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.places.models import City
from arraigo.registry.models import Person

from .models import ContractType, Employer, Sector, SeparationReason, Vacancy
from .services import HireData


class PlacementFilterForm(forms.Form):
    q = SearchField(label=_("Household code or company"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("In work")),
            ("not_started", _("Not started")),
            ("separated", _("Separated")),
        ],
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices]
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"), required=False, queryset=Employer.objects.none(), empty_label=_("All")
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args: Any, employers: QuerySet[Employer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["city"].queryset = City.objects.filter(  # type: ignore[attr-defined]
            active=True, kind="host"
        ).order_by("name")

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "sector": data.get("sector") or "",
            "employer": data["employer"].pk if data.get("employer") else None,
            "city": data["city"].pk if data.get("city") else None,
        }


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.first_names} {obj.last_names} ({obj.household.code})"


class VacancyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Vacancy) -> str:
        return f"{obj.label} ({obj.employer.name})"


class HireForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    vacancy = VacancyChoiceField(
        label=_("Vacancy"), queryset=Vacancy.objects.none(), required=False
    )
    hired_on = forms.DateField(label=_("Hired on"), widget=DATE_WIDGET)
    started_on = forms.DateField(label=_("Start date"), widget=DATE_WIDGET, required=False)
    monthly_wage_mxn = forms.DecimalField(
        label=_("Monthly wage (MXN)"), min_value=0, max_digits=10, decimal_places=2
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        employers: QuerySet[Employer],
        vacancies: QuerySet[Vacancy],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["vacancy"].queryset = vacancies  # type: ignore[attr-defined]

    def to_data(self) -> HireData:
        data = self.cleaned_data
        return HireData(
            hired_on=data["hired_on"],
            started_on=data.get("started_on"),
            monthly_wage_mxn=data["monthly_wage_mxn"],
            contract_type=data["contract_type"],
        )


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)


class ImssForm(forms.Form):
    registered_on = forms.DateField(label=_("Registered with IMSS on"), widget=DATE_WIDGET)


class SeparationForm(forms.Form):
    separated_on = forms.DateField(label=_("Last day worked"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(label=_("Reason"), choices=SeparationReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

"""Forms for the jobs pages. They only parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.codelists.loading import ISCO_MAJOR_GROUPS
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.formflow import DATE_WIDGET, ModelFieldsForm
from arraigo.core.search import SearchField
from arraigo.core.widgets import SearchableCheckboxes
from arraigo.places.models import City

from .models import CompanySize, Employer, Sector, Vacancy, VacancyStatus
from .selectors import occupation_choices
from .types import EmployerData, VacancyData

_YES_NO = [("", _("Any")), ("1", _("Yes")), ("0", _("No"))]


def _active_cities() -> QuerySet[City]:
    return City.objects.filter(active=True).order_by("name")


# --- filters --------------------------------------------------------------------------------


class EmployerFilterForm(forms.Form):
    search = SearchField(label=_("Search"))
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices]
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All")), *CompanySize.choices]
    )
    trained = forms.TypedChoiceField(
        label=_("Trained on hiring refugees"),
        required=False,
        choices=_YES_NO,
        coerce=lambda value: value == "1",
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _active_cities()  # type: ignore[attr-defined]


class VacancyFilterForm(forms.Form):
    search = SearchField(label=_("Search"))
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All")
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices]
    )
    major_group = forms.ChoiceField(
        label=_("Occupation group"),
        required=False,
        choices=[
            ("", _("All")),
            *((key, f"{key} {label}") for key, label in ISCO_MAJOR_GROUPS.items()),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *VacancyStatus.choices]
    )
    min_wage = forms.DecimalField(
        label=_("Minimum monthly wage (MXN)"), required=False, min_value=0, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _active_cities()  # type: ignore[attr-defined]


# --- edit forms -----------------------------------------------------------------------------


class EmployerForm(ModelFieldsForm):
    model = Employer
    model_fields = [
        "name",
        "rfc",
        "sector",
        "city",
        "size",
        "partner_since",
        "trained_on_refugee_hiring",
        "contact_name",
        "contact_email",
        "contact_phone",
        "notes",
        "active",
    ]
    widgets = {"partner_since": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _active_cities()  # type: ignore[attr-defined]
        # Typed with spaces or hyphens ("MAB-930714-8T4") it is longer than the stored form.
        self.fields["rfc"] = forms.CharField(
            label=self.fields["rfc"].label,
            required=False,
            max_length=20,
            help_text=_("12 characters for a company, 13 for a person."),
        )

    def to_data(self) -> EmployerData:
        data = self.cleaned_data
        return EmployerData(**{**data, "contact_phone": str(data["contact_phone"] or "")})


class VacancyForm(ModelFieldsForm):
    """The vacancy form. `employers` is the choice of company (None: the field is left out,
    as for an employer's HR user or when editing)."""

    model = Vacancy
    model_fields = [
        "city",
        "title",
        "site",
        "occupation",
        "seats",
        "monthly_wage_mxn",
        "min_education",
        "min_experience_years",
        "skills",
        "shift",
        "physical_demands",
        "min_spanish_level",
        "benefit_transport",
        "benefit_daycare",
        "benefit_training",
        "other_benefits",
        "start_date",
    ]
    widgets = {"start_date": DATE_WIDGET, "skills": SearchableCheckboxes(group_label=_("Skills"))}

    def __init__(
        self, *args: Any, employers: QuerySet[Employer] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields = {
                "employer": forms.ModelChoiceField(label=_("Employer"), queryset=employers),
                **self.fields,
            }
        city = self.fields["city"]
        city.required = False
        city.queryset = _active_cities()  # type: ignore[attr-defined]
        city.help_text = _("Leave empty to use the employer's city.")
        occupation = self.fields["occupation"]
        occupation.queryset = Occupation.objects.all()  # type: ignore[attr-defined]
        occupation.choices = [("", "---------"), *occupation_choices()]  # type: ignore[attr-defined]
        occupation.help_text = _("ISCO-08 occupation, grouped by major group.")
        skills = self.fields["skills"]
        skills.queryset = Skill.objects.order_by("name_es")  # type: ignore[attr-defined]
        skills.label_from_instance = lambda skill: skill.name  # type: ignore[attr-defined]
        skills.help_text = ""  # ticked in a list of checkboxes, no Ctrl-click

    def to_data(self) -> VacancyData:
        data = dict(self.cleaned_data)
        data.pop("employer", None)
        occupation = data.pop("occupation")
        skills = data.pop("skills")
        return VacancyData(
            **data,
            occupation_code=occupation.isco_code,
            skill_codes=tuple(skill.code for skill in skills),
        )

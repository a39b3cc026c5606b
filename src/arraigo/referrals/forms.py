"""Forms of the referral pages: they parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.search import SearchField
from arraigo.places.models import Service, ServiceCategory
from arraigo.registry.models import Person

from .models import ReferralStatus


class ReferralFilterForm(forms.Form):
    q = SearchField(label=_("Household, service or organisation"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ReferralStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        choices=[("", _("All")), *ServiceCategory.choices],
    )

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "category": data.get("category") or "",
        }


class _ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.get_category_display()}: {obj.name} ({obj.provider.name})"


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class ReferralForm(forms.Form):
    person = _PersonField(
        label=_("Who"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("The whole household"),
    )
    service = _ServiceField(label=_("Service"), queryset=Service.objects.none())
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Reason for referring without consent (coordinators only)"),
        required=False,
        max_length=300,
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], services: QuerySet[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why the service cannot take it"), max_length=300)


class CompleteForm(forms.Form):
    outcome_note = forms.CharField(
        label=_("Outcome"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

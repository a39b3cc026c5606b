"""Forms of the erasure pages: they only parse input (the services check it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from arraigo.core.search import SearchField
from arraigo.registry.models import Household, Person

from .models import RequestStatus, Source, Target


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.member_no}. {obj.full_name}"


class ErasureRequestForm(forms.Form):
    target = forms.ChoiceField(
        label=gettext_lazy("What to erase"), choices=Target.choices, widget=forms.RadioSelect
    )
    person = _MemberChoice(
        label=gettext_lazy("Member (to erase one member)"),
        queryset=Person.objects.none(),
        required=False,
    )
    source = forms.ChoiceField(label=gettext_lazy("Who asked"), choices=Source.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Why the data are to be erased, and how the request reached you. Write no names: "
            "the request is kept after the erasure."
        ),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(household=household).order_by("member_no")
        self.fields["person"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == Target.PERSON and not data.get("person"):
            self.add_error("person", gettext_lazy("Choose the member to erase."))
        if data.get("target") == Target.HOUSEHOLD:
            data["person"] = None
        return data


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any")), *RequestStatus.choices],
        required=False,
    )
    target = forms.ChoiceField(
        label=gettext_lazy("What"),
        choices=[("", gettext_lazy("Any")), *Target.choices],
        required=False,
    )
    code = SearchField(label=gettext_lazy("Household code"))


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have read what will be erased; it cannot be undone."), required=True
    )


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why the erasure is refused"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

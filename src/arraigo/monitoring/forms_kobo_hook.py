"""The forms of the REST Services pages: a KoboToolbox form, and the submissions' filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .instruments import Instrument
from .models_kobo import KoboForm, SubmissionStatus
from .services_kobo_hook import KoboFormData


class KoboFormForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens: the end of the address KoboToolbox posts to."),
    )
    round = forms.ChoiceField(label=pgettext_lazy("survey", "Round"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, instruments: tuple[Instrument, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(item.round, item.title) for item in instruments]

    def data_for_service(self) -> KoboFormData:
        data = self.cleaned_data
        return KoboFormData(
            name=data["name"], slug=data["slug"], round=data["round"], active=data["active"]
        )


def kobo_form_initial(form: KoboForm) -> dict[str, Any]:
    return {"name": form.name, "slug": form.slug, "round": form.round, "active": form.active}


class SubmissionFilterForm(forms.Form):
    form = forms.TypedChoiceField(
        label=_("KoboToolbox form"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *SubmissionStatus.choices],
    )

    def __init__(self, *args: Any, forms_list: list[KoboForm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["form"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Any form")), *((f.pk, f.name) for f in forms_list)]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"form": self.cleaned_data["form"], "status": self.cleaned_data["status"]}

"""The form of the KoboToolbox import page: which round, which file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .instruments import Instrument

MAX_UPLOAD = 20 * 1024 * 1024  # bytes: some 100,000 member rows of a KoboToolbox export


class KoboImportForm(forms.Form):
    round = forms.ChoiceField(label=pgettext_lazy("survey", "Round"))
    file = forms.FileField(
        label=_("KoboToolbox export"),
        help_text=_(
            "The XLSX export (submissions and the members sheet) or a CSV with one row per "
            "member, with XML values and headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(
        self, *args: object, instruments: tuple[Instrument, ...], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["round"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(item.round, item.title) for item in instruments]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Give a .xlsx or .csv file."))
        return upload

"""The form of the token page: a name and an expiry date; the service decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET

from .services import NAME_MAX, token_default_expiry


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("What the token is for, e.g. “monthly report script”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DATE_WIDGET,
        help_text=_("The last day the token works: at most one year from today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = token_default_expiry(timezone.localdate())

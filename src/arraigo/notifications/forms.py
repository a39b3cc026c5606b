"""The preferences page's form: a checkbox for each kind of email that concerns the user."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind

K = NotificationKind

# What each email sends, and when (shown under its checkbox).
HELP = {
    K.DIGEST: _(
        "Each morning when you have something to do: your overdue milestones, those nobody is "
        "responsible for and, in a host city, the follow-up surveys due, as case codes with "
        "links."
    ),
    K.REFERRAL: _(
        "Shortly after a referral is made to your organisation: its case code and a link to "
        "answer it."
    ),
    K.GRANT: _(
        "Shortly after someone else prepares a grant you may approve: its case code and a link."
    ),
    K.TRANSFER: _(
        "Shortly after a case is to be transferred to your office or city: its case code and "
        "a link to the transfers waiting for an answer."
    ),
}


class PreferenceForm(forms.Form):
    """One checkbox per kind in `kinds`, named after the kind ("digest", "grant"...)."""

    def __init__(self, *args: Any, kinds: list[NotificationKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, help_text=HELP[kind], required=False
            )

    def choices(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in self.fields}

"""The consent form: every purpose answered at once, with who answered, how and when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET

from ..choices import ConsentMethod, ConsentPurpose
from ..services.consent import WITNESS_MAX_LENGTH

ANSWERS = [("yes", _("Consent given")), ("no", _("Consent refused or withdrawn"))]


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ConsentForm(forms.Form):
    given_by = forms.TypedChoiceField(
        label=_("Who answered"),
        coerce=int,
        help_text=_("An adult member of the household."),
    )
    method = forms.ChoiceField(
        label=_("How"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    witness_name = forms.CharField(
        label=_("Witness"),
        required=False,
        max_length=WITNESS_MAX_LENGTH,
        help_text=_("Needed when the answer was verbal."),
    )
    given_on = forms.DateField(label=_("Date of the answer"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        givers: list[tuple[int, str]],
        current: dict[str, bool | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for purpose in ConsentPurpose:
            answer = current.get(purpose.value)
            self.fields[purpose.value] = forms.TypedChoiceField(
                label=purpose.label,
                choices=ANSWERS,
                coerce=_answer,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=None if answer is None else ("yes" if answer else "no"),
            )
        given_by: Any = self.fields["given_by"]
        given_by.choices = [("", ""), *givers]
        self.fields["given_on"].initial = timezone.localdate()
        self.order_fields([*ConsentPurpose.values, "given_by", "method", "witness_name"])

    def answers(self) -> dict[str, bool | None]:
        return {purpose: self.cleaned_data.get(purpose) for purpose in ConsentPurpose.values}

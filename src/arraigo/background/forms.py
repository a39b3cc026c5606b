from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import kinds
from .models import STATUS_LABELS

STATUS_CHOICES = [("", _("Any status")), *STATUS_LABELS.items()]


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("Any kind"))] + [(kind.path, kind.label) for kind in kinds()]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "kind": self.cleaned_data["kind"]}

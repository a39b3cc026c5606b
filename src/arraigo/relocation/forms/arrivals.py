"""Forms of the arrival: the day travellers arrived, and a correction of a check-in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import RelocationPlan, Ticket

CORRECT_DATE, CORRECT_UNDO = "date", "undo"


def _date_widget() -> forms.DateInput:
    """A date picker (as core.formflow.DATE_WIDGET) that offers no day after today."""
    today = f"{timezone.localdate():%Y-%m-%d}"
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "max": today})


def check_in_form_id(plan: RelocationPlan) -> str:
    return f"check-in-{plan.pk}"


class CheckInForm(forms.Form):
    arrived_on = forms.DateField(
        label=_("Arrival date"),
        required=False,
        help_text=_("The day they arrived; today if left empty."),
    )

    def __init__(self, *args: Any, plan: RelocationPlan | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"arrived_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        widget = _date_widget()
        if plan is not None:
            widget.attrs["min"] = f"{plan.travel_date:%Y-%m-%d}"
            # the field stands above the travellers, each with their own button: it belongs
            # to the household's check-in form wherever the page puts it
            widget.attrs["form"] = check_in_form_id(plan)
            self.auto_id = f"id_%s_{plan.pk}"  # one form per household on the arrivals page
        self.fields["arrived_on"].widget = widget


class TravellerChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, show_names: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_names = show_names

    def label_from_instance(self, obj: Any) -> str:
        return obj.person.full_name if self.show_names else f"#{obj.pk}"


class ArrivalCorrectionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Correction"),
        choices=[
            (CORRECT_DATE, _("They arrived on another day")),
            (CORRECT_UNDO, _("They have not arrived: undo the check-in")),
        ],
        initial=CORRECT_DATE,
        widget=forms.RadioSelect,
    )
    ticket = TravellerChoiceField(
        label=_("Traveller"),
        required=False,
        queryset=Ticket.objects.none(),
        empty_label=_("Everyone checked in"),
    )
    arrived_on = forms.DateField(label=_("Arrival date"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, plan: RelocationPlan, show_names: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ticket"]
        assert isinstance(field, TravellerChoiceField)
        field.queryset = (
            plan.tickets.filter(checked_in_at__isnull=False).select_related("person").order_by("id")
        )
        field.show_names = show_names
        widget = _date_widget()
        widget.attrs["min"] = f"{plan.travel_date:%Y-%m-%d}"
        self.fields["arrived_on"].widget = widget

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == CORRECT_DATE and not data.get("arrived_on"):
            self.add_error("arrived_on", _("Give the day they arrived."))
        return data

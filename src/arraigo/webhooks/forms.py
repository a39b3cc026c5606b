from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .events import Event, subscribable
from .models import DeliveryStatus, Subscriber
from .services import SubscriberData


class SubscriberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("Where the events are posted: https://..."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=subscribable, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def data_for_service(self) -> SubscriberData:
        data = self.cleaned_data
        return SubscriberData(
            name=data["name"], url=data["url"], events=data["events"], active=data["active"]
        )


def subscriber_initial(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "name": subscriber.name,
        "url": subscriber.url,
        "events": subscriber.events,
        "active": subscriber.active,
    }


class DeliveryFilterForm(forms.Form):
    subscriber = forms.TypedChoiceField(
        label=_("Subscriber"), required=False, coerce=int, empty_value=None
    )
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any event")), *Event.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *DeliveryStatus.choices],
    )

    def __init__(self, *args: Any, subscribers: list[Subscriber], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subscriber"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Any subscriber")), *((s.pk, s.name) for s in subscribers)]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            "subscriber": self.cleaned_data["subscriber"],
            "event": self.cleaned_data["event"],
            "status": self.cleaned_data["status"],
        }

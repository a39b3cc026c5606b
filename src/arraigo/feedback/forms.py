"""Forms of the feedback pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.models import User
from arraigo.core.search import SearchField
from arraigo.places.models import City

from .guard import Ticket, ticket_problems
from .models import Category, Channel, FeedbackStatus


class FeedbackFilterForm(forms.Form):
    q = SearchField(label=_("Reference or household"))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All"))])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *FeedbackStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, sea: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = [c for c in Category.choices if sea or c[0] != Category.SEA]
        self.fields["category"].choices = [("", _("All")), *shown]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "category": data.get("category") or "",
            "status": data.get("status") or "",
            "channel": data.get("channel") or "",
            "overdue": bool(data.get("overdue")),
        }


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    channel = forms.ChoiceField(label=_("Received by"), choices=Channel.choices)
    description = forms.CharField(label=_("What the person says"), widget=forms.Textarea)
    contact = forms.CharField(label=_("How to reach them (optional)"), required=False)


class _CitiesByRole(ModelChoiceIterator):
    """The cities in two groups: where households wait to move (origin cities) and where they
    settle (host cities). A city that is both is listed once, with the host cities."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        cities = list(self.queryset)
        groups = (
            (_("Where households wait to move"), [c for c in cities if not c.is_host]),
            (_("Where households settle"), [c for c in cities if c.is_host]),
        )
        for label, members in groups:
            if members:
                yield (label, [self.choice(city) for city in members])


class ProgrammeCityField(forms.ModelChoiceField):
    """Every city where the programme works, origin and host, grouped (_CitiesByRole)."""

    iterator = _CitiesByRole


class PublicFeedbackForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    description = forms.CharField(label=_("Tell us"), widget=forms.Textarea, max_length=3000)
    city = ProgrammeCityField(
        label=_("City where you live"),
        queryset=City.objects.filter(active=True).order_by("name", "state"),
        required=False,
    )
    contact = forms.CharField(
        label=_("Phone or email, if you want an answer (optional)"), required=False, max_length=120
    )
    # feedback.guard: the sum to answer (its question is the label), the signed ticket, and
    # a field hidden from people that scripts fill in
    answer = forms.IntegerField(label="", min_value=0, max_value=99)
    ticket = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = ticket.question
        self.fields["ticket"].initial = ticket.token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = ticket_problems(
            data.get("ticket") or "", data.get("answer"), data.get("website") or ""
        )
        for field, message in found.items():
            self.add_error(field, message)
        return data

    def ticket_renew(self, ticket: Ticket) -> None:
        """After a refusal: a new ticket and sum, the answer emptied, the rest as typed."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["ticket"] = ticket.token
        data["answer"] = ""
        self.data = data
        self.fields["answer"].label = ticket.question


class RespondForm(forms.Form):
    resolution = forms.CharField(label=_("Answer given"), widget=forms.Textarea)


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} · {obj.get_role_display()}" if obj.role else name


class AssignForm(forms.Form):
    """Whom to give a report to, among the staff who may handle it (feedback_assignees)."""

    assignee = AssigneeField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose someone who may handle this report.")},
    )

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]

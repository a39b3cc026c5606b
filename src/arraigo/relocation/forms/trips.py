"""Plain forms of the trips pages: they parse input, the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.places.models import City, Office
from arraigo.registry.models import Person

from ..models import DepartureStatus, PlanStatus, RelocationPlan, TransportMode


class PlanForm(forms.Form):
    """The trip, then one cost and seat per traveller (fields cost_<id>, seat_<id>)."""

    travel_date = forms.DateField(label=_("Travel date"), widget=DATE_WIDGET)
    mode = forms.ChoiceField(
        label=_("Transport"), choices=TransportMode.choices, initial=TransportMode.BUS
    )
    route = forms.CharField(label=_("Route"), max_length=200)
    carrier = forms.CharField(label=_("Carrier"), max_length=120)
    escort = forms.BooleanField(label=_("Escort or special assistance"), required=False)
    assistance_note = forms.CharField(
        label=_("Assistance needed"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    same_cost = forms.DecimalField(
        label=_("Same ticket cost for every traveller (MXN)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("Fills every traveller's cost left empty below."),
    )

    def __init__(self, *args: Any, travellers: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.travellers = list(travellers)
        for person in self.travellers:
            self.fields[f"cost_{person.pk}"] = forms.DecimalField(
                label=_("Ticket cost (MXN)"),
                min_value=0,
                max_digits=10,
                decimal_places=2,
                required=False,
            )
            self.fields[f"seat_{person.pk}"] = forms.CharField(
                label=_("Seat"), max_length=10, required=False
            )

    def traveller_rows(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"cost_{p.pk}"], self[f"seat_{p.pk}"]) for p in self.travellers]

    def trip_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("travel_date", "mode", "route", "carrier", "escort")]

    def costs(self) -> dict[int, Decimal]:
        """Each traveller's cost; an empty one takes the common cost (missing if none)."""
        data = self.cleaned_data
        out = {}
        for person in self.travellers:
            cost = data.get(f"cost_{person.pk}")
            if cost is None:
                cost = data.get("same_cost")
            if cost is not None:
                out[person.pk] = cost
        return out

    def seats(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"seat_{p.pk}", "") for p in self.travellers}

    def trip(self) -> dict[str, Any]:
        """Keyword arguments for plan_create / plan_update."""
        data = self.cleaned_data
        return {
            "travel_date": data["travel_date"],
            "mode": data["mode"],
            "route": data["route"],
            "carrier": data["carrier"],
            "escort": data["escort"],
            "assistance_note": data["assistance_note"],
            "ticket_costs": self.costs(),
            "seats": self.seats(),
        }

    @staticmethod
    def initial_for(plan: RelocationPlan) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "travel_date": plan.travel_date,
            "mode": plan.mode,
            "route": plan.route,
            "carrier": plan.carrier,
            "escort": plan.escort,
            "assistance_note": plan.assistance_note,
        }
        for ticket in plan.tickets.all():
            initial[f"cost_{ticket.person_id}"] = ticket.cost
            initial[f"seat_{ticket.person_id}"] = ticket.seat
        return initial


class PlanFilterForm(forms.Form):
    search = SearchField(label=_("Household code"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *PlanStatus.choices], required=False
    )
    city = forms.ModelChoiceField(
        label=_("Destination"), queryset=City.objects.none(), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Origin office"), queryset=Office.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("Travel from"), widget=DATE_WIDGET, required=False)
    date_to = forms.DateField(label=_("Travel until"), widget=DATE_WIDGET, required=False)

    def __init__(
        self, *args: Any, cities: QuerySet[City], offices: QuerySet[Office], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class DepartureFilterForm(forms.Form):
    search = SearchField(label=_("Route or carrier"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *DepartureStatus.choices], required=False
    )
    office = forms.ModelChoiceField(
        label=_("Origin office"), queryset=Office.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("Leaving from"), widget=DATE_WIDGET, required=False)
    date_to = forms.DateField(label=_("Leaving until"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class DepartureForm(forms.Form):
    origin_office = forms.ModelChoiceField(label=_("Origin office"), queryset=Office.objects.all())
    date = forms.DateField(label=_("Departure date"), widget=DATE_WIDGET)
    mode = forms.ChoiceField(
        label=_("Transport"), choices=TransportMode.choices, initial=TransportMode.BUS
    )
    route = forms.CharField(label=_("Route"), max_length=200)
    carrier = forms.CharField(label=_("Carrier"), max_length=120)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)


class DepartureAddForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Household's trip"), queryset=RelocationPlan.objects.none()
    )

    def __init__(self, *args: Any, plans: QuerySet[RelocationPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        field.queryset = plans  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.household.code} → {p.destination_city.name} ({p.travel_date:%Y-%m-%d})"
        )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was found"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmptyForm(forms.Form):
    pass

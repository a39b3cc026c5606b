"""Trips: a relocation plan per accepted offer, its tickets, group departures, follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arraigo.accounts.audit import audit_register


class TransportMode(models.TextChoices):
    BUS = "bus", _("Bus")
    PLANE = "plane", _("Plane")
    VAN = "van", _("Programme van")
    OTHER = "other", _("Other")


class DepartureStatus(models.TextChoices):
    OPEN = "open", _("Open")  # households can still be added
    DEPARTED = "departed", _("Departed")
    CANCELLED = "cancelled", pgettext_lazy("departure", "Cancelled")


class Departure(models.Model):
    """A group departure: one date, route and carrier, several households."""

    origin_office = models.ForeignKey(
        "places.Office", on_delete=models.PROTECT, related_name="departures"
    )
    date = models.DateField(_("departure date"))
    mode = models.CharField(
        _("transport"), max_length=8, choices=TransportMode.choices, default=TransportMode.BUS
    )
    route = models.CharField(_("route"), max_length=200)
    carrier = models.CharField(_("carrier"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=DepartureStatus.choices, default=DepartureStatus.OPEN
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.route}"


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("Did not arrive")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_PLAN_STATUSES = (PlanStatus.PLANNED, PlanStatus.DEPARTED)


class RelocationPlan(models.Model):
    """How one household that accepted an offer travels from its origin office to its city."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="relocation_plans"
    )
    proposal = models.ForeignKey(
        "matching.Proposal", on_delete=models.PROTECT, related_name="relocation_plans"
    )
    origin_office = models.ForeignKey("places.Office", on_delete=models.PROTECT, related_name="+")
    destination_city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, related_name="relocation_plans"
    )
    travel_date = models.DateField(_("travel date"))
    mode = models.CharField(
        _("transport"), max_length=8, choices=TransportMode.choices, default=TransportMode.BUS
    )
    route = models.CharField(_("route"), max_length=200)
    carrier = models.CharField(_("carrier"), max_length=120)
    departure = models.ForeignKey(
        Departure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("group departure"),
    )
    escort = models.BooleanField(_("escort or special assistance"), default=False)
    assistance_note = models.CharField(_("assistance needed"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    arrival_due = models.DateField(_("arrival due by"))
    arrived_at = models.DateTimeField(_("arrival recorded at"), null=True, blank=True)
    # the day the household arrived (its last traveller), as the host city recorded it
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-travel_date", "-id"]
        verbose_name = _("relocation plan")
        verbose_name_plural = _("relocation plans")
        # the trips list reads its page in this order without sorting every trip
        indexes = [
            models.Index(fields=["travel_date", "id"], name="relocation_plan_by_travel"),
            # a host city's arrivals expected (the host team's dashboard): its few live trips,
            # not every trip that ever went there
            models.Index(fields=["destination_city", "status"], name="relocation_plan_city_status"),
            # a host city's trips in the list's order, read from the start and stopped at the
            # page (the host team's trips list)
            models.Index(
                fields=["destination_city", "travel_date", "id"], name="relocation_plan_city_travel"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=["planned", "departed", "arrived"]),
                name="relocation_one_live_plan_per_household",
            ),
            models.CheckConstraint(
                condition=Q(arrival_due__gte=models.F("travel_date")),
                name="relocation_arrival_due_after_travel",
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.pk}"


class Ticket(models.Model):
    """One traveller's ticket: the person, the seat and its cost (MXN)."""

    plan = models.ForeignKey(RelocationPlan, on_delete=models.CASCADE, related_name="tickets")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(_("seat"), max_length=10, blank=True)
    cost = models.DecimalField(_("cost (MXN)"), max_digits=10, decimal_places=2)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)  # the real day
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="ticket_one_per_traveller"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="ticket_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"ticket {self.pk}"


class ArrivalCorrection(models.Model):
    """A check-in corrected after the fact: another arrival date, or undone (`arrived_on`
    empty: the traveller had not arrived), with the reason. `ticket` empty: every traveller."""

    plan = models.ForeignKey(
        RelocationPlan, on_delete=models.CASCADE, related_name="arrival_corrections"
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    previous_on = models.DateField(_("arrival date before"), null=True, blank=True)
    arrived_on = models.DateField(_("arrival date after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "corrected_at", "id"]
        verbose_name = _("arrival correction")
        verbose_name_plural = _("arrival corrections")

    def __str__(self) -> str:
        return f"arrival correction {self.pk}"


class FollowUpRequest(models.Model):
    """The origin office is asked to find out what happened to a household (a no-show)."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="follow_up_requests"
    )
    plan = models.ForeignKey(RelocationPlan, on_delete=models.PROTECT, related_name="follow_ups")
    office = models.ForeignKey("places.Office", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(_("what was found"), max_length=300, blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")

    def __str__(self) -> str:
        return f"follow-up {self.pk}"


audit_register(Departure)
audit_register(RelocationPlan)
audit_register(Ticket)
audit_register(FollowUpRequest)
audit_register(ArrivalCorrection)

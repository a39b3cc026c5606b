"""Erasure requests (asked by one coordinator, decided by another) and what an erasure keeps.

An `ErasureRequest` names a household, or one member of it, and why (a reason and where the
request came from). A second coordinator approves it (the erasure runs at once) or refuses it
with a note; its requester may withdraw it while it waits. An `ErasureRecord` is what remains
of an erased household or member: counts and codes of places, never a name, a birth date, a
document number or free text about the people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class Target(models.TextChoices):
    HOUSEHOLD = "household", _("The whole household")
    PERSON = "person", _("One member")


class Source(models.TextChoices):
    """Where the request came from (free text goes in the reason)."""

    PERSON = "person", _("The person's own request")
    REPRESENTATIVE = "representative", _("A legal representative's request")
    AUTHORITY = "authority", _("An order of a competent authority")
    PROGRAMME = "programme", _("The programme's decision (data no longer needed)")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    DONE = "done", _("Approved and erased")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ErasureRequest(models.Model):
    # The household stays (as a tombstone) once erased, so the request keeps pointing at it.
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    # The member to erase (target=person); the row goes with the erasure, so SET_NULL.
    person = models.ForeignKey(
        "registry.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The member's number in the household, kept once the person row is gone.
    member_no = models.PositiveSmallIntegerField(_("member number"), null=True, blank=True)
    target = models.CharField(_("what to erase"), max_length=10, choices=Target.choices)
    source = models.CharField(_("request made by"), max_length=16, choices=Source.choices)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.REQUESTED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        permissions = [
            ("request_erasure", "Can ask for a household or person to be erased"),
            ("approve_erasure", "Can approve or refuse another user's erasure request"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target="household") | Q(member_no__isnull=False),
                name="erasure_person_has_member_no",
            ),
            # The four-eyes rule, kept by the database too.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | ~Q(decided_by=models.F("requested_by"))
                | Q(status="withdrawn"),
                name="erasure_decided_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class ErasureRecord(models.Model):
    """What remains of an erasure: the aggregates the programme keeps, nothing identifying."""

    request = models.OneToOneField(
        ErasureRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record",
        verbose_name=_("erasure request"),
    )
    # Set for erasures by a retention rule (no request): the rule's name.
    retention_rule = models.CharField(_("retention rule"), max_length=60, blank=True)
    # The tombstone: the household row kept for the ledger, grants and journey history.
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    target = models.CharField(_("what was erased"), max_length=10, choices=Target.choices)
    erased_at = models.DateTimeField(_("erased at"))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    # The aggregates: counts and codes of places, the year, the journey's end.
    people = models.PositiveSmallIntegerField(_("people erased"))
    household_size = models.PositiveSmallIntegerField(_("household size"))
    registered_year = models.PositiveSmallIntegerField(_("year registered"))
    origin_office = models.CharField(_("registering office"), max_length=40)
    host_city = models.CharField(_("host city"), max_length=60, blank=True)
    modality = models.CharField(_("modality"), max_length=12)
    status_reached = models.CharField(_("status reached"), max_length=16)
    # {"registry.Person": 3, "registry.IdentityDocument": 4, ...}: rows removed or overwritten
    counts = models.JSONField(_("records erased, by kind"), default=dict)

    class Meta:
        ordering = ["-erased_at", "-id"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self) -> str:
        return f"erasure {self.pk}"

    @property
    def reference(self) -> str:
        """What the audit trail shows instead of an erased row's label."""
        return f"erased-{self.pk}"


# Who asked, who decided and when go on the trail; the reason and the note (free text that
# may name people) stay on the request, read by coordinators only.
audit_register(ErasureRequest, exclude=("reason", "decision_note"))
audit_register(ErasureRecord)


class RetentionRun(models.Model):
    """One application of the retention rules (`arraigo retention`), with what it erased."""

    ran_at = models.DateTimeField(_("ran at"))
    applied_for = models.DateField(_("rules applied as of"))
    # {"households": {"closed_cases": 2}, "feedback": {...}, "refused": {"closed_cases": 1}}
    counts = models.JSONField(_("erased and refused, by rule"), default=dict)

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention run {self.pk}"


audit_register(RetentionRun)

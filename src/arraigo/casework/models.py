"""Integration plans: a template (programme data a coordinator edits), a plan per household
made from it, and the plan's milestones with who is responsible, when they are due and the
evidence that they are done.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arraigo.accounts.audit import audit_register

from .rules import in_active_language


class PlanTemplate(models.Model):
    version = models.CharField(_("version"), max_length=40, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("plan template")

    def __str__(self) -> str:
        return self.version


class TemplateMilestone(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(_("code"), max_length=40)
    applies = models.CharField(_("applies to"), max_length=30)
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_es = models.CharField(_("title (Spanish)"), max_length=120)
    due_days = models.PositiveIntegerField(_("due (days after the start)"))
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("milestone of a plan template")
        verbose_name_plural = _("milestones of plan templates")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="template_milestone_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_es)


class PlanStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("plan", "Open")
    CLOSED = "closed", pgettext_lazy("plan", "Closed")


class IntegrationPlan(models.Model):
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="integration_plans"
    )
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("start"))
    status = models.CharField(
        _("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.OPEN
    )
    caseworker = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("integration plan")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="open"),
                name="integration_plan_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"plan {self.pk}"


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


OPEN_MILESTONE = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS, MilestoneStatus.BLOCKED)
CLOSED_MILESTONE = (MilestoneStatus.DONE, MilestoneStatus.NOT_APPLICABLE)


def milestone_overdue(today: dt.date) -> Q:
    """The overdue rule: still open and due before `today` (a milestone due today is not)."""
    return Q(status__in=OPEN_MILESTONE, due_on__lt=today)


class Milestone(models.Model):
    plan = models.ForeignKey(IntegrationPlan, on_delete=models.CASCADE, related_name="milestones")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40)
    # Copied from the template when the plan is made: a later edit of the template does not
    # change a plan already running.
    title_en = models.CharField(max_length=120)
    title_es = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    responsible = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "person_id", "id"]
        verbose_name = _("milestone")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(done_on__isnull=False) & ~Q(evidence="")),
                name="milestone_done_has_evidence",
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # the steps done in a period, by code (the results report's naturalisations and
            # reunifications); partial, so no query over open steps is drawn to it
            models.Index(
                fields=["code", "done_on"],
                condition=Q(status="done"),
                name="milestone_done_by_code",
            ),
            # the work list: open steps in due order, so a page of 25 is read from the
            # index's start instead of sorting every open step (700,000 at 100,000 households);
            # "not closed" (NOT IN, which no index can search) keeps SQLite on this index
            models.Index(
                fields=["due_on", "id"],
                condition=~Q(status__in=["done", "not_applicable"]),
                name="milestone_open_by_due",
            ),
            # one person's open steps (or nobody's) in due order: "my overdue milestones" and
            # the work list filtered by responsible person, read from the start of the index
            models.Index(
                fields=["responsible", "due_on", "id"],
                condition=~Q(status__in=["done", "not_applicable"]),
                name="milestone_open_by_person",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_es)


audit_register(IntegrationPlan)
audit_register(Milestone)
audit_register(TemplateMilestone)

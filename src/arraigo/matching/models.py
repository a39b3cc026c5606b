"""Matching runs, the proposal per household they produce, and the jobs in each proposal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register
from arraigo.places.models import City

from .labels import termination_label


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Objective(models.TextChoices):
    ANY_EMPLOYED = "any_employed", _("Households with at least one adult in work")
    EXPECTED_EMPLOYED = "expected_employed", _("Expected adults in work")


class MatchingRun(models.Model):
    """One solve over the profiled households of a capacity period, with everything needed to
    reproduce it: parameters, outcome-model version, and the solver's result."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # objective, preference_weight, floors {group: minimum}, time_limit, gap, seed, threads
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    model_version = models.CharField(_("outcome model version"), max_length=80, blank=True)
    model_kind = models.CharField(_("outcome model kind"), max_length=10, blank=True)
    termination = models.CharField(_("termination"), max_length=24, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("best bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    seconds = models.FloatField(_("solve seconds"), null=True, blank=True)
    assigned = models.PositiveIntegerField(_("households assigned"), default=0)
    households_considered = models.PositiveIntegerField(_("households considered"), default=0)
    greedy_objective = models.FloatField(_("greedy objective"), null=True, blank=True)
    # {"nationality": [{"group", "households", "placed", "mean_score"}], "head_sex": [...],
    #  "specific_needs": [...]}
    summary = models.JSONField(_("summary"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # The optimiser's instance as it was solved (optimiser.serial: zlib-compressed JSON), so
    # the run can be re-solved and compared once the database has changed (run replay).
    instance = models.BinaryField(_("instance solved"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.period_start:%Y-%m-%d}..{self.period_end:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.status in {RunStatus.QUEUED, RunStatus.RUNNING}

    @property
    def termination_label(self) -> str:
        """How the solver ended, in words (the stored code if it is not a known one)."""
        return termination_label(self.termination)

    @property
    def objective_label(self) -> str:
        """What the run maximised, in words (runs default to "any employed")."""
        code = str(self.parameters.get("objective", Objective.ANY_EMPLOYED))
        return str(Objective(code).label) if code in Objective.values else code

    @property
    def gain_over_greedy(self) -> float | None:
        """Relative gain of the optimum over the greedy baseline (0.05 = 5 % better)."""
        if self.objective is None or not self.greedy_objective:
            return None
        return (self.objective - self.greedy_objective) / abs(self.greedy_objective)

    @property
    def gain_percent(self) -> float | None:
        gain = self.gain_over_greedy
        return None if gain is None else 100 * gain


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    OVERRIDDEN = "overridden", _("Overridden")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded")


class Proposal(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="proposals"
    )
    # The household's case code (codes never change), copied so that a run's page reads its
    # proposals in code order through an index and stops at the page's last row, however
    # many the run holds: sorting 40,000 proposals by a joined column took 90 ms.
    household_code = models.CharField(
        _("household code"), max_length=32, blank=True, editable=False
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    # {"factors": [[label, value]], "alternatives": [{"city", "score", "reason"}],
    #  "binding": [dimension, ...], "model_kind": ...}
    explanation = models.JSONField(_("explanation"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    override_reason = models.CharField(_("reason for the override"), max_length=300, blank=True)
    override_city = models.ForeignKey(
        "places.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("household answered at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the answer"), max_length=300, blank=True)

    class Meta:
        ordering = ["run_id", "household_code", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["run", "household_code", "id"], name="proposal_run_by_code"),
            models.Index(fields=["run", "city"], name="proposal_run_city"),
            # the accepted offer of a household, read without its row (PostgreSQL: the
            # relocation list's offers waiting for a trip, 31 -> 11 ms at 100,000 households)
            models.Index(
                fields=["household", "decided_at", "id"],
                condition=Q(status="accepted"),
                name="proposal_accepted_by_household",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "household"],
                condition=~Q(status="superseded"),
                name="proposal_one_current_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} run {self.run_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.household_code and self.household_id is not None:
            self.household_code = self.household.code
        super().save(*args, **kwargs)

    @property
    def offered_city(self) -> City:
        """The city actually offered: the override's if there was one."""
        return self.override_city if self.override_city is not None else self.city


class ProposalJob(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="jobs")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey("jobs.Vacancy", on_delete=models.PROTECT, related_name="+")
    fit = models.FloatField(_("fit"))

    class Meta:
        verbose_name = _("proposed job")
        verbose_name_plural = _("proposed jobs")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"job {self.pk} of proposal {self.proposal_id}"


audit_register(MatchingRun, exclude=("progress", "progress_message", "instance"))
audit_register(Proposal)
audit_register(ProposalJob)

"""Follow-up outcomes of placements, and the versioned outcome models learnt from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class OutcomeSource(models.TextChoices):
    DEMO = "demo", _("Demo history")
    SURVEY = "survey", _("Follow-up survey")


class PlacementOutcome(models.Model):
    """Where a household was placed and whether it had formal work 6 months later.

    Written by the demo only, as the hidden ground truth its survey answers follow (the demo's
    casework, placements, notes and referrals read the arrival day and outcome from it). The
    outcome model no longer learns from it: it learns from six-month survey answers.
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="placement_outcomes"
    )
    city = models.ForeignKey("places.City", on_delete=models.PROTECT, related_name="+")
    placed_on = models.DateField(_("placed on"))
    employed_6m = models.BooleanField(_("someone in formal work at 6 months"))
    members_employed_6m = models.PositiveSmallIntegerField(_("members in formal work at 6 months"))
    source = models.CharField(_("source"), max_length=10, choices=OutcomeSource.choices)

    class Meta:
        ordering = ["placed_on", "id"]
        verbose_name = _("placement outcome")
        verbose_name_plural = _("placement outcomes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employed_6m=True, members_employed_6m__gt=0)
                | models.Q(employed_6m=False, members_employed_6m=0),
                name="outcome_employed_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}@{self.city_id}:{self.employed_6m}"


class ModelKind(models.TextChoices):
    PRIOR = "prior", _("Priors (stated weights)")
    LEARNED = "learned", _("Learned from follow-ups")


class TrainingSource(models.TextChoices):
    MONTH6_SURVEYS = "month6_surveys", _("Six-month surveys")


class OutcomeModel(models.Model):
    """A fitted logistic model stored as numbers (no pickle): it can be read and checked.

    `coefficients`: {"intercept": b, "weights": {feature: w}, "means": {feature: m},
    "scales": {feature: s}}; the score of a row x is sigmoid(b + sum w * (x - m) / s).
    `calibration`: 10 bins of predicted probability on the held-out rows,
    [{"low", "high", "count", "mean_predicted", "observed"}].
    `groups`: predicted against observed on the held-out rows, per group of households,
    {"head_sex" | "nationality" | "specific_needs": [{"group", "count", "mean_predicted",
    "observed"}]}. `source`, `data_from` and `data_to`: what it learned from, and the dates of
    the first and last interview used.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ModelKind.choices)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    trained_on = models.PositiveIntegerField(_("rows used"), default=0)
    test_rows = models.PositiveIntegerField(_("held-out rows"), default=0)
    seed = models.IntegerField(_("seed"), default=0)
    auc = models.FloatField(_("AUC (held-out)"), null=True, blank=True)
    brier = models.FloatField(_("Brier score (held-out)"), null=True, blank=True)
    prior_auc = models.FloatField(_("AUC of the priors (same rows)"), null=True, blank=True)
    calibration = models.JSONField(_("calibration table"), default=list)
    groups = models.JSONField(_("predicted and observed by group"), default=dict)
    source = models.CharField(
        _("learned from"), max_length=20, choices=TrainingSource.choices, blank=True
    )
    data_from = models.DateField(_("first interview used"), null=True, blank=True)
    data_to = models.DateField(_("last interview used"), null=True, blank=True)
    features = models.JSONField(_("features"), default=list)
    coefficients = models.JSONField(_("coefficients"), default=dict)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("outcome model")
        verbose_name_plural = _("outcome models")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="outcome_model_version"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.kind}-{self.version}"


audit_register(PlacementOutcome)
audit_register(OutcomeModel)

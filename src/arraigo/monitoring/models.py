"""Follow-up surveys: a household's interview per round and each member's answers.

`Figures` holds the permissions of the aggregate pages (no table). `Interview` is one
household's interview in one round (household-level answers, how it was taken, the
KoboToolbox submission it came from); `FollowUpAnswer` is one member's answers in one round,
the row of the interchange format (`arraigo followups import/export`, docs/monitoring.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class Figures(models.Model):
    """Holder of the permissions (no table): counts and charts, and the pseudonymised export."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("figures")
        permissions = [
            ("view_aggregates", "Can see counts and charts over the whole programme"),
            ("export_pseudonymised", "Can export pseudonymised data"),
        ]

    def __str__(self) -> str:
        return "figures"


class Round(models.TextChoices):
    """The survey rounds, in order; when each falls due is programme data (monitoring.yaml)."""

    BASELINE = "baseline", _("Baseline")
    MONTH1 = "month1", _("One month")
    MONTH6 = "month6", _("Six months")
    MONTH12 = "month12", _("Twelve months")


class AnswerSource(models.TextChoices):
    WEB = "web", _("Entered on the web form")
    FILE = "file", _("Imported from a file (interchange format)")
    KOBO = "kobo", _("Imported from KoboToolbox")
    DEMO = "demo", _("Demo history")


class InterviewMode(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    SELF = "self", _("Self-completed form")


class Interview(models.Model):
    """One household's interview in one round, with the household-level answers.

    Answers left empty were not asked or not answered. `submission_uuid` is the KoboToolbox
    (or ODK) submission the interview came from: importing it again changes nothing.
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="interviews"
    )
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    date = models.DateField(_("date of the interview"))
    mode = models.CharField(
        _("how"), max_length=10, choices=InterviewMode.choices, default=InterviewMode.PHONE
    )
    source = models.CharField(_("source"), max_length=6, choices=AnswerSource.choices)
    submission_uuid = models.CharField(_("submission"), max_length=64, blank=True, default="")
    # A code of the instrument's housing-tenure list (programme data), or "".
    housing_tenure = models.CharField(_("housing tenure"), max_length=30, blank=True, default="")
    feels_safe = models.BooleanField(_("feels safe where they live"), null=True, blank=True)
    health_access = models.BooleanField(_("can use health services"), null=True, blank=True)
    basic_needs_met = models.BooleanField(_("basic needs covered"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["household_id", "round", "id"]
        verbose_name = _("survey interview")
        verbose_name_plural = _("survey interviews")
        permissions = [
            ("import_surveys", "Can import survey answers from files"),
            ("export_records", "Can export people's records with household codes (interchange)"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["household", "round"], name="interview_once_a_round"),
            models.UniqueConstraint(
                fields=["submission_uuid"],
                condition=~Q(submission_uuid=""),
                name="interview_submission_once",
            ),
        ]
        indexes = [models.Index(fields=["round", "date"])]

    def __str__(self) -> str:
        return f"interview {self.pk} ({self.round})"


class FollowUpAnswer(models.Model):
    """One member's answers in one round: the row of the interchange format.

    `works`, `formal` (in a job registered with social security), `job_satisfied`,
    `in_school` and `bank_account`: True, False, or empty when not asked. `income`: monthly
    income from work in the programme's currency, or empty. `date` is the interview's date.
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="followup_answers"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="followup_answers"
    )
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    date = models.DateField(_("date of the interview"))
    works = models.BooleanField(_("works"), null=True, blank=True)
    formal = models.BooleanField(_("formal job"), null=True, blank=True)
    income = models.DecimalField(
        _("monthly income from work"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    job_satisfied = models.BooleanField(_("satisfied with the job"), null=True, blank=True)
    in_school = models.BooleanField(_("goes to school"), null=True, blank=True)
    bank_account = models.BooleanField(_("has a bank account"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=AnswerSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["household_id", "person_id", "round"]
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        constraints = [
            models.UniqueConstraint(fields=["person", "round"], name="answer_once_a_round"),
            models.CheckConstraint(
                condition=Q(income__isnull=True) | Q(income__gte=0), name="income_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["round", "date"])]

    def __str__(self) -> str:
        return f"answer {self.pk} ({self.round})"


audit_register(Interview)
audit_register(FollowUpAnswer)


# The REST Services forms and their submissions (models_kobo.py), found by Django here.
from .models_kobo import KoboForm, KoboSubmission  # noqa: E402, F401

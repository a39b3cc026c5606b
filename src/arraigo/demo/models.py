"""The marker of a seeded demo: what was asked for and the fixed "today" it was built on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """One row per `arraigo seed` run that created data (there is at most one)."""

    seed = models.IntegerField(_("seed"))
    households = models.PositiveIntegerField(_("households"))
    employers = models.PositiveIntegerField(_("employers"))
    vacancies = models.PositiveIntegerField(_("vacancies"))
    reference_date = models.DateField(
        _("reference date"), help_text=_("The demo's fixed today: ages and statuses use it.")
    )
    seeded_at = models.DateTimeField(_("seeded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")

    def __str__(self) -> str:
        return f"demo seed {self.seed} ({self.households} households)"

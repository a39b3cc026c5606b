"""The occupation (ISCO-08) and skill code lists, read by jobs (vacancies) and registry (people)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.audit import audit_register


class Occupation(models.Model):
    """An ISCO-08 unit group (4 digits); the code's first digit is its major group."""

    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200)

    class Meta:
        db_table = "jobs_occupation"  # the table created by jobs, kept when the model moved here
        ordering = ["isco_code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return f"{self.isco_code} {self.title}"

    @property
    def major_group(self) -> str:
        return self.isco_code[:1]

    @property
    def title(self) -> str:
        """The title in the active language (Spanish unless English is active)."""
        return self.title_en if (get_language() or "").startswith("en") else self.title_es


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)

    class Meta:
        db_table = "jobs_skill"  # the table created by jobs, kept when the model moved here
        ordering = ["name_es"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Spanish unless English is active)."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_es


# Every change to these tables is in the audit trail (own columns, before and after).
for _model in (Occupation, Skill):
    audit_register(_model)

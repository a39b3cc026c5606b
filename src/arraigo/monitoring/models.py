"""Monitoring owns no table: its model only carries the permissions of the aggregate pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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

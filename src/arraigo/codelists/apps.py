from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodelistsConfig(AppConfig):
    """The occupation (ISCO-08) and skill lists, below jobs and registry, which both use them."""

    name = "arraigo.codelists"
    verbose_name = _("Code lists")

from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Keep each role's group in step with ROLE_PERMISSIONS whenever migrations run.

    A new app brings new permissions with its migrations; without this, an upgraded
    database would keep role groups that lack them until someone re-seeded.
    """
    from .roles import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "arraigo.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from . import (
            audit,  # noqa: F401  (login and logout receivers write the audit trail)
            checks,  # noqa: F401  (registers security.yaml's system check)
        )
        from .lockout import on_locked_out
        from .sessions import on_logged_in

        user_locked_out.connect(on_locked_out, dispatch_uid="arraigo_login_locked")
        user_logged_in.connect(on_logged_in, dispatch_uid="arraigo_session_start")

        # After every app's post_migrate (permissions are created there): the last sender runs
        # last, so sync on each; roles_sync is idempotent and cheap.
        post_migrate.connect(_roles_after_migrate, dispatch_uid="arraigo_roles_sync")


class SecondFactorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site asks for a superuser verified by the second
    factor (accounts.admin_site)."""

    default = False  # named in INSTALLED_APPS; AccountsConfig stays this module's default
    default_site = "arraigo.accounts.admin_site.SecondFactorAdminSite"

"""Admin for accounts: the role groups are read-only.

One group per role, with exactly its permissions, is written by accounts.roles.roles_sync on
every migrate; a permission added in the admin would silently grant a role more than the
code says until the next sync. Roles change in accounts/roles.py.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from arraigo.core.admin import NoWrites

admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(NoWrites, GroupAdmin):
    pass

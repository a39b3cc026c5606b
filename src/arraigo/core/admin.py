"""Read-only admin pages for tables that have a service.

Every write to such a table goes through its app's services (checks, scope, history, audit);
the admin only shows the rows. Add, change and delete are refused (403), including a POST to
the change page, and inlines offer no form either.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class NoWrites:
    """Refuses add, change and delete; viewing stays (for staff with the view permission)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoWrites, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False


class ReadOnlyStackedInline(NoWrites, admin.StackedInline):
    extra = 0
    can_delete = False

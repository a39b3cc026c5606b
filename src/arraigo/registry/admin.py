"""Admin for the registry: document types are configuration and editable; cases are read-only.

Every change to a household goes through registry.services (checks, history, eligibility,
audit), so the admin shows cases without names and offers no add, change or delete on them.
"""

from __future__ import annotations

from django.contrib import admin

from arraigo.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import DocumentType, EligibilityDecision, Household, StatusChange


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_es", "name_en", "validator", "has_expiry", "sort_order", "active"]
    list_filter = ["validator", "has_expiry", "active"]
    search_fields = ["code", "name_es", "name_en"]
    ordering = ["sort_order", "code"]


class StatusChangeInline(ReadOnlyTabularInline):
    model = StatusChange
    fields = readonly_fields = ("changed_at", "from_status", "to_status", "changed_by", "reason")


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = [
        "code", "status", "eligibility", "modality", "origin_office", "host_city", "size",
        "has_open_duplicate", "registered_at",
    ]  # fmt: skip
    list_filter = ["status", "eligibility", "modality", "has_open_duplicate", "origin_office"]
    search_fields = ["code"]
    list_select_related = ["origin_office", "host_city"]
    date_hierarchy = "registered_at"
    # No names: head_name stays out of the admin.
    fields = readonly_fields = (
        "code", "status", "eligibility", "modality", "origin_office", "host_city", "size",
        "has_open_duplicate", "merged_into", "exception_approved_by", "exception_approved_at",
        "exception_reason", "registered_by", "registered_at", "updated_at",
    )  # fmt: skip
    inlines = [StatusChangeInline]


@admin.register(EligibilityDecision)
class EligibilityDecisionAdmin(ReadOnlyAdmin):
    list_display = ["household", "outcome", "ruleset", "decided_at", "decided_by"]
    list_filter = ["outcome", "ruleset"]
    search_fields = ["household__code"]
    list_select_related = ["household", "decided_by"]

"""Admin for places: read-only. Cities, offices, capacities, providers and services change
through places.services (checks, scope, audit) and the pages built on them."""

from django.contrib import admin

from arraigo.core.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline

from .models import Capacity, City, Office, Service, ServiceProvider


class OfficeInline(ReadOnlyTabularInline):
    model = Office


@admin.register(City)
class CityAdmin(ReadOnlyAdmin):
    list_display = ["name", "state", "kind", "is_border", "population", "active"]
    list_filter = ["kind", "state", "is_border", "active"]
    search_fields = ["name", "code", "state"]
    inlines = [OfficeInline]


@admin.register(Office)
class OfficeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "city__name"]
    list_select_related = ["city"]


@admin.register(Capacity)
class CapacityAdmin(ReadOnlyAdmin):
    list_display = ["city", "dimension", "period_start", "period_end", "amount", "reserved"]
    list_filter = ["dimension", "period_start"]
    search_fields = ["city__name"]
    list_select_related = ["city"]


class ServiceInline(ReadOnlyStackedInline):
    model = Service


@admin.register(ServiceProvider)
class ServiceProviderAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "city", "phone", "email", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "city__name", "contact_name", "email"]
    list_select_related = ["city"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "provider", "languages", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "provider__name", "description"]
    list_select_related = ["provider"]

from django.contrib import admin

from .models import Capacity, City, Office, Service, ServiceProvider


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "kind", "is_border", "population", "active"]
    list_filter = ["kind", "state", "is_border", "active"]
    search_fields = ["name", "code", "state"]
    inlines = [OfficeInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "city__name"]
    list_select_related = ["city"]


@admin.register(Capacity)
class CapacityAdmin(admin.ModelAdmin):
    list_display = ["city", "dimension", "period_start", "period_end", "amount", "reserved"]
    list_filter = ["dimension", "period_start"]
    search_fields = ["city__name"]
    list_select_related = ["city"]
    readonly_fields = ["reserved"]


class ServiceInline(admin.StackedInline):
    model = Service
    extra = 0


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "phone", "email", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "city__name", "contact_name", "email"]
    list_select_related = ["city"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "provider", "languages", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "provider__name", "description"]
    list_select_related = ["provider"]

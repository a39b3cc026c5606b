from django.contrib import admin

from .models import Employer, Vacancy


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "rfc", "sector", "city", "size", "trained_on_refugee_hiring", "active"]
    list_filter = ["sector", "size", "trained_on_refugee_hiring", "active"]
    search_fields = ["name", "rfc", "city__name"]
    list_select_related = ["city"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "city", "occupation", "seats", "seats_reserved", "status"]
    list_filter = ["status", "shift", "employer__sector"]
    search_fields = ["title", "employer__name", "occupation__isco_code", "occupation__title_es"]
    list_select_related = ["employer", "city", "occupation"]
    autocomplete_fields = ["employer", "occupation", "skills"]
    readonly_fields = ["seats_reserved", "created_at", "updated_at"]

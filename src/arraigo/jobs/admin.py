"""Admin for jobs: read-only. Employers and vacancies change through jobs.services (checks,
the employer's own company, seats reserved by matching)."""

from django.contrib import admin

from arraigo.core.admin import ReadOnlyAdmin

from .models import Employer, Vacancy


@admin.register(Employer)
class EmployerAdmin(ReadOnlyAdmin):
    list_display = ["name", "rfc", "sector", "city", "size", "trained_on_refugee_hiring", "active"]
    list_filter = ["sector", "size", "trained_on_refugee_hiring", "active"]
    search_fields = ["name", "rfc", "city__name"]
    list_select_related = ["city"]


@admin.register(Vacancy)
class VacancyAdmin(ReadOnlyAdmin):
    list_display = ["title", "employer", "city", "occupation", "seats", "seats_reserved", "status"]
    list_filter = ["status", "shift", "employer__sector"]
    search_fields = ["title", "employer__name", "occupation__isco_code", "occupation__title_es"]
    list_select_related = ["employer", "city", "occupation"]

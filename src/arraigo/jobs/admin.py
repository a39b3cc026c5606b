"""Admin for jobs: read-only. Employers and vacancies change through jobs.services (checks,
the employer's own company, seats reserved by matching); occupations and skills are code
lists loaded from their files (occupations_load, skills_load)."""

from django.contrib import admin

from arraigo.core.admin import ReadOnlyAdmin

from .models import Employer, Occupation, Skill, Vacancy


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["isco_code", "title_en", "title_es"]
    search_fields = ["isco_code", "title_en", "title_es"]


@admin.register(Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "name_es"]
    search_fields = ["code", "name_en", "name_es"]


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

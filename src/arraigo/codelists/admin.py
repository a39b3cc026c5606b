"""Admin for the code lists: read-only. Occupations and skills are loaded from their files
(codelists.services); an edit here would differ from the file and be lost at the next load."""

from django.contrib import admin

from arraigo.core.admin import ReadOnlyAdmin

from .models import Occupation, Skill


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["isco_code", "title_en", "title_es"]
    search_fields = ["isco_code", "title_en", "title_es"]


@admin.register(Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "name_es"]
    search_fields = ["code", "name_en", "name_es"]

from django.contrib import admin

from .models import Occupation, Skill


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["isco_code", "title_en", "title_es"]
    search_fields = ["isco_code", "title_en", "title_es"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_es"]
    search_fields = ["code", "name_en", "name_es"]

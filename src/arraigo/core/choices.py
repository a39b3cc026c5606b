"""Code lists shared by several apps (education, language levels, sex)."""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class EducationLevel(models.TextChoices):
    """Highest completed level, after ISCED 2011."""

    NONE = "none", _("No formal education")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    VOCATIONAL = "vocational", _("Technical or vocational")
    TERTIARY = "tertiary", _("University")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


EDUCATION_RANK = {level.value: rank for rank, level in enumerate(EducationLevel)}


class LanguageLevel(models.TextChoices):
    NONE = "none", _("None")
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native")


LANGUAGE_RANK = {level.value: rank for rank, level in enumerate(LanguageLevel)}


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or not stated")


@lru_cache(maxsize=8)
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple((country.code, str(country.name)) for country in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """ISO 3166 countries as (code, name) in the active language, sorted; built once per language.

    Building the list translates and sorts about 250 names, which otherwise costs every form.
    """
    return _country_choices(translation.get_language() or settings.LANGUAGE_CODE)

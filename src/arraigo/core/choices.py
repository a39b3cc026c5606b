"""Code lists shared by several apps (education, language levels, sex)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

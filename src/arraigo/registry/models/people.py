"""People of a household, their languages and identity documents, and likely duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from arraigo.accounts.audit import audit_register
from arraigo.core.choices import EducationLevel, LanguageLevel, Sex
from arraigo.core.fieldcrypto import EncryptedTextField, LookupHashField

from ..choices import DuplicateStatus, Relationship, ValidatorKind
from ..folding import folded_name
from .households import Household


class Person(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # The member's number in the household: 1 for the head registered with it, then in the
    # order members were added; stable and never reused (Household.last_member_no).
    member_no = models.PositiveSmallIntegerField(_("member number"), editable=False)
    first_names = models.CharField(_("first names"), max_length=120)
    last_names = models.CharField(_("last names"), max_length=120)
    # "first names last names" without accents, in lower case: what name search reads
    # (name_search.py); kept by save() whenever a name is saved.
    name_folded = models.CharField(max_length=241, blank=True, default="", editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    nationality = CountryField(_("nationality"))
    relationship = models.CharField(
        _("relationship to the head"), max_length=16, choices=Relationship.choices
    )
    spanish_level = models.CharField(
        _("Spanish level"), max_length=15, choices=LanguageLevel.choices, default=LanguageLevel.NONE
    )
    # A code of the programme's list (registry.protection), as recorded: never derived.
    protection_status = models.CharField(
        _("protection status"), max_length=32, blank=True, default="", db_index=True
    )
    education_level = models.CharField(
        _("education"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    years_experience = models.PositiveSmallIntegerField(_("years of work experience"), default=0)
    willing_to_work = models.BooleanField(_("willing to work"), default=False)
    able_to_work = models.BooleanField(_("able to work"), default=False)
    phone = PhoneNumberField(_("contact phone"), blank=True)
    occupations = models.ManyToManyField("codelists.Occupation", blank=True, related_name="people")
    skills = models.ManyToManyField("codelists.Skill", blank=True, related_name="people")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "date_of_birth"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship="head"),
                name="one_head_per_household",
            ),
            models.UniqueConstraint(fields=["household", "member_no"], name="member_no_unique"),
        ]
        indexes = [
            models.Index(fields=["last_names", "first_names"]),
            # Duplicate detection narrows by nationality and birth date before scoring names.
            models.Index(fields=["nationality", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return f"{self.household.code}#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = folded_name(self.first_names, self.last_names)
        fields = kwargs.get("update_fields")
        if fields is not None and {"first_names", "last_names"} & set(fields):
            kwargs["update_fields"] = {*fields, "name_folded"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PersonLanguage(models.Model):
    """A language other than Spanish, with its level (Spanish is on the person)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language (ISO 639)"), max_length=8)
    level = models.CharField(_("level"), max_length=15, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.language}"


class DocumentType(models.Model):
    """Configurable list, loaded from the programme's document_types.yaml."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    validator = models.CharField(
        _("validator"), max_length=8, choices=ValidatorKind.choices, default=ValidatorKind.NONE
    )
    has_expiry = models.BooleanField(_("expires"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return self.code


class IdentityDocument(models.Model):
    """A person's document. The number is encrypted at rest (docs/security.md): it is found,
    and kept unique per type, through `number_hash`, its keyed hash
    (`lookup_hash(number)`), never by the number's own column."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    # as the type's validator normalised it (at most 40 characters: validators.py)
    number = EncryptedTextField(_("number"))
    number_hash = LookupHashField(source="number")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_type__sort_order"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "number_hash"], name="document_unique"
            ),
            # One current document of each type per person (services/inputs.py says why).
            models.UniqueConstraint(
                fields=["person", "document_type"], name="one_document_per_type_per_person"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="document_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["number_hash"], name="document_number_hash")]

    def __str__(self) -> str:
        return f"{self.document_type.code}:{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None and "number" in fields:
            kwargs["update_fields"] = {*fields, "number_hash"}
        super().save(*args, **kwargs)


class DuplicateCandidate(models.Model):
    """A person who looks like someone already registered (names, birth date, nationality)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_of")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicated_by")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=14, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    found_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="duplicate_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}~{self.other_id}:{self.status}"


# Every change goes to the audit trail (reads are logged by the views).
# name_folded repeats the names (audited already) for search: it never enters the trail
audit_register(Person, exclude=("updated_at", "name_folded"), m2m=("occupations", "skills"))
audit_register(PersonLanguage)
audit_register(DocumentType)
# The number is encrypted at rest: the trail keeps only its last characters, never its hash.
audit_register(IdentityDocument, exclude=("number_hash",), mask=("number",))
audit_register(DuplicateCandidate)

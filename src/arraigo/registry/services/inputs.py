"""Checking PersonData and DocumentData before anything is saved.

Every problem is collected under a dotted key ("head.date_of_birth",
"members.1.documents.0.number") so one ValidationFailed lists them all and a form can show
each next to its field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.choices import EducationLevel, LanguageLevel, Sex
from arraigo.core.errors import ValidationFailed
from arraigo.jobs.models import Occupation, Skill
from arraigo.registry import validators
from arraigo.registry.models import DocumentType, IdentityDocument, Relationship
from arraigo.registry.protection import protection_codes
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.types import DocumentData, PersonData

NAME_MAX_LENGTH = 120
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def key_join(prefix: str, key: str | None) -> str | None:
    if not prefix:
        return key
    return prefix if key is None else f"{prefix}.{key}"


class Problems:
    """Collects field errors; `raise_if_any` raises one ValidationFailed with all of them."""

    def __init__(self) -> None:
        self.errors: dict[str | None, list[str]] = {}

    def add(self, key: str | None, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def absorb(self, prefix: str, exc: ValidationFailed) -> None:
        for key, messages in exc.errors.items():
            for message in messages:
                self.add(key_join(prefix, key), message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def document_type_name(document_type: DocumentType) -> str:
    language = get_language() or "es"
    return document_type.name_es if language.startswith("es") else document_type.name_en


@dataclass
class CleanDocument:
    document_type: DocumentType
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None


@dataclass
class CleanPerson:
    data: PersonData
    nationality: str
    phone: str
    occupations: list[Occupation] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)
    documents: list[CleanDocument] = field(default_factory=list)


def _choice(problems: Problems, key: str | None, value: str, allowed: list[str]) -> None:
    if value not in allowed:
        problems.add(key, _("Choose one of the listed options."))


def _names(problems: Problems, prefix: str, data: PersonData) -> None:
    for name in ("first_names", "last_names"):
        value = (getattr(data, name) or "").strip()
        if not value:
            problems.add(key_join(prefix, name), _("This field is required."))
        elif len(value) > NAME_MAX_LENGTH:
            problems.add(
                key_join(prefix, name),
                _("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH},
            )


def _codes_known(
    problems: Problems,
    key: str | None,
    codes: Sequence[str],
    found: Mapping[str, object],
    what: str,
) -> None:
    for code in codes:
        if code not in found:
            problems.add(key, _("Unknown %(what)s code: %(code)s") % {"what": what, "code": code})


def _languages(problems: Problems, prefix: str, data: PersonData) -> list[tuple[str, str]]:
    key = key_join(prefix, "languages")
    seen: set[str] = set()
    cleaned = []
    for code, level in data.languages:
        language = (code or "").strip().lower()
        if not _LANGUAGE_CODE.match(language):
            problems.add(key, _("Unknown language code: %(code)s") % {"code": code})
        elif language == "es":
            problems.add(key, _("Record Spanish in the Spanish level field."))
        elif language in seen:
            problems.add(key, _("A language is listed twice: %(code)s") % {"code": language})
        elif level not in LanguageLevel.values:
            problems.add(key, _("Choose a level for %(code)s.") % {"code": language})
        else:
            seen.add(language)
            cleaned.append((language, level))
    return cleaned


def person_check(
    data: PersonData, *, prefix: str, problems: Problems, today: dt.date
) -> CleanPerson:
    """Every field of one person except its documents (see documents_check)."""
    _names(problems, prefix, data)
    _choice(problems, key_join(prefix, "sex"), data.sex, Sex.values)
    _choice(problems, key_join(prefix, "relationship"), data.relationship, Relationship.values)
    _choice(problems, key_join(prefix, "spanish_level"), data.spanish_level, LanguageLevel.values)
    _choice(
        problems, key_join(prefix, "education_level"), data.education_level, EducationLevel.values
    )
    if data.protection_status:
        _choice(
            problems,
            key_join(prefix, "protection_status"),
            data.protection_status,
            protection_codes(),
        )
    if not isinstance(data.date_of_birth, dt.date):
        problems.add(key_join(prefix, "date_of_birth"), _("Enter the date of birth."))
    else:
        try:
            validators.birth_date_validate(data.date_of_birth, today)
        except ValidationFailed as exc:
            problems.absorb(prefix, exc)
    if not 0 <= data.years_experience <= 80:
        problems.add(
            key_join(prefix, "years_experience"), _("Enter a number of years from 0 to 80.")
        )
    nationality = ""
    try:
        nationality = validators.country_validate(data.nationality)
    except ValidationFailed as exc:
        problems.absorb(prefix, exc)
    phone = ""
    if data.phone.strip():
        try:
            phone = validators.phone_validate(data.phone.strip())
        except ValidationFailed as exc:
            problems.absorb(prefix, exc)
    occupations = {
        o.isco_code: o for o in Occupation.objects.filter(isco_code__in=data.occupation_codes)
    }
    _codes_known(
        problems,
        key_join(prefix, "occupation_codes"),
        data.occupation_codes,
        occupations,
        "occupation",
    )
    skills = {s.code: s for s in Skill.objects.filter(code__in=data.skill_codes)}
    _codes_known(problems, key_join(prefix, "skill_codes"), data.skill_codes, skills, "skill")
    return CleanPerson(
        data=data,
        nationality=nationality,
        phone=phone,
        occupations=list(occupations.values()),
        skills=list(skills.values()),
        languages=_languages(problems, prefix, data),
    )


def documents_check(
    items: Sequence[tuple[str, DocumentData]],
    *,
    problems: Problems,
    today: dt.date,
    actor: User | None = None,
) -> list[CleanDocument | None]:
    """Check documents given as (key prefix, data); None in the answer where one failed.

    The same type and number twice in `items`, or already on file anywhere, is refused; the
    message names the document type, and the household that holds it only when `actor` may
    see that household (a code from another office is not revealed).
    """
    types = {t.code: t for t in DocumentType.objects.filter(active=True)}
    seen: set[tuple[int, str]] = set()
    cleaned: list[CleanDocument | None] = []
    for prefix, doc in items:
        doc_type = types.get(doc.type_code)
        ok = True
        if doc_type is None:
            problems.add(key_join(prefix, "type_code"), _("Choose a document type."))
            ok = False
        try:
            validators.document_dates_validate(doc.issued_on, doc.expires_on, today)
        except ValidationFailed as exc:
            problems.absorb(prefix, exc)
            ok = False
        number = ""
        try:
            number = validators.document_number_validate(
                doc_type.validator if doc_type else "none", doc.number
            )
        except ValidationFailed as exc:
            problems.absorb(prefix, exc)
            ok = False
        if doc_type is not None and number:
            ok = _unique_check(problems, prefix, doc_type, number, seen, actor) and ok
        cleaned.append(
            CleanDocument(doc_type, number, doc.issued_on, doc.expires_on)
            if ok and doc_type is not None
            else None
        )
    return cleaned


def _unique_check(
    problems: Problems,
    prefix: str,
    doc_type: DocumentType,
    number: str,
    seen: set[tuple[int, str]],
    actor: User | None,
) -> bool:
    key = key_join(prefix, "number")
    if (doc_type.pk, number) in seen:
        problems.add(key, _("This document is listed twice."))
        return False
    seen.add((doc_type.pk, number))
    existing = (
        IdentityDocument.objects.filter(document_type=doc_type, number=number)
        .select_related("person__household")
        .first()
    )
    if existing is not None:
        holder = existing.person.household
        if actor is not None and households_visible_to(actor).filter(pk=holder.pk).exists():
            message = _(
                "A %(type)s with this number is already registered in household %(code)s."
            ) % {"type": document_type_name(doc_type), "code": holder.code}
        else:
            message = _(
                "A %(type)s with this number is already registered in a household you cannot "
                "see; a coordinator can find it by its number."
            ) % {"type": document_type_name(doc_type)}
        problems.add(key, message)
        return False
    return True

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

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.choices import EducationLevel, LanguageLevel, Sex
from arraigo.core.errors import ValidationFailed
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry import validators
from arraigo.registry.models import DocumentType, IdentityDocument, Person, Relationship
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


@dataclass(frozen=True)
class Holder:
    """The person a document is for, as far as the document checks need them.

    `key` tells people apart within one check; `types_on_file` are the codes of the document
    types the person already holds (one current document of each type per person).
    """

    key: str
    date_of_birth: dt.date | None
    sex: str
    types_on_file: frozenset[str] = frozenset()

    @classmethod
    def of_data(cls, key: str, data: PersonData) -> Holder:
        born = data.date_of_birth if isinstance(data.date_of_birth, dt.date) else None
        return cls(key=key, date_of_birth=born, sex=data.sex)


def _sex_label(value: str) -> str:
    return str(Sex(value).label) if value in Sex.values else value


def holder_disagreements(
    facts: validators.DocumentFacts, *, date_of_birth: dt.date | None, sex: str
) -> dict[str, tuple[str, str]]:
    """Where a document contradicts its holder: field -> (as recorded, as the document says).

    A person whose sex is not stated (X) is not compared on sex.
    """
    found: dict[str, tuple[str, str]] = {}
    said_born = facts.date_of_birth
    if said_born is not None and date_of_birth is not None and said_born != date_of_birth:
        found["date_of_birth"] = (date_format(date_of_birth), date_format(said_born))
    if facts.sex is not None and sex in Sex.values and sex != Sex.OTHER and facts.sex != sex:
        found["sex"] = (_sex_label(sex), _sex_label(facts.sex))
    return found


def _holder_check(
    problems: Problems, prefix: str, doc_type: DocumentType, number: str, holder: Holder
) -> bool:
    facts = validators.document_facts(doc_type.validator, number)
    found = holder_disagreements(facts, date_of_birth=holder.date_of_birth, sex=holder.sex)
    for field_name in list(found):  # a value already refused is not compared as well
        if key_join(holder.key, field_name) in problems.errors:
            del found[field_name]
    name = document_type_name(doc_type)
    if "date_of_birth" in found:
        recorded, said = found["date_of_birth"]
        problems.add(
            key_join(prefix, "number"),
            _(
                "This %(type)s is for someone born on %(said)s, but this person's date of "
                "birth is %(recorded)s."
            )
            % {"type": name, "said": said, "recorded": recorded},
        )
    if "sex" in found:
        recorded, said = found["sex"]
        problems.add(
            key_join(prefix, "number"),
            _("This %(type)s gives the sex %(said)s, but this person is recorded as %(recorded)s.")
            % {"type": name, "said": said, "recorded": recorded},
        )
    return not found


def holder_change_check(problems: Problems, person: Person, data: PersonData) -> None:
    """A change of birth date or sex must still agree with the person's documents on file."""
    born = data.date_of_birth if isinstance(data.date_of_birth, dt.date) else None
    changed_born = born if born != person.date_of_birth else None
    changed_sex = data.sex if data.sex != person.sex else ""
    if changed_born is None and not changed_sex:
        return
    for document in person.documents.select_related("document_type"):
        facts = validators.document_facts(document.document_type.validator, document.number)
        found = holder_disagreements(facts, date_of_birth=changed_born, sex=changed_sex)
        for field_name, (_recorded, said) in found.items():
            problems.add(
                field_name,
                _(
                    "The %(type)s on file gives %(said)s. Correct or remove that document "
                    "first, or keep the value it gives."
                )
                % {"type": document_type_name(document.document_type), "said": said},
            )


def _one_per_type_check(
    problems: Problems,
    prefix: str,
    doc_type: DocumentType,
    holder: Holder,
    held: set[tuple[str, str]],
) -> bool:
    if doc_type.code in holder.types_on_file or (holder.key, doc_type.code) in held:
        problems.add(
            key_join(prefix, "type_code"),
            _(
                "This person already has a %(type)s; a person holds one of each type. "
                "Remove the old one first to record a new one."
            )
            % {"type": document_type_name(doc_type)},
        )
        return False
    held.add((holder.key, doc_type.code))
    return True


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
    items: Sequence[tuple[str, DocumentData, Holder]],
    *,
    problems: Problems,
    today: dt.date,
    actor: User | None = None,
) -> list[CleanDocument | None]:
    """Check documents given as (key prefix, data, holder); None in the answer where one failed.

    The same type and number twice in `items`, or already on file anywhere, is refused; the
    message names the document type, and the household that holds it only when `actor` may
    see that household (a code from another office is not revealed). A person holds one
    document of each type, and a number that says something about its holder (a CURP's birth
    date and sex) must agree with the holder.
    """
    types = {t.code: t for t in DocumentType.objects.filter(active=True)}
    seen: set[tuple[int, str]] = set()
    held: set[tuple[str, str]] = set()
    cleaned: list[CleanDocument | None] = []
    for prefix, doc, holder in items:
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
        if doc_type is not None:
            ok = _one_per_type_check(problems, prefix, doc_type, holder, held) and ok
        if doc_type is not None and number:
            unique = _unique_check(problems, prefix, doc_type, number, seen, actor)
            # A number on file for someone else is refused for that alone.
            ok = unique and _holder_check(problems, prefix, doc_type, number, holder) and ok
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
        IdentityDocument.objects.filter(document_type=doc_type, number_hash=lookup_hash(number))
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

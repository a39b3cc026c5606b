"""The households file: one row per person, the household's columns repeated on (or left
empty in) the rows of its other members. docs/imports.md explains each column; the template's
second sheet lists them with the values the programme folder allows."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from arraigo.core.choices import EducationLevel, LanguageLevel, Sex
from arraigo.places.models import City, Office
from arraigo.registry.models import (
    ClosureReason,
    ConsentPurpose,
    DocumentType,
    HouseholdStatus,
    Modality,
    NeedCode,
    Relationship,
)
from arraigo.registry.protection import protection_choices
from arraigo.registry.services.inputs import document_type_name

from .columns import Column, choices_of, yes_no_allowed

DOCUMENT_SLOTS = 2  # document_*, document_2_*: more documents, more slots (document_3_...)


def _offices() -> Sequence[tuple[str, str]]:
    return list(Office.objects.order_by("code").values_list("code", "name"))


def _cities() -> Sequence[tuple[str, str]]:
    return [(c.code, str(c)) for c in City.objects.order_by("code")]


def _document_types() -> Sequence[tuple[str, str]]:
    return [(t.code, document_type_name(t)) for t in DocumentType.objects.filter(active=True)]


def _stages() -> Sequence[tuple[str, str]]:
    return [(str(code), str(label)) for code, label in HouseholdStatus.choices]


def document_columns(slot: int) -> tuple[str, str, str, str]:
    prefix = "document" if slot == 1 else f"document_{slot}"
    return (f"{prefix}_type", f"{prefix}_number", f"{prefix}_issued_on", f"{prefix}_expires_on")


CONSENT_COLUMNS = {f"consent_{purpose}": purpose for purpose in ConsentPurpose.values}

HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column(
        "household_ref",
        gettext_lazy(
            "The household's reference in your records: the same on every row of its members, "
            "different for each household. A household imported before under this reference "
            "is left as it is."
        ),
        required=True,
        example="TAP-0001",
    ),
    Column(
        "origin_office",
        gettext_lazy("Code of the office that registers the household."),
        required=True,
        example="tap",
        allowed=_offices,
    ),
    Column(
        "modality",
        gettext_lazy("Relocation (default) or integration support where the household lives."),
        example="relocation",
        allowed=choices_of(Modality.choices),
    ),
    Column(
        "host_city",
        gettext_lazy(
            "Code of the host city: where it relocated to, or where an in-place household lives."
        ),
        allowed=_cities,
    ),
    Column(
        "stage",
        gettext_lazy(
            "Where the household is in the journey (default: registered). Registered, eligible "
            "and not eligible follow the programme's eligibility rules."
        ),
        example="registered",
        allowed=_stages,
    ),
    Column(
        "stage_date",
        gettext_lazy(
            "The date it reached that stage (YYYY-MM-DD); default: the registration date."
        ),
        example="2026-03-02",
    ),
    Column(
        "registered_on",
        gettext_lazy("The date it was registered (YYYY-MM-DD); default: today."),
        example="2026-03-02",
    ),
    Column(
        "closure_reason",
        gettext_lazy("Why the case closed: needed when the stage is closed."),
        allowed=choices_of(ClosureReason.choices),
    ),
    *(
        Column(
            name,
            gettext_lazy("The household's consent for this purpose: yes, no or empty (not asked)."),
            example="yes",
            allowed=yes_no_allowed,
        )
        for name in CONSENT_COLUMNS
    ),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column(
        "relationship",
        gettext_lazy("Relationship to the head; one member per household is the head."),
        required=True,
        example="head",
        allowed=choices_of(Relationship.choices),
    ),
    Column("first_names", gettext_lazy("First names."), required=True, example="Ana María"),
    Column("last_names", gettext_lazy("Last names."), required=True, example="Pérez López"),
    Column(
        "sex", gettext_lazy("Sex."), required=True, example="F", allowed=choices_of(Sex.choices)
    ),
    Column(
        "date_of_birth",
        gettext_lazy("Date of birth (YYYY-MM-DD)."),
        required=True,
        example="1990-05-17",
    ),
    Column(
        "nationality",
        gettext_lazy("Nationality: the country's two-letter ISO 3166 code (HN, SV, HT...)."),
        required=True,
        example="HN",
    ),
    Column(
        "spanish_level",
        gettext_lazy("Spanish level (default: none)."),
        example="native",
        allowed=choices_of(LanguageLevel.choices),
    ),
    Column(
        "education_level",
        gettext_lazy("Highest completed education (default: none)."),
        allowed=choices_of(EducationLevel.choices),
    ),
    Column(
        "protection_status",
        gettext_lazy("Protection status, as recorded."),
        allowed=lambda: [(code, str(label)) for code, label in protection_choices()],
    ),
    Column("years_experience", gettext_lazy("Years of work experience, 0 to 80."), example="3"),
    Column("willing_to_work", gettext_lazy("Willing to work: yes or no."), allowed=yes_no_allowed),
    Column("able_to_work", gettext_lazy("Able to work: yes or no."), allowed=yes_no_allowed),
    Column(
        "phone",
        gettext_lazy("Contact phone in international format: + and the country code."),
        example="+529621234567",
    ),
    *(
        column
        for slot in range(1, DOCUMENT_SLOTS + 1)
        for column in (
            Column(
                document_columns(slot)[0],
                gettext_lazy("Type of an identity document, from the programme's list."),
                example="curp" if slot == 1 else "",
                allowed=_document_types,
            ),
            Column(
                document_columns(slot)[1],
                gettext_lazy("Its number, checked as the document type says (CURP, RFC, NSS...)."),
                example="PELA900517MCSRPN09" if slot == 1 else "",
            ),
            Column(document_columns(slot)[2], gettext_lazy("Issued on (YYYY-MM-DD), if known.")),
            Column(document_columns(slot)[3], gettext_lazy("Expires on (YYYY-MM-DD), if it does.")),
        )
    ),
    Column(
        "needs",
        gettext_lazy("Specific needs of this person, codes separated by ;"),
        allowed=choices_of(NeedCode.choices),
    ),
    Column(
        "languages",
        gettext_lazy(
            "Other languages than Spanish as code:level, separated by ; (ht:native; fr:basic)."
        ),
    ),
    Column("occupations", gettext_lazy("ISCO-08 occupation codes, separated by ;")),
    Column("skills", gettext_lazy("Skill codes of the programme's list, separated by ;")),
)

COLUMNS: tuple[Column, ...] = (*HOUSEHOLD_COLUMNS, *PERSON_COLUMNS)
HOUSEHOLD_NAMES = tuple(c.name for c in HOUSEHOLD_COLUMNS if c.name != "household_ref")


def known_columns() -> list[str]:
    """Every column the file may have (more document slots than the template shows)."""
    extra = [name for slot in range(DOCUMENT_SLOTS + 1, 10) for name in document_columns(slot)]
    return [*(c.name for c in COLUMNS), *extra]


def required_columns() -> list[str]:
    return [c.name for c in COLUMNS if c.required]

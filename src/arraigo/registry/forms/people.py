"""Forms for one person: personal data, identity documents and other languages.

Field names follow registry.types.PersonData and DocumentData, so an error key from a service
("documents.0.number", "occupation_codes") lands on the field of the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from arraigo.codelists.models import Occupation, Skill
from arraigo.core.choices import EducationLevel, LanguageLevel, Sex, country_choices
from arraigo.core.versions import VersionField
from arraigo.core.widgets import PlainSelect, SearchableCheckboxes

from ..models import DocumentType, Person, Relationship
from ..protection import protection_choices
from ..types import DocumentData, PersonData

Choices = list[tuple[str, Any]]
BLANK: tuple[str, str] = ("", "---------")
DOCUMENT_ROWS = 3
LANGUAGE_ROWS = 2

# Languages other than Spanish most often spoken by the people the programme serves
# (ISO 639-1, or 639-3 where there is no two-letter code).
OTHER_LANGUAGES: Choices = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("wo", _("Wolof")),
    ("mam", _("Mam")),
    ("quc", _("K'iche'")),
    ("kek", _("Q'eqchi'")),
    ("cab", _("Garifuna")),
    ("miq", _("Miskito")),
    ("zh", _("Chinese")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ne", _("Nepali")),
    ("ur", _("Urdu")),
    ("fa", _("Persian")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("so", _("Somali")),
]


@dataclass(frozen=True)
class PersonChoices:
    """Choice lists read once per request and shared by every person form on a page."""

    document_types: Choices
    occupations: Choices
    skills: Choices

    @classmethod
    def load(cls) -> PersonChoices:
        spanish = (get_language() or "es").startswith("es")
        return cls(
            document_types=[
                (row.code, row.name_es if spanish else row.name_en)
                for row in DocumentType.objects.filter(active=True)
            ],
            occupations=[
                (row.isco_code, str(row)) for row in Occupation.objects.order_by("isco_code")
            ],
            skills=[(row.code, row.name) for row in Skill.objects.order_by("name_es")],
        )


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PersonForm(forms.Form):
    """One member. The head's form has no relationship field: it is always "head"."""

    first_names = forms.CharField(label=_("First names"), max_length=120)
    last_names = forms.CharField(label=_("Last names"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=[BLANK, *Sex.choices])
    date_of_birth = _date_field(_("Date of birth"), required=True)
    nationality = forms.ChoiceField(label=_("Nationality"), widget=PlainSelect)
    relationship = forms.ChoiceField(label=_("Relationship to the head"))
    protection_status = forms.ChoiceField(
        label=_("Protection status"),
        required=False,
        help_text=_("As recognised or declared; documents are evidence, not the status."),
    )
    spanish_level = forms.ChoiceField(
        label=_("Spanish level"), choices=LanguageLevel.choices, initial=LanguageLevel.NONE
    )
    education_level = forms.ChoiceField(
        label=_("Education"), choices=EducationLevel.choices, initial=EducationLevel.NONE
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=80, initial=0
    )
    willing_to_work = forms.BooleanField(label=_("Willing to work"), required=False)
    able_to_work = forms.BooleanField(label=_("Able to work"), required=False)
    phone = PhoneNumberField(label=_("Contact phone"), required=False, region="MX")
    occupation_codes = forms.MultipleChoiceField(
        label=_("Occupations (ISCO-08)"),
        required=False,
        widget=SearchableCheckboxes(group_label=_("Occupations (ISCO-08)")),
    )
    skill_codes = forms.MultipleChoiceField(
        label=_("Skills"), required=False, widget=SearchableCheckboxes(group_label=_("Skills"))
    )
    version = VersionField()  # of the stored person, when the form corrects one

    def __init__(
        self, *args: Any, choices: PersonChoices, is_head: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.is_head = is_head
        fields: Any = self.fields
        fields["nationality"].choices = [BLANK, *country_choices()]
        fields["protection_status"].choices = [("", _("Not recorded")), *protection_choices()]
        fields["occupation_codes"].choices = choices.occupations
        fields["skill_codes"].choices = choices.skills
        if is_head:
            del fields["relationship"]
        else:
            fields["relationship"].choices = [
                BLANK,
                *((value, label) for value, label in Relationship.choices if value != "head"),
            ]

    def person_fields(self) -> dict[str, Any]:
        """The cleaned values as PersonData keyword arguments (documents and languages aside)."""
        data = self.cleaned_data
        phone = data.get("phone")
        return {
            "first_names": data["first_names"],
            "last_names": data["last_names"],
            "sex": data["sex"],
            "date_of_birth": data["date_of_birth"],
            "nationality": data["nationality"],
            "relationship": Relationship.HEAD if self.is_head else data["relationship"],
            "spanish_level": data["spanish_level"],
            "education_level": data["education_level"],
            "years_experience": data["years_experience"] or 0,
            "willing_to_work": data["willing_to_work"],
            "able_to_work": data["able_to_work"],
            "phone": phone.as_e164 if phone else "",
            "protection_status": data.get("protection_status") or "",
            "occupation_codes": tuple(data["occupation_codes"]),
            "skill_codes": tuple(data["skill_codes"]),
        }


def person_initial(person: Person) -> dict[str, Any]:
    """A stored person as initial values for PersonForm (occupations and skills prefetched)."""
    return {
        "first_names": person.first_names,
        "last_names": person.last_names,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "nationality": person.nationality.code if person.nationality else "",
        "relationship": person.relationship,
        "spanish_level": person.spanish_level,
        "education_level": person.education_level,
        "years_experience": person.years_experience,
        "willing_to_work": person.willing_to_work,
        "able_to_work": person.able_to_work,
        "phone": person.phone,
        "protection_status": person.protection_status,
        "occupation_codes": [row.isco_code for row in person.occupations.all()],
        "skill_codes": [row.code for row in person.skills.all()],
    }


def person_documents(person: Person) -> tuple[DocumentData, ...]:
    """The documents a person already has, as service input (documents prefetched)."""
    return tuple(
        DocumentData(
            type_code=document.document_type.code,
            number=document.number,
            issued_on=document.issued_on,
            expires_on=document.expires_on,
        )
        for document in person.documents.all()
    )


def person_languages(person: Person) -> list[dict[str, str]]:
    """A stored person's other languages as initial rows (languages prefetched)."""
    return [{"language": row.language, "level": row.level} for row in person.languages.all()]


class DocumentForm(forms.Form):
    """One document row; a row left blank is skipped, a half-filled one is an error."""

    type_code = forms.ChoiceField(label=_("Document"), required=False)
    number = forms.CharField(label=_("Number"), max_length=40, required=False)
    issued_on = _date_field(_("Issued on"))
    expires_on = _date_field(_("Expires on"))

    def __init__(self, *args: Any, choices: PersonChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_code: Any = self.fields["type_code"]
        type_code.choices = [BLANK, *choices.document_types]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) for name in self.fields):
            for name in ("type_code", "number"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("number"))

    def document_data(self) -> DocumentData:
        data = self.cleaned_data
        return DocumentData(
            type_code=data["type_code"],
            number=data["number"].strip(),
            issued_on=data.get("issued_on"),
            expires_on=data.get("expires_on"),
        )


class LanguageForm(forms.Form):
    """One language row; blank rows are skipped."""

    language = forms.ChoiceField(
        label=_("Other language"), choices=[BLANK, *OTHER_LANGUAGES], required=False
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[BLANK, *((v, lbl) for v, lbl in LanguageLevel.choices if v != "none")],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("language") and not data.get("level"):
            self.add_error("level", _("Give the level for this language."))
        if data.get("level") and not data.get("language"):
            self.add_error("language", _("Choose the language."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("language"))


DocumentFormSet = formset_factory(DocumentForm, extra=DOCUMENT_ROWS)
LanguageFormSet = formset_factory(LanguageForm, extra=LANGUAGE_ROWS)


class PersonBlock:
    """A person form with its document and language rows, validated and read as one.

    Prefixes nest: "members-1" for the person, "members-1-documents" for their documents.
    Service errors on "documents.N..." or "languages.N..." count N over the rows that were
    filled in, which is the order person_data() passed them.
    """

    def __init__(
        self,
        *,
        prefix: str,
        choices: PersonChoices,
        data: Any = None,
        is_head: bool = False,
        person_form: PersonForm | None = None,
        initial: dict[str, Any] | None = None,
        languages: Sequence[dict[str, Any]] = (),
        with_documents: bool = True,
    ) -> None:
        self.prefix = prefix
        self.person = person_form or PersonForm(
            data, prefix=prefix, choices=choices, is_head=is_head, initial=initial
        )
        self.documents = (
            DocumentFormSet(data, prefix=f"{prefix}-documents", form_kwargs={"choices": choices})
            if with_documents
            else None
        )
        self.languages = LanguageFormSet(
            data, prefix=f"{prefix}-languages", initial=list(languages) or None
        )
        self.used_documents: list[DocumentForm] = []
        self.used_languages: list[LanguageForm] = []

    def _row_forms(self) -> list[forms.Form]:
        rows: list[forms.Form] = list(self.languages.forms)
        if self.documents is not None:
            rows.extend(self.documents.forms)
        return rows

    def has_changed(self) -> bool:
        return self.person.has_changed() or any(row.has_changed() for row in self._row_forms())

    def require(self) -> None:
        """Validate the person form even when it looks blank (some of its rows were filled)."""
        self.person.empty_permitted = False

    def is_valid(self) -> bool:
        valid = self.person.is_valid()
        valid = self.languages.is_valid() and valid
        if self.documents is not None:
            valid = self.documents.is_valid() and valid
        # Taken once: adding errors later removes values from cleaned_data.
        self.used_documents = [
            form for form in (self.documents.forms if self.documents else []) if form.is_filled
        ]
        self.used_languages = [form for form in self.languages.forms if form.is_filled]
        return valid

    def person_data(self, *, documents: tuple[DocumentData, ...] | None = None) -> PersonData:
        """The block as service input; `documents` replaces the document rows if given."""
        if documents is None:
            documents = tuple(form.document_data() for form in self.used_documents)
        languages = tuple(
            (form.cleaned_data["language"], form.cleaned_data["level"])
            for form in self.used_languages
        )
        return PersonData(**self.person.person_fields(), documents=documents, languages=languages)

    def add_error(self, key: str, messages: Sequence[str]) -> None:
        """Put a service error ("documents.0.number", "phone", "languages.1") on its field."""
        head, _sep, rest = key.partition(".")
        if head in {"documents", "languages"} and rest:
            index_text, _sep, field = rest.partition(".")
            rows: Sequence[forms.Form] = (
                self.used_documents if head == "documents" else self.used_languages
            )
            if index_text.isdigit() and int(index_text) < len(rows):
                place_errors(rows[int(index_text)], field or None, messages)
                return
        place_errors(self.person, head or None, messages)


def place_errors(form: forms.Form, field: str | None, messages: Sequence[str]) -> None:
    """Add messages to a field of `form`, or to the whole form if it has no such field."""
    if field is not None and field not in form.fields:
        field = None
    for message in messages:
        form.add_error(field, message)

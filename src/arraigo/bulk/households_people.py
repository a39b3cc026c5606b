"""Checking the people of a households file, one row each: names, birth date, nationality,
phone, choices and codes, languages, and each identity document through the programme's
document types (registry.validators, with python-stdnum), against the holder's birth date and
sex. The lookups the rows are checked against are read once (Lookups).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from arraigo.codelists.models import Occupation, Skill
from arraigo.core.choices import EducationLevel, LanguageLevel, Sex
from arraigo.core.errors import ValidationFailed
from arraigo.places.models import City, Office
from arraigo.registry import validators
from arraigo.registry.models import DocumentType, NeedCode, Relationship
from arraigo.registry.protection import protection_codes
from arraigo.registry.services.inputs import (
    NAME_MAX_LENGTH,
    document_type_name,
    holder_disagreements,
)

from .columns import Cells
from .households_columns import document_columns
from .households_types import DocumentIn, PersonIn
from .report import Report
from .sheets import Row

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class Lookups:
    """Everything the rows are checked against, read once."""

    def __init__(self) -> None:
        self.offices = {
            code.lower(): (pk, code, city)
            for pk, code, city in Office.objects.values_list("id", "code", "city_id")
        }
        self.cities = {code.lower(): pk for pk, code in City.objects.values_list("id", "code")}
        self.document_types = {t.code: t for t in DocumentType.objects.filter(active=True)}
        self.occupations = dict(Occupation.objects.values_list("isco_code", "id"))
        self.skills = dict(Skill.objects.values_list("code", "id"))
        self.protection = set(protection_codes())
        self.countries: dict[str, str | None] = {}

    def country(self, code: str) -> str | None:
        if code not in self.countries:
            try:
                self.countries[code] = validators.country_validate(code)
            except ValidationFailed:
                self.countries[code] = None
        return self.countries[code]


class PeopleCheck:
    """Reads one row into a PersonIn with its documents, collecting every problem."""

    def __init__(self, look: Lookups, today: dt.date) -> None:
        self.look = look
        self.today = today
        self.relationships = set(Relationship.values)
        self.sexes = set(Sex.values)
        self.languages = set(LanguageLevel.values)
        self.educations = set(EducationLevel.values)
        self.needs = set(NeedCode.values)
        # the document columns a file may have; check() keeps those of the file
        self.document_slots = [document_columns(slot) for slot in range(1, 10)]

    def person(self, row: Row, report: Report) -> PersonIn:
        """One row read into a person, each problem on `report`."""
        cells = Cells(row, report)
        first_names = cells.text("first_names", required=True, max_length=NAME_MAX_LENGTH)
        last_names = cells.text("last_names", required=True, max_length=NAME_MAX_LENGTH)
        born = cells.date("date_of_birth", required=True)
        if born is not None:
            try:
                validators.birth_date_validate(born, self.today)
            except ValidationFailed as exc:
                cells.fail("date_of_birth", exc.message)
        nationality = ""
        given = row.get("nationality")
        if not given:
            cells.fail("nationality", _("This field is required."))
        else:
            nationality = self.look.country(given.upper()) or ""
            if not nationality:
                cells.fail("nationality", _("Choose a valid country (ISO 3166 code)."))
        phone = ""
        if raw := row.get("phone"):
            try:
                phone = validators.phone_validate(raw)
            except ValidationFailed as exc:
                cells.fail("phone", exc.message)
        protection = row.get("protection_status")
        if protection and protection not in self.look.protection:
            cells.fail("protection_status", _("Choose one of the listed options."))
        person = PersonIn(
            row=row.number,
            relationship=cells.choice("relationship", self.relationships, required=True),
            first_names=first_names,
            last_names=last_names,
            sex=cells.choice("sex", self.sexes, required=True),
            date_of_birth=born,
            nationality=nationality,
            spanish_level=cells.choice("spanish_level", self.languages, default=LanguageLevel.NONE),
            education_level=cells.choice(
                "education_level", self.educations, default=EducationLevel.NONE
            ),
            protection_status=protection,
            years_experience=cells.integer("years_experience", low=0, high=80),
            willing_to_work=bool(cells.yes_no("willing_to_work")),
            able_to_work=bool(cells.yes_no("able_to_work")),
            phone=phone,
            needs=cells.codes("needs", self.needs),
            languages=self._languages(cells),
            occupations=[
                self.look.occupations[c] for c in cells.codes("occupations", self.look.occupations)
            ],
            skills=[self.look.skills[c] for c in cells.codes("skills", self.look.skills)],
        )
        for names in self.document_slots:
            document = self._document(cells, names, person)
            if document is not None:
                person.documents.append(document)
        return person

    def _languages(self, cells: Cells) -> list[tuple[str, str]]:
        text = cells.row.get("languages")
        found: list[tuple[str, str]] = []
        for part in text.split(";") if text else []:
            if not part.strip():
                continue
            code, _sep, level = (s.strip().lower() for s in part.partition(":"))
            if not _LANGUAGE.match(code) or code == "es" or any(c == code for c, _l in found):
                cells.fail("languages", _("Unknown language code: %(code)s") % {"code": code})
            elif level not in self.languages:
                cells.fail("languages", _("Choose a level for %(code)s.") % {"code": code})
            else:
                found.append((code, level))
        return found

    def _document(
        self, cells: Cells, names: tuple[str, str, str, str], person: PersonIn
    ) -> DocumentIn | None:
        type_column, number_column, issued_column, expires_column = names
        code = cells.row.get(type_column)
        raw = cells.row.get(number_column)
        if not code and not raw:
            return None
        doc_type = self.look.document_types.get(code) or self.look.document_types.get(code.lower())
        if doc_type is None:
            cells.fail(type_column, _("Choose a document type."))
            return None
        if any(d.type_id == doc_type.pk for d in person.documents):
            cells.fail(type_column, _("A person holds one document of each type."))
            return None
        issued_on = cells.date(issued_column)
        expires_on = cells.date(expires_column)
        try:
            validators.document_dates_validate(issued_on, expires_on, self.today)
            number = validators.document_number_validate(doc_type.validator, raw)
        except ValidationFailed as exc:
            for key, messages in exc.errors.items():
                column = {"issued_on": issued_column, "expires_on": expires_column}.get(
                    key or "", number_column
                )
                for message in messages:
                    cells.fail(column, message)
            return None
        facts = validators.document_facts(doc_type.validator, number)
        if (facts.date_of_birth not in (None, person.date_of_birth)) or (
            facts.sex not in (None, person.sex)
        ):
            found = holder_disagreements(facts, date_of_birth=person.date_of_birth, sex=person.sex)
            for _field, (recorded, said) in found.items():
                cells.fail(
                    number_column,
                    _(
                        "This %(type)s gives %(said)s, but this person is recorded with "
                        "%(recorded)s."
                    )
                    % {"type": document_type_name(doc_type), "said": said, "recorded": recorded},
                )
            if found:
                return None
        return DocumentIn(
            cells.row.number,
            number_column,
            doc_type.pk,
            doc_type.code,
            number,
            issued_on,
            expires_on,
        )

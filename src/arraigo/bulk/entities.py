"""Importing employers, vacancies and service providers: the same file reading, report and
all-or-nothing transaction as households, each row created through its app's own service
(jobs.services, places.services) so every rule and permission of the form applies.

These files are small (hundreds of rows), so a row is one service call in a savepoint; a
refusal lands on the row and the column of the field it names. A row that matches a record
already on file is recognised and skipped, so importing a file again writes nothing twice:
an employer by its RFC, or else by name and city; a vacancy by employer, title, site and city
while open; a provider by name and city.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arraigo.accounts.models import User
from arraigo.core.choices import EducationLevel, LanguageLevel
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.jobs.models import CompanySize, Employer, Sector, Shift, Vacancy, VacancyStatus
from arraigo.jobs.services import employer_create, vacancy_create
from arraigo.jobs.services.employers import rfc_normalise
from arraigo.jobs.types import EmployerData, VacancyData
from arraigo.places.models import City, ProviderKind, ServiceProvider
from arraigo.places.services import provider_create
from arraigo.places.types import ProviderData

from .columns import Cells, Column, choices_of
from .report import Report
from .sheets import Table, columns_check


def _cities() -> list[tuple[str, str]]:
    return [(c.code, str(c)) for c in City.objects.order_by("code")]


EMPLOYER_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        gettext_lazy("The company's name."),
        required=True,
        example="Manufacturas del Norte S.A. de C.V.",
    ),
    Column(
        "rfc", gettext_lazy("The company's RFC (12 characters), if known."), example="MNO010101AB1"
    ),
    Column(
        "sector",
        gettext_lazy("Sector."),
        required=True,
        example="automotive",
        allowed=choices_of(Sector.choices),
    ),
    Column(
        "city",
        gettext_lazy("Code of the city where it hires."),
        required=True,
        example="saltillo",
        allowed=_cities,
    ),
    Column(
        "size",
        gettext_lazy("Size."),
        required=True,
        example="large",
        allowed=choices_of(CompanySize.choices),
    ),
    Column("partner_since", gettext_lazy("Partner since (YYYY-MM-DD).")),
    Column("contact_name", gettext_lazy("Contact person.")),
    Column("contact_email", gettext_lazy("Contact email.")),
    Column("contact_phone", gettext_lazy("Contact phone, + and the country code.")),
)

VACANCY_COLUMNS: tuple[Column, ...] = (
    Column(
        "employer",
        gettext_lazy("The employer's RFC, or its name as registered."),
        required=True,
        example="MNO010101AB1",
    ),
    Column(
        "title", gettext_lazy("Title of the job."), required=True, example="Operador de producción"
    ),
    Column("occupation", gettext_lazy("ISCO-08 occupation code."), required=True, example="8211"),
    Column("seats", gettext_lazy("How many people it hires."), required=True, example="5"),
    Column("monthly_wage_mxn", gettext_lazy("Monthly wage."), required=True, example="9500"),
    Column("city", gettext_lazy("Code of the city, if not the employer's."), allowed=_cities),
    Column("site", gettext_lazy("Plant, branch or address.")),
    Column("shift", gettext_lazy("Shift."), allowed=choices_of(Shift.choices)),
    Column(
        "min_education",
        gettext_lazy("Minimum education."),
        allowed=choices_of(EducationLevel.choices),
    ),
    Column(
        "min_spanish_level",
        gettext_lazy("Minimum Spanish level."),
        allowed=choices_of(LanguageLevel.choices),
    ),
    Column("start_date", gettext_lazy("Start date (YYYY-MM-DD).")),
)

PROVIDER_COLUMNS: tuple[Column, ...] = (
    Column("name", gettext_lazy("The provider's name."), required=True, example="DIF Municipal"),
    Column(
        "kind",
        gettext_lazy("Kind."),
        required=True,
        example="government",
        allowed=choices_of(ProviderKind.choices),
    ),
    Column(
        "city",
        gettext_lazy("Code of its city."),
        required=True,
        example="saltillo",
        allowed=_cities,
    ),
    Column("address", gettext_lazy("Address.")),
    Column("contact_name", gettext_lazy("Contact person.")),
    Column("phone", gettext_lazy("Phone, + and the country code.")),
    Column("email", gettext_lazy("Email.")),
    Column("website", gettext_lazy("Website.")),
)


class _Refused(Exception):
    """Rolls the whole file back when any row was refused."""


def _city(cells: Cells, cities: dict[str, City], name: str, *, required: bool) -> City | None:
    code = cells.text(name, required=required).lower()
    city = cities.get(code)
    if code and city is None:
        cells.fail(name, _("No city has this code."))
    return city


def _call(cells: Cells, columns: dict[str, str], call: Callable[[], Any]) -> bool:
    """Run one service call in a savepoint; its refusals go on the row's columns."""
    try:
        with transaction.atomic():
            call()
    except ValidationFailed as exc:
        for key, messages in exc.errors.items():
            for message in messages:
                cells.fail(columns.get(key or "", key or ""), message)
        return False
    except NotPermitted as exc:  # a company's HR user naming another company, for one
        cells.fail(columns.get("", ""), exc.message)
        return False
    return True


def _run(
    table: Table,
    columns: tuple[Column, ...],
    write: bool,
    row_call: Callable[[Cells], Callable[[], Any] | None],
    field_columns: dict[str, str],
) -> Report:
    report = Report(
        problems=columns_check(
            table, [c.name for c in columns], [c.name for c in columns if c.required]
        )
    )
    if report.refused:
        return report
    written = 0
    try:
        with transaction.atomic():
            for row in table.rows:
                cells = Cells(row, report)
                before = len(report.problems)
                call = row_call(cells)
                if call is None or len(report.problems) > before:
                    continue
                if _call(cells, field_columns, call):
                    written += 1
            if report.refused or not write:
                raise _Refused
    except _Refused:
        pass
    except NotPermitted as exc:
        report.fail(1, "", exc.message)
    report.counts = {"rows": len(table.rows), "new": written}
    report.skipped = 0 if report.refused else len(table.rows) - written
    if write and not report.refused:
        report.written = {"records": written}
    return report


def employers_run(actor: User, table: Table, *, write: bool) -> Report:
    cities = {c.code.lower(): c for c in City.objects.all()}
    sectors, sizes = set(Sector.values), set(CompanySize.values)

    def row_call(cells: Cells) -> Callable[[], Any] | None:
        errors: dict[str | None, list[str]] = {}
        rfc = rfc_normalise(cells.text("rfc"), errors) if cells.row.get("rfc") else ""
        for message in errors.get("rfc", []):
            cells.fail("rfc", message)
        data = EmployerData(
            name=cells.text("name", required=True, max_length=160),
            sector=cells.choice("sector", sectors, required=True),
            city=_city(cells, cities, "city", required=True),  # type: ignore[arg-type]
            size=cells.choice("size", sizes, required=True),
            rfc=rfc,
            partner_since=cells.date("partner_since"),
            contact_name=cells.text("contact_name", max_length=120),
            contact_email=cells.text("contact_email", max_length=254),
            contact_phone=cells.text("contact_phone", max_length=40),
        )
        if data.city is None:
            return None
        known = (
            Employer.objects.filter(rfc=rfc)
            if rfc
            else Employer.objects.filter(name__iexact=data.name.strip(), city=data.city)
        )
        if known.exists():
            return None
        return lambda: employer_create(actor=actor, data=data)

    return _run(table, EMPLOYER_COLUMNS, write, row_call, {"contact_phone": "contact_phone"})


def vacancies_run(actor: User, table: Table, *, write: bool) -> Report:
    cities = {c.code.lower(): c for c in City.objects.all()}

    def row_call(cells: Cells) -> Callable[[], Any] | None:
        key = cells.text("employer", required=True)
        employer = (
            Employer.objects.filter(rfc=key.upper()).first()
            or Employer.objects.filter(name__iexact=key).order_by("pk").first()
        )
        if key and employer is None:
            cells.fail("employer", _("No employer has this RFC or name."))
        city = _city(cells, cities, "city", required=False)
        seats = cells.integer("seats", low=1, high=10000, default=1)
        wage = cells.decimal("monthly_wage_mxn", required=True)
        data = VacancyData(
            title=cells.text("title", required=True, max_length=160),
            occupation_code=cells.text("occupation", required=True),
            seats=seats,
            monthly_wage_mxn=wage or 0,  # type: ignore[arg-type]
            city=city,
            site=cells.text("site", max_length=120),
            shift=cells.choice("shift", set(Shift.values), default=Shift.DAY),
            min_education=cells.choice(
                "min_education", set(EducationLevel.values), default=EducationLevel.NONE
            ),
            min_spanish_level=cells.choice(
                "min_spanish_level", set(LanguageLevel.values), default=LanguageLevel.BASIC
            ),
            start_date=cells.date("start_date"),
        )
        if employer is None or wage is None:
            return None
        known = Vacancy.objects.filter(
            employer=employer,
            title__iexact=data.title,
            site__iexact=data.site,
            city=city or employer.city,
        ).exclude(status=VacancyStatus.CLOSED)
        if known.exists():
            return None
        return lambda: vacancy_create(actor=actor, employer=employer, data=data)

    fields = {
        "": "employer",
        "occupation": "occupation",
        "skills": "occupation",
        "start_date": "start_date",
    }
    return _run(table, VACANCY_COLUMNS, write, row_call, fields)


def providers_run(actor: User, table: Table, *, write: bool) -> Report:
    cities = {c.code.lower(): c for c in City.objects.all()}
    kinds = set(ProviderKind.values)

    def row_call(cells: Cells) -> Callable[[], Any] | None:
        data = ProviderData(
            name=cells.text("name", required=True, max_length=160),
            kind=cells.choice("kind", kinds, required=True),
            city=_city(cells, cities, "city", required=True),  # type: ignore[arg-type]
            address=cells.text("address"),
            contact_name=cells.text("contact_name", max_length=120),
            phone=cells.text("phone", max_length=40),
            email=cells.text("email", max_length=254),
            website=cells.text("website"),
        )
        if data.city is None:
            return None
        if ServiceProvider.objects.filter(name__iexact=data.name.strip(), city=data.city).exists():
            return None
        return lambda: provider_create(actor=actor, data=data)

    return _run(table, PROVIDER_COLUMNS, write, row_call, {})


ENTITY_RUNNERS: dict[str, Callable[..., Report]] = {
    "employers": employers_run,
    "vacancies": vacancies_run,
    "providers": providers_run,
}
ENTITY_COLUMNS: dict[str, tuple[Column, ...]] = {
    "employers": EMPLOYER_COLUMNS,
    "vacancies": VACANCY_COLUMNS,
    "providers": PROVIDER_COLUMNS,
}

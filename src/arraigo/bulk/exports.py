"""Exports of households (one row per person, in the import's columns, so a file exported
can be read back), employers, vacancies and service providers, each to CSV or XLSX.

Rows come from each app's scoped selector (households_visible_to, employers_visible_to...),
so a role exports what it may read and nothing else. Names, documents, phones and birth dates
only for those who see names (accounts.permissions.sees_names); for others the household's
code is its pseudonym and those columns are left out. Every cell is neutralised (a text that
starts with = + - @ gets a quote) in CSV and XLSX alike, and every export is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.core.errors import NotPermitted
from arraigo.jobs.selectors import employers_visible_to, vacancies_visible_to
from arraigo.places.selectors import providers_visible_to
from arraigo.registry.models import Person
from arraigo.registry.pseudonyms import household_pseudonym
from arraigo.registry.selectors import households_visible_to

EXPORT_KINDS = ("households", "employers", "vacancies", "providers")
EXPORT_PERMS = {
    "households": "registry.view_household",
    "employers": "jobs.view_employer",
    "vacancies": "jobs.view_vacancy",
    "providers": "places.view_serviceprovider",
}
NAMED = ("first_names", "last_names", "date_of_birth", "phone", "document_type", "document_number")
HOUSEHOLD_HEADER = [
    "household_ref",
    "household_code",
    "origin_office",
    "modality",
    "host_city",
    "stage",
    "relationship",
    "first_names",
    "last_names",
    "sex",
    "date_of_birth",
    "nationality",
    "spanish_level",
    "education_level",
    "protection_status",
    "years_experience",
    "willing_to_work",
    "able_to_work",
    "phone",
    "document_type",
    "document_number",
]
EMPLOYER_HEADER = [
    "name",
    "rfc",
    "sector",
    "city",
    "size",
    "partner_since",
    "contact_name",
    "contact_email",
    "contact_phone",
    "active",
]
VACANCY_HEADER = [
    "employer",
    "title",
    "occupation",
    "seats",
    "seats_reserved",
    "monthly_wage_mxn",
    "city",
    "site",
    "shift",
    "status",
    "opened_on",
]
PROVIDER_HEADER = [
    "name",
    "kind",
    "city",
    "address",
    "contact_name",
    "phone",
    "email",
    "website",
    "active",
]


def may_export(user: User, kind: str) -> bool:
    perm = EXPORT_PERMS.get(kind)
    return bool(perm and user.is_authenticated and user.is_active and user.has_perm(perm))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _household_rows(user: User, named: bool) -> Iterator[list[Any]]:
    people = (
        Person.objects.filter(
            household__in=households_visible_to(user).filter(merged_into__isnull=True)
        )
        .select_related("household__origin_office", "household__host_city", "household__import_ref")
        .prefetch_related("documents__document_type")
        .order_by("household_id", "member_no")
    )
    for person in people.iterator(chunk_size=2000):
        household = person.household
        reference = getattr(household, "import_ref", None)
        document = next(iter(person.documents.all()), None)
        row = [
            reference.ref if reference is not None and named else "",
            household.code if named else household_pseudonym(household.pk),
            household.origin_office.code,
            household.modality,
            household.host_city.code if household.host_city else "",
            household.status,
            person.relationship,
            person.first_names,
            person.last_names,
            person.sex,
            person.date_of_birth,
            str(person.nationality),
            person.spanish_level,
            person.education_level,
            person.protection_status,
            person.years_experience,
            _yes(person.willing_to_work),
            _yes(person.able_to_work),
            str(person.phone or ""),
            document.document_type.code if document else "",
            document.number if document else "",
        ]
        if not named:
            row = [v for name, v in zip(HOUSEHOLD_HEADER, row, strict=True) if name not in NAMED]
        yield row


def export_header(user: User, kind: str) -> list[str]:
    if kind == "households":
        named = sees_names(user)
        return [h for h in HOUSEHOLD_HEADER if named or h not in NAMED]
    return {
        "employers": EMPLOYER_HEADER,
        "vacancies": VACANCY_HEADER,
        "providers": PROVIDER_HEADER,
    }[kind]


def export_rows(user: User, kind: str) -> Iterator[list[Any]]:
    """The rows `user` may export of `kind` (NotPermitted when none)."""
    if not may_export(user, kind):
        raise NotPermitted(_("You cannot export these records."))
    if kind == "households":
        return _household_rows(user, sees_names(user))
    if kind == "employers":
        return (
            [
                e.name,
                e.rfc,
                e.sector,
                e.city.code,
                e.size,
                e.partner_since,
                e.contact_name,
                e.contact_email,
                str(e.contact_phone or ""),
                _yes(e.active),
            ]
            for e in employers_visible_to(user).select_related("city").order_by("name", "pk")
        )
    if kind == "vacancies":
        return (
            [
                v.employer.name,
                v.title,
                v.occupation.isco_code,
                v.seats,
                v.seats_reserved,
                v.monthly_wage_mxn,
                v.city.code,
                v.site,
                v.shift,
                v.status,
                v.opened_on,
            ]
            for v in vacancies_visible_to(user)
            .select_related("employer", "occupation", "city")
            .order_by("pk")
        )
    return (
        [
            p.name,
            p.kind,
            p.city.code,
            p.address,
            p.contact_name,
            str(p.phone or ""),
            p.email,
            p.website,
            _yes(p.active),
        ]
        for p in providers_visible_to(user).select_related("city").order_by("name", "pk")
    )


def export_audit(user: User, kind: str, fmt: str) -> None:
    """Record the export (who, what, in which format; never a row's content)."""
    audit_event(
        actor=user,
        obj=user,
        event="export",
        details={"export": kind, "format": fmt, "names": sees_names(user)},
    )

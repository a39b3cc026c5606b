"""Row builders for jobs: the stored values of an employer, a vacancy or a placement, decided
in one place.

Pure: no database access, no permission checks. The services (jobs.services) build and
refill rows with them; the demo seed builds its employers, vacancies and placements with the
same functions and inserts them in bulk, so both writers store text the same way (stripped)
and derive the same fields (a vacancy's city is its employer's unless given; a placement's
household is its person's).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from arraigo.codelists.models import Occupation
from arraigo.registry.models import Person

from .models import Employer, Placement, Vacancy, VacancyStatus
from .types import EmployerData, VacancyData


def employer_values(data: EmployerData, rfc: str) -> dict[str, Any]:
    """`rfc` as rfc_normalise returned it (upper case, no separators)."""
    return {
        "name": data.name.strip(),
        "rfc": rfc,
        "sector": data.sector,
        "city": data.city,
        "size": data.size,
        "partner_since": data.partner_since,
        "trained_on_refugee_hiring": data.trained_on_refugee_hiring,
        "contact_name": data.contact_name.strip(),
        "contact_email": data.contact_email.strip(),
        "contact_phone": data.contact_phone,
        "notes": data.notes.strip(),
        "active": data.active,
    }


def employer_row(data: EmployerData, rfc: str) -> Employer:
    return Employer(**employer_values(data, rfc))


def vacancy_values(
    data: VacancyData, employer: Employer, occupation: Occupation | None
) -> dict[str, Any]:
    """The fields a vacancy's form sets; the occupation only when one was found."""
    values: dict[str, Any] = {
        "city": data.city or employer.city,
        "title": data.title.strip(),
        "site": data.site.strip(),
        "seats": data.seats,
        "monthly_wage_mxn": data.monthly_wage_mxn,
        "min_education": data.min_education,
        "min_experience_years": data.min_experience_years,
        "shift": data.shift,
        "physical_demands": data.physical_demands,
        "min_spanish_level": data.min_spanish_level,
        "benefit_transport": data.benefit_transport,
        "benefit_daycare": data.benefit_daycare,
        "benefit_training": data.benefit_training,
        "other_benefits": data.other_benefits.strip(),
        "start_date": data.start_date,
    }
    if occupation is not None:
        values["occupation"] = occupation
    return values


def vacancy_row(
    *,
    employer: Employer,
    data: VacancyData,
    occupation: Occupation | None,
    opened_on: dt.date,
    status: str = VacancyStatus.OPEN,
) -> Vacancy:
    """A new vacancy (unsaved), open unless `status` says (the seed's history); no seat of
    it is reserved yet. Skills are linked after saving (data.skill_codes)."""
    return Vacancy(
        employer=employer,
        status=status,
        opened_on=opened_on,
        **vacancy_values(data, employer, occupation),
    )


def placement_row(
    *,
    person: Person,
    employer_id: int,
    vacancy_id: int | None,
    hired_on: dt.date,
    started_on: dt.date | None,
    monthly_wage_mxn: Decimal,
    contract_type: str,
    created_by_id: int | None,
    imss_registered_on: dt.date | None = None,
    separated_on: dt.date | None = None,
    separation_reason: str = "",
    separation_note: str = "",
) -> Placement:
    """A new placement (unsaved). Its household is the person's household (kept on the row
    so a household's jobs stay with it); the note is stored stripped. A hire recorded now
    has no IMSS registration nor separation yet; the seed's history passes them."""
    return Placement(
        person=person,
        household_id=person.household_id,
        employer_id=employer_id,
        vacancy_id=vacancy_id,
        hired_on=hired_on,
        started_on=started_on,
        monthly_wage_mxn=monthly_wage_mxn,
        contract_type=contract_type,
        imss_registered_on=imss_registered_on,
        separated_on=separated_on,
        separation_reason=separation_reason,
        separation_note=separation_note.strip(),
        created_by_id=created_by_id,
    )

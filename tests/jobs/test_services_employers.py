"""Employer services: who may register and change a company, and the RFC check."""

import datetime as dt

import pytest
from auditlog.registry import auditlog

from arraigo.accounts.models import Role
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.jobs.models import CompanySize, Employer, Sector, Vacancy
from arraigo.jobs.services import employer_create, employer_update
from arraigo.jobs.types import EmployerData
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db

RFC_LENGTH = (
    "An RFC has 12 characters for a company or 13 for a person, "
    "including the 3-character homoclave."
)
RFC_FORMAT = (
    "An RFC is 3 letters (company) or 4 letters (person), the date as YYMMDD, "
    "then the 3-character homoclave."
)
RFC_DATE = "The date in this RFC is not a real date, or its letters are not allowed."


def _data(**overrides) -> EmployerData:
    values = {
        "name": "Autopartes del Norte S.A. de C.V.",
        "sector": Sector.AUTOMOTIVE,
        "city": CityFactory(),
        "size": CompanySize.LARGE,
    }
    values.update(overrides)
    return EmployerData(**values)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EMPLOYER_LIAISON])
def test_staff_register_an_employer_with_a_normalised_rfc(role) -> None:
    data = _data(
        rfc="mab-930714-8t4",
        partner_since=dt.date(2019, 3, 1),
        trained_on_refugee_hiring=True,
        contact_email="rh@example.com",
        contact_phone="+52 844 555 0101",
    )

    employer = employer_create(actor=UserFactory(role=role), data=data)

    stored = Employer.objects.get(pk=employer.pk)
    assert stored.rfc == "MAB9307148T4"
    assert (stored.name, stored.sector, stored.size) == (data.name, "automotive", "large")
    assert (stored.partner_since, stored.trained_on_refugee_hiring) == (dt.date(2019, 3, 1), True)
    assert stored.contact_phone.as_e164 == "+528445550101"


def test_an_employer_may_have_no_rfc_yet() -> None:
    employer = employer_create(actor=UserFactory(role=Role.COORDINATOR), data=_data(rfc="  "))

    assert employer.rfc == ""


def test_a_personal_rfc_of_13_characters_is_accepted() -> None:
    employer = employer_create(
        actor=UserFactory(role=Role.COORDINATOR), data=_data(rfc="GODE 561231 GR8")
    )

    assert employer.rfc == "GODE561231GR8"


@pytest.mark.parametrize(
    ("rfc", "message"),
    [
        ("ABC12", RFC_LENGTH),
        ("COMG600703", RFC_LENGTH),  # a person's RFC without its homoclave
        ("1BC9307148T4", RFC_FORMAT),
        ("MAB9313148T4", RFC_DATE),  # month 13
    ],
)
def test_an_invalid_rfc_is_refused_with_its_reason(rfc, message) -> None:
    with pytest.raises(ValidationFailed) as refused:
        employer_create(actor=UserFactory(role=Role.COORDINATOR), data=_data(rfc=rfc))

    assert refused.value.errors == {"rfc": [message]}
    assert not Employer.objects.exists()


def test_blank_name_unknown_sector_and_bad_email_are_refused_together() -> None:
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=UserFactory(role=Role.COORDINATOR),
            data=_data(name="", sector="mining", contact_email="rh@"),
        )

    assert refused.value.errors == {
        "name": ["This field cannot be blank."],
        "sector": ["Value 'mining' is not a valid choice."],
        "contact_email": ["Enter a valid email address."],
    }


@pytest.mark.parametrize(
    "role",
    [Role.EMPLOYER, Role.ME_OFFICER, Role.AUDITOR, Role.HOST_CASEWORKER, Role.SERVICE_PARTNER],
)
def test_other_roles_cannot_register_an_employer(role) -> None:
    with pytest.raises(NotPermitted) as refused:
        employer_create(actor=UserFactory(role=role), data=_data())

    assert refused.value.message == "You are not allowed to do this."
    assert not Employer.objects.filter(name="Autopartes del Norte S.A. de C.V.").exists()


def test_a_liaison_updates_an_employer() -> None:
    employer = EmployerFactory(name="Old name", rfc="")

    employer_update(
        actor=UserFactory(role=Role.EMPLOYER_LIAISON),
        employer=employer,
        data=_data(name="New name", city=employer.city, rfc="MAB9307148T4", active=False),
    )

    employer.refresh_from_db()
    assert (employer.name, employer.rfc, employer.active) == ("New name", "MAB9307148T4", False)


def test_an_employers_own_hr_user_cannot_change_the_company_record() -> None:
    hr = UserFactory(role=Role.EMPLOYER)
    employer = hr.employer

    with pytest.raises(NotPermitted):
        employer_update(actor=hr, employer=employer, data=_data(name="Renamed", city=employer.city))

    employer.refresh_from_db()
    assert employer.name != "Renamed"


def test_an_update_with_a_bad_rfc_changes_nothing() -> None:
    employer = EmployerFactory(name="Kept")

    with pytest.raises(ValidationFailed):
        employer_update(
            actor=UserFactory(role=Role.COORDINATOR),
            employer=employer,
            data=_data(name="Changed", city=employer.city, rfc="XXX"),
        )

    employer.refresh_from_db()
    assert employer.name == "Kept"


@pytest.mark.parametrize("model", [Occupation, Skill, Employer, Vacancy])
def test_every_jobs_model_is_in_the_audit_trail(model) -> None:
    assert auditlog.contains(model)

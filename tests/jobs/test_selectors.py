"""Jobs selectors: company scoping, list annotations and filters."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from arraigo.accounts.models import Role
from arraigo.codelists.models import Occupation
from arraigo.jobs.models import CompanySize, Sector, VacancyStatus
from arraigo.jobs.selectors import (
    employer_detail,
    employer_get_for,
    employers_list,
    employers_visible_to,
    occupation_choices,
    vacancies_list,
    vacancy_detail,
    vacancy_get_for,
)
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, SkillFactory, VacancyFactory
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db


def _occupation(code: str) -> Occupation:
    return Occupation.objects.get(isco_code=code)


@pytest.fixture
def liaison():
    return UserFactory(role=Role.EMPLOYER_LIAISON)


# --- scoping --------------------------------------------------------------------------------


def test_an_employer_sees_only_their_own_company_and_its_vacancies() -> None:
    hr = UserFactory(role=Role.EMPLOYER)
    own = VacancyFactory(employer=hr.employer)
    other = VacancyFactory()

    assert list(employers_visible_to(hr)) == [hr.employer]
    assert list(employers_list(hr)) == [hr.employer]
    assert list(vacancies_list(hr)) == [own]
    assert vacancy_get_for(hr, own.pk) == own
    with pytest.raises(Http404):
        vacancy_get_for(hr, other.pk)
    with pytest.raises(Http404):
        vacancy_detail(hr, other.pk)
    with pytest.raises(Http404):
        employer_get_for(hr, other.employer.pk)
    with pytest.raises(Http404):
        employer_detail(hr, other.employer.pk)


@pytest.mark.parametrize(
    "role",
    [
        Role.COORDINATOR,
        Role.EMPLOYER_LIAISON,
        Role.ORIGIN_CASEWORKER,
        Role.HOST_CASEWORKER,
        Role.ME_OFFICER,
        Role.AUDITOR,
    ],
)
def test_staff_with_view_permissions_see_every_company(role) -> None:
    vacancies = VacancyFactory.create_batch(2)
    user = UserFactory(role=role)

    assert {v.employer for v in vacancies} <= set(employers_list(user))
    assert set(vacancies) <= set(vacancies_list(user))


def test_a_service_partner_and_an_anonymous_user_see_no_company() -> None:
    vacancy = VacancyFactory()
    partner = UserFactory(role=Role.SERVICE_PARTNER)

    assert list(employers_list(partner)) == []
    assert list(vacancies_list(partner)) == []
    assert list(vacancies_list(AnonymousUser())) == []
    with pytest.raises(Http404):
        vacancy_get_for(partner, vacancy.pk)
    with pytest.raises(Http404):
        employer_get_for(partner, vacancy.employer.pk)


# --- employers ------------------------------------------------------------------------------


def test_employers_list_counts_open_vacancies_and_unreserved_seats(liaison) -> None:
    employer = EmployerFactory()
    VacancyFactory(employer=employer, seats=5, seats_reserved=2)
    VacancyFactory(employer=employer, seats=3)
    VacancyFactory(employer=employer, seats=9, status=VacancyStatus.CLOSED)
    VacancyFactory(employer=employer, seats=2, seats_reserved=2, status=VacancyStatus.FILLED)
    idle = EmployerFactory()

    rows = {e.pk: (e.open_vacancies, e.open_seats) for e in employers_list(liaison)}

    assert rows == {employer.pk: (2, 6), idle.pk: (0, 0)}


def test_employers_list_filters(liaison) -> None:
    saltillo = CityFactory()
    norte = EmployerFactory(
        name="Autopartes del Norte", rfc="MAB9307148T4", sector=Sector.AUTOMOTIVE, city=saltillo
    )
    textil = EmployerFactory(
        name="Textiles León",
        sector=Sector.TEXTILES,
        size=CompanySize.SMALL,
        trained_on_refugee_hiring=True,
    )

    assert list(employers_list(liaison, search="norte")) == [norte]
    assert list(employers_list(liaison, search="MAB93")) == [norte]
    assert list(employers_list(liaison, sector="textiles")) == [textil]
    assert list(employers_list(liaison, city=saltillo)) == [norte]
    assert list(employers_list(liaison, size="small")) == [textil]
    assert list(employers_list(liaison, trained=True)) == [textil]
    assert list(employers_list(liaison, trained=False)) == [norte]


def test_employer_detail_lists_open_vacancies_first_with_totals(liaison) -> None:
    employer = EmployerFactory()
    closed = VacancyFactory(employer=employer, status=VacancyStatus.CLOSED)
    older = VacancyFactory(employer=employer, seats=4, seats_reserved=1)
    newer = VacancyFactory(employer=employer, seats=2)

    detail = employer_detail(liaison, employer.pk)

    assert detail.vacancies == [newer, older, closed]
    assert (detail.open_vacancies, detail.open_seats) == (2, 5)


# --- vacancies ------------------------------------------------------------------------------


def test_vacancies_list_searches_title_employer_and_occupation(liaison) -> None:
    driver = VacancyFactory(title="Chofer de reparto", occupation=_occupation("8322"))
    sewing = VacancyFactory(
        title="Costura", occupation=_occupation("8153"), employer__name="Textiles León"
    )

    assert list(vacancies_list(liaison, search="chofer")) == [driver]
    assert list(vacancies_list(liaison, search="textiles")) == [sewing]
    assert list(vacancies_list(liaison, search="sewing machine")) == [sewing]
    assert list(vacancies_list(liaison, search="camionetas")) == [driver]
    assert list(vacancies_list(liaison, search="832")) == [driver]


def test_vacancies_list_filters(liaison) -> None:
    leon = CityFactory()
    driver = VacancyFactory(
        occupation=_occupation("8322"), monthly_wage_mxn=Decimal("12000"), employer__city=leon
    )
    cleaner = VacancyFactory(
        occupation=_occupation("9112"),
        monthly_wage_mxn=Decimal("8500"),
        status=VacancyStatus.CLOSED,
        employer__sector=Sector.SERVICES,
    )

    assert list(vacancies_list(liaison, city=leon)) == [driver]
    assert list(vacancies_list(liaison, sector="services")) == [cleaner]
    assert list(vacancies_list(liaison, major_group="8")) == [driver]
    assert list(vacancies_list(liaison, major_group="9")) == [cleaner]
    assert list(vacancies_list(liaison, status="closed")) == [cleaner]
    assert list(vacancies_list(liaison, min_wage=Decimal("9000"))) == [driver]
    assert list(vacancies_list(liaison, min_wage=Decimal("8500"))) == [cleaner, driver]


def test_vacancy_detail_carries_its_skills(liaison) -> None:
    vacancy = VacancyFactory()
    skill = SkillFactory(name_es="Zzz última")
    vacancy.skills.add(skill)

    found = vacancy_detail(liaison, vacancy.pk)

    assert found.skill_list == [skill]


def test_occupation_choices_are_grouped_by_major_group_in_order() -> None:
    groups = occupation_choices()

    assert [label for label, _options in groups][:2] == ["1 Managers", "2 Professionals"]
    assert groups[-1][0] == "0 Armed forces occupations"
    operators = dict(groups)["8 Plant and machine operators, and assemblers"]
    assert (_occupation("8322").pk, "8322 Car, taxi and van drivers") in operators
    assert sum(len(options) for _label, options in groups) == 436

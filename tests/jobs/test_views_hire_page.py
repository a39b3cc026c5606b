"""Item 13: company HR on "new hire" learns who can be hired and why, and vacancies that share a
title are told apart by their site, shift and opening date wherever they are chosen or listed."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.jobs.models import Shift
from arraigo.matching.models import ProposalStatus
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.matching.factories import ProposalJobFactory

from .factories import EmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _offered(vacancy, *, consent: bool | None):
    """A person whose household accepted a proposal naming `vacancy` and lives in its city."""
    job = ProposalJobFactory(
        vacancy=vacancy,
        proposal__status=ProposalStatus.ACCEPTED,
        proposal__household__status=HouseholdStatus.INTEGRATING,
        proposal__household__host_city=vacancy.city,
        proposal__city=vacancy.city,
    )
    if consent is not None:
        Consent.objects.create(
            household=job.person.household,
            purpose=ConsentPurpose.EMPLOYERS,
            given=consent,
            recorded_at=timezone.now(),
        )
    return job.person


def test_hr_reads_who_can_be_hired_and_whom_to_contact_when_nobody_can(client: Client):
    # Given a company with no accepted proposal and the programme's employer liaison
    employer = EmployerFactory()
    UserFactory(role=Role.EMPLOYER_LIAISON, first_name="Lucía", last_name="Méndez", email="l@x.org")
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=employer))

    # When its HR user opens "new hire"
    response = client.get(reverse("jobs:placement_hire"))

    # Then the page explains the rule and the way out, and offers no empty form
    page = response.content.decode()
    assert response.status_code == 200
    assert "Who can be hired here" in page
    assert "their household agreed to share its details with employers;" in page
    assert "their household accepted a proposal that names one of your company's vacancies;" in page
    assert "Nobody meets all of this now, so there is no one to hire yet." in page
    assert '<b>Lucía Méndez</b> (<a href="mailto:l@x.org">l@x.org</a>)' in page
    assert 'name="person"' not in page


def test_hr_lists_only_proposed_people_whose_household_consents_to_share(client: Client):
    # Given three people proposed to the company: consent given, withdrawn, never asked
    vacancy = VacancyFactory()
    shared = _offered(vacancy, consent=True)
    _offered(vacancy, consent=False)
    _offered(vacancy, consent=None)
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=vacancy.employer))

    # When HR opens the hire form
    response = client.get(reverse("jobs:placement_hire"))

    # Then only the consenting household's member can be chosen
    people = list(response.context["form"].fields["person"].queryset)
    assert people == [shared]
    assert 'name="person"' in response.content.decode()


def test_vacancies_with_one_title_are_told_apart_in_the_hire_form(client: Client):
    # Given two vacancies of one company with the same title
    employer = EmployerFactory()
    night = VacancyFactory(
        employer=employer, site="Planta 2", shift=Shift.NIGHT, opened_on=dt.date(2026, 3, 2)
    )
    day = VacancyFactory(
        employer=employer, site="Planta 1", shift=Shift.DAY, opened_on=dt.date(2026, 2, 9)
    )
    _offered(night, consent=True)
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=employer))

    # When HR opens the hire form
    page = client.get(reverse("jobs:placement_hire")).content.decode()

    # Then each vacancy is named with its site, shift and opening date
    name = employer.name
    assert f"Operador de producción · Planta 1 · day shift · opened 2026-02-09 ({name})" in page
    assert f"Operador de producción · Planta 2 · night shift · opened 2026-03-02 ({name})" in page
    assert day.pk != night.pk


def test_the_vacancy_list_shows_site_shift_and_opening(client: Client):
    VacancyFactory(site="Nave norte", shift=Shift.ROTATING, opened_on=dt.date(2026, 1, 20))
    client.force_login(UserFactory(role=Role.EMPLOYER_LIAISON))

    page = client.get(reverse("jobs:vacancy_list")).content.decode()

    assert "Nave norte · rotating shift · opened 2026-01-20" in page


def test_a_vacancy_posted_today_opens_today(client: Client):
    employer = EmployerFactory()
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=employer))
    occupation = VacancyFactory().occupation

    client.post(
        reverse("jobs:vacancy_create"),
        {
            "title": "Soldador",
            "site": "Planta 3",
            "occupation": occupation.pk,
            "seats": 2,
            "monthly_wage_mxn": "10000",
            "min_education": "none",
            "min_experience_years": 0,
            "shift": Shift.DAY,
            "physical_demands": "moderate",
            "min_spanish_level": "basic",
        },
    )

    vacancy = employer.vacancies.get()
    assert (vacancy.site, vacancy.opened_on) == ("Planta 3", timezone.localdate())

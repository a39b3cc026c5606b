"""Jobs pages: employer and vacancy lists, pages and forms, and who may reach them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.codelists.models import Occupation
from arraigo.jobs.models import Employer, Vacancy, VacancyStatus
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db


def _login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


@pytest.fixture
def liaison_client(client):
    _login(client, Role.EMPLOYER_LIAISON)
    return client


def _vacancy_post(**overrides) -> dict[str, str]:
    values = {
        "title": "Costurera industrial",
        "occupation": str(Occupation.objects.get(isco_code="8153").pk),
        "seats": "3",
        "monthly_wage_mxn": "9800",
        "min_education": "primary",
        "min_experience_years": "1",
        "shift": "day",
        "physical_demands": "light",
        "min_spanish_level": "basic",
        "other_benefits": "",
        "start_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
    }
    values.update(overrides)
    return values


# --- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("vacancies", [2, 6])
def test_vacancy_list_query_count_is_fixed(
    liaison_client, django_assert_num_queries, vacancies
) -> None:
    VacancyFactory.create_batch(vacancies)

    with django_assert_num_queries(7):
        response = liaison_client.get(reverse("jobs:vacancy_list"))

    assert len(response.context["page_obj"]) == vacancies


@pytest.mark.parametrize("employers", [2, 6])
def test_employer_list_query_count_is_fixed(
    liaison_client, django_assert_num_queries, employers
) -> None:
    for _ in range(employers):
        VacancyFactory.create_batch(2, employer=EmployerFactory())

    with django_assert_num_queries(7):
        response = liaison_client.get(reverse("jobs:employer_list"))

    assert [e.open_vacancies for e in response.context["page_obj"]] == [2] * employers


def test_vacancy_list_filters_and_keeps_the_filter_values(liaison_client) -> None:
    VacancyFactory(title="Chofer", occupation=Occupation.objects.get(isco_code="8322"))
    VacancyFactory(title="Limpieza", occupation=Occupation.objects.get(isco_code="9112"))

    response = liaison_client.get(
        reverse("jobs:vacancy_list"), {"major_group": "8", "min_wage": "100"}
    )

    assert [v.title for v in response.context["page_obj"]] == ["Chofer"]
    assert response.context["form"]["min_wage"].value() == "100"


def test_an_invalid_filter_value_is_ignored_not_an_error(liaison_client) -> None:
    VacancyFactory()

    response = liaison_client.get(reverse("jobs:vacancy_list"), {"min_wage": "lots", "status": "x"})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_an_employer_lists_only_their_own_vacancies_and_company(client) -> None:
    hr = _login(client, Role.EMPLOYER)
    own = VacancyFactory(employer=hr.employer, title="Ours")
    VacancyFactory(title="Theirs")

    vacancies = client.get(reverse("jobs:vacancy_list"))
    employers = client.get(reverse("jobs:employer_list"))

    assert list(vacancies.context["page_obj"]) == [own]
    assert "Theirs" not in vacancies.content.decode()
    assert list(employers.context["page_obj"]) == [hr.employer]


@pytest.mark.parametrize("url_name", ["jobs:vacancy_list", "jobs:employer_list"])
def test_lists_are_forbidden_to_a_service_partner(client, url_name) -> None:
    _login(client, Role.SERVICE_PARTNER)

    assert client.get(reverse(url_name)).status_code == 403


# --- pages ----------------------------------------------------------------------------------


def test_an_employer_gets_404_on_another_companys_vacancy_and_employer_page(client) -> None:
    hr = _login(client, Role.EMPLOYER)
    other = VacancyFactory()
    own = VacancyFactory(employer=hr.employer)

    assert client.get(reverse("jobs:vacancy_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("jobs:employer_detail", args=[other.employer.pk])).status_code == 404
    assert client.get(reverse("jobs:vacancy_update", args=[other.pk])).status_code == 404
    assert client.post(reverse("jobs:vacancy_close", args=[other.pk])).status_code == 404
    assert client.get(reverse("jobs:vacancy_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("jobs:employer_detail", args=[hr.employer.pk])).status_code == 200
    other.refresh_from_db()
    assert other.status == VacancyStatus.OPEN


def test_vacancy_page_shows_occupation_skills_and_seats(liaison_client) -> None:
    vacancy = VacancyFactory(
        occupation=Occupation.objects.get(isco_code="8344"), seats=4, seats_reserved=1
    )
    vacancy.skills.add(*vacancy.skills.model.objects.filter(code="forklift-operation"))

    response = liaison_client.get(reverse("jobs:vacancy_detail", args=[vacancy.pk]))

    html = response.content.decode()
    assert "8344 Lifting truck operators" in html
    assert "Forklift operation" in html


def test_employer_page_shows_its_vacancies(liaison_client) -> None:
    vacancy = VacancyFactory(title="Soldador MIG")

    response = liaison_client.get(reverse("jobs:employer_detail", args=[vacancy.employer.pk]))

    assert response.status_code == 200
    assert response.context["detail"].vacancies == [vacancy]
    assert "Soldador MIG" in response.content.decode()


# --- employer forms -------------------------------------------------------------------------


def test_liaison_creates_an_employer(liaison_client) -> None:
    city = CityFactory()

    response = liaison_client.post(
        reverse("jobs:employer_create"),
        {
            "name": "Textiles León",
            "rfc": "MAB-930714-8T4",
            "sector": "textiles",
            "city": city.pk,
            "size": "medium",
            "contact_phone": "",
            "active": "on",
        },
    )

    employer = Employer.objects.get(name="Textiles León")
    assert response.url == reverse("jobs:employer_detail", args=[employer.pk])
    assert employer.rfc == "MAB9307148T4"


def test_employer_form_shows_the_rfc_reason_and_keeps_typed_values(liaison_client) -> None:
    city = CityFactory()

    response = liaison_client.post(
        reverse("jobs:employer_create"),
        {
            "name": "Textiles León",
            "rfc": "ABC12",
            "sector": "textiles",
            "city": city.pk,
            "size": "medium",
            "contact_phone": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "rfc": [
            "An RFC has 12 characters for a company or 13 for a person, "
            "including the 3-character homoclave."
        ]
    }
    html = response.content.decode()
    assert 'value="Textiles León"' in html and 'value="ABC12"' in html
    assert not Employer.objects.filter(name="Textiles León").exists()


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR, Role.EMPLOYER])
def test_read_only_roles_and_employers_cannot_create_an_employer(client, role) -> None:
    _login(client, role)
    city = CityFactory()

    response = client.post(
        reverse("jobs:employer_create"),
        {"name": "Nueva", "sector": "textiles", "city": city.pk, "size": "small"},
    )

    assert response.status_code == 403
    assert not Employer.objects.filter(name="Nueva").exists()


def test_liaison_edits_an_employer(liaison_client) -> None:
    employer = EmployerFactory(name="Old")

    form = liaison_client.get(reverse("jobs:employer_update", args=[employer.pk]))
    response = liaison_client.post(
        reverse("jobs:employer_update", args=[employer.pk]),
        {
            "name": "New",
            "sector": employer.sector,
            "city": employer.city_id,
            "size": employer.size,
            "contact_phone": "",
            "active": "on",
        },
    )

    assert form.context["form"]["name"].value() == "Old"
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.name == "New"


# --- vacancy forms --------------------------------------------------------------------------


def test_liaison_posts_a_vacancy_for_a_chosen_employer(liaison_client) -> None:
    employer = EmployerFactory()

    response = liaison_client.post(
        reverse("jobs:vacancy_create"), _vacancy_post(employer=str(employer.pk))
    )

    vacancy = Vacancy.objects.get(title="Costurera industrial")
    assert response.url == reverse("jobs:vacancy_detail", args=[vacancy.pk])
    assert (vacancy.employer, vacancy.city, vacancy.occupation.isco_code) == (
        employer,
        employer.city,
        "8153",
    )


def test_an_employer_posts_for_their_own_company_without_choosing_it(client) -> None:
    hr = _login(client, Role.EMPLOYER)

    page = client.get(reverse("jobs:vacancy_create"))
    response = client.post(reverse("jobs:vacancy_create"), _vacancy_post())

    assert "employer" not in page.context["form"].fields
    assert response.status_code == 302
    assert Vacancy.objects.get(title="Costurera industrial").employer == hr.employer


def test_an_employer_cannot_pick_another_company_by_posting_its_id(client) -> None:
    hr = _login(client, Role.EMPLOYER)
    other = EmployerFactory()

    client.post(reverse("jobs:vacancy_create"), _vacancy_post(employer=str(other.pk)))

    assert Vacancy.objects.get(title="Costurera industrial").employer == hr.employer


def test_vacancy_form_keeps_typed_values_and_shows_each_error(liaison_client) -> None:
    employer = EmployerFactory()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    response = liaison_client.post(
        reverse("jobs:vacancy_create"),
        _vacancy_post(employer=str(employer.pk), start_date=yesterday, monthly_wage_mxn="0"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "monthly_wage_mxn": ["The monthly wage must be more than zero."],
        "start_date": ["The start date cannot be in the past."],
    }
    html = response.content.decode()
    assert 'value="Costurera industrial"' in html
    assert f'value="{yesterday}"' in html
    assert not Vacancy.objects.exists()


def test_vacancy_form_groups_occupations_by_major_group(liaison_client) -> None:
    response = liaison_client.get(reverse("jobs:vacancy_create"))

    html = response.content.decode()
    assert '<optgroup label="8 Plant and machine operators, and assemblers">' in html
    assert "8322 Car, taxi and van drivers</option>" in html


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR])
def test_read_only_roles_cannot_post_a_vacancy(client, role) -> None:
    _login(client, role)
    employer = EmployerFactory()

    response = client.post(reverse("jobs:vacancy_create"), _vacancy_post(employer=str(employer.pk)))

    assert response.status_code == 403
    assert not Vacancy.objects.exists()


def test_editing_a_vacancy_below_its_reserved_seats_is_refused_on_the_form(liaison_client) -> None:
    vacancy = VacancyFactory(seats=4, seats_reserved=3)

    response = liaison_client.post(
        reverse("jobs:vacancy_update", args=[vacancy.pk]), _vacancy_post(seats="2")
    )

    assert response.context["form"].errors == {
        "seats": ["Seats cannot go below the 3 already reserved."]
    }
    assert 'value="2"' in response.content.decode()


def test_closing_a_vacancy_asks_then_closes_then_reports_it_was_already_closed(
    liaison_client,
) -> None:
    vacancy = VacancyFactory()
    url = reverse("jobs:vacancy_close", args=[vacancy.pk])

    confirm = liaison_client.get(url)
    closed = liaison_client.post(url)
    again = liaison_client.post(url, follow=True)

    assert confirm.status_code == 200
    assert closed.url == reverse("jobs:vacancy_detail", args=[vacancy.pk])
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    assert [str(m) for m in again.context["messages"]][-1] == "This vacancy is already closed."


def test_an_auditor_cannot_close_a_vacancy(client) -> None:
    _login(client, Role.AUDITOR)
    vacancy = VacancyFactory()

    response = client.post(reverse("jobs:vacancy_close", args=[vacancy.pk]))

    assert response.status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN

"""Vacancy services: post, change and close; who may, and every rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.jobs.models import Shift, Vacancy, VacancyStatus
from arraigo.jobs.services import vacancy_close, vacancy_create, vacancy_update
from arraigo.jobs.types import VacancyData
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db

OWN_COMPANY_ONLY = "You can only manage your own company's vacancies."


def _data(**overrides) -> VacancyData:
    values = {
        "title": "Operador de montacargas",
        "occupation_code": "8344",
        "seats": 4,
        "monthly_wage_mxn": Decimal("11200.00"),
    }
    values.update(overrides)
    return VacancyData(**values)


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


# --- create ---------------------------------------------------------------------------------


def test_a_vacancy_is_posted_in_the_employers_city_with_its_skills(coordinator) -> None:
    employer = EmployerFactory()
    start = timezone.localdate() + dt.timedelta(days=14)

    vacancy = vacancy_create(
        actor=coordinator,
        employer=employer,
        data=_data(
            skill_codes=("forklift-operation", "warehouse-inventory"),
            shift=Shift.NIGHT,
            start_date=start,
            benefit_transport=True,
        ),
    )

    stored = Vacancy.objects.get(pk=vacancy.pk)
    assert (stored.employer_id, stored.city_id) == (employer.pk, employer.city_id)
    assert (stored.occupation.isco_code, stored.seats, stored.seats_reserved) == ("8344", 4, 0)
    assert (stored.status, stored.shift, stored.start_date) == ("open", "night", start)
    assert stored.monthly_wage_mxn == Decimal("11200.00")
    assert stored.benefit_transport is True
    assert sorted(stored.skills.values_list("code", flat=True)) == [
        "forklift-operation",
        "warehouse-inventory",
    ]


def test_a_vacancy_may_be_in_another_city_than_the_employers(coordinator) -> None:
    elsewhere = CityFactory()

    vacancy = vacancy_create(
        actor=coordinator, employer=EmployerFactory(), data=_data(city=elsewhere)
    )

    assert vacancy.city == elsewhere


def test_an_employers_hr_user_posts_for_their_own_company() -> None:
    hr = UserFactory(role=Role.EMPLOYER)

    vacancy = vacancy_create(actor=hr, employer=hr.employer, data=_data())

    assert vacancy.employer == hr.employer


def test_an_employers_hr_user_cannot_post_for_another_company() -> None:
    hr = UserFactory(role=Role.EMPLOYER)

    with pytest.raises(NotPermitted) as refused:
        vacancy_create(actor=hr, employer=EmployerFactory(), data=_data())

    assert refused.value.message == OWN_COMPANY_ONLY
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.ME_OFFICER, Role.AUDITOR, Role.HOST_CASEWORKER, Role.SERVICE_PARTNER]
)
def test_roles_without_add_vacancy_cannot_post(role) -> None:
    with pytest.raises(NotPermitted) as refused:
        vacancy_create(actor=UserFactory(role=role), employer=EmployerFactory(), data=_data())

    assert refused.value.message == "You are not allowed to do this."


def test_every_rule_of_a_new_vacancy_is_reported_at_once(coordinator) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    with pytest.raises(ValidationFailed) as refused:
        vacancy_create(
            actor=coordinator,
            employer=EmployerFactory(),
            data=_data(
                seats=0,
                monthly_wage_mxn=Decimal("0"),
                occupation_code="8399",
                skill_codes=("forklift-operation", "juggling", "astrology"),
                start_date=yesterday,
            ),
        )

    assert refused.value.errors == {
        "seats": ["A vacancy needs at least one seat."],
        "monthly_wage_mxn": ["The monthly wage must be more than zero."],
        "occupation": ["Unknown ISCO-08 occupation code: 8399."],
        "skills": ["Unknown skill codes: astrology, juggling."],
        "start_date": ["The start date cannot be in the past."],
    }
    assert not Vacancy.objects.exists()


def test_a_vacancy_may_start_today(coordinator) -> None:
    vacancy = vacancy_create(
        actor=coordinator, employer=EmployerFactory(), data=_data(start_date=timezone.localdate())
    )

    assert vacancy.start_date == timezone.localdate()


def test_an_inactive_employer_cannot_post(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        vacancy_create(actor=coordinator, employer=EmployerFactory(active=False), data=_data())

    assert refused.value.errors == {None: ["This employer is no longer an active partner."]}


def test_a_blank_title_is_refused(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        vacancy_create(actor=coordinator, employer=EmployerFactory(), data=_data(title="  "))

    assert refused.value.errors == {"title": ["This field cannot be blank."]}


# --- update ---------------------------------------------------------------------------------


def test_update_changes_the_vacancy_and_keeps_a_past_start_date(coordinator) -> None:
    past = timezone.localdate() - dt.timedelta(days=30)
    vacancy = VacancyFactory(start_date=past, seats=3)

    vacancy_update(
        actor=coordinator,
        vacancy=vacancy,
        data=_data(title="Montacarguista", seats=6, start_date=past, skill_codes=("english",)),
    )

    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.seats, vacancy.start_date) == ("Montacarguista", 6, past)
    assert list(vacancy.skills.values_list("code", flat=True)) == ["english"]


def test_seats_never_drop_below_those_reserved(coordinator) -> None:
    vacancy = VacancyFactory(seats=5, seats_reserved=3)

    with pytest.raises(ValidationFailed) as refused:
        vacancy_update(actor=coordinator, vacancy=vacancy, data=_data(seats=2))

    assert refused.value.errors == {"seats": ["Seats cannot go below the 3 already reserved."]}
    vacancy.refresh_from_db()
    assert vacancy.seats == 5


def test_the_status_follows_the_seats(coordinator) -> None:
    vacancy = VacancyFactory(seats=5, seats_reserved=3)

    vacancy_update(actor=coordinator, vacancy=vacancy, data=_data(seats=3))
    vacancy.refresh_from_db()
    filled = vacancy.status
    vacancy_update(actor=coordinator, vacancy=vacancy, data=_data(seats=4))
    vacancy.refresh_from_db()

    assert (filled, vacancy.status) == (VacancyStatus.FILLED, VacancyStatus.OPEN)


def test_a_closed_vacancy_cannot_be_changed(coordinator) -> None:
    vacancy = VacancyFactory(status=VacancyStatus.CLOSED, title="Kept")

    with pytest.raises(ValidationFailed) as refused:
        vacancy_update(actor=coordinator, vacancy=vacancy, data=_data())

    assert refused.value.errors == {None: ["A closed vacancy cannot be changed."]}


def test_an_hr_user_updates_their_own_vacancy_but_not_another_companys() -> None:
    hr = UserFactory(role=Role.EMPLOYER)
    own = VacancyFactory(employer=hr.employer)
    other = VacancyFactory(title="Theirs")

    vacancy_update(actor=hr, vacancy=own, data=_data(title="Ours"))
    with pytest.raises(NotPermitted) as refused:
        vacancy_update(actor=hr, vacancy=other, data=_data(title="Hijacked"))

    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.title, other.title) == ("Ours", "Theirs")
    assert refused.value.message == OWN_COMPANY_ONLY


def test_an_me_officer_cannot_update(coordinator) -> None:
    with pytest.raises(NotPermitted):
        vacancy_update(
            actor=UserFactory(role=Role.ME_OFFICER), vacancy=VacancyFactory(), data=_data()
        )


# --- close ----------------------------------------------------------------------------------


def test_close_takes_the_vacancy_off_the_market(coordinator) -> None:
    vacancy = VacancyFactory()

    vacancy_close(actor=coordinator, vacancy=vacancy)

    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED


def test_closing_twice_is_an_invalid_transition(coordinator) -> None:
    vacancy = VacancyFactory(status=VacancyStatus.CLOSED)

    with pytest.raises(InvalidTransition) as refused:
        vacancy_close(actor=coordinator, vacancy=vacancy)

    assert refused.value.message == "This vacancy is already closed."


def test_an_hr_user_cannot_close_another_companys_vacancy() -> None:
    hr = UserFactory(role=Role.EMPLOYER)
    other = VacancyFactory()

    with pytest.raises(NotPermitted) as refused:
        vacancy_close(actor=hr, vacancy=other)

    other.refresh_from_db()
    assert (other.status, refused.value.message) == (VacancyStatus.OPEN, OWN_COMPANY_ONLY)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ME_OFFICER])
def test_read_only_roles_cannot_close(role) -> None:
    vacancy = VacancyFactory()

    with pytest.raises(NotPermitted):
        vacancy_close(actor=UserFactory(role=role), vacancy=vacancy)

    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN

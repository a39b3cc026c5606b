"""Placement pages: who sees which, the hire form, the actions and the turnover page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.jobs.models import Placement
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.registry.factories import PersonFactory

from .factories import PlacementFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return [p.employer.name for p in response.context["page_obj"]]


def test_a_company_sees_only_its_own_placements(client: Client):
    own = PlacementFactory()
    other = PlacementFactory()
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=own.employer))

    response = client.get(reverse("jobs:placement_list"))

    assert _rows(response) == [own.employer.name]
    assert client.get(reverse("jobs:placement_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("jobs:placement_detail", args=[own.pk])).status_code == 200


def test_a_host_caseworker_sees_the_placements_of_their_city(client: Client):
    mine = PlacementFactory()
    PlacementFactory()
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=mine.employer.city))

    assert _rows(client.get(reverse("jobs:placement_list"))) == [mine.employer.name]


@pytest.mark.parametrize("role", [Role.ORIGIN_CASEWORKER, Role.SERVICE_PARTNER])
def test_roles_without_placements_are_refused(client: Client, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("jobs:placement_list")).status_code == 403
    assert client.get(reverse("jobs:turnover")).status_code == 403
    assert client.get(reverse("jobs:placement_hire")).status_code == 403


def test_the_me_officer_reads_turnover_but_records_no_hire(client: Client):
    # The list sends them to its figures (tests/monitoring/test_views.py).
    client.force_login(UserFactory(role=Role.ME_OFFICER))

    assert client.get(reverse("jobs:turnover")).status_code == 200
    assert client.get(reverse("jobs:placement_hire")).status_code == 403


def test_list_filters_by_status(client: Client):
    PlacementFactory(separated_on=dt.date(2026, 2, 1), separation_reason="resigned")
    working = PlacementFactory()
    client.force_login(UserFactory(role=Role.COORDINATOR))

    response = client.get(reverse("jobs:placement_list"), {"status": "open"})

    assert _rows(response) == [working.employer.name]


def test_the_host_caseworker_records_a_hire_from_the_household(client: Client):
    vacancy = VacancyFactory(seats=1)
    worker = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
    )
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=vacancy.city))
    url = reverse("jobs:placement_hire") + f"?household={worker.household.pk}"
    today = timezone.localdate()

    response = client.post(
        url,
        {
            "person": worker.pk,
            "employer": vacancy.employer.pk,
            "vacancy": vacancy.pk,
            "hired_on": today.isoformat(),
            "monthly_wage_mxn": "9800",
            "contract_type": "trial",
        },
    )

    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:placement_detail", args=[placement.pk])
    assert (placement.person, placement.vacancy, placement.monthly_wage_mxn) == (
        worker,
        vacancy,
        Decimal("9800.00"),
    )


def test_a_refused_hire_keeps_what_was_typed(client: Client):
    vacancy = VacancyFactory(seats=1, seats_reserved=1)
    worker = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
    )
    client.force_login(UserFactory(role=Role.COORDINATOR))

    response = client.post(
        reverse("jobs:placement_hire"),
        {
            "person": worker.pk,
            "employer": vacancy.employer.pk,
            "vacancy": vacancy.pk,
            "hired_on": timezone.localdate().isoformat(),
            "monthly_wage_mxn": "9800",
            "contract_type": "trial",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "vacancy": ["The vacancy Operador de producción · day shift has no seats left."]
    }
    assert form["monthly_wage_mxn"].value() == "9800"
    assert Placement.objects.count() == 0


def test_the_start_is_recorded_on_the_placement_page(client: Client):
    placement = PlacementFactory(started_on=None)
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=placement.employer))

    response = client.post(
        reverse("jobs:placement_detail", args=[placement.pk]),
        {"action": "start", "started_on": "2026-01-12"},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.started_on == dt.date(2026, 1, 12)


def test_turnover_page_shows_the_benchmark_and_retention(client: Client):
    PlacementFactory(hired_on=dt.date(2025, 1, 2), started_on=dt.date(2025, 1, 6))
    client.force_login(UserFactory(role=Role.COORDINATOR))

    response = client.get(reverse("jobs:turnover"))

    assert response.status_code == 200
    chart = response.context["chart"]
    assert (chart["reference"]["name"], chart["reference"]["value"]) == (
        "Industrial sector (6% a month)",
        6.0,
    )
    assert [(r.months, r.cohort, r.retained) for r in response.context["report"].retention] == [
        (1, 1, 1),
        (3, 1, 1),
        (6, 1, 1),
    ]
    assert [m.rate for m in response.context["report"].overall] == [0.0] * 12


def test_the_household_page_lists_its_jobs(client: Client):
    placement = PlacementFactory()
    client.force_login(UserFactory(role=Role.COORDINATOR))

    response = client.get(reverse("registry:household_detail", args=[placement.household.pk]))

    assert response.status_code == 200
    assert placement.employer.name in response.content.decode()
    assert reverse("jobs:placement_detail", args=[placement.pk]) in response.content.decode()


def test_the_benchmark_is_named_in_the_page_language(db):
    spanish = Client()  # a new browser: Spanish, the programme's default
    spanish.force_login(UserFactory(role=Role.COORDINATOR))

    response = spanish.get(reverse("jobs:turnover"))

    # The rate is written the reader's way (issue 10, item 19).
    assert response.context["chart"]["reference"]["name"] == "Sector industrial (6\xa0% al mes)"
    html = response.content.decode()
    assert "Referencia: cifras del Programa de Integración Local (PIL)." in html


def test_the_turnover_line_is_named_after_whose_placements_it_counts(client: Client):
    placement = PlacementFactory(
        employer__name="Arneses Cumbres",
        hired_on=dt.date(2025, 1, 2),
        started_on=dt.date(2025, 1, 6),
    )
    hr = UserFactory(role=Role.EMPLOYER, employer=placement.employer)
    host = UserFactory(role=Role.HOST_CASEWORKER, city=placement.employer.city)

    names = []
    for user in (hr, host, UserFactory(role=Role.COORDINATOR)):
        client.force_login(user)
        names.append(client.get(reverse("jobs:turnover")).context["chart"]["series"][0]["name"])

    assert names == ["Arneses Cumbres", placement.employer.city.name, "Programme"]

"""Employers, vacancies and service providers: the same all-or-nothing import."""

import pytest

from arraigo.accounts.models import Role
from arraigo.bulk.services import import_now
from arraigo.codelists.models import Occupation
from arraigo.jobs.models import Employer, Vacancy
from arraigo.places.models import ServiceProvider
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _run(actor, kind, text):
    return import_now(actor=actor, kind=kind, filename=f"{kind}.csv", content=text.encode())


EMPLOYERS = (
    "name,rfc,sector,city,size\n"
    "Manufacturas del Norte,,automotive,saltillo,large\n"
    "Alimentos del Bajío,,food_processing,saltillo,medium\n"
)


def test_employers_import_once(coordinator, host_city):
    _job, first = _run(coordinator, "employers", EMPLOYERS)
    _job, again = _run(coordinator, "employers", EMPLOYERS)

    assert first.written == {"records": 2}
    assert again.skipped == 2
    assert Employer.objects.count() == 2


def test_one_bad_employer_writes_none(coordinator, host_city):
    text = EMPLOYERS + "Sin sector,,,saltillo,large\n"

    _job, report = _run(coordinator, "employers", text)

    assert [(p.row, p.column) for p in report.problems] == [(4, "sector")]
    assert Employer.objects.count() == 0


def test_vacancies_refer_to_their_employer(coordinator, host_city):
    code = Occupation.objects.order_by("isco_code").values_list("isco_code", flat=True)[0]
    _run(coordinator, "employers", EMPLOYERS)
    text = (
        "employer,title,occupation,seats,monthly_wage_mxn\n"
        f"Manufacturas del Norte,Operador,{code},5,9500\n"
        f"Nadie,Operador,{code},5,9500\n"
    )

    _job, report = _run(coordinator, "vacancies", text)

    assert [(p.row, p.column) for p in report.problems] == [(3, "employer")]
    assert Vacancy.objects.count() == 0


def test_providers_import(coordinator, host_city):
    text = "name,kind,city\nDIF Municipal,government,saltillo\n"

    _job, report = _run(coordinator, "providers", text)

    assert report.written == {"records": 1}
    assert ServiceProvider.objects.get().city == host_city


def test_a_company_cannot_import_vacancies_for_another(host_city):
    other = EmployerFactory(name="Otra Empresa", city=host_city)
    hr = UserFactory(role=Role.EMPLOYER)
    code = Occupation.objects.order_by("isco_code").values_list("isco_code", flat=True)[0]
    text = (
        f"employer,title,occupation,seats,monthly_wage_mxn\n{other.name},Operador,{code},2,9000\n"
    )

    _job, report = _run(hr, "vacancies", text)

    assert [(p.row, p.column) for p in report.problems] == [(2, "employer")]
    assert Vacancy.objects.count() == 0

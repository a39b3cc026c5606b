"""The survey instruments page and the KoboToolbox upload page: coordinators and M&E officers
use them; caseworkers and employers are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from arraigo.accounts.models import Role
from arraigo.monitoring.models import FollowUpAnswer, Interview
from tests.accounts.factories import UserFactory
from tests.monitoring.kobo_exports import kobo_xlsx, submission
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _login(client: Client, role: str):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def _export(works: str = "yes") -> SimpleUploadedFile:
    members = [{"member": 1, "age": 35, "works": works, "bank_account": "yes"}]
    content = kobo_xlsx([submission("u-1", "HH-A", members)])
    return SimpleUploadedFile("kobo.xlsx", content, content_type=XLSX)


def test_the_instruments_page_in_spanish():
    client = Client()
    _login(client, Role.ME_OFFICER)

    page = client.get(reverse("monitoring:instruments")).content.decode()

    assert "¿Va a la escuela en este ciclo escolar?" in page
    assert "de 6 a 17 años" in page
    assert "Renta con contrato escrito" in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ME_OFFICER])
def test_the_instruments_page_lists_each_round_with_its_xlsform(client: Client, role):
    _login(client, role)

    response = client.get(reverse("monitoring:instruments"))

    page = response.content.decode()
    assert response.status_code == 200
    for round_code in ("baseline", "month1", "month6", "month12"):
        assert reverse("monitoring:xlsform", args=[round_code]) in page
    assert "Do they attend school this school year?" in page
    assert "aged 6 to 17" in page
    assert reverse("monitoring:kobo_import") in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ME_OFFICER])
def test_the_xlsform_downloads(client: Client, role):
    _login(client, role)

    response = client.get(reverse("monitoring:xlsform", args=["month6"]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="arraigo_month6.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]


def test_a_round_without_instrument_is_not_found(client: Client):
    _login(client, Role.COORDINATOR)

    assert client.get(reverse("monitoring:xlsform", args=["month3"])).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.EMPLOYER, Role.SERVICE_PARTNER]
)
def test_other_roles_are_refused_every_survey_page(client: Client, role):
    _login(client, role)

    assert client.get(reverse("monitoring:instruments")).status_code == 403
    assert client.get(reverse("monitoring:xlsform", args=["month1"])).status_code == 403
    assert client.get(reverse("monitoring:kobo_import")).status_code == 403
    response = client.post(
        reverse("monitoring:kobo_import"), {"round": "month1", "file": _export()}
    )
    assert response.status_code == 403
    assert not Interview.objects.exists()


def test_the_auditor_sees_the_instruments_but_may_not_import(client: Client):
    _login(client, Role.AUDITOR)

    page = client.get(reverse("monitoring:instruments")).content.decode()

    assert reverse("monitoring:kobo_import") not in page
    assert client.get(reverse("monitoring:kobo_import")).status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ME_OFFICER])
def test_an_upload_imports_and_says_so(client: Client, role):
    household_with_head(code="HH-A")
    _login(client, role)

    response = client.post(
        reverse("monitoring:kobo_import"), {"round": "month1", "file": _export()}, follow=True
    )

    assert response.redirect_chain == [(reverse("monitoring:kobo_import") + "?round=month1", 302)]
    page = response.content.decode()
    assert (
        "kobo.xlsx: 1 submissions imported (1 members&#x27; answers); 0 had been imported "
        "before and were left as they are."
    ) in page
    assert 'value="month1" selected' in page
    assert FollowUpAnswer.objects.get().works is True


def test_a_refused_upload_lists_each_problem_in_spanish_and_keeps_the_round():
    household_with_head(code="HH-A")
    client = Client()  # no language cookie: the product's default, Spanish
    _login(client, Role.COORDINATOR)

    response = client.post(
        reverse("monitoring:kobo_import"), {"round": "month6", "file": _export("quizá")}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "no se importó nada" in page
    assert "yes, no o vacío, no &#x27;quizá&#x27;" in page
    assert "este envío es de la ronda month1, no month6" in page
    assert 'value="month6" selected' in page
    assert not Interview.objects.exists()


def test_the_upload_wants_a_file(client: Client):
    _login(client, Role.ME_OFFICER)

    response = client.post(reverse("monitoring:kobo_import"), {"round": "month1"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["This field is required."]}

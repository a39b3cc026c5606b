"""The import pages: upload form, background check, report, confirm; templates; permissions."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from arraigo.accounts.models import Role
from arraigo.bulk.models import ImportJob, ImportStatus
from arraigo.registry.models import Household
from tests.accounts.factories import UserFactory

from .files import csv_bytes, households_rows

pytestmark = pytest.mark.django_db


def test_the_upload_page_shows_its_form(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("bulk:import_upload"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == ["kind", "file"]
    assert [value for value, _label in form.fields["kind"].choices] == [
        "households",
        "employers",
        "vacancies",
        "providers",
    ]
    assert b'name="file"' in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_an_origin_caseworker_may_import_households_only(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("bulk:import_upload"))

    assert [v for v, _l in response.context["form"].fields["kind"].choices] == ["households"]


def test_a_role_that_cannot_import_is_refused(client):
    client.force_login(UserFactory(role=Role.ME_OFFICER))

    assert client.get(reverse("bulk:import_upload")).status_code == 403
    assert client.get(reverse("bulk:import_list")).status_code == 403


def _upload(client, content, name="caseload.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("bulk:import_upload"), {"kind": "households", "file": upload})


def test_upload_checks_in_the_background_then_confirm_writes(client, coordinator, office):
    client.force_login(coordinator)

    response = _upload(client, csv_bytes(households_rows(office.code, 2)))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulk:import_detail", args=[job.pk])
    assert job.status == ImportStatus.CHECKED  # the queue runs at once in the tests
    assert Household.objects.count() == 0
    page = client.get(reverse("bulk:import_detail", args=[job.pk]))
    assert b'data-testid="confirm"' in page.content

    client.post(reverse("bulk:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.content is None
    assert Household.objects.count() == 2
    page = client.get(reverse("bulk:import_detail", args=[job.pk]))
    assert b'data-testid="written"' in page.content


def test_a_refused_upload_lists_row_and_column(client, coordinator, office):
    client.force_login(coordinator)
    rows = households_rows(office.code, 2)
    rows[2]["nationality"] = "XX"

    _upload(client, csv_bytes(rows))

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED
    page = client.get(reverse("bulk:import_detail", args=[job.pk]))
    problems = page.context["page_obj"].object_list
    assert [(p.row, p.column) for p in problems] == [(4, "nationality")]
    assert b'data-testid="confirm"' not in page.content
    assert Household.objects.count() == 0


def test_someone_else_cannot_see_or_confirm_an_import(client, coordinator, office):
    client.force_login(coordinator)
    _upload(client, csv_bytes(households_rows(office.code, 1)))
    job = ImportJob.objects.get()
    client.force_login(UserFactory(role=Role.COORDINATOR))

    assert client.get(reverse("bulk:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("bulk:import_confirm", args=[job.pk])).status_code == 404
    assert Household.objects.count() == 0


def test_discard_writes_nothing(client, coordinator, office):
    client.force_login(coordinator)
    _upload(client, csv_bytes(households_rows(office.code, 1)))
    job = ImportJob.objects.get()

    client.post(reverse("bulk:import_discard", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED
    assert job.content is None
    assert Household.objects.count() == 0


def test_the_csv_template_has_the_columns_and_an_example(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("bulk:template", args=["households", "csv"]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("household_ref,origin_office,modality,host_city,stage,stage_date")
    assert lines[1].startswith("TAP-0001,tap,relocation,")


def test_the_xlsx_template_explains_each_column_with_allowed_values(client, coordinator):
    """In the user's language (Spanish here), with the programme's document types."""
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get(reverse("bulk:template", args=["households", "xlsx"]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["households", "Columnas"]
    explained = {row[0]: row for row in book["Columnas"].iter_rows(min_row=2, values_only=True)}
    assert "curp = CURP" in explained["document_type"][3]
    assert "passport = Pasaporte" in explained["document_type"][3]
    assert explained["household_ref"][1] == "sí"


def test_the_list_page_links_templates_and_imports(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("bulk:import_list"))

    assert response.status_code == 200
    assert reverse("bulk:template", args=["households", "xlsx"]).encode() in response.content

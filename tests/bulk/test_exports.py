"""Exports: scope and names follow the role, formulas are neutralised, every export audited."""

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from arraigo.accounts.models import Role
from arraigo.bulk.models import ExportJob, ExportStatus
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _csv(client, kind):
    """The export as the page gives it: households prepared in the background, then
    downloaded; the others at once."""
    if kind == "households":
        prepared = client.post(reverse("bulk:export", args=[kind, "csv"]))
        job = ExportJob.objects.order_by("-id").first()
        assert prepared["Location"] == reverse("bulk:export_detail", args=[job.pk])
        response = client.get(reverse("bulk:export_file", args=[job.pk]))
    else:
        response = client.get(reverse("bulk:export", args=[kind, "csv"]))
    return response.content.decode("utf-8-sig").splitlines()


def test_a_caseworker_exports_only_their_office_households(client, caseworker, office):
    PersonFactory(household=HouseholdFactory(origin_office=office), first_names="Mine")
    PersonFactory(household=HouseholdFactory(origin_office=OfficeFactory()), first_names="Theirs")
    client.force_login(caseworker)

    lines = _csv(client, "households")

    assert len(lines) == 2
    assert "Mine" in lines[1]
    assert "Theirs" not in "".join(lines)


def test_a_role_without_names_gets_no_names_documents_or_phones(client):
    PersonFactory(first_names="Secreto", phone="+525512345678")
    client.force_login(UserFactory(role=Role.ME_OFFICER))

    lines = _csv(client, "households")

    assert "first_names" not in lines[0]
    assert "document_number" not in lines[0]
    assert "Secreto" not in "".join(lines)
    assert lines[1].startswith(",H-")  # no reference, the pseudonym for the code


def test_formulas_are_neutralised_in_csv_and_xlsx(client, coordinator):
    EmployerFactory(name='=HYPERLINK("http://x")')
    client.force_login(coordinator)

    lines = _csv(client, "employers")
    response = client.get(reverse("bulk:export", args=["employers", "xlsx"]))

    assert lines[1].startswith("\"'=HYPERLINK(")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"


def test_every_export_is_audited_when_it_is_downloaded(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("bulk:export", args=["households", "xlsx"]))
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    assert not LogEntry.objects.filter(additional_data__event="export").exists()

    response = client.get(reverse("bulk:export_file", args=[job.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = LogEntry.objects.filter(additional_data__event="export").get()
    assert entry.additional_data["export"] == "households"
    assert entry.actor == coordinator


def test_the_export_page_offers_the_download(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("bulk:export", args=["households", "csv"]))
    job = ExportJob.objects.get()

    page = client.get(reverse("bulk:export_detail", args=[job.pk]))

    assert reverse("bulk:export_file", args=[job.pk]).encode() in page.content


def test_only_the_requester_downloads_an_export(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("bulk:export", args=["households", "csv"]))
    job = ExportJob.objects.get()
    client.force_login(UserFactory(role=Role.COORDINATOR))

    assert client.get(reverse("bulk:export_file", args=[job.pk])).status_code == 404


def test_a_role_that_may_not_read_them_cannot_export(client):
    client.force_login(UserFactory(role=Role.EMPLOYER_LIAISON))

    assert client.post(reverse("bulk:export", args=["households", "csv"])).status_code == 403
    assert ExportJob.objects.count() == 0

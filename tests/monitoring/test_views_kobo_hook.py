"""The REST Services pages: coordinators register forms (secret shown once) and follow the
submissions; other roles are refused."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from arraigo.accounts.models import Role
from arraigo.monitoring.instruments import survey_instruments
from arraigo.monitoring.models_kobo import KoboForm, KoboSubmission, SubmissionStatus
from arraigo.monitoring.services_kobo_hook import kobo_submission_receive
from tests.accounts.factories import UserFactory

from .kobo_posts import kobo_form, kobo_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


def test_the_new_form_page_renders_its_fields(coordinator_client):
    page = coordinator_client.get("/monitoring/kobo/forms/new/")
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields) == ["name", "slug", "round", "active"]
    html = page.content.decode()
    for name in ("name", "slug", "round", "active"):
        assert f'name="{name}"' in html
    rounds = [item.round for item in survey_instruments().instruments]
    assert [value for value, _label in form.fields["round"].choices] == rounds


def test_registering_a_form_shows_its_secret_once(coordinator_client):
    page = coordinator_client.post(
        "/monitoring/kobo/forms/new/",
        {"name": "Seguimiento al mes", "slug": "mes-1", "round": "month1", "active": "on"},
    )
    assert page.status_code == 200
    secret = page.context["secret"]
    html = page.content.decode()
    assert secret in html
    assert "http://testserver/hooks/kobo/mes-1/" in html
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    form = KoboForm.objects.get()
    assert (form.slug, form.round, form.active) == ("mes-1", "month1", True)
    assert form.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    listing = coordinator_client.get("/monitoring/kobo/forms/").content.decode()
    assert "http://testserver/hooks/kobo/mes-1/" in listing and secret not in listing


def test_a_short_name_is_used_once(coordinator_client):
    kobo_form(slug="mes-1")
    page = coordinator_client.post(
        "/monitoring/kobo/forms/new/", {"name": "Otro", "slug": "mes-1", "round": "month1"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors == {"slug": ["Another form has this short name."]}


def test_editing_and_renewing_the_secret(coordinator_client):
    form, secret = kobo_form()
    page = coordinator_client.get(f"/monitoring/kobo/forms/{form.pk}/")
    assert page.context["form"]["slug"].value() == "seguimiento-mes-1"
    saved = coordinator_client.post(
        f"/monitoring/kobo/forms/{form.pk}/",
        {"name": "Mes 1", "slug": "seguimiento-mes-1", "round": "month1"},
    )
    assert saved.status_code == 302
    form.refresh_from_db()
    assert (form.name, form.active) == ("Mes 1", False)
    renewed = coordinator_client.post(f"/monitoring/kobo/forms/{form.pk}/secret/")
    assert renewed.context["secret"] != secret
    form.refresh_from_db()
    assert form.secret_hash == hashlib.sha256(renewed.context["secret"].encode()).hexdigest()


def _failed(form: KoboForm, uuid: str) -> KoboSubmission:
    row, _new = kobo_submission_receive(form=form, payload=kobo_post(uuid))
    KoboSubmission.objects.filter(pk=row.pk).update(
        status=SubmissionStatus.FAILED, error="submission:1: household: no household with this code"
    )
    return row


def test_the_submissions_page_lists_failures_with_their_reason(coordinator_client):
    form, _secret = kobo_form()
    row = _failed(form, "u-1")
    page = coordinator_client.get("/monitoring/kobo/submissions/", {"status": "failed"})
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["form", "status"]
    html = page.content.decode()
    assert "submission:1: household: no household with this code" in html
    assert f"/monitoring/kobo/submissions/{row.pk}/retry/" in html
    assert page.context["counts"] == {"received": 0, "processed": 0, "failed": 1}
    empty = coordinator_client.get("/monitoring/kobo/submissions/", {"status": "processed"})
    assert list(empty.context["page_obj"].object_list) == []


def test_the_submissions_page_reads_a_fixed_number_of_queries(
    coordinator_client, django_assert_num_queries
):
    form, _secret = kobo_form()
    _failed(form, "u-0")
    coordinator_client.get("/monitoring/kobo/submissions/")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        coordinator_client.get("/monitoring/kobo/submissions/")
    for n in range(1, 8):
        _failed(form, f"u-{n}")
    with CaptureQueriesContext(connection) as eight:
        coordinator_client.get("/monitoring/kobo/submissions/")
    assert len(eight) == len(one)


def test_retry_from_the_page(coordinator_client, django_capture_on_commit_callbacks):
    form, _secret = kobo_form()
    row = _failed(form, "u-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/monitoring/kobo/submissions/{row.pk}/retry/",
            {"next": "/monitoring/kobo/submissions/?status=failed"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/monitoring/kobo/submissions/?status=failed"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SubmissionStatus.FAILED, 1)  # still no such household
    many = coordinator_client.post(f"/monitoring/kobo/forms/{form.pk}/retry/")
    assert many.status_code == 302


@pytest.mark.parametrize("role", [Role.HOST_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR])
def test_other_roles_are_refused(client, role):
    form, _secret = kobo_form()
    row = _failed(form, "u-1")
    client.force_login(UserFactory(role=role))
    for url in (
        "/monitoring/kobo/forms/",
        "/monitoring/kobo/forms/new/",
        f"/monitoring/kobo/forms/{form.pk}/",
        "/monitoring/kobo/submissions/",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/monitoring/kobo/forms/{form.pk}/secret/",
        f"/monitoring/kobo/forms/{form.pk}/retry/",
        f"/monitoring/kobo/submissions/{row.pk}/retry/",
    ):
        assert client.post(url).status_code == 403, url
    row.refresh_from_db()
    assert row.status == SubmissionStatus.FAILED

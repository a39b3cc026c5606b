"""KoboToolbox's REST Services: a submission posted to /hooks/kobo/<form>/ is stored at once,
processed in the background with the file import's rules, and posted twice creates one set of
answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from decimal import Decimal

import pytest
from django.test import Client

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted
from arraigo.monitoring import kobo_queue
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.monitoring.models_kobo import KoboSubmission, SubmissionStatus
from arraigo.monitoring.services_kobo_hook import (
    kobo_submission_process,
    kobo_submission_receive,
    kobo_submission_retry,
    kobo_submissions_retry_failed,
)
from arraigo.registry.models import Relationship
from tests.accounts.factories import UserFactory
from tests.registry.factories import PersonFactory, household_with_head

from .kobo_posts import UUID_A, basic, kobo_form, kobo_post

pytestmark = pytest.mark.django_db

UUID_B = "9e2d4c11-7a8b-4f36-b1c0-6a5e3d2f1b02"
URL = "/hooks/kobo/seguimiento-mes-1/"


@pytest.fixture
def household():
    """HH-A: a head (1) and a spouse (2)."""
    household = household_with_head(code="HH-A")
    PersonFactory(
        household=household, relationship=Relationship.SPOUSE, date_of_birth=dt.date(1992, 1, 9)
    )
    return household


@pytest.fixture
def form():
    return kobo_form()


def _post(client: Client, body: object, auth: str | None = None, **headers: str):
    extra = {"HTTP_AUTHORIZATION": auth} if auth else {}
    for name, value in headers.items():
        extra[f"HTTP_{name.upper().replace('-', '_')}"] = value
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def _stored():
    interviews = list(
        Interview.objects.values_list(
            "household__code", "round", "date", "mode", "source", "submission_uuid",
            "housing_tenure", "feels_safe", "health_access", "basic_needs_met", "recorded_by",
        )
    )  # fmt: skip
    answers = list(
        FollowUpAnswer.objects.order_by("person__member_no").values_list(
            "person__member_no", "round", "works", "formal", "income", "bank_account", "source"
        )
    )
    return interviews, answers


EXPECTED = (
    [("HH-A", "month1", dt.date(2026, 3, 2), "phone", "kobo", UUID_A, "rented_contract", True,
      True, False, None)],
    [(1, "month1", True, True, Decimal("9500.50"), True, "kobo"),
     (2, "month1", False, None, None, False, "kobo")],
)  # fmt: skip


def test_a_submission_posted_twice_creates_one_set_of_answers(
    client, household, form, django_capture_on_commit_callbacks
):
    kobo_form_row, secret = form
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, kobo_post(), basic(secret))
    assert (first.status_code, first.json()) == (202, {"submission": UUID_A, "status": "received"})
    assert _stored() == EXPECTED

    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = _post(client, kobo_post(), basic(secret))

    assert (again.status_code, again.json()) == (200, {"submission": UUID_A, "status": "duplicate"})
    assert queued == []  # nothing new to process
    assert _stored() == EXPECTED
    row = KoboSubmission.objects.get()
    assert (row.form, row.uuid, row.status, row.attempts, row.error) == (
        kobo_form_row, UUID_A, SubmissionStatus.PROCESSED, 1, ""
    )  # fmt: skip
    assert row.interview == Interview.objects.get()
    assert row.payload == kobo_post()


def test_processing_twice_writes_nothing_more(household, form):
    kobo_form_row, _secret = form
    row, new = kobo_submission_receive(form=kobo_form_row, payload=kobo_post())
    assert new
    kobo_submission_process(submission_id=row.pk)
    KoboSubmission.objects.filter(pk=row.pk).update(status=SubmissionStatus.RECEIVED)
    again = kobo_submission_process(submission_id=row.pk)  # a second task for the same row
    assert again is not None and again.status == SubmissionStatus.PROCESSED
    assert _stored() == EXPECTED


def test_a_submission_imported_from_a_file_before_is_not_written_again(household, form):
    from io import BytesIO

    from arraigo.monitoring.services_kobo import kobo_import
    from tests.monitoring.kobo_exports import kobo_csv, submission

    coordinator = UserFactory(role=Role.COORDINATOR)
    members = [{"member": 1, "age": 35, "works": "yes", "formal": "yes", "income": 9500.5,
                "job_satisfied": "yes", "bank_account": "yes"},
               {"member": 2, "age": 34, "works": "no", "bank_account": "no"}]  # fmt: skip
    content = kobo_csv([submission(UUID_A, "HH-A", members)])
    kobo_import(actor=coordinator, round="month1", file=BytesIO(content), filename="k.csv")
    kobo_form_row, _secret = form
    row, _new = kobo_submission_receive(form=kobo_form_row, payload=kobo_post())

    row = kobo_submission_process(submission_id=row.pk)

    assert row is not None and row.status == SubmissionStatus.PROCESSED
    assert row.interview == Interview.objects.get()
    assert FollowUpAnswer.objects.count() == 2


def test_the_uuid_may_come_from_meta_instance_id_and_groups_from_paths(
    client, household, form, django_capture_on_commit_callbacks
):
    _form, secret = form
    body = kobo_post()
    del body["_uuid"]
    body["grp_hogar/household"] = body.pop("household")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, body, basic(secret))
    assert response.status_code == 202
    assert _stored() == EXPECTED


@pytest.mark.parametrize(
    ("how", "value"),
    [("basic", None), ("header", "X-Arraigo-Token"), ("bearer", None)],
)
def test_kobo_authenticates_with_the_form_secret(client, form, how, value):
    _form, secret = form
    if how == "basic":
        response = _post(client, kobo_post(), basic(secret, user="seguimiento-mes-1"))
    elif how == "header":
        response = _post(client, kobo_post(), **{value: secret})
    else:
        response = _post(client, kobo_post(), f"Bearer {secret}")
    assert response.status_code == 202


@pytest.mark.parametrize("auth", [None, "Basic a29ibzp3cm9uZw==", "Bearer wrong", "Basic !!"])
def test_a_wrong_or_missing_secret_is_refused(client, form, auth):
    response = _post(client, kobo_post(), auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="arraigo"'
    assert KoboSubmission.objects.count() == 0


def test_an_unknown_or_inactive_form_is_refused(client, form):
    kobo_form_row, secret = form
    unknown = client.post(
        "/hooks/kobo/another/", "{}", content_type="application/json",
        HTTP_AUTHORIZATION=basic(secret),
    )  # fmt: skip
    assert unknown.status_code == 401
    kobo_form_row.active = False
    kobo_form_row.save(update_fields=["active"])
    assert _post(client, kobo_post(), basic(secret)).status_code == 401


def test_the_secret_is_kept_as_a_hash(form):
    kobo_form_row, secret = form
    assert kobo_form_row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert len(secret) == 43


def test_only_json_objects_of_a_bounded_size(client, form, settings):
    _form, secret = form
    not_json = client.post(
        URL, "<data/>", content_type="text/xml", HTTP_AUTHORIZATION=basic(secret)
    )
    assert not_json.status_code == 400
    assert _post(client, [kobo_post()], basic(secret)).status_code == 400
    no_uuid = kobo_post()
    del no_uuid["_uuid"], no_uuid["meta/instanceID"]
    response = _post(client, no_uuid, basic(secret))
    assert (response.status_code, response.json()) == (
        400, {"error": "The submission has no _uuid or meta/instanceID."}
    )  # fmt: skip
    settings.ARRAIGO_KOBO_HOOK_MAX_BYTES = 100
    assert _post(client, kobo_post(), basic(secret)).status_code == 413
    assert KoboSubmission.objects.count() == 0


def test_the_endpoint_takes_posts_only(client, form):
    assert client.get(URL).status_code == 405


def test_a_wrong_submission_fails_with_the_reason_then_is_retried(
    client, form, django_capture_on_commit_callbacks
):
    _kobo_form_row, secret = form
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, kobo_post(household="HH-A"), basic(secret))
    row = KoboSubmission.objects.get()
    assert (row.status, row.error, row.attempts) == (
        SubmissionStatus.FAILED,
        "submission:1: household: no household with this code",
        1,
    )
    assert Interview.objects.count() == 0
    # The household is registered meanwhile: processed again, it goes through.
    household = household_with_head(code="HH-A")
    PersonFactory(household=household, relationship=Relationship.SPOUSE)
    coordinator = UserFactory(role=Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        kobo_submission_retry(actor=coordinator, submission=row)
    row.refresh_from_db()
    assert (row.status, row.error, row.attempts) == (SubmissionStatus.PROCESSED, "", 2)
    assert FollowUpAnswer.objects.count() == 2


def test_member_problems_name_the_row_of_the_repeat(client, household, form, caplog):
    kobo_form_row, _secret = form
    body = kobo_post()
    body["members"].append({"members/member": "7", "members/works": "maybe"})
    row, _new = kobo_submission_receive(form=kobo_form_row, payload=body)
    with caplog.at_level(logging.INFO):
        row = kobo_submission_process(submission_id=row.pk)
    assert row is not None
    assert row.error == "members:3: members/member: no member '7' in household HH-A"
    # No personal data in the logs: the row's id, never its content.
    assert "HH-A" not in caplog.text and "9500" not in caplog.text
    assert f"kobo submission {row.pk} failed" in caplog.text


def test_retry_all_failed_of_a_form(form, django_capture_on_commit_callbacks):
    kobo_form_row, _secret = form
    for uuid in (UUID_A, UUID_B):
        row, _new = kobo_submission_receive(form=kobo_form_row, payload=kobo_post(uuid))
        kobo_submission_process(submission_id=row.pk)
    assert KoboSubmission.objects.filter(status=SubmissionStatus.FAILED).count() == 2
    calls: list[int] = []
    saved = list(kobo_queue._queues)
    kobo_queue.queue_set(calls.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            n = kobo_submissions_retry_failed(
                actor=UserFactory(role=Role.COORDINATOR), form=kobo_form_row
            )
    finally:
        kobo_queue._queues[:] = saved
    assert n == 2
    assert sorted(calls) == sorted(KoboSubmission.objects.values_list("pk", flat=True))
    assert KoboSubmission.objects.filter(status=SubmissionStatus.RECEIVED).count() == 2


@pytest.mark.parametrize("role", [Role.HOST_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR])
def test_only_the_coordinator_retries(form, role):
    kobo_form_row, _secret = form
    row, _new = kobo_submission_receive(form=kobo_form_row, payload=kobo_post())
    KoboSubmission.objects.filter(pk=row.pk).update(status=SubmissionStatus.FAILED)
    with pytest.raises(NotPermitted):
        kobo_submission_retry(actor=UserFactory(role=role), submission=row)
    with pytest.raises(NotPermitted):
        kobo_submissions_retry_failed(actor=UserFactory(role=role), form=kobo_form_row)

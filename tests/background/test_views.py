"""The background jobs page: coordinators see tasks, counts and workers, and retry a failed
task; other roles are refused the page and the retry."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from arraigo.accounts.models import Role
from arraigo.background.services import enqueue, worker_started
from arraigo.matching import tasks as matching_tasks
from tests.accounts.factories import UserFactory

from . import tasks

pytestmark = pytest.mark.django_db

URL = reverse("background:task_list")


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


def test_the_page_lists_jobs_with_their_status_attempts_and_error(coordinator_client, settings):
    enqueue(tasks.add, 1, 2)
    enqueue(tasks.refuse, "the file has no header row")
    settings.ARRAIGO_TASKS_SYNC = False
    enqueue(matching_tasks.matching_run, 41)
    worker_started(worker_id="host-a-1", host="host-a", pid=1)

    page = coordinator_client.get(URL).content.decode()

    assert page.count('data-testid="task-row"') == 3
    assert page.count('data-status="FAILED"') == 1
    assert "the file has no header row" in page
    assert "last worker: inline" in page
    assert f'href="{reverse("matching:run_detail", args=[41])}">Matching run 41</a>' in page
    assert page.count(">Retry</button>") == 1  # only the failed one
    assert "Jobs by status" in page
    assert "1 failed job" in page
    assert "host-a-1" in page


def test_the_filter_shows_only_failed_jobs(coordinator_client):
    enqueue(tasks.add, 1, 2)
    enqueue(tasks.refuse, "no")

    page = coordinator_client.get(URL, {"status": "FAILED"}).content.decode()

    assert page.count('data-testid="task-row"') == 1
    assert 'data-status="FAILED"' in page


def test_without_workers_the_page_says_how_to_start_one(coordinator_client):
    page = coordinator_client.get(URL).content.decode()

    assert 'data-testid="no-workers"' in page
    assert "No jobs match." in page


def test_retry_queues_the_job_again_and_says_so(coordinator_client, settings):
    failed = enqueue(tasks.refuse, "no")
    settings.ARRAIGO_TASKS_SYNC = False

    response = coordinator_client.post(
        reverse("background:task_retry", args=[failed.id]), {"next": f"{URL}?status=FAILED"}
    )

    assert response.status_code == 302
    assert response.url == f"{URL}?status=FAILED"
    assert DBTaskResult.objects.get(pk=failed.id).status == "READY"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The job is queued again."]


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_retry_goes_back_only_to_a_page_of_this_site(coordinator_client, elsewhere):
    failed = enqueue(tasks.refuse, "no")

    response = coordinator_client.post(
        reverse("background:task_retry", args=[failed.id]), {"next": elsewhere}
    )

    assert (response.status_code, response.url) == (302, URL)


def test_retrying_a_job_that_did_not_fail_says_it_cannot(coordinator_client):
    done = enqueue(tasks.add, 1, 1)

    response = coordinator_client.post(reverse("background:task_retry", args=[done.id]))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only a failed task can be retried."
    ]


def test_an_unknown_job_is_not_found(coordinator_client):
    response = coordinator_client.post(reverse("background:task_retry", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_retry_only_by_post(coordinator_client):
    failed = enqueue(tasks.refuse, "no")

    assert (
        coordinator_client.get(reverse("background:task_retry", args=[failed.id])).status_code
        == 405
    )


@pytest.mark.parametrize(
    "role",
    [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR, Role.EMPLOYER],
)
def test_other_roles_are_refused_the_page_and_the_retry(client: Client, role):
    failed = enqueue(tasks.refuse, "no")
    client.force_login(UserFactory(role=role))

    assert client.get(URL).status_code == 403
    assert client.post(reverse("background:task_retry", args=[failed.id])).status_code == 403
    assert DBTaskResult.objects.get(pk=failed.id).status == "FAILED"


def test_the_menu_offers_the_page_to_coordinators_only(client: Client):
    client.force_login(UserFactory(role=Role.COORDINATOR))
    assert f'href="{URL}"' in client.get(reverse("home:dashboard")).content.decode()
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER))
    assert f'href="{URL}"' not in client.get(reverse("home:dashboard")).content.decode()


def test_the_page_in_spanish():
    client = Client()
    client.force_login(UserFactory(role=Role.COORDINATOR))
    enqueue(tasks.refuse, "no")

    page = client.get(URL).content.decode()

    assert "<h1>Procesos en segundo plano</h1>" in page
    assert ">Reintentar</button>" in page

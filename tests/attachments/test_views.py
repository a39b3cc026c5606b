"""Downloading (scope, consent, audit, headers), attaching and removing through the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.attachments.models import Attachment
from arraigo.registry.models import Consent, ConsentPurpose

from .conftest import EXE, KINDS, PDF, TEXT, World, attach, stored, upload

pytestmark = pytest.mark.django_db


def download_url(attachment: Attachment) -> str:
    return reverse("attachments:download", args=[attachment.public_id])


def downloads(attachment: Attachment) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            content_type=ContentType.objects.get_for_model(Attachment),
            object_pk=str(attachment.pk),
        ).order_by("id")
    )


def test_a_download_streams_the_file_as_an_attachment(client: Client, world: World):
    attachment = attach(world, "document", name="Pasaporte Ana.pdf")
    client.force_login(world.users["host"])

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Pasaporte_Ana.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_every_download_is_in_the_audit_trail(client: Client, world: World):
    attachment = attach(world, "referral")
    host = world.users["host"]
    client.force_login(host)

    client.get(download_url(attachment))
    client.get(download_url(attachment))

    entries = downloads(attachment)
    assert [(e.actor, e.additional_data) for e in entries] == [
        (host, {"event": "download", "household": "HH-0700", "kind": "referral"}),
        (host, {"event": "download", "household": "HH-0700", "kind": "referral"}),
    ]


# Who downloads what: 200 in scope, 404 out of it (as if the file did not exist).
REACH = {
    #                 document consent milestone referral
    "coordinator": (200, 200, 200, 200),
    "origin": (200, 200, 200, 200),
    "host": (200, 200, 200, 200),
    "auditor": (200, 200, 200, 200),
    "partner": (404, 404, 404, 200),
    "me_officer": (404, 404, 404, 404),
    "other_origin": (404, 404, 404, 404),
    "other_host": (404, 404, 404, 404),
    "other_partner": (404, 404, 404, 404),
    "employer": (404, 404, 404, 404),
    "liaison": (404, 404, 404, 404),
}


@pytest.mark.parametrize(
    ("who", "kind", "status"),
    [
        pytest.param(who, kind, statuses[i], id=f"{who}-{kind}")
        for who, statuses in REACH.items()
        for i, kind in enumerate(KINDS)
    ],
)
def test_who_downloads_which_file(client: Client, world: World, who: str, kind: str, status: int):
    attachment = attach(world, kind)
    client.force_login(world.users[who])

    response = client.get(download_url(attachment))

    assert response.status_code == status
    assert len(downloads(attachment)) == (1 if status == 200 else 0)
    if status == 404:
        assert PDF not in response.content


def test_without_signing_in_the_download_asks_to_sign_in(client: Client, world: World):
    attachment = attach(world, "document")
    url = download_url(attachment)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert PDF not in response.content
    assert downloads(attachment) == []


def test_a_file_that_does_not_exist_is_not_found(client: Client, world: World):
    client.force_login(world.users["coordinator"])

    response = client.get("/files/00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404


@pytest.mark.parametrize("answer", [False, None])
def test_a_partner_without_the_households_consent_gets_no_file(
    client: Client, world: World, answer: bool | None
):
    attachment = attach(world, "referral")
    if answer is None:
        Consent.objects.filter(household=world.household).delete()  # never asked
    else:
        Consent.objects.create(
            household=world.household,
            purpose=ConsentPurpose.SERVICE_PARTNERS,
            given=False,
            recorded_at=timezone.now(),
        )
    client.force_login(world.users["partner"])

    response = client.get(download_url(attachment))

    assert response.status_code == 403
    assert PDF not in response.content
    label = "Consent withdrawn" if answer is False else "No consent to share"
    assert label in response.content.decode()
    assert downloads(attachment) == []
    # staff are no exit: the caseworker still downloads it
    client.force_login(world.users["host"])
    assert client.get(download_url(attachment)).status_code == 200


def _post_file(client: Client, kind: str, target: int, name: str, content: bytes):
    return client.post(
        reverse("attachments:add", args=[kind]),
        {"target": target, "file": upload(name, content)},
    )


def test_a_file_is_attached_from_the_household_page(client: Client, world: World):
    client.force_login(world.users["host"])

    response = _post_file(client, "document", world.document.pk, "pasaporte.pdf", PDF)

    attachment = Attachment.objects.get()
    household_page = reverse("registry:household_detail", args=[world.household.pk])
    assert response["Location"] == f"{household_page}#documents-{world.head.pk}"
    assert (attachment.document, attachment.name) == (world.document, "pasaporte.pdf")
    html = client.get(household_page).content.decode()
    assert "File attached." in html
    assert download_url(attachment) in html
    assert ">pasaporte.pdf</a>" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programa.exe", EXE, "This type of file is not allowed: only PDF, JPEG or PNG."),
        ("carta.pdf", TEXT, "This type of file is not allowed: only PDF, JPEG or PNG."),
        ("vacio.pdf", b"", "The file is empty."),
    ],
)
def test_a_refused_file_is_said_on_the_page_it_came_from(
    client: Client, world: World, files_folder: Path, name: str, content: bytes, message: str
):
    client.force_login(world.users["host"])

    response = _post_file(client, "consent", world.consent.pk, name, content)

    household_page = reverse("registry:household_detail", args=[world.household.pk])
    assert response["Location"] == f"{household_page}#consent-files"
    assert message in client.get(household_page).content.decode()
    assert Attachment.objects.count() == 0
    assert stored(files_folder) == []


def test_a_file_too_big_is_said_on_the_plan_page(client: Client, world: World, settings):
    settings.ARRAIGO_ATTACHMENT_MAX_MB = 1
    client.force_login(world.users["host"])

    response = _post_file(
        client, "milestone", world.milestone.pk, "big.pdf", PDF + b"0" * 1024 * 1024
    )

    plan_page = reverse("casework:plan_detail", args=[world.plan.pk])
    assert response["Location"] == f"{plan_page}#m{world.milestone.pk}"
    assert "The file is too big: at most 1 MB." in client.get(plan_page).content.decode()


def test_no_file_chosen_is_said(client: Client, world: World):
    client.force_login(world.users["host"])

    client.post(reverse("attachments:add", args=["referral"]), {"target": world.referral.pk})

    page = client.get(reverse("referrals:referral_detail", args=[world.referral.pk]))
    assert "Choose a file to attach." in page.content.decode()


def test_a_record_out_of_scope_is_not_found_and_one_not_to_change_is_refused(
    client: Client, world: World
):
    client.force_login(world.users["other_host"])
    assert _post_file(client, "document", world.document.pk, "a.pdf", PDF).status_code == 404

    client.force_login(world.users["auditor"])
    assert _post_file(client, "document", world.document.pk, "a.pdf", PDF).status_code == 403

    client.force_login(world.users["host"])
    assert _post_file(client, "household", world.household.pk, "a.pdf", PDF).status_code == 404
    assert Attachment.objects.count() == 0


def test_a_file_is_removed_from_its_page(
    client: Client, world: World, files_folder: Path, django_capture_on_commit_callbacks
):
    attachment = attach(world, "referral")
    client.force_login(world.users["host"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attachments:remove", args=[attachment.public_id]))

    assert response["Location"] == (
        reverse("referrals:referral_detail", args=[world.referral.pk]) + "#files"
    )
    assert Attachment.objects.count() == 0
    assert stored(files_folder) == []


def test_removing_is_refused_to_who_only_reads(client: Client, world: World):
    attachment = attach(world, "consent")
    client.force_login(world.users["auditor"])

    response = client.post(reverse("attachments:remove", args=[attachment.public_id]))

    assert response.status_code == 403
    assert Attachment.objects.count() == 1


def test_the_actions_take_posts_only(client: Client, world: World):
    attachment = attach(world, "consent")
    client.force_login(world.users["host"])

    assert client.get(reverse("attachments:add", args=["consent"])).status_code == 405
    assert client.get(reverse("attachments:remove", args=[attachment.public_id])).status_code == 405
    assert client.post(download_url(attachment)).status_code == 405


def test_the_refusal_is_said_in_spanish_by_default(client: Client, world: World, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(world.users["host"])

    _post_file(client, "document", world.document.pk, "programa.exe", EXE)
    html = client.get(
        reverse("registry:household_detail", args=[world.household.pk])
    ).content.decode()

    assert "Este tipo de archivo no está permitido: solo PDF, JPEG o PNG." in html
    assert "PDF, JPEG o PNG, máximo 10 MB." in html
    assert "Adjuntar el archivo" in html

"""The pages that show records offer their files and the form to attach one."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.registry.models import Consent, ConsentPurpose

from .conftest import World, attach

pytestmark = pytest.mark.django_db


def section(html: str, testid: str) -> str:
    """The part of the page from the element with `data-testid` to the end of its upload form
    (the files' remove buttons are forms too)."""
    start = html.index(f'data-testid="{testid}"')
    form = html.index('data-testid="upload-', start)
    return html[start : html.index("</form>", form) + len("</form>")]


def html_of(client: Client, url_name: str, pk: int) -> str:
    return client.get(reverse(url_name, args=[pk])).content.decode()


def file_input(html: str, key: str) -> bool:
    return bool(
        re.search(
            rf'<input type="file" name="file" id="id_file_{key}" accept="[^"]+" required', html
        )
    )


def test_the_household_page_offers_an_upload_for_the_documents_and_the_consent(
    client: Client, world: World
):
    attach(world, "document", name="pasaporte.pdf")
    attach(world, "consent", name="consentimiento firmado.pdf")
    client.force_login(world.users["host"])

    html = html_of(client, "registry:household_detail", world.household.pk)

    documents = section(html, "document-files")
    assert ">pasaporte.pdf</a>" in documents
    assert "Passport · PDF" in documents
    assert file_input(documents, f"person{world.head.pk}")
    assert f'name="target" value="{world.document.pk}"' in documents
    assert 'enctype="multipart/form-data"' in documents
    assert "PDF, JPEG or PNG, at most 10 MB." in documents
    consent = section(html, "consent-files")
    assert ">consentimiento_firmado.pdf</a>" in consent
    assert "Sharing with service partners (given," in consent
    assert file_input(consent, "consent")
    assert html.count('data-testid="attachment"') == 2
    assert documents.count(">Remove</button>") == 1
    assert consent.count(">Remove</button>") == 1


def test_a_role_that_only_reads_sees_the_files_without_forms(client: Client, world: World):
    attach(world, "document", name="pasaporte.pdf")
    client.force_login(world.users["auditor"])

    html = html_of(client, "registry:household_detail", world.household.pk)

    assert ">pasaporte.pdf</a>" in html
    assert 'type="file"' not in html
    assert (
        reverse("attachments:remove", args=[world.document.attachments.get().public_id]) not in html
    )


def test_the_pseudonymised_page_shows_no_files(client: Client, world: World):
    attach(world, "document", name="pasaporte.pdf")
    client.force_login(world.users["me_officer"])

    html = html_of(client, "registry:household_detail", world.household.pk)

    assert "pasaporte" not in html
    assert 'data-testid="document-files"' not in html
    assert 'data-testid="consent-files"' not in html


def test_the_household_page_reads_the_files_in_one_query(
    client: Client, world: World, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["coordinator"])
    url = reverse("registry:household_detail", args=[world.household.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for kind in ("document", "consent"):
        attach(world, kind)

    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
    files = [q for q in before.captured_queries if "attachments_attachment" in q["sql"]]
    assert len(files) == 1


def test_the_plan_page_offers_an_upload_for_each_milestone(client: Client, world: World):
    attach(world, "milestone", name="constancia.pdf")
    client.force_login(world.users["host"])

    html = html_of(client, "casework:plan_detail", world.plan.pk)

    milestones = world.plan.milestones.count()
    assert html.count('data-testid="milestone-files"') == milestones
    assert file_input(html, f"m{world.milestone.pk}")
    assert html.count('type="file"') == milestones
    assert ">constancia.pdf</a>" in html
    assert "1 file</summary>" in html


def test_the_referral_page_offers_an_upload_and_lists_the_files(client: Client, world: World):
    attach(world, "referral", by="host", name="informe.pdf")
    client.force_login(world.users["partner"])

    html = html_of(client, "referrals:referral_detail", world.referral.pk)

    files = section(html, "referral-files")
    assert ">informe.pdf</a>" in files
    assert file_input(files, "referral")
    assert f'name="target" value="{world.referral.pk}"' in files
    # the partner removes only what it uploaded
    assert ">Remove</button>" not in files


def test_the_referral_page_withholds_the_files_from_a_partner_without_consent(
    client: Client, world: World
):
    attach(world, "referral", by="host", name="informe.pdf")
    Consent.objects.create(
        household=world.household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=False,
        recorded_at=timezone.now(),
    )
    client.force_login(world.users["partner"])

    html = html_of(client, "referrals:referral_detail", world.referral.pk)

    assert "informe" not in html
    assert 'data-testid="files-withheld"' in html
    assert "1 file is not shared with the service." in html

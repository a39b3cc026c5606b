"""Files on cases in a browser: a caseworker attaches the scan of a passport on the household
page and downloads it back; the file's address without signing in leads to the sign-in page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.attachments.models import Attachment
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.places.factories import CityFactory
from tests.registry.factories import IdentityDocumentFactory, household_with_head

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's
SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def files_folder(settings, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    yield folder


def test_a_caseworker_attaches_a_scan_and_downloads_it(
    page: Page, login: LoginFn, files_folder: Path
) -> None:
    city = CityFactory(name="Saltillo")
    household = household_with_head(
        code="HH-0800", status=HouseholdStatus.INTEGRATING, host_city=city
    )
    head = household.members.get()
    IdentityDocumentFactory(person=head)
    host = UserFactory(username="host", role=Role.HOST_CASEWORKER, city=city)
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}]
    )
    household_url = reverse("registry:household_detail", args=[household.pk])

    # The caseworker attaches the passport's scan under the head's documents
    login(page, host.username, PASSWORD)
    page.goto(household_url)
    form = page.get_by_test_id(f"upload-person{head.pk}")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "Pasaporte Ana.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert [t.strip() for t in page.locator("ul.messages li").all_inner_texts()] == [
        "File attached."
    ]
    attachment = Attachment.objects.get()
    assert attachment.name == "Pasaporte_Ana.pdf"
    files = page.get_by_test_id("document-files")
    assert "Pasaporte_Ana.pdf" in files.inner_text()

    # And downloads it back, byte for byte
    with page.expect_download() as download_info:
        files.get_by_role("link", name="Pasaporte_Ana.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Pasaporte_Ana.pdf"
    assert Path(download.path()).read_bytes() == SCAN

    # Signed out, the same address asks to sign in and gives nothing
    page.context.clear_cookies()
    file_url = reverse("attachments:download", args=[attachment.public_id])
    response = page.request.get(file_url, max_redirects=0)
    assert response.status == 302
    assert response.headers["location"].startswith(reverse("accounts:login"))

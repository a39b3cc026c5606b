"""The results report in a browser: an M&E officer opens it from the monitoring page, chooses
a year and a breakdown, sees the before-and-after charts and the seeds' sentences, and
downloads the report as PDF, XLSX and CSV (each download in the audit trail)."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.monitoring.results_fixture import results_fixture

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


def test_the_me_officer_reads_the_results_report_and_downloads_it(
    page: Page, login: LoginFn
) -> None:
    # Given six households with known answers in 2026, and an M&E officer
    results_fixture()
    officer = UserFactory(role=Role.ME_OFFICER)
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    login(page, officer.username, PASSWORD)

    # When they open the results report from the monitoring page, for 2026 by host city
    page.goto(reverse("monitoring:index"))
    with page.expect_navigation():
        page.get_by_test_id("results-link").click()
    page.fill("#id_year", "2026")
    page.select_option("#id_by", "city")
    with page.expect_navigation():
        page.get_by_test_id("results-form").get_by_role("button").click()

    # Then every indicator has its chart, the shares and the households behind them
    indicators = page.get_by_test_id("indicator")
    assert indicators.count() == 16
    assert page.locator("[data-testid=indicator] svg").count() == 16
    assert page.locator("[data-testid=indicator] svg").first.is_visible()
    working = page.locator("[data-code=hh_adult_working] tr[data-round=month6] td")
    assert working.all_inner_texts() == ["83.3%", "5 / 6 households"]
    small = page.locator("[data-code=hh_adult_working] tr[data-round=month1] td")
    assert small.all_inner_texts() == ["<5", "<5"]
    sentences = page.get_by_test_id("sentence").all_inner_texts()
    assert (
        "The share of children not attending school went from 100% to 0% after six months."
        in sentences
    )
    assert page.get_by_test_id("group").count() == 2  # León and Saltillo

    # And each format downloads
    for fmt in ("pdf", "xlsx", "csv"):
        with page.expect_download() as download_info:
            page.get_by_test_id(f"download-{fmt}").click()
        download = download_info.value
        assert download.suggested_filename == f"results-20260101-20261231.{fmt}"
        with open(download.path(), "rb") as handle:
            content = handle.read()
        if fmt == "pdf":
            assert content.startswith(b"%PDF")
        elif fmt == "xlsx":
            sheets = load_workbook(io.BytesIO(content)).sheetnames
            assert sheets == ["Indicators", "Results framework", "Process", "Context"]
        else:
            lines = list(csv.reader(io.StringIO(content.decode())))
            assert lines[1][:3] == ["#meta+breakdown", "#meta+group", "#indicator+code"]
    events = LogEntry.objects.filter(additional_data__export="results_report")
    assert sorted(e.additional_data["format"] for e in events) == ["csv", "pdf", "xlsx"]

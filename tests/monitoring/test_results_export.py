"""The results report's downloads (CSV with HXL hashtags, XLSX, PDF) on the hand-made
fixture: the same hand-computed numbers as the page, the same small cells hidden, and every
download in the audit trail."""

import csv
import io
from collections.abc import Iterator

import hxl
import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.pdf_text import pdf_text_runs

from .results_fixture import results_fixture

pytestmark = pytest.mark.django_db

QUERY = {"year": "2026", "by": "city"}


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def me(client: Client):
    user = UserFactory(role=Role.ME_OFFICER)
    client.force_login(user)
    results_fixture()
    return user


def _download(client: Client, fmt: str) -> bytes:
    response = client.get(reverse("monitoring:results_download", args=[fmt]), QUERY)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="results-20260101-20261231.{fmt}"'
    )
    return response.content


def _key(row: list) -> tuple:
    return (*tuple(row[:3]), row[5])


def test_the_csv_carries_hxl_hashtags_that_libhxl_reads(client: Client, me):
    content = _download(client, "csv")

    dataset = hxl.data(io.BytesIO(content))
    assert dataset.display_tags[:3] == ["#meta+breakdown", "#meta+group", "#indicator+code"]
    assert "#population+num" in dataset.display_tags
    assert "#indicator+value+pct" in dataset.display_tags
    rows = {
        (r.get("#meta+group"), r.get("#indicator+code"), r.get("#meta+round")): r for r in dataset
    }
    working = rows["all", "hh_adult_working", "month6"]
    assert (working.get("#population+num"), working.get("#population+total")) == ("5", "6")
    assert working.get("#indicator+value+pct") == "83.33"
    assert working.get("#date+start") == "2026-01-01"
    assert rows["all", "hh_adult_working", "month1"].get("#population+num") == "<5"
    assert rows["León", "hh_adult_working", "month6"].get("#indicator+value+pct") == "<5"
    assert rows["Saltillo", "hh_adult_working", "month6"].get("#indicator+value+pct") == "100.0"


def test_the_csv_has_a_row_per_indicator_round_and_group(client: Client, me):
    lines = list(csv.reader(io.StringIO(_download(client, "csv").decode())))

    header, tags, rows = lines[0], lines[1], lines[2:]
    assert header[:3] == ["breakdown", "group", "indicator"]
    assert tags[-1] == "#indicator+value+pct"
    assert len(rows) == 16 * 3 * 3  # sixteen indicators, three rounds, all + two cities
    by_key = {_key(row): row for row in rows}
    assert by_key["all", "all", "p_below_poverty", "baseline"][8:] == ["12", "12", "100.0"]
    assert by_key["all", "all", "hh_bank_account", "baseline"][8:] == ["<5", "<5", "<5"]


def test_the_xlsx_has_a_sheet_per_table_with_the_same_numbers(client: Client, me):
    book = load_workbook(io.BytesIO(_download(client, "xlsx")))

    assert book.sheetnames == ["Indicators", "Results framework", "Process", "Context"]
    indicators = [list(row) for row in book["Indicators"].iter_rows(values_only=True)]
    assert indicators[1][0] == "#meta+breakdown"
    by_key = {_key(row): row for row in indicators[2:]}
    assert by_key["all", "all", "hh_adult_working", "month6"][8:] == [5, 6, 83.33]
    assert by_key["all", "all", "hh_adult_working", "month1"][8:] == ["<5", "<5", "<5"]
    framework = [list(row) for row in book["Results framework"].iter_rows(values_only=True)]
    assert framework[1][:6] == [
        "13.1",
        framework[1][1],
        "Refugees and asylum seekers",
        "Unknown",
        "20.00%",
        83.33,
    ]
    process = [list(row) for row in book["Process"].iter_rows(values_only=True)]
    assert ["All", "CURP", 5, "<5", 30, 100] in process


def test_the_pdf_prints_the_shares_sentences_and_small_cells(client: Client, me):
    text = " ".join(pdf_text_runs(_download(client, "pdf")))

    assert "Results report" in text
    assert "83.3%  (5 / 6 households)" in text
    assert "<5  (<5 / <5 households)" in text
    assert (
        "The share of children not attending school went from 100% to 0% after six months." in text
    )
    assert "UNHCR results framework" in text
    assert "Pérez" not in text  # never a name


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_download_is_audited(client: Client, me, fmt):
    _download(client, fmt)

    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == me
    assert entry.additional_data["export"] == "results_report"
    assert entry.additional_data["format"] == fmt
    assert entry.additional_data["breakdown"] == "city"


def test_a_wrong_period_downloads_nothing(client: Client, me):
    response = client.get(
        reverse("monitoring:results_download", args=["csv"]),
        {"date_from": "2026-05-01", "date_to": "2026-04-01"},
    )

    assert response.status_code == 400
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def test_an_unknown_format_is_not_found(client: Client, me):
    assert client.get(reverse("monitoring:results_download", args=["docx"])).status_code == 404

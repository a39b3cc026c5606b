import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from openpyxl import load_workbook

from arraigo.relocation.services.grants import (
    grant_approve,
    grant_disburse,
    grant_prepare,
    grant_reverse,
)
from arraigo.relocation.services.ledger import ledger_post
from tests.registry.factories import PersonFactory

from .factories import RelocationPlanFactory, approved_on, plan_arrived
from .ledger_data import FORMULA, hand_ledger

pytestmark = pytest.mark.django_db


def _ledger(client, user, **query):
    client.force_login(user)
    return client.get(reverse("relocation:ledger"), query)


def _sources(response):
    return [(e.booked_on.isoformat(), e.source) for e in response.context["page_obj"]]


def test_the_ledger_lists_every_entry_in_order_with_totals(client, rworld):
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, month="all")

    assert response.status_code == 200
    assert _sources(response) == [
        ("2025-03-04", "ticket:1"),
        ("2025-03-10", "ticket:1"),
        ("2025-03-11", "stay:1"),
        ("2025-03-12", "grant:1"),
        ("2025-04-02", "grant:1"),
        ("2025-04-05", "stay:1"),
        ("2025-04-20", "ticket:2"),
    ]
    totals = response.context["totals"]
    assert (totals.entries, totals.committed, totals.spent) == (
        7,
        Decimal("14450.00"),
        Decimal("11550.00"),
    )
    assert totals.by_category == [
        ("transport", "Transport", Decimal("4250.00"), Decimal("2550.00")),
        ("lodging", "Lodging", Decimal("1200.00"), Decimal("0.00")),
        ("grants", "Cash grants", Decimal("9000.00"), Decimal("9000.00")),
    ]
    html = response.content.decode()
    assert "Total of 7 entries: committed / spent" in html
    assert "<b>14,450.00 / 11,550.00</b>" in html
    assert "<td>-200.00</td>" in html


@pytest.mark.parametrize(
    ("query", "expected", "committed", "spent"),
    [
        (
            {"month": "2025-03"},
            [
                ("2025-03-04", "ticket:1"),
                ("2025-03-10", "ticket:1"),
                ("2025-03-11", "stay:1"),
                ("2025-03-12", "grant:1"),
            ],
            "12950.00",
            "2550.00",
        ),
        (
            {"category": "lodging", "kind": "commitment", "month": "all"},
            [("2025-03-11", "stay:1"), ("2025-04-05", "stay:1")],
            "1200.00",
            "0.00",
        ),
        (
            {"kind": "expenditure", "month": "2025-04"},
            [("2025-04-02", "grant:1")],
            "0.00",
            "9000.00",
        ),
    ],
)
def test_the_filters_narrow_entries_and_totals(client, rworld, query, expected, committed, spent):
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, **query)

    assert _sources(response) == expected
    totals = response.context["totals"]
    assert (totals.committed, totals.spent) == (Decimal(committed), Decimal(spent))


def test_the_city_filter(client, rworld):
    data = hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, city=str(data.other_city.pk), month="all")

    assert _sources(response) == [("2025-04-20", "ticket:2")]


def test_a_bad_month_is_shown_and_the_current_month_listed(client, rworld):
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, month="2025-13")

    assert response.context["filter_form"].errors == {
        "month": ["Write the month as YYYY-MM, for example 2026-03."]
    }
    assert response.context["totals"].entries == 0
    shown = formats.date_format(timezone.localdate(), "F Y")
    assert f'<strong aria-current="page" data-testid="ledger-period-shown">{shown}</strong>' in (
        response.content.decode()
    )


def test_the_ledger_opens_on_the_current_month_with_a_period_selector(client, rworld):
    # Given entries in March and April 2025, and one this month
    hand_ledger(rworld)
    today = timezone.localdate()
    ledger_post(
        actor=rworld.coordinator,
        booked_on=today,
        kind="commitment",
        category="transport",
        amount=Decimal("100.00"),
        household=rworld.household,
        city=rworld.city,
        office=rworld.office,
        source="ticket:9",
        description="1 bus ticket",
    )

    # When the coordinator opens the ledger
    response = _ledger(client, rworld.coordinator)

    # Then it lists this month's entry only, with the months around it, every month, and an
    # export of this month
    assert _sources(response) == [(today.isoformat(), "ticket:9")]
    html = response.content.decode()
    month = f"{today:%Y-%m}"
    before, after = (
        (today.replace(day=1) - dt.timedelta(days=1)),
        (today.replace(day=28) + dt.timedelta(days=5)),
    )

    def label(day: dt.date) -> str:
        return formats.date_format(day, "F Y")

    assert f'data-testid="ledger-period-shown">{label(today)}</strong>' in html
    assert (
        f'href="?month={before:%Y-%m}" data-testid="ledger-previous">← {label(before)}</a>'
    ) in html
    assert f'href="?month={after:%Y-%m}" data-testid="ledger-next">{label(after)} →</a>' in html
    assert 'href="?month=all" data-testid="ledger-all">All months</a>' in html
    assert f'href="{reverse("relocation:ledger_csv")}?month={month}"' in html
    assert 'type="month" name="month" value="' + month + '"' in html


def test_the_period_links_keep_the_other_filters(client, rworld):
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, month="2025-03", kind="commitment", page="2")

    html = response.content.decode()
    assert 'href="?month=2025-02&amp;kind=commitment" data-testid="ledger-previous">' in html
    assert 'href="?month=all&amp;kind=commitment" data-testid="ledger-all">' in html
    assert f'href="{reverse("relocation:ledger_xlsx")}?month=2025-03&amp;kind=commitment"' in html


def test_every_month_and_its_export(client, rworld):
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, month="all")
    _export, body = _csv(client, rworld.coordinator, month="all")
    _default, this_month = _csv(client, rworld.coordinator)

    assert response.context["totals"].entries == 7
    assert 'data-testid="ledger-this-month">This month</a>' in response.content.decode()
    assert len(body.splitlines()) == 8  # the header and the 7 entries
    assert len(this_month.splitlines()) == 1  # the header: nothing this month


def test_the_ledger_pages_and_keeps_the_totals_of_all_pages(client, rworld, settings):
    settings.ARRAIGO_PAGE_SIZE = 3
    hand_ledger(rworld)

    response = _ledger(client, rworld.coordinator, page="3", month="all")

    assert _sources(response) == [("2025-04-20", "ticket:2")]
    assert response.context["totals"].committed == Decimal("14450.00")


def test_the_ledger_page_makes_the_same_queries_for_one_or_seven_entries(client, rworld):
    data = hand_ledger(rworld)
    client.force_login(rworld.coordinator)
    url = reverse("relocation:ledger") + "?month=all"
    with CaptureQueriesContext(connection) as seven:
        client.get(url)
    for entry in data.entries[1:]:
        type(entry).objects.filter(pk=entry.pk).delete()  # test setup only: never in the app
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    assert len(one.captured_queries) == len(seven.captured_queries)


def test_an_auditor_reads_and_exports_the_ledger(client, rworld):
    hand_ledger(rworld)

    response = _ledger(client, rworld.auditor)

    assert response.status_code == 200
    assert "Export XLSX" in response.content.decode()
    assert client.get(reverse("relocation:ledger_csv")).status_code == 200


@pytest.mark.parametrize("who", ["origin_caseworker", "host_caseworker"])
@pytest.mark.parametrize(
    "page", ["relocation:ledger", "relocation:ledger_csv", "relocation:ledger_xlsx"]
)
def test_the_ledger_does_not_exist_for_caseworkers(client, rworld, who, page):
    hand_ledger(rworld)
    client.force_login(getattr(rworld, who))

    response = client.get(reverse(page))

    assert response.status_code == 404
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def _csv(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("relocation:ledger_csv"), query)
    return response, b"".join(response.streaming_content).decode()


def test_the_csv_export_has_exact_lines_and_no_live_formula(client, rworld):
    hand_ledger(rworld)

    response, body = _csv(client, rworld.coordinator, month="2025-03")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ledger-')
    assert body.splitlines() == [
        "date,kind,category,amount,currency,city,office,household code,source,description,"
        "recorded by,payment method,payment reference",
        "2025-03-04,Commitment,Transport,2550.00,MXN,Saltillo,"
        "Tapachula,HH-0100,ticket:1,3 bus tickets,coord,,",
        "2025-03-10,Expenditure,Transport,2550.00,MXN,Saltillo,"
        "Tapachula,HH-0100,ticket:1,Trip departed,coord,,",
        "2025-03-11,Commitment,Lodging,1400.00,MXN,Saltillo,"
        "Tapachula,HH-0100,stay:1,7 nights,coord,,",
        "2025-03-12,Commitment,Cash grants,9000.00,MXN,Saltillo,Tapachula,"
        "HH-0100,grant:1,'=cmd|' /C calc'!A0,coord,,",
    ]


def test_the_csv_keeps_negative_amounts_as_numbers_and_neutralises_text(client, rworld):
    hand_ledger(rworld)

    _response, body = _csv(client, rworld.coordinator, month="2025-04")

    assert body.splitlines()[1:] == [
        "2025-04-02,Expenditure,Cash grants,9000.00,MXN,Saltillo,"
        "Tapachula,HH-0100,grant:1,Grant paid,coord,,",
        "2025-04-05,Commitment,Lodging,-200.00,MXN,Saltillo,"
        "Tapachula,HH-0100,stay:1,'-1 night,coord,,",
        "2025-04-20,Commitment,Transport,1700.00,MXN,Monterrey,,HH-0100,ticket:2,'+2 tickets,"
        "coord,,",
    ]


def test_every_export_goes_on_the_audit_trail(client, rworld):
    hand_ledger(rworld)

    _csv(client, rworld.auditor, month="2025-03", kind="commitment", page="2")
    client.get(reverse("relocation:ledger_xlsx"))

    entries = LogEntry.objects.filter(additional_data__event="export").order_by("id")
    assert [(e.actor, e.additional_data) for e in entries] == [
        (
            rworld.auditor,
            {
                "event": "export",
                "export": "ledger",
                "format": "csv",
                "filters": {"month": "2025-03", "kind": "commitment"},
            },
        ),
        (
            rworld.auditor,
            {
                "event": "export",
                "export": "ledger",
                "format": "xlsx",
                "filters": {"month": f"{timezone.localdate():%Y-%m}"},
            },
        ),
    ]


def test_the_xlsx_export_reads_back_with_numbers_dates_and_neutralised_text(client, rworld):
    hand_ledger(rworld)
    client.force_login(rworld.coordinator)

    response = client.get(reverse("relocation:ledger_xlsx"), {"month": "2025-03"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["ledger"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "date",
        "kind",
        "category",
        "amount",
        "currency",
        "city",
        "office",
        "household code",
        "source",
        "description",
        "recorded by",
        "payment method",
        "payment reference",
    )
    assert len(rows) == 5
    first = rows[1]
    assert (first[0].date().isoformat(), first[1], first[2], first[3], first[4]) == (
        "2025-03-04",
        "Commitment",
        "Transport",
        2550,
        "MXN",
    )
    assert first[11:] == (None, None)  # not a grant payment: empty
    assert isinstance(first[3], int | float)
    grant = rows[4]
    assert grant[9] == "'" + FORMULA
    formula_cell = sheet.cell(row=5, column=10)
    assert formula_cell.data_type == "s"
    assert [row[3] for row in rows[1:]] == [2550, 2550, 1400, 9000]


def test_the_xlsx_keeps_a_negative_correction_as_a_number(client, rworld):
    hand_ledger(rworld)
    client.force_login(rworld.coordinator)

    response = client.get(
        reverse("relocation:ledger_xlsx"), {"month": "2025-04", "category": "lodging"}
    )

    sheet = load_workbook(io.BytesIO(response.content))["ledger"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[3], row[9]) for row in rows] == [(-200, "'-1 night")]
    assert sheet.cell(row=2, column=4).data_type == "n"


# --- grant payments, for reconciliation with bank statements ---------------------------------


def _paid_grant(world, plan, method, reference):
    grant = grant_prepare(actor=world.coordinator, plan=plan)
    grant = approved_on(grant_approve(actor=world.second_coordinator, grant=grant), PAID_ON)
    plan_arrived(plan)
    return grant_disburse(
        actor=world.coordinator,
        grant=grant,
        method=method,
        reference=reference,
        disbursed_on=PAID_ON,
    )


def _other_plan(world, code):
    plan = RelocationPlanFactory(household__code=code, destination_city=world.city)
    PersonFactory(household=plan.household)
    return plan


PAID_ON = dt.date(2026, 3, 16)


def test_grant_payments_carry_their_method_and_reference(client, rworld):
    grant = _paid_grant(rworld, rworld.plan, "bank_transfer", "SPEI 0042")
    grant_reverse(actor=rworld.second_coordinator, grant=grant, reason="Wrong account.")
    card = _paid_grant(rworld, _other_plan(rworld, "HH-0200"), "card", "=TARJ-77")

    _response, body = _csv(client, rworld.coordinator, month="2026-03")

    rows = list(csv.reader(io.StringIO(body)))
    assert [(r[0], r[1], r[3], r[8], r[11], r[12]) for r in rows[1:]] == [
        ("2026-03-10", "Commitment", "7500.00", f"grant:{grant.pk}", "", ""),
        ("2026-03-10", "Commitment", "-7500.00", f"grant:{grant.pk}", "", ""),
        ("2026-03-10", "Commitment", "4500.00", f"grant:{card.pk}", "", ""),
        ("2026-03-16", "Expenditure", "7500.00", f"grant:{grant.pk}", "Bank transfer", "SPEI 0042"),
        (
            "2026-03-16",
            "Expenditure",
            "-7500.00",
            f"grant:{grant.pk}",
            "Bank transfer",
            "SPEI 0042",
        ),
        ("2026-03-16", "Expenditure", "4500.00", f"grant:{card.pk}", "Prepaid card", "'=TARJ-77"),
    ]
    assert rows[4] == [
        "2026-03-16",
        "Expenditure",
        "Cash grants",
        "7500.00",
        "MXN",
        "Saltillo",
        "Tapachula",
        "HH-0100",
        f"grant:{grant.pk}",
        f"Grant {grant.pk} disbursed (2026-demo, 3 members)",
        "coord",
        "Bank transfer",
        "SPEI 0042",
    ]


def test_the_xlsx_carries_grant_payments_as_neutralised_text(client, rworld):
    grant = _paid_grant(rworld, rworld.plan, "cash", "@REC-9")
    client.force_login(rworld.coordinator)

    response = client.get(reverse("relocation:ledger_xlsx"), {"month": "2026-03"})

    sheet = load_workbook(io.BytesIO(response.content))["ledger"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[8], row[11], row[12]) for row in rows] == [
        ("Commitment", f"grant:{grant.pk}", None, None),
        ("Expenditure", f"grant:{grant.pk}", "Cash", "'@REC-9"),
    ]
    assert sheet.cell(row=3, column=13).data_type == "s"


def _export_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("relocation:ledger_csv"), {"month": "all"})
        b"".join(response.streaming_content)
    return [q["sql"] for q in queries.captured_queries]


def test_the_export_reads_the_grants_paid_in_one_query(client, rworld):
    _paid_grant(rworld, rworld.plan, "cash", "REC-1")
    one = _export_queries(client, rworld.coordinator)
    for code in ("HH-0201", "HH-0202"):
        _paid_grant(rworld, _other_plan(rworld, code), "card", f"TARJ-{code}")
    three = _export_queries(client, rworld.coordinator)

    assert len(three) == len(one)
    assert sum('FROM "relocation_grant"' in sql for sql in three) == 1


def test_the_export_is_in_the_users_language(client, rworld):
    hand_ledger(rworld)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    _response, body = _csv(client, rworld.coordinator, month="2025-04")

    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:10] == [
        "fecha",
        "tipo",
        "categoría",
        "cantidad",
        "moneda",
        "ciudad",
        "oficina",
        "código del hogar",
        "fuente",
        "descripción",
    ]
    assert [(row[1], row[2]) for row in rows[1:]] == [
        ("Gasto ejercido", "Apoyos económicos"),
        ("Compromiso", "Alojamiento temporal"),
        ("Compromiso", "Transporte"),
    ]

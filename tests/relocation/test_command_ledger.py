import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from arraigo.relocation.services.grants import grant_approve, grant_disburse, grant_prepare

from .factories import approved_on, plan_arrived
from .ledger_data import hand_ledger

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("ledger", *args, stdout=out)
    return out.getvalue()


def test_the_ledger_of_one_month_as_a_table(rworld):
    hand_ledger(rworld)

    output = _run("--month", "2025-04")

    assert output.splitlines() == [
        "Ledger 2025-04: 3 entries (MXN)",
        "date        kind         category         amount  city "
        "           household         source        description",
        "2025-04-02  expenditure  grants         9,000.00  Saltillo "
        "       HH-0100           grant:1       Grant paid",
        "2025-04-05  commitment   lodging         -200.00  "
        "Saltillo        HH-0100           stay:1        -1 night",
        "2025-04-20  commitment   transport      1,700.00  Monterrey "
        "      HH-0100           ticket:2      +2 tickets",
        "",
        "totals                     committed         spent",
        "transport                   1,700.00          0.00",
        "lodging                      -200.00          0.00",
        "grants                          0.00      9,000.00",
        "all                         1,500.00      9,000.00",
    ]


def test_the_ledger_of_one_month_as_csv_matches_the_web_export(rworld):
    hand_ledger(rworld)

    output = _run("--month", "2025-03", "--format", "csv")

    lines = output.splitlines()
    assert lines[0] == (
        "date,kind,category,amount,currency,city,office,household code,source,description,"
        "recorded by,payment method,payment reference"
    )
    assert lines[4] == (
        "2025-03-12,Commitment,Cash grants,9000.00,MXN,Saltillo,Tapachula,HH-0100,grant:1,"
        "'=cmd|' /C calc'!A0,coord,,"
    )
    assert len(lines) == 5


def test_the_csv_carries_the_grant_payment(rworld):
    grant = grant_prepare(actor=rworld.origin_caseworker, plan=rworld.plan)
    grant = approved_on(grant_approve(actor=rworld.coordinator, grant=grant), dt.date(2026, 3, 12))
    plan_arrived(rworld.plan)
    grant_disburse(
        actor=rworld.coordinator,
        grant=grant,
        method="bank_transfer",
        reference="SPEI 0042",
        disbursed_on=dt.date(2026, 3, 16),
    )

    lines = _run("--month", "2026-03", "--format", "csv").splitlines()

    assert lines[1:] == [
        f"2026-03-10,Commitment,Cash grants,7500.00,MXN,Saltillo,Tapachula,HH-0100,"
        f'grant:{grant.pk},"Grant {grant.pk} approved (2026-demo, 3 members)",coord,,',
        f"2026-03-16,Expenditure,Cash grants,7500.00,MXN,Saltillo,Tapachula,HH-0100,"
        f'grant:{grant.pk},"Grant {grant.pk} disbursed (2026-demo, 3 members)",coord,'
        "Bank transfer,SPEI 0042",
    ]


def test_an_empty_month(rworld):
    assert _run("--month", "2024-01").splitlines()[0] == "Ledger 2024-01: 0 entries (MXN)"


@pytest.mark.parametrize("month", ["2025-3", "march", "2025-00"])
def test_a_bad_month_is_refused(db, month):
    with pytest.raises(CommandError, match="not a month"):
        _run("--month", month)

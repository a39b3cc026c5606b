"""First-month grants: the versioned table, maker-checker, disbursement, reversal, the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.choices import DuplicateStatus
from arraigo.registry.models import DuplicateCandidate
from arraigo.relocation.models import (
    CostCategory,
    EntryKind,
    Grant,
    GrantStatus,
    GrantTable,
    LedgerEntry,
    PlanStatus,
)
from arraigo.relocation.services.grant_tables import grant_amount, grant_quote, grant_table_for
from arraigo.relocation.services.grants import (
    grant_approve,
    grant_cancel,
    grant_disburse,
    grant_reverse,
    grant_update,
)
from tests.registry.factories import HouseholdFactory, PersonFactory

from .factories import RelocationWorld, budget_line, plan_arrived
from .grant_helpers import PAID_ON, grant_approved, grant_disbursed, grant_prepared


def _net(kind: str) -> Decimal:
    return LedgerEntry.objects.filter(kind=kind).aggregate(total=Sum("amount"))["total"]


def _open_duplicate(world: RelocationWorld) -> DuplicateCandidate:
    member = world.household.members.first()
    other = PersonFactory(household=HouseholdFactory(code="HH-0999"))
    return DuplicateCandidate.objects.create(
        person=member, other=other, score=91.0, found_at=timezone.now()
    )


# --- the table ---------------------------------------------------------------------------------


def test_table_in_force_on_a_day_is_stored_once_by_version(db):
    table = grant_table_for(dt.date(2026, 3, 10))
    again = grant_table_for(dt.date(2026, 12, 31))
    older = grant_table_for(dt.date(2025, 12, 31))

    assert table == again
    assert (table.version, table.base_amount, table.per_additional_member, table.cap) == (
        "2026-demo",
        Decimal("4500.00"),
        Decimal("1500.00"),
        Decimal("12000.00"),
    )
    assert table.is_demo is True
    assert older.version == "2025-demo"
    assert GrantTable.objects.count() == 2


def test_no_table_before_the_first_one(db):
    with pytest.raises(ValidationFailed) as exc:
        grant_table_for(dt.date(2024, 12, 31))
    assert exc.value.message == (
        "No grant table is in force on 2024-12-31: the programme's relocation rules need one."
    )


def test_a_stored_version_whose_amounts_changed_is_refused(db):
    GrantTable.objects.create(
        version="2026-demo",
        effective_from=dt.date(2026, 1, 1),
        base_amount=Decimal("4000.00"),
        per_additional_member=Decimal("1500.00"),
        cap=Decimal("12000.00"),
    )
    with pytest.raises(ValidationFailed) as exc:
        grant_table_for(dt.date(2026, 3, 10))
    assert exc.value.message == (
        "The grant table 2026-demo in the relocation rules no longer matches the one already "
        "used: a version in use never changes. Add a new version with its own effective date "
        "instead."
    )


@pytest.mark.parametrize(
    ("members", "amount"),
    [(1, "4500.00"), (3, "7500.00"), (6, "12000.00"), (7, "12000.00")],
)
def test_amount_is_base_plus_each_additional_member_up_to_the_cap(db, members, amount):
    assert grant_amount(grant_table_for(dt.date(2026, 3, 10)), members) == Decimal(amount)


# --- prepare -----------------------------------------------------------------------------------


def test_caseworker_prepares_a_grant_from_the_table_of_the_travel_date(rworld):
    quote = grant_quote(rworld.plan)
    grant = grant_prepared(rworld)

    assert (grant.status, grant.members, grant.amount, grant.currency) == (
        GrantStatus.PREPARED,
        3,
        Decimal("7500.00"),
        "MXN",
    )
    assert grant.table.version == "2026-demo"
    assert grant.prepared_by == rworld.origin_caseworker
    assert (quote.version, quote.members, quote.amount, quote.demo) == (
        "2026-demo",
        3,
        Decimal("7500.00"),
        True,
    )
    assert LedgerEntry.objects.count() == 0  # nothing is committed before approval


def test_host_caseworker_and_coordinator_may_prepare(rworld):
    assert grant_prepared(rworld, rworld.host_caseworker).prepared_by == rworld.host_caseworker


@pytest.mark.parametrize("who", ["other_origin_caseworker", "other_host_caseworker", "auditor"])
def test_users_outside_the_plan_or_without_the_right_cannot_prepare(rworld, who):
    with pytest.raises(NotPermitted):
        grant_prepared(rworld, getattr(rworld, who))
    assert Grant.objects.count() == 0


@pytest.mark.parametrize(
    ("step", "status"),
    [(grant_prepared, "prepared"), (grant_approved, "approved"), (grant_disbursed, "disbursed")],
)
def test_a_second_grant_for_the_same_relocation_is_refused(rworld, step, status):
    step(rworld)

    with pytest.raises(ValidationFailed) as exc:
        grant_prepared(rworld, rworld.host_caseworker)

    assert exc.value.errors == {None: [f"This relocation already has a grant ({status})."]}
    assert Grant.objects.count() == 1


def test_a_new_grant_may_be_prepared_after_a_cancellation(rworld):
    grant_cancel(
        actor=rworld.coordinator, grant=grant_prepared(rworld), reason="Wrong household size."
    )
    assert grant_prepared(rworld).status == GrantStatus.PREPARED
    assert Grant.objects.count() == 2


def test_a_household_under_a_duplicate_warning_gets_no_grant_until_resolved(rworld):
    candidate = _open_duplicate(rworld)

    with pytest.raises(ValidationFailed) as exc:
        grant_prepared(rworld)
    assert exc.value.errors == {
        None: [
            "Household HH-0100 has a possible duplicate still to review: no grant until the "
            "warning is resolved."
        ]
    }

    candidate.status = DuplicateStatus.NOT_DUPLICATE
    candidate.save(update_fields=["status"])
    assert grant_prepared(rworld).status == GrantStatus.PREPARED


def test_a_warning_found_from_the_other_household_also_blocks(rworld):
    other = PersonFactory(household=HouseholdFactory(code="HH-0998"))
    DuplicateCandidate.objects.create(
        person=other, other=rworld.household.members.first(), score=88.0, found_at=timezone.now()
    )
    with pytest.raises(ValidationFailed):
        grant_prepared(rworld)


def test_a_warning_raised_after_preparation_blocks_the_approval(rworld):
    grant = grant_prepared(rworld)
    _open_duplicate(rworld)

    with pytest.raises(ValidationFailed) as exc:
        grant_approve(actor=rworld.coordinator, grant=grant)

    assert exc.value.message.startswith("Household HH-0100 has a possible duplicate")
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (PlanStatus.CANCELLED, "This relocation was cancelled: no grant for it."),
        (PlanStatus.NO_SHOW, "This household did not arrive: no grant for this relocation."),
    ],
)
def test_no_grant_for_a_cancelled_or_no_show_relocation(rworld, status, message):
    rworld.plan.status = status
    rworld.plan.save(update_fields=["status"])
    with pytest.raises(ValidationFailed) as exc:
        grant_prepared(rworld)
    assert exc.value.errors == {None: [message]}


# --- update ------------------------------------------------------------------------------------


def test_preparer_corrects_the_members_while_prepared(rworld):
    grant = grant_update(actor=rworld.origin_caseworker, grant=grant_prepared(rworld), members=2)
    grant.refresh_from_db()
    assert (grant.members, grant.amount) == (2, Decimal("6000.00"))


def test_members_must_be_within_the_household(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_update(actor=rworld.origin_caseworker, grant=grant_prepared(rworld), members=4)
    assert exc.value.errors == {
        "members": ["The household has 3 registered members: give a number from 1 to 3."]
    }


def test_only_the_preparer_changes_a_prepared_grant(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_update(actor=rworld.host_caseworker, grant=grant_prepared(rworld), members=2)
    assert exc.value.message == "Only the person who prepared this grant can change it."


def test_a_disbursed_grant_cannot_be_edited(rworld):
    grant = grant_disbursed(rworld)
    with pytest.raises(ValidationFailed) as exc:
        grant_update(actor=rworld.origin_caseworker, grant=grant, members=2)
    assert (
        exc.value.message == "A disbursed grant cannot be edited: reverse it with a reason instead."
    )
    grant.refresh_from_db()
    assert (grant.members, grant.amount) == (3, Decimal("7500.00"))


def test_an_approved_grant_cannot_be_edited(rworld):
    with pytest.raises(InvalidTransition) as exc:
        grant_update(actor=rworld.origin_caseworker, grant=grant_approved(rworld), members=2)
    assert exc.value.message == "This grant is approved: only a prepared grant can be changed."


# --- approve -----------------------------------------------------------------------------------


def test_another_person_approves_and_the_amount_is_committed(rworld):
    grant = grant_approved(rworld)

    assert (grant.status, grant.approved_by) == (GrantStatus.APPROVED, rworld.coordinator)
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.category, entry.amount, entry.booked_on, entry.source) == (
        EntryKind.COMMITMENT,
        CostCategory.GRANTS,
        Decimal("7500.00"),
        dt.date(2026, 3, 10),
        f"grant:{grant.pk}",
    )
    assert (entry.city, entry.office, entry.household, entry.created_by) == (
        rworld.city,
        rworld.office,
        rworld.household,
        rworld.coordinator,
    )
    assert entry.description == f"Grant {grant.pk} approved (2026-demo, 3 members)"


def test_self_approval_is_refused(rworld):
    grant = grant_prepared(rworld, rworld.coordinator)

    with pytest.raises(ValidationFailed) as exc:
        grant_approve(actor=rworld.coordinator, grant=grant)

    assert exc.value.errors == {None: ["You prepared this grant: another person must approve it."]}
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PREPARED
    assert grant_approve(actor=rworld.second_coordinator, grant=grant).status == "approved"


@pytest.mark.parametrize("who", ["origin_caseworker", "host_caseworker", "auditor"])
def test_roles_without_the_right_cannot_approve(rworld, who):
    grant = grant_prepared(rworld, rworld.coordinator)
    with pytest.raises(NotPermitted):
        grant_approve(actor=getattr(rworld, who), grant=grant)


def test_approval_over_budget_is_refused(rworld):
    budget_line(2026, "grants", "1000.00")
    grant = grant_prepared(rworld)

    with pytest.raises(ValidationFailed) as exc:
        grant_approve(actor=rworld.coordinator, grant=grant)

    assert exc.value.errors == {
        None: [
            "This would take the cash grants budget for 2026 over by 6,500.00 MXN "
            "(budget 1,000.00, already committed 0.00): nothing was approved."
        ]
    }
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PREPARED
    assert LedgerEntry.objects.count() == 0


def test_approval_within_budget_passes(rworld):
    budget_line(2026, "grants", "7500.00")
    assert grant_approved(rworld).status == GrantStatus.APPROVED


def test_an_approved_grant_is_not_approved_twice(rworld):
    grant = grant_approved(rworld)
    with pytest.raises(InvalidTransition) as exc:
        grant_approve(actor=rworld.second_coordinator, grant=grant)
    assert exc.value.message == "This grant is approved: only a prepared grant can be approved."
    assert LedgerEntry.objects.count() == 1


# --- disburse ----------------------------------------------------------------------------------


def test_disbursement_books_the_expenditure(rworld):
    grant = grant_disbursed(rworld)

    assert (grant.status, grant.method, grant.reference, grant.disbursed_on) == (
        GrantStatus.DISBURSED,
        "bank_transfer",
        "SPEI 0042",
        PAID_ON,
    )
    assert grant.disbursed_by == rworld.second_coordinator
    paid = LedgerEntry.objects.get(kind=EntryKind.EXPENDITURE)
    assert (paid.amount, paid.booked_on) == (Decimal("7500.00"), PAID_ON)


def test_only_an_approved_grant_is_disbursed(rworld):
    with pytest.raises(InvalidTransition) as exc:
        grant_disburse(
            actor=rworld.coordinator,
            grant=grant_prepared(rworld),
            method="cash",
            reference="R-1",
            disbursed_on=PAID_ON,
        )
    assert exc.value.message == "This grant is prepared: only an approved grant can be disbursed."


def test_disbursement_needs_method_reference_and_a_past_date(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_disburse(
            actor=rworld.coordinator,
            grant=grant_approved(rworld),
            method="cheque",
            reference="  ",
            disbursed_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert exc.value.errors == {
        "method": ["Choose how the grant was paid."],
        "reference": ["Give the reference of the transfer, card or cash receipt."],
        "disbursed_on": ["The payment date cannot be in the future."],
    }


def _disburse_on(world: RelocationWorld, grant: Grant, day: dt.date) -> Grant:
    plan_arrived(world.plan)
    return grant_disburse(
        actor=world.second_coordinator,
        grant=grant,
        method="cash",
        reference="REC-9",
        disbursed_on=day,
    )


def test_the_payment_date_cannot_be_before_the_approval(rworld):
    grant = grant_approved(rworld, on=dt.date(2026, 3, 12))

    with pytest.raises(ValidationFailed) as exc:
        _disburse_on(rworld, grant, dt.date(2026, 3, 11))

    assert exc.value.errors == {
        "disbursed_on": [
            "The payment date cannot be before the day the grant was approved (2026-03-12)."
        ]
    }
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    assert not LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).exists()


def test_the_grant_may_be_paid_on_the_day_it_was_approved(rworld):
    grant = _disburse_on(
        rworld, grant_approved(rworld, on=dt.date(2026, 3, 12)), dt.date(2026, 3, 12)
    )
    assert (grant.status, grant.disbursed_on) == (GrantStatus.DISBURSED, dt.date(2026, 3, 12))


def test_the_approval_day_is_the_local_one(rworld):
    # 01:30 UTC on 13 March is still the evening of 12 March in Mexico City
    grant = grant_approved(rworld)
    moment = dt.datetime(2026, 3, 13, 1, 30, tzinfo=dt.UTC)
    Grant.objects.filter(pk=grant.pk).update(approved_at=moment)

    paid = _disburse_on(rworld, grant, dt.date(2026, 3, 12))

    assert paid.disbursed_on == dt.date(2026, 3, 12)


def test_a_grant_approved_today_cannot_be_paid_yesterday(rworld):
    grant = grant_approve(actor=rworld.coordinator, grant=grant_prepared(rworld))
    today = timezone.localdate()

    with pytest.raises(ValidationFailed) as exc:
        _disburse_on(rworld, grant, today - dt.timedelta(days=1))

    assert exc.value.errors == {
        "disbursed_on": [
            f"The payment date cannot be before the day the grant was approved ({today:%Y-%m-%d})."
        ]
    }
    assert _disburse_on(rworld, grant, today).status == GrantStatus.DISBURSED


def test_caseworkers_cannot_record_a_disbursement(rworld):
    grant = grant_approved(rworld)
    with pytest.raises(NotPermitted):
        grant_disburse(
            actor=rworld.host_caseworker,
            grant=grant,
            method="cash",
            reference="R-1",
            disbursed_on=PAID_ON,
        )


# --- cancel and reverse ------------------------------------------------------------------------


def test_cancelling_an_approved_grant_gives_the_commitment_back(rworld):
    grant = grant_cancel(
        actor=rworld.second_coordinator, grant=grant_approved(rworld), reason="Household withdrew."
    )

    assert (grant.status, grant.closed_by, grant.closed_reason) == (
        GrantStatus.CANCELLED,
        rworld.second_coordinator,
        "Household withdrew.",
    )
    amounts = list(
        LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).values_list("amount", "booked_on")
    )
    assert amounts == [
        (Decimal("7500.00"), dt.date(2026, 3, 10)),
        (Decimal("-7500.00"), dt.date(2026, 3, 10)),
    ]


def test_preparer_may_withdraw_their_own_prepared_grant(rworld):
    grant = grant_cancel(
        actor=rworld.origin_caseworker, grant=grant_prepared(rworld), reason="Typo."
    )
    assert grant.status == GrantStatus.CANCELLED
    assert LedgerEntry.objects.count() == 0


def test_another_caseworker_cannot_cancel(rworld):
    with pytest.raises(NotPermitted):
        grant_cancel(actor=rworld.host_caseworker, grant=grant_prepared(rworld), reason="No.")


def test_a_disbursed_grant_cannot_be_cancelled(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_cancel(actor=rworld.coordinator, grant=grant_disbursed(rworld), reason="Late.")
    assert exc.value.message == (
        "A disbursed grant cannot be cancelled: reverse it with a reason instead."
    )


def test_cancel_and_reverse_need_a_reason(rworld):
    with pytest.raises(ValidationFailed) as exc:
        grant_cancel(actor=rworld.coordinator, grant=grant_prepared(rworld), reason=" ")
    assert exc.value.errors == {"reason": ["Give the reason."]}


def test_reversing_a_disbursed_grant_posts_opposite_entries(rworld):
    grant = grant_reverse(
        actor=rworld.coordinator, grant=grant_disbursed(rworld), reason="Paid to the wrong account."
    )

    assert (grant.status, grant.closed_reason) == (
        GrantStatus.REVERSED,
        "Paid to the wrong account.",
    )
    assert _net(EntryKind.COMMITMENT) == Decimal("0.00")
    assert _net(EntryKind.EXPENDITURE) == Decimal("0.00")
    assert LedgerEntry.objects.count() == 4
    reversed_paid = LedgerEntry.objects.get(kind=EntryKind.EXPENDITURE, amount__lt=0)
    assert reversed_paid.booked_on == PAID_ON
    with pytest.raises(InvalidTransition) as exc:
        grant_reverse(actor=rworld.coordinator, grant=grant, reason="Again.")
    assert exc.value.message == "This grant is reversed: only a disbursed grant can be reversed."


def test_only_a_disbursed_grant_is_reversed(rworld):
    with pytest.raises(InvalidTransition) as exc:
        grant_reverse(actor=rworld.coordinator, grant=grant_approved(rworld), reason="Oops.")
    assert exc.value.message == "This grant is approved: only a disbursed grant can be reversed."


def test_caseworkers_cannot_reverse(rworld):
    grant = grant_disbursed(rworld)
    with pytest.raises(NotPermitted):
        grant_reverse(actor=rworld.origin_caseworker, grant=grant, reason="Mine.")


def test_a_cancelled_grant_cannot_be_cancelled_again(rworld):
    grant = grant_cancel(actor=rworld.coordinator, grant=grant_prepared(rworld), reason="Dup.")
    with pytest.raises(InvalidTransition) as exc:
        grant_cancel(actor=rworld.coordinator, grant=grant, reason="Dup.")
    assert exc.value.message == "This grant is cancelled: it can no longer be cancelled."


def test_the_over_budget_refusal_writes_amounts_in_spanish_for_spanish_readers(rworld):
    budget_line(2026, "grants", "1000.00")
    grant = grant_prepared(rworld)

    with translation.override("es"), pytest.raises(ValidationFailed) as exc:
        grant_approve(actor=rworld.coordinator, grant=grant)

    assert exc.value.errors == {
        None: [
            "Esto rebasaría el presupuesto de apoyos económicos para 2026 por 6\xa0500,00 MXN "
            "(presupuesto 1\xa0000,00, ya comprometido 0,00): no se aprobó nada."
        ]
    }

"""Lodging on arrival: stays from the service directory, the night limit, extensions, money."""

import datetime as dt
from decimal import Decimal

import pytest

from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.places.models import ServiceCategory
from arraigo.relocation.models import (
    CostCategory,
    EntryKind,
    LedgerEntry,
    LodgingExtension,
    LodgingStay,
    PlanStatus,
)
from arraigo.relocation.services.lodging import (
    extension_approve,
    night_in_words,
    nights_allowed,
    nights_used,
    stay_close,
    stay_record,
)
from tests.matching.factories import city_with_capacity
from tests.places.factories import ServiceFactory, ServiceProviderFactory

from .factories import RelocationWorld, budget_line, lodging_provider

ARRIVAL = dt.date(2026, 3, 12)
COST = Decimal("350.00")


def _stay(world: RelocationWorld, nights: int, *, start: dt.date = ARRIVAL, actor=None):
    return stay_record(
        actor=actor or world.host_caseworker,
        plan=world.plan,
        provider=world.provider,
        check_in=start,
        check_out=start + dt.timedelta(days=nights),
        nightly_cost=COST,
    )


def _refusal(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str | None, list[str]]:
    return exc.value.errors


def test_host_caseworker_records_a_stay_and_commits_its_cost(rworld):
    stay = _stay(rworld, 4)

    assert stay.nights == 4
    assert stay.created_by == rworld.host_caseworker
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.category, entry.amount, entry.booked_on) == (
        EntryKind.COMMITMENT,
        CostCategory.LODGING,
        Decimal("1400.00"),
        ARRIVAL,
    )
    assert (entry.city, entry.office, entry.household) == (
        rworld.city,
        rworld.office,
        rworld.household,
    )
    assert entry.source == f"lodging:{stay.pk}"
    assert entry.description == "4 nights x 350.00 at Albergue Saltillo"


def test_coordinator_may_record_a_stay(rworld):
    assert _stay(rworld, 1, actor=rworld.coordinator).created_by == rworld.coordinator


def test_an_eighth_night_is_refused_without_approval(rworld):
    _stay(rworld, 7)

    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 1, start=ARRIVAL + dt.timedelta(days=7))

    assert _refusal(exc) == {
        "check_out": [
            "An eighth night needs a coordinator's approval: "
            "this household has 7 of 7 nights without one."
        ]
    }
    assert LodgingStay.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_an_eighth_night_is_accepted_after_a_coordinator_approves_one_more(rworld):
    _stay(rworld, 7)
    extension = extension_approve(
        actor=rworld.coordinator,
        plan=rworld.plan,
        extra_nights=1,
        reason="The bus to the job interview leaves on day 9.",
    )

    stay = _stay(rworld, 1, start=ARRIVAL + dt.timedelta(days=7))

    assert extension.approved_by == rworld.coordinator
    assert stay.nights == 1
    assert nights_allowed(rworld.plan) == 8
    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 1, start=ARRIVAL + dt.timedelta(days=8))
    assert _refusal(exc) == {
        "check_out": [
            "A ninth night needs another coordinator's approval: "
            "this household has 8 of 8 nights (7 plus 1 approved)."
        ]
    }


def test_one_long_stay_over_the_limit_says_where_it_would_end(rworld):
    _stay(rworld, 5)

    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 4, start=ARRIVAL + dt.timedelta(days=5))

    assert _refusal(exc) == {
        "check_out": [
            "An eighth night needs a coordinator's approval: this household has 5 of 7 nights "
            "without one. This stay of 4 nights would bring it to 9."
        ]
    }


def test_stays_of_a_plan_may_not_overlap(rworld):
    _stay(rworld, 3)

    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 2, start=ARRIVAL + dt.timedelta(days=2))

    assert _refusal(exc) == {
        "check_in": [
            "These dates overlap a stay already recorded for this household "
            "(2026-03-12 to 2026-03-15)."
        ]
    }


def test_back_to_back_stays_do_not_overlap(rworld):
    _stay(rworld, 3)
    assert _stay(rworld, 2, start=ARRIVAL + dt.timedelta(days=3)).nights == 2


def test_provider_outside_the_destination_city_is_refused(rworld):
    elsewhere = lodging_provider(city_with_capacity("Monterrey"))

    with pytest.raises(ValidationFailed) as exc:
        stay_record(
            actor=rworld.host_caseworker,
            plan=rworld.plan,
            provider=elsewhere,
            check_in=ARRIVAL,
            check_out=ARRIVAL + dt.timedelta(days=1),
            nightly_cost=COST,
        )

    assert _refusal(exc) == {
        "provider": [
            f"{elsewhere.name} is not a lodging provider of the service directory in Saltillo: "
            "choose one that offers housing there."
        ]
    }


def test_provider_without_a_housing_service_is_refused(rworld):
    clinic = ServiceProviderFactory(city=rworld.city, name="Clínica Norte")
    ServiceFactory(provider=clinic, category=ServiceCategory.HEALTH, name="Consultas")

    with pytest.raises(ValidationFailed) as exc:
        stay_record(
            actor=rworld.host_caseworker,
            plan=rworld.plan,
            provider=clinic,
            check_in=ARRIVAL,
            check_out=ARRIVAL + dt.timedelta(days=1),
            nightly_cost=COST,
        )

    assert _refusal(exc) == {
        "provider": [
            "Clínica Norte is not a lodging provider of the service directory in Saltillo: "
            "choose one that offers housing there."
        ]
    }


def test_check_out_must_follow_check_in(rworld):
    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 0)
    assert _refusal(exc) == {"check_out": ["Check-out must be at least one day after check-in."]}


def test_no_lodging_for_a_cancelled_relocation(rworld):
    rworld.plan.status = PlanStatus.CANCELLED
    rworld.plan.save(update_fields=["status"])

    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 1)

    assert _refusal(exc) == {None: ["This relocation was cancelled: no lodging for it."]}


def test_host_caseworker_of_another_city_is_refused(rworld):
    with pytest.raises(NotPermitted):
        _stay(rworld, 1, actor=rworld.other_host_caseworker)
    assert LodgingStay.objects.count() == 0


@pytest.mark.parametrize("who", ["origin_caseworker", "auditor"])
def test_roles_without_lodging_rights_are_refused(rworld, who):
    with pytest.raises(NotPermitted):
        _stay(rworld, 1, actor=getattr(rworld, who))


def test_lodging_over_budget_is_refused(rworld):
    budget_line(2026, "lodging", "1000.00")

    with pytest.raises(ValidationFailed) as exc:
        _stay(rworld, 3)  # 1,050.00

    assert exc.value.message == (
        "This would take the lodging budget for 2026 over by 50.00 MXN "
        "(budget 1,000.00, already committed 0.00): nothing was approved."
    )
    assert LodgingStay.objects.count() == 0


def test_closing_a_stay_books_the_expenditure_once(rworld):
    stay = _stay(rworld, 2)

    stay_close(actor=rworld.host_caseworker, stay=stay)

    expenditure = LedgerEntry.objects.get(kind=EntryKind.EXPENDITURE)
    assert (expenditure.amount, expenditure.booked_on, expenditure.source) == (
        Decimal("700.00"),
        dt.date(2026, 3, 14),
        f"lodging:{stay.pk}",
    )
    stay.refresh_from_db()
    assert stay.checked_out is True
    with pytest.raises(ValidationFailed) as exc:
        stay_close(actor=rworld.host_caseworker, stay=stay)
    assert exc.value.message == "This stay is already closed."
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).count() == 1


def test_leaving_early_pays_the_nights_used_and_releases_the_rest(rworld):
    stay = _stay(rworld, 5)  # 12 to 17 March, 1,750.00 committed

    stay_close(actor=rworld.host_caseworker, stay=stay, left_on=dt.date(2026, 3, 14))

    stay.refresh_from_db()
    assert (stay.check_out, stay.nights, stay.checked_out) == (dt.date(2026, 3, 14), 2, True)
    entries = list(LedgerEntry.objects.order_by("id").values_list("kind", "amount", "booked_on"))
    assert entries == [
        (EntryKind.COMMITMENT, Decimal("1750.00"), ARRIVAL),
        (EntryKind.COMMITMENT, Decimal("-1050.00"), ARRIVAL),  # 3 unused nights
        (EntryKind.EXPENDITURE, Decimal("700.00"), dt.date(2026, 3, 14)),
    ]
    assert nights_used(rworld.plan) == 2  # the nights given back can be used again


@pytest.mark.parametrize("left_on", [ARRIVAL, dt.date(2026, 3, 18)])
def test_the_day_they_left_falls_within_the_stay(rworld, left_on):
    stay = _stay(rworld, 5)

    with pytest.raises(ValidationFailed) as exc:
        stay_close(actor=rworld.host_caseworker, stay=stay, left_on=left_on)

    assert _refusal(exc) == {
        "left_on": ["The day they left falls after check-in and by 2026-03-17."]
    }
    stay.refresh_from_db()
    assert (stay.checked_out, stay.check_out) == (False, dt.date(2026, 3, 17))
    assert LedgerEntry.objects.count() == 1


def test_closing_a_stay_of_another_city_is_refused(rworld):
    stay = _stay(rworld, 2)
    with pytest.raises(NotPermitted):
        stay_close(actor=rworld.other_host_caseworker, stay=stay)


def test_only_a_coordinator_approves_extra_nights(rworld):
    with pytest.raises(NotPermitted):
        extension_approve(
            actor=rworld.host_caseworker, plan=rworld.plan, extra_nights=2, reason="Sick child."
        )
    assert LodgingExtension.objects.count() == 0


def test_extra_nights_stop_at_the_programme_ceiling(rworld):
    # Given 5 of the 7 extra nights the programme allows already approved
    extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=5, reason="Ill.")

    # When a coordinator approves 3 more, then the 2 left, then 1 more
    with pytest.raises(ValidationFailed) as over:
        extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=3, reason="X")
    extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=2, reason="Lease.")
    with pytest.raises(ValidationFailed) as full:
        extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=1, reason="X")

    # Then the approved extensions stand, and what goes beyond the ceiling is refused
    assert _refusal(over) == {
        "extra_nights": [
            "The programme allows at most 7 extra nights per relocation: 5 are already "
            "approved, so at most 2 more."
        ]
    }
    assert _refusal(full) == {
        "extra_nights": [
            "This relocation already has the 7 extra nights the programme allows: "
            "no more can be approved."
        ]
    }
    assert nights_allowed(rworld.plan) == 14
    assert list(LodgingExtension.objects.values_list("extra_nights", flat=True)) == [5, 2]


def test_extra_nights_need_a_reason_and_at_least_one_night(rworld):
    with pytest.raises(ValidationFailed) as exc:
        extension_approve(actor=rworld.coordinator, plan=rworld.plan, extra_nights=0, reason=" ")
    assert _refusal(exc) == {
        "reason": ["Give the reason for the extra nights."],
        "extra_nights": ["Approve at least one extra night."],
    }


def test_night_in_words_beyond_the_list():
    assert night_in_words(8) == "An eighth night"
    assert night_in_words(16) == "Night 16"

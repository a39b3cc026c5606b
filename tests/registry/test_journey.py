"""The journey table and household_transition: allowed moves, wrong state, wrong role."""

import pytest
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.journey import move_find, moves_from
from arraigo.registry.models import HouseholdStatus, Modality
from arraigo.registry.services import household_transition
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def office():
    return OfficeFactory()


@pytest.fixture
def city():
    return CityFactory()


@pytest.fixture
def origin(office):
    return UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)


@pytest.fixture
def host(city):
    return UserFactory(role=Role.HOST_CASEWORKER, city=city)


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def household_at(status, office, city, modality=Modality.RELOCATION):
    return HouseholdFactory(status=status, origin_office=office, host_city=city, modality=modality)


# --- the table ----------------------------------------------------------------------------------


def test_manual_moves_out_of_profiled_depend_on_modality():
    relocation = {m.target for m in moves_from("profiled", Modality.RELOCATION)}
    in_place = {m.target for m in moves_from("profiled", Modality.IN_PLACE)}
    assert relocation == {"proposed", "closed"}
    assert in_place == {"integrating", "closed"}


def test_moves_offered_to_a_role():
    assert [
        m.target for m in moves_from("travelled", Modality.RELOCATION, Role.HOST_CASEWORKER)
    ] == ["closed"]  # arrival is the relocation plan's check-in, not a status button
    assert [m.target for m in moves_from("travelled", Modality.RELOCATION, Role.EMPLOYER)] == []


def test_eligibility_moves_are_automatic_and_every_open_status_can_close():
    assert move_find("registered", "eligible", Modality.RELOCATION).automatic is True
    assert move_find("eligible", "registered", Modality.RELOCATION).automatic is True
    for status in HouseholdStatus.values:
        move = move_find(status, "closed", Modality.RELOCATION)
        if status == "closed":
            assert move is None
        else:
            assert move.reason_required is True


# --- allowed moves ------------------------------------------------------------------------------


def test_full_relocation_journey_by_the_roles_that_do_each_step(
    office, city, origin, host, coordinator
):
    household = household_at("eligible", office, city)
    steps = [
        (origin, "profiled"),
        (coordinator, "proposed"),
        (origin, "offer_accepted"),
        (origin, "trip_booked"),
        (origin, "travelled"),
        (host, "arrived"),
        (host, "integrating"),
        (host, "followed_up"),
    ]
    by_plan = {"trip_booked", "travelled", "arrived"}  # what the relocation services pass
    for actor, status in steps:
        household_transition(
            actor=actor, household=household, to_status=status, by_plan=status in by_plan
        )
        assert household.status == status
    household_transition(
        actor=host,
        household=household,
        to_status="closed",
        reason="Formal work and own flat.",
        closure_reason="self_reliant",
    )
    household.refresh_from_db()
    assert household.status == "closed"
    history = list(
        household.history.order_by("id").values_list("from_status", "to_status", "changed_by")
    )
    assert history[0] == ("eligible", "profiled", origin.pk)
    assert history[5] == ("travelled", "arrived", host.pk)
    assert history[-1] == ("followed_up", "closed", host.pk)
    closing = household.history.order_by("id").last()
    assert (closing.reason, closing.closure_reason) == ("Formal work and own flat.", "self_reliant")
    assert len(history) == 9


def test_declined_offer_goes_back_to_profiled(office, city, origin):
    household = household_at("proposed", office, city)
    household_transition(actor=origin, household=household, to_status="offer_declined")
    household_transition(actor=origin, household=household, to_status="profiled")
    assert household.status == "profiled"


def test_in_place_household_goes_from_profiled_to_integrating(office, city, host):
    household = household_at("profiled", office, city, modality=Modality.IN_PLACE)
    household_transition(actor=host, household=household, to_status="integrating")
    household.refresh_from_db()
    assert household.status == "integrating"


def test_coordinator_reopens_a_closed_household(office, city, coordinator):
    household = household_at("closed", office, city)
    household_transition(
        actor=coordinator,
        household=household,
        to_status="integrating",
        reason="Came back for support",
    )
    assert household.status == "integrating"


# --- refused: wrong state -----------------------------------------------------------------------


def test_wrong_state_is_refused_naming_both_statuses(office, city, coordinator):
    household = household_at("registered", office, city)
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=coordinator, household=household, to_status="profiled")
    assert info.value.message == "A household cannot go from Registered to Profiled."
    household.refresh_from_db()
    assert household.status == "registered"
    assert household.history.count() == 0


def test_relocation_household_cannot_skip_to_integrating(office, city, coordinator):
    household = household_at("profiled", office, city)
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=coordinator, household=household, to_status="integrating")
    assert info.value.message == "A household cannot go from Profiled to Integrating."


def test_in_place_household_is_not_proposed(office, city, coordinator):
    household = household_at("profiled", office, city, modality=Modality.IN_PLACE)
    with pytest.raises(InvalidTransition):
        household_transition(actor=coordinator, household=household, to_status="proposed")


def test_eligible_is_set_by_the_decision_not_by_hand(office, city, coordinator):
    household = household_at("registered", office, city)
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=coordinator, household=household, to_status="eligible")
    assert info.value.message == (
        "A household goes from Registered to Eligible only by its eligibility decision, "
        "not by hand."
    )


def test_a_no_show_move_is_made_by_the_relocation_plan_not_by_hand(office, city, coordinator):
    household = household_at("travelled", office, city)
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=coordinator, household=household, to_status="profiled")
    assert info.value.message == (
        "A household goes from Travelled to Profiled only through its relocation plan, not by hand."
    )


def test_state_is_read_from_the_locked_row_not_the_stale_object(office, city, origin):
    household = household_at("eligible", office, city)
    stale = type(household).objects.get(pk=household.pk)
    household_transition(actor=origin, household=household, to_status="profiled")
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=origin, household=stale, to_status="profiled")
    assert info.value.message == "A household cannot go from Profiled to Profiled."


def test_unknown_status_is_refused(office, city, coordinator):
    household = household_at("eligible", office, city)
    with pytest.raises(InvalidTransition) as info:
        household_transition(actor=coordinator, household=household, to_status="teleported")
    assert info.value.message == "Unknown status: teleported"


def test_closing_needs_a_reason(office, city, origin):
    household = household_at("eligible", office, city)
    with pytest.raises(ValidationFailed) as info:
        household_transition(actor=origin, household=household, to_status="closed")
    assert info.value.errors == {
        "reason": ["Give a reason for this change."],
        "closure_reason": ["Choose why the case is closed."],
    }


def test_closing_keeps_the_reason_code_and_reopening_does_not(office, city, origin, coordinator):
    household = household_at("integrating", office, city)
    household_transition(
        actor=coordinator,
        household=household,
        to_status="closed",
        reason="No answer to five calls.",
        closure_reason="lost_contact",
    )
    household_transition(
        actor=coordinator,
        household=household,
        to_status="integrating",
        reason="Called back; back in Saltillo.",
        closure_reason="lost_contact",  # ignored: only a closure carries a code
    )

    rows = list(household.history.order_by("id").values_list("to_status", "closure_reason"))
    assert rows[-2:] == [("closed", "lost_contact"), ("integrating", "")]


def test_an_unknown_closure_code_is_refused(office, city, origin):
    household = household_at("eligible", office, city)
    with pytest.raises(ValidationFailed) as info:
        household_transition(
            actor=origin, household=household, to_status="closed", reason="x", closure_reason="gone"
        )
    assert info.value.errors == {"closure_reason": ["Choose why the case is closed."]}


# --- refused: wrong role or out of scope -------------------------------------------------------


def test_the_trip_moves_are_made_by_the_plan_not_by_hand(office, city, origin, host):
    for status, target, actor in (
        ("offer_accepted", "trip_booked", origin),
        ("trip_booked", "travelled", origin),
        ("travelled", "arrived", host),
    ):
        household = household_at(status, office, city)
        with pytest.raises(InvalidTransition) as info:
            household_transition(actor=actor, household=household, to_status=target)
        assert info.value.message.endswith("only through its relocation plan, not by hand.")
        household.refresh_from_db()
        assert household.status == status


def test_host_caseworker_cannot_book_the_trip_travel_step(office, city, host):
    household = household_at("trip_booked", office, city)
    with pytest.raises(NotPermitted) as info:
        household_transition(actor=host, household=household, to_status="travelled", by_plan=True)
    assert info.value.message == "Your role cannot move a household from Trip booked to Travelled."


def test_origin_caseworker_cannot_record_the_arrival(office, city, origin):
    household = household_at("travelled", office, city)
    with pytest.raises(NotPermitted):
        household_transition(actor=origin, household=household, to_status="arrived", by_plan=True)


def test_only_a_coordinator_reopens(office, city, origin):
    household = household_at("closed", office, city)
    with pytest.raises(NotPermitted):
        household_transition(
            actor=origin, household=household, to_status="integrating", reason="Came back"
        )


def test_caseworker_of_another_office_is_refused(office, city):
    other = UserFactory(role=Role.ORIGIN_CASEWORKER)
    household = household_at("eligible", office, city)
    with pytest.raises(NotPermitted):
        household_transition(actor=other, household=household, to_status="profiled")


@pytest.mark.parametrize(
    "role", [Role.ME_OFFICER, Role.AUDITOR, Role.EMPLOYER, Role.SERVICE_PARTNER]
)
def test_roles_without_change_permission_are_refused(office, city, role):
    household = household_at("eligible", office, city)
    with pytest.raises(NotPermitted):
        household_transition(
            actor=UserFactory(role=role), household=household, to_status="profiled"
        )
    household.refresh_from_db()
    assert household.status == "eligible"

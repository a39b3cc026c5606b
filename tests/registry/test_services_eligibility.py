"""eligibility_recompute and eligibility_exception_approve: decisions, status moves, approval."""

import pytest
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.eligibility import ruleset_load
from arraigo.registry.models import EligibilityDecision
from arraigo.registry.services import (
    document_add,
    document_remove,
    eligibility_exception_approve,
    eligibility_recompute,
    household_transition,
    person_update,
)
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.person_data import curp_make, head_data, number_make, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def office():
    return OfficeFactory(code="tap")


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def comar():
    return DocumentData(type_code="comar_recognition", number=number_make("COMAR"))


def residence():
    return DocumentData(type_code="permanent_residence", number=number_make("RP"))


def transitions(household):
    return list(household.history.order_by("id").values_list("from_status", "to_status"))


# --- recompute on change ----------------------------------------------------------------------


def test_adding_a_document_changes_the_outcome_and_the_status(coordinator, office):
    household = register(coordinator, office, head=head_data(documents=(comar(), residence())))
    assert (household.status, household.eligibility) == ("not_eligible", "not_eligible")
    head = household.members.get()

    document_add(
        actor=coordinator, person=head, data=DocumentData(type_code="curp", number=curp_make())
    )

    household.refresh_from_db()
    assert (household.status, household.eligibility) == ("eligible", "eligible")
    latest = household.eligibility_decisions.first()
    assert latest.outcome == "eligible"
    assert household.history.first().reason == (
        f"Eligibility decision {latest.pk} (pil-mx@1): Eligible."
    )
    assert transitions(household) == [
        ("", "registered"),
        ("registered", "not_eligible"),
        ("not_eligible", "eligible"),
    ]


def test_removing_a_document_moves_back(coordinator, office):
    household = register(coordinator, office)
    curp = household.members.get().documents.get(document_type__code="curp")

    document_remove(actor=coordinator, document=curp)

    household.refresh_from_db()
    assert (household.status, household.eligibility) == ("not_eligible", "not_eligible")
    results = {r["rule"]: r["result"] for r in household.eligibility_decisions.first().results}
    assert results["curp"] == "not_met"


def test_removing_all_documents_makes_it_pending_and_registered_again(coordinator, office):
    household = register(coordinator, office)
    for document in list(household.members.get().documents.all()):
        document_remove(actor=coordinator, document=document)
    household.refresh_from_db()
    assert (household.status, household.eligibility) == ("registered", "pending")


def test_recompute_without_change_keeps_the_latest_decision(coordinator, office):
    household = register(coordinator, office)
    first = household.eligibility_decisions.get()
    assert eligibility_recompute(household=household) == first
    assert EligibilityDecision.objects.count() == 1


def test_recompute_never_moves_a_household_past_eligibility(coordinator, office):
    household = register(coordinator, office)
    household_transition(actor=coordinator, household=household, to_status="profiled")
    curp = household.members.get().documents.get(document_type__code="curp")

    document_remove(actor=coordinator, document=curp)

    household.refresh_from_db()
    assert (household.status, household.eligibility) == ("profiled", "not_eligible")


def test_recompute_with_another_rule_set(coordinator, office, tmp_path):
    household = register(coordinator, office)
    path = tmp_path / "eligibility.yaml"
    path.write_text(
        "name: strict\nversion: 3\nrules:\n"
        "  - {code: nss, label: NSS, when: {any_member_has_document: nss},"
        " reasons: {met: m, not_met: n, missing: x}}\n",
        encoding="utf-8",
    )
    decision = eligibility_recompute(household=household, ruleset=ruleset_load(path))
    assert (decision.outcome, decision.ruleset) == ("not_eligible", "strict@3")
    assert decision.results == [
        {"rule": "nss", "label": "NSS", "result": "not_met", "reason": "n", "kind": "rule"}
    ]
    assert household.status == "not_eligible"


# --- by exception -----------------------------------------------------------------------------


@pytest.fixture
def by_exception(coordinator, office):
    """COMAR recognition and a CURP, no permanent residency: exception E1."""
    head = head_data(documents=(comar(), DocumentData(type_code="curp", number=curp_make())))
    return register(coordinator, office, head=head)


def test_by_exception_waits_registered_for_approval(by_exception):
    assert (by_exception.status, by_exception.eligibility) == ("registered", "by_exception")
    assert by_exception.exception_approved_at is None
    results = {r["rule"]: r["result"] for r in by_exception.eligibility_decisions.get().results}
    assert results["E1"] == "met"


def test_coordinator_approves_the_exception(by_exception):
    approver = UserFactory(role=Role.COORDINATOR)

    eligibility_exception_approve(
        actor=approver, household=by_exception, reason="Residency appointment booked"
    )

    by_exception.refresh_from_db()
    assert by_exception.status == "eligible"
    assert by_exception.exception_approved_by == approver
    assert by_exception.exception_approved_at is not None
    assert by_exception.exception_reason == "Residency appointment booked"
    change = by_exception.history.first()
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "registered",
        "eligible",
        approver,
        "Exception approved: Residency appointment booked",
    )


def test_approval_survives_a_recompute_with_the_same_outcome(by_exception, coordinator):
    eligibility_exception_approve(actor=coordinator, household=by_exception, reason="ok")
    head = by_exception.members.get()
    person_update(actor=coordinator, person=head, data=head_data(first_names="Ana"))
    by_exception.refresh_from_db()
    assert (by_exception.status, by_exception.eligibility) == ("eligible", "by_exception")


def test_approval_is_cleared_when_the_outcome_changes(by_exception, coordinator):
    eligibility_exception_approve(actor=coordinator, household=by_exception, reason="ok")
    document_add(actor=coordinator, person=by_exception.members.get(), data=residence())
    by_exception.refresh_from_db()
    assert (by_exception.status, by_exception.eligibility) == ("eligible", "eligible")
    assert (by_exception.exception_approved_at, by_exception.exception_reason) == (None, "")


def test_caseworker_cannot_approve_an_exception(by_exception, office):
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)
    with pytest.raises(NotPermitted):
        eligibility_exception_approve(actor=caseworker, household=by_exception, reason="ok")
    by_exception.refresh_from_db()
    assert (by_exception.status, by_exception.exception_approved_at) == ("registered", None)


def test_approval_needs_a_reason(by_exception, coordinator):
    with pytest.raises(ValidationFailed) as info:
        eligibility_exception_approve(actor=coordinator, household=by_exception, reason="  ")
    assert info.value.errors == {"reason": ["Give a reason for approving the exception."]}
    by_exception.refresh_from_db()
    assert by_exception.status == "registered"


def test_only_a_household_by_exception_can_be_approved(coordinator, office):
    household = register(coordinator, office)
    with pytest.raises(InvalidTransition) as info:
        eligibility_exception_approve(actor=coordinator, household=household, reason="ok")
    assert info.value.message == (
        "Only a household eligible by exception needs an approval; this one is Eligible."
    )


def test_an_exception_is_approved_once(by_exception, coordinator):
    eligibility_exception_approve(actor=coordinator, household=by_exception, reason="ok")
    with pytest.raises(InvalidTransition) as info:
        eligibility_exception_approve(actor=coordinator, household=by_exception, reason="again")
    assert info.value.message == "This exception has already been approved."


def test_the_journey_guard_refuses_eligible_for_an_unapproved_exception(by_exception):
    from arraigo.registry.services.transitions import status_move_automatic

    with pytest.raises(InvalidTransition) as info:
        status_move_automatic(household=by_exception, to_status="eligible", actor=None, reason="")
    assert info.value.message == (
        "The household is eligible only by exception: a coordinator must approve it first."
    )

"""Opening plans, moving milestones on, editing the template, and who may do each."""

import datetime as dt

import pytest

from arraigo.accounts.models import Role
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.casework.services import (
    milestone_assign,
    milestone_update,
    plan_naturalisation_day,
    plan_open,
    template_current,
    template_milestone_update,
)
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import DocumentType, HouseholdStatus, StatusChange
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory, IdentityDocumentFactory, PersonFactory

from .conftest import ARRIVED_AT, World

pytestmark = pytest.mark.django_db


def test_a_plan_starts_on_arrival_with_the_household_s_milestones(world: World):
    plan = plan_open(actor=world.host, household=world.household)

    head, child = world.household.members.order_by("id")
    assert (plan.started_on, plan.caseworker, plan.template.version) == (
        dt.date(2026, 9, 1),
        world.host,
        "mx-pil-2026.2",
    )
    rows = list(plan.milestones.values_list("code", "person_id", "due_on", "responsible_id"))
    assert [(code, person) for code, person, _due, _r in rows] == [
        ("curp", head.pk),
        ("curp", child.pk),
        ("residency", head.pk),
        ("residency", child.pk),
        ("rfc", head.pk),
        ("nss_imss", head.pk),
        ("bank_account", head.pk),
        ("job_start", head.pk),
        ("school_enrolment", child.pk),
        ("health_registration", None),
        ("skills_certification", head.pk),
        ("psychosocial", None),
        ("housing_contract", None),
        ("scholarship", child.pk),
        ("family_reunification", head.pk),
        ("naturalisation_application", head.pk),
        ("naturalisation_application", child.pk),
        ("naturalisation_certificate", head.pk),
        ("naturalisation_certificate", child.pk),
    ]
    assert rows[0][2] == dt.date(2026, 10, 1)  # CURP: 30 days after arrival
    assert {r for *_rest, r in rows} == {world.host.pk}


def test_one_open_plan_per_household(world: World):
    plan = plan_open(actor=world.host, household=world.household)

    with pytest.raises(ValidationFailed) as info:
        plan_open(actor=world.host, household=world.household)

    assert info.value.errors == {
        None: [f"{world.household.code} already has an open integration plan (plan {plan.pk})."]
    }


def test_no_plan_before_arrival(world: World):
    world.household.status = HouseholdStatus.TRAVELLED
    world.household.save()

    with pytest.raises(ValidationFailed) as info:
        plan_open(actor=world.host, household=world.household)

    assert info.value.errors == {
        None: [f"{world.household.code} has not arrived yet: its plan starts on arrival."]
    }


@pytest.mark.parametrize(
    "role", [Role.EMPLOYER, Role.SERVICE_PARTNER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_roles_without_plans_cannot_open_one(world: World, role):
    with pytest.raises(NotPermitted):
        plan_open(actor=UserFactory(role=role), household=world.household)


def test_a_caseworker_of_another_city_cannot_open_one(world: World):
    with pytest.raises(NotPermitted):
        plan_open(actor=UserFactory(role=Role.HOST_CASEWORKER), household=world.household)


def test_done_needs_evidence_and_a_day(world: World):
    plan = plan_open(actor=world.host, household=world.household)
    curp = plan.milestones.get(code="curp", person__relationship="head")

    with pytest.raises(ValidationFailed) as info:
        milestone_update(actor=world.host, milestone=curp, status=MilestoneStatus.DONE)
    assert info.value.errors == {
        "evidence": ["Say what shows it (a number, a document, a reason)."],
        "done_on": ["Give the day it was done."],
    }

    milestone_update(
        actor=world.host,
        milestone=curp,
        status=MilestoneStatus.DONE,
        evidence="CURP PELA920517MCLRPN08",
        done_on=dt.date(2026, 9, 20),
    )
    curp.refresh_from_db()
    assert (curp.status, curp.done_on, curp.updated_by) == (
        "done",
        dt.date(2026, 9, 20),
        world.host,
    )


def test_another_city_cannot_update_a_milestone(world: World):
    plan = plan_open(actor=world.host, household=world.household)
    milestone = plan.milestones.first()

    with pytest.raises(NotPermitted):
        milestone_update(
            actor=UserFactory(role=Role.HOST_CASEWORKER),
            milestone=milestone,
            status=MilestoneStatus.IN_PROGRESS,
        )


def test_a_milestone_goes_only_to_someone_on_the_case(world: World):
    plan = plan_open(actor=world.coordinator, household=world.household)
    milestone = plan.milestones.first()

    with pytest.raises(ValidationFailed) as info:
        milestone_assign(
            actor=world.coordinator,
            milestone=milestone,
            responsible=UserFactory(role=Role.HOST_CASEWORKER),
        )
    assert info.value.errors == {
        "responsible": ["This person does not work on this household's case."]
    }

    milestone_assign(actor=world.coordinator, milestone=milestone, responsible=world.host)
    milestone.refresh_from_db()
    assert milestone.responsible == world.host


def test_a_template_edit_reaches_new_plans_only(world: World, django_user_model):
    first = plan_open(actor=world.host, household=world.household)
    curp = template_current().milestones.get(code="curp")
    template_milestone_update(
        actor=world.coordinator,
        item=curp,
        title_en="CURP (population code)",
        title_es="CURP",
        due_days=10,
        active=True,
    )
    first.status = "closed"
    first.save()

    second = plan_open(actor=world.host, household=world.household)

    old = first.milestones.filter(code="curp").first()
    new = second.milestones.filter(code="curp").first()
    assert (old.title_en, old.due_on) == ("CURP", dt.date(2026, 10, 1))
    assert (new.title_en, new.due_on) == ("CURP (population code)", dt.date(2026, 9, 11))


def test_only_a_coordinator_edits_the_template(world: World):
    curp = template_current().milestones.get(code="curp")

    with pytest.raises(NotPermitted):
        template_milestone_update(
            actor=world.host, item=curp, title_en="x", title_es="x", due_days=1, active=True
        )


def test_a_disabled_template_milestone_is_left_out(world: World):
    item = template_current().milestones.get(code="family_reunification")
    template_milestone_update(
        actor=world.coordinator,
        item=item,
        title_en=item.title_en,
        title_es=item.title_es,
        due_days=item.due_days,
        active=False,
    )

    plan = plan_open(actor=world.host, household=world.household)

    assert not plan.milestones.filter(code="family_reunification").exists()
    assert IntegrationPlan.objects.count() == 1
    assert Milestone.objects.count() == 18


def test_an_update_cannot_hand_the_milestone_to_someone_off_the_case(world: World):
    plan = plan_open(actor=world.host, household=world.household)
    milestone = plan.milestones.first()

    with pytest.raises(ValidationFailed) as info:
        milestone_update(
            actor=world.coordinator,
            milestone=milestone,
            status=MilestoneStatus.IN_PROGRESS,
            responsible=UserFactory(role=Role.HOST_CASEWORKER),
        )

    assert info.value.errors == {
        "responsible": ["This person does not work on this household's case."]
    }


def test_a_plan_starts_on_the_day_the_household_really_arrived(world: World):
    # Given an arrival checked in on 2026-09-01 for a household that arrived on 2026-08-29
    from tests.relocation.factories import RelocationPlanFactory

    RelocationPlanFactory(
        household=world.household,
        travel_date=dt.date(2026, 8, 28),
        status="arrived",
        arrived_on=dt.date(2026, 8, 29),
    )

    # When its integration plan opens
    plan = plan_open(actor=world.host, household=world.household)

    # Then it starts on the day of arrival, not on the day the arrival was recorded
    assert plan.started_on == dt.date(2026, 8, 29)


def test_a_household_supported_where_it_lives_gets_a_plan_too(world: World):
    world.household.modality = "in_place"
    world.household.save()
    world.household.history.update(to_status="integrating")

    plan = plan_open(actor=world.host, household=world.household)

    assert plan.started_on == dt.date(2026, 9, 1)
    assert plan.milestones.filter(code="school_enrolment").count() == 1


def test_an_in_place_household_not_yet_accompanied_is_refused(world: World):
    world.household.modality = "in_place"
    world.household.status = HouseholdStatus.PROFILED
    world.household.save()

    with pytest.raises(ValidationFailed) as info:
        plan_open(actor=world.host, household=world.household)

    assert info.value.errors == {
        None: [
            f"{world.household.code} is not being accompanied yet: move it to integrating first."
        ]
    }


def _card(world: World, issued_on: dt.date, nationality: str = "HN") -> None:
    head = world.household.members.order_by("id").first()
    head.nationality = nationality
    head.save(update_fields=["nationality"])
    IdentityDocumentFactory(
        person=head,
        document_type=DocumentType.objects.get(code="permanent_residence"),
        issued_on=issued_on,
    )


def _naturalisation_due(plan) -> dict[str, dt.date]:
    return dict(
        plan.milestones.filter(code__startswith="naturalisation").values_list("code", "due_on")
    )


def test_without_a_residence_card_naturalisation_steps_keep_the_template_days(world: World):
    plan = plan_open(actor=world.host, household=world.household)

    # arrival 2026-09-01: 730 and 1,095 days later (29 February 2028 in between)
    assert _naturalisation_due(plan) == {
        "naturalisation_application": dt.date(2028, 8, 31),
        "naturalisation_certificate": dt.date(2029, 8, 31),
    }


@pytest.mark.parametrize(
    ("nationality", "application", "certificate"),
    [
        # two years for Latin Americans: eligible 2027-03-01, then 30 and 365 days
        ("HN", dt.date(2027, 3, 31), dt.date(2028, 2, 29)),
        # five years for others: eligible 2030-03-01
        ("HT", dt.date(2030, 3, 31), dt.date(2031, 3, 1)),
    ],
)
def test_naturalisation_steps_follow_the_eligibility_date(
    world: World, nationality, application, certificate
):
    _card(world, dt.date(2025, 3, 1), nationality)

    plan = plan_open(actor=world.host, household=world.household)

    assert _naturalisation_due(plan) == {
        "naturalisation_application": application,
        "naturalisation_certificate": certificate,
    }


def test_a_household_already_eligible_is_due_to_apply_a_month_after_the_start(world: World):
    _card(world, dt.date(2020, 1, 1))  # eligible since 2022-01-01

    plan = plan_open(actor=world.host, household=world.household)

    assert _naturalisation_due(plan)["naturalisation_application"] == dt.date(2026, 10, 1)


def test_naturalisation_counts_from_the_heads_card_not_the_first_member_registered(db):
    # Given a household whose first registered member is not the head: a Honduran spouse with
    # a card of 2020, and the head (Haitian) with a card of 2025
    city = CityFactory(name="Monterrey")
    household = HouseholdFactory(status=HouseholdStatus.INTEGRATING, host_city=city)
    card = DocumentType.objects.get(code="permanent_residence")
    spouse = PersonFactory(household=household, relationship="spouse", nationality="HN")
    head = PersonFactory(household=household, relationship="head", nationality="HT")
    IdentityDocumentFactory(person=spouse, document_type=card, issued_on=dt.date(2020, 1, 1))
    IdentityDocumentFactory(person=head, document_type=card, issued_on=dt.date(2025, 3, 1))
    StatusChange.objects.create(
        household=household, from_status="travelled", to_status="arrived", changed_at=ARRIVED_AT
    )
    host = UserFactory(role=Role.HOST_CASEWORKER, city=city)

    # When the plan is opened
    plan = plan_open(actor=host, household=household)

    # Then the eligibility date is the head's card plus five years (Haitian head), for everyone
    assert plan_naturalisation_day(plan) == dt.date(2030, 3, 1)
    due = set(
        plan.milestones.filter(code="naturalisation_application").values_list("person", "due_on")
    )
    assert due == {(spouse.pk, dt.date(2030, 3, 31)), (head.pk, dt.date(2030, 3, 31))}

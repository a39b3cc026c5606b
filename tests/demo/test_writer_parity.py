"""One writer per table: a household the demo seed writes equals one the registry service
writes from the same inputs, field by field.

Every concrete field of Household, Person, IdentityDocument, PersonLanguage, StatusChange and
EligibilityDecision is compared except those listed in SKIP (keys, and the auto_now stamps
the seed sets to the household's own dates). A field added later is compared without
touching this test, so a derived field only one writer sets makes it fail. Employers,
vacancies, capacities, placements, referrals and feedback reports are compared the same way,
row against row, and so are the relocation rows: budget lines, group departures, plans,
tickets, follow-ups, lodging stays and grants, and the survey answers an import stores.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import models, transaction
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.demo.drafts import DocumentDraft, HouseholdDraft, PersonDraft, StepDraft
from arraigo.demo.employers import demo_employer_row
from arraigo.demo.places import Places
from arraigo.demo.writer import households_write
from arraigo.feedback.rows import feedback_row
from arraigo.feedback.services import feedback_record, response_days
from arraigo.jobs.models import CompanySize, ContractType, Sector, VacancyStatus
from arraigo.jobs.rows import placement_row, vacancy_row
from arraigo.jobs.services import HireData, employer_create, placement_hire, vacancy_create
from arraigo.jobs.types import EmployerData, VacancyData
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer
from arraigo.monitoring.rows import followup_answer_row, interview_row
from arraigo.monitoring.services_followups import followups_import
from arraigo.places.models import CapacityDimension, Service
from arraigo.places.rows import capacity_row
from arraigo.places.services import capacity_set
from arraigo.referrals.rows import referral_row, referral_shared
from arraigo.referrals.services import referral_send
from arraigo.registry.models import (
    Consent,
    ConsentPurpose,
    EligibilityDecision,
    Household,
    HouseholdStatus,
    IdentityDocument,
    Modality,
    Person,
    PersonLanguage,
    StatusChange,
)
from arraigo.registry.types import PersonData
from arraigo.relocation.models import CostCategory, FollowUpRequest
from arraigo.relocation.rows import (
    budget_line_row,
    departure_row,
    follow_up_row,
    grant_row,
    plan_row,
    stay_row,
    ticket_row,
)
from arraigo.relocation.rules import rules_current
from arraigo.relocation.services.arrivals import noshow_sweep
from arraigo.relocation.services.budget import budget_line_set
from arraigo.relocation.services.departures import departure_create
from arraigo.relocation.services.grant_tables import grant_table_for
from arraigo.relocation.services.grants import grant_prepare
from arraigo.relocation.services.grants_in_place import grant_prepare_in_place
from arraigo.relocation.services.lodging import stay_record
from arraigo.relocation.services.trips import plan_create
from tests.accounts.factories import UserFactory
from tests.jobs.factories import (
    EmployerFactory,
    OccupationFactory,
    SkillFactory,
    VacancyFactory,
)
from tests.places.factories import CityFactory, OfficeFactory, ServiceFactory
from tests.registry.factories import HouseholdFactory, PersonFactory
from tests.registry.person_data import child_data, head_data, register
from tests.relocation.factories import relocation_world
from tests.relocation.trip_helpers import accepted_offer

SKIP: dict[type[models.Model], set[str]] = {
    Household: {"id", "updated_at"},
    Person: {"id", "household", "created_at", "updated_at"},
    IdentityDocument: {"id", "person", "created_at"},
    PersonLanguage: {"id", "person"},
    StatusChange: {"id", "household"},
    EligibilityDecision: {"id", "household"},
}


def _fields(obj: models.Model) -> dict[str, Any]:
    skip = SKIP[type(obj)]
    return {
        f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip
    }


def _snapshot(household: Household) -> dict[str, Any]:
    """The household's rows, each as {field: value}, keys replaced by their place."""
    household = Household.objects.get(pk=household.pk)
    decisions = list(household.eligibility_decisions.order_by("decided_at", "id"))
    history = []
    for change in household.history.order_by("changed_at", "id"):
        row = _fields(change)
        for number, decision in enumerate(decisions):  # the cited decision, not its key
            row["reason"] = row["reason"].replace(f" {decision.pk} ", f" <decision {number}> ")
        history.append(row)
    people = []
    for person in household.members.order_by("id"):
        people.append(
            {
                **_fields(person),
                "documents": [_fields(d) for d in person.documents.order_by("document_type__code")],
                "languages": [_fields(lang) for lang in person.languages.order_by("language")],
                "occupations": sorted(person.occupations.values_list("isco_code", flat=True)),
                "skills": sorted(person.skills.values_list("code", flat=True)),
            }
        )
    return {
        "household": _fields(household),
        "people": people,
        "history": history,
        "decisions": [_fields(d) for d in decisions],
    }


def _member(data: PersonData) -> PersonDraft:
    """The seed's draft of the person the service got as `data` (phone in stored form)."""
    return PersonDraft(
        first_names=data.first_names,
        last_names=data.last_names,
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        nationality=data.nationality,
        relationship=data.relationship,
        spanish_level=data.spanish_level,
        education_level=data.education_level,
        years_experience=data.years_experience,
        willing_to_work=data.willing_to_work,
        able_to_work=data.able_to_work,
        phone="+525512345678" if data.phone else "",
        protection_status=data.protection_status,
        occupations=list(data.occupation_codes),
        skills=list(data.skill_codes),
        languages=list(data.languages),
        documents=[
            DocumentDraft(d.type_code, d.number, d.issued_on, d.expires_on) for d in data.documents
        ],
    )


def _draft(people: list[PersonData], registered: Household, username: str) -> HouseholdDraft:
    """What the seed would have drafted for the household the service registered: the same
    inputs, and the eligibility and history the service decided (the seed decides them in
    memory with the same engine)."""
    decision = registered.eligibility_decisions.get()
    return HouseholdDraft(
        index=0,
        nationality="HN",
        composition="single_headed",
        modality=registered.modality,
        office_code="tap",
        legal_status="recognised_refugee",
        members=[_member(p) for p in people],
        code=registered.code,
        registered_at=registered.registered_at,
        registered_by=username,
        status=registered.status,
        eligibility=registered.eligibility,
        decision_results=decision.results,
        decision_ruleset=decision.ruleset,
        decided_at=decision.decided_at,
        history=[
            StepDraft(
                c.from_status, c.to_status, c.changed_at, username, c.reason, bool(c.from_status)
            )
            for c in registered.history.order_by("changed_at", "id")
        ],
    )


@pytest.mark.django_db
def test_a_seeded_household_equals_a_registered_one_field_by_field():
    office = OfficeFactory(code="tap")
    coordinator = UserFactory(role=Role.COORDINATOR, username="parity-coordinator")
    OccupationFactory(isco_code="8211")
    SkillFactory(code="forklift")
    # Spaces around names: both writers store them stripped (the seed did not, before).
    head = head_data(
        first_names="  María José ",
        occupation_codes=("8211",),
        skill_codes=("forklift",),
        languages=(("en", "basic"),),
    )
    people = [head, child_data()]

    with transaction.atomic():
        registered = register(coordinator, office, head=head, members=people[1:])
        by_service = _snapshot(registered)
        draft = _draft(people, registered, coordinator.username)
        transaction.set_rollback(True)
    assert not Household.objects.exists()

    counts = households_write(
        [draft], Places(offices={"tap": office}), {coordinator.username: coordinator}
    )
    by_seed = _snapshot(Household.objects.get())

    assert counts["households"] == 1
    assert by_seed == by_service
    assert by_seed["household"]["head_name"] == "María José Hernández Castro"
    assert by_seed["household"]["size"] == 2
    assert by_seed["household"]["has_open_duplicate"] is False
    assert [p["first_names"] for p in by_seed["people"]] == ["María José", "Luis"]
    assert len(by_seed["history"]) == 2
    assert by_seed["people"][0]["documents"] != []


def test_skip_lists_name_real_fields_only():
    """A field dropped from a model must leave SKIP too (else it would hide nothing)."""
    for model, names in SKIP.items():
        assert names <= {f.name for f in model._meta.concrete_fields}, model.__name__


def test_the_dates_the_service_stamps_are_compared():
    """registered_at, changed_at and decided_at are compared, not skipped."""
    compared = {
        model: {f.name for f in model._meta.concrete_fields} - SKIP[model] for model in SKIP
    }
    assert "registered_at" in compared[Household]
    assert "changed_at" in compared[StatusChange]
    assert "decided_at" in compared[EligibilityDecision]


# --- the other tables the seed builds with the services' builders ------------------------------


STAMPS = {"id", "created_at", "updated_at", "prepared_at"}


def _row_fields(row: models.Model) -> dict[str, Any]:
    """Every concrete field but the key and the stamps Django fills (the seed dates its own)."""
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    return values | dict.fromkeys(STAMPS & values.keys())


@pytest.mark.django_db
def test_an_employer_the_seed_builds_equals_one_employer_create_stores():
    data = EmployerData(
        name="  Autopartes del Norte S.A. de C.V. ",
        sector=Sector.AUTOMOTIVE,
        city=CityFactory(),
        size=CompanySize.LARGE,
        rfc="MAB9307148T4",
        contact_name=" Ana Ruiz ",
        notes="Hires in every shift. ",
    )

    stored = employer_create(actor=UserFactory(role=Role.COORDINATOR), data=data)

    assert _row_fields(demo_employer_row(data)) == _row_fields(stored)
    assert stored.name == "Autopartes del Norte S.A. de C.V."


@pytest.mark.django_db
def test_a_vacancy_the_seed_builds_equals_one_vacancy_create_stores():
    employer = EmployerFactory()
    occupation = OccupationFactory(isco_code="8344")
    data = VacancyData(
        title=" Operador de montacargas ",
        occupation_code="8344",
        seats=4,
        monthly_wage_mxn=Decimal("11200.00"),
        site="Planta 1 ",
        other_benefits=" vales de despensa",
    )

    stored = vacancy_create(actor=UserFactory(role=Role.COORDINATOR), employer=employer, data=data)
    built = vacancy_row(
        employer=employer,
        data=data,
        occupation=occupation,
        opened_on=timezone.localdate(),
        status=VacancyStatus.OPEN,
    )

    assert _row_fields(built) == _row_fields(stored)
    assert (stored.title, stored.city_id) == ("Operador de montacargas", employer.city_id)


@pytest.mark.django_db
def test_a_capacity_the_seed_builds_equals_one_capacity_set_stores():
    city = CityFactory()
    values = {
        "city": city,
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "dimension": CapacityDimension.SCHOOL_PLACES,
        "amount": 40,
    }

    stored = capacity_set(actor=UserFactory(role=Role.COORDINATOR), **values)

    assert _row_fields(capacity_row(**values)) == _row_fields(stored)


@pytest.mark.django_db
def test_a_placement_the_seed_builds_equals_one_placement_hire_stores():
    vacancy = VacancyFactory(seats=2)
    worker = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
    )
    actor = UserFactory(role=Role.HOST_CASEWORKER, city=vacancy.city)
    data = HireData(
        hired_on=dt.date(2026, 3, 2),
        monthly_wage_mxn=Decimal("9800.00"),
        contract_type=ContractType.TRIAL,
        started_on=dt.date(2026, 3, 9),
    )

    stored = placement_hire(
        actor=actor, person=worker, employer=vacancy.employer, vacancy=vacancy, data=data
    )
    stored.refresh_from_db()
    # As demo.placements builds it: keys only, the person as (id, household id).
    built = placement_row(
        person=Person(pk=worker.pk, household_id=worker.household_id),
        employer_id=vacancy.employer_id,
        vacancy_id=vacancy.pk,
        hired_on=data.hired_on,
        started_on=data.started_on,
        monthly_wage_mxn=data.monthly_wage_mxn,
        contract_type=data.contract_type,
        created_by_id=actor.pk,
    )

    assert _row_fields(built) == _row_fields(stored)
    assert stored.household_id == worker.household_id


@pytest.mark.django_db
@pytest.mark.parametrize("for_person", [True, False], ids=["person", "household"])
def test_a_referral_the_seed_builds_equals_one_referral_send_stores(for_person):
    city = CityFactory()
    service = ServiceFactory(provider__city=city)
    # The seed shares no phone and no languages: a person without either.
    person = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=city, phone=""
    )
    household = person.household
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=True,
        recorded_at=timezone.now(),
    )
    actor = UserFactory(role=Role.HOST_CASEWORKER, city=city)

    stored = referral_send(
        actor=actor,
        household=household,
        person=person if for_person else None,
        service=service,
        purpose=" Daycare so the parents can work their shifts. ",
    )
    stored.refresh_from_db()
    # As demo.referrals builds it: keys only, the service as (id, provider id).
    purpose = "Daycare so the parents can work their shifts. "
    if for_person:
        shared = referral_shared(
            household_code=household.code,
            purpose=purpose.strip(),
            person_name=f"{person.first_names} {person.last_names}",
            age=person.age_on(timezone.localdate()),
        )
    else:
        shared = referral_shared(household_code=household.code, purpose=purpose.strip(), members=1)
    built = referral_row(
        household_id=household.pk,
        person_id=person.pk if for_person else None,
        service=Service(pk=service.pk, provider_id=service.provider_id),
        purpose=purpose,
        shared=shared,
        sent_at=stored.sent_at,
        sent_by_id=actor.pk,
    )

    assert _row_fields(built) == _row_fields(stored)
    assert stored.purpose == "Daycare so the parents can work their shifts."


@pytest.mark.django_db
def test_a_report_the_seed_builds_equals_one_feedback_record_stores():
    city = CityFactory()
    person = PersonFactory(household__status=HouseholdStatus.INTEGRATING, household__host_city=city)
    household = person.household
    actor = UserFactory(role=Role.HOST_CASEWORKER, city=city)

    stored = feedback_record(
        actor=actor,
        category="complaint",
        channel="in_person",
        description=" The lodging had no hot water. ",
        household=household,
        contact=" 844 123 4567 ",
    )
    stored.refresh_from_db()
    # As demo.feedback builds it; the reference and the moment of receipt are the writer's.
    built = feedback_row(
        reference=stored.reference,
        category="complaint",
        channel="in_person",
        description=" The lodging had no hot water. ",
        contact=" 844 123 4567 ",
        household_id=household.pk,
        city_id=household.host_city_id,
        office_id=household.origin_office_id,
        received_at=stored.received_at,
        response_days=response_days("complaint"),
        created_by_id=actor.pk,
    )

    assert _row_fields(built) == _row_fields(stored)
    assert stored.due_on == timezone.localdate(stored.received_at) + dt.timedelta(
        days=response_days("complaint")
    )
    assert (stored.description, stored.contact) == ("The lodging had no hot water.", "844 123 4567")


# --- relocation: plans and grants ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_plan_the_seed_builds_equals_one_plan_create_stores():
    world = relocation_world()
    proposal = accepted_offer(world)
    household = proposal.household
    values = {
        "travel_date": timezone.localdate() + dt.timedelta(days=5),
        "route": " Tapachula - Saltillo ",
        "carrier": "Autobuses del Sur ",
        "assistance_note": " wheelchair at the terminal ",
    }

    stored = plan_create(
        actor=world.origin_caseworker,
        proposal=proposal,
        ticket_costs=Decimal("950.00"),
        escort=True,
        **values,
    )
    built = plan_row(
        household_id=household.pk,
        proposal_id=proposal.pk,
        origin_office_id=household.origin_office_id,
        destination_city_id=world.city.pk,
        escort=True,
        no_show_days=rules_current().no_show_days,
        created_by_id=world.origin_caseworker.pk,
        **values,
    )

    stored.refresh_from_db()
    assert _row_fields(built) == _row_fields(stored)
    assert (stored.route, stored.carrier, stored.assistance_note) == (
        "Tapachula - Saltillo",
        "Autobuses del Sur",
        "wheelchair at the terminal",
    )
    assert stored.arrival_due == values["travel_date"] + dt.timedelta(days=3)


@pytest.mark.django_db
def test_a_grant_the_seed_builds_equals_one_grant_prepare_stores():
    world = relocation_world()

    stored = grant_prepare(actor=world.origin_caseworker, plan=world.plan)
    built = grant_row(
        plan_id=world.plan.pk,
        household_id=world.household.pk,
        table=grant_table_for(world.plan.travel_date),
        members=3,
        prepared_by_id=world.origin_caseworker.pk,
    )

    stored.refresh_from_db()
    assert _row_fields(built) == _row_fields(stored)
    assert stored.amount == stored.amount.quantize(Decimal("0.01")) > 0


@pytest.mark.django_db
def test_an_in_place_grant_built_by_the_row_builder_equals_one_the_service_stores():
    world = relocation_world()
    household = HouseholdFactory(
        modality=Modality.IN_PLACE,
        status=HouseholdStatus.INTEGRATING,
        origin_office=world.office,
        host_city=world.city,
    )
    PersonFactory(household=household)

    stored = grant_prepare_in_place(actor=world.coordinator, household=household)
    built = grant_row(
        plan_id=None,
        household_id=household.pk,
        table=stored.table,
        members=1,
        prepared_by_id=world.coordinator.pk,
    )

    stored.refresh_from_db()
    assert _row_fields(built) == _row_fields(stored)


@pytest.mark.django_db
def test_tickets_the_seed_builds_equal_the_ones_plan_create_stores():
    world = relocation_world()
    proposal = accepted_offer(world)
    members = list(proposal.household.members.order_by("id"))
    costs = {members[0].pk: Decimal("900.5"), members[1].pk: Decimal("450")}
    seats = {members[0].pk: " 12 ", members[1].pk: "13"}

    plan = plan_create(
        actor=world.origin_caseworker,
        proposal=proposal,
        travel_date=timezone.localdate() + dt.timedelta(days=5),
        route="Tapachula - Saltillo",
        carrier="Autobuses del Sur",
        ticket_costs=costs,
        seats=seats,
    )
    stored = list(plan.tickets.order_by("person_id"))
    built = [
        ticket_row(plan_id=plan.pk, person_id=p.pk, cost=costs[p.pk], seat=seats[p.pk])
        for p in members
    ]

    assert [_row_fields(t) for t in built] == [_row_fields(t) for t in stored]
    assert [(t.cost, t.seat) for t in stored] == [
        (Decimal("900.50"), "12"),
        (Decimal("450.00"), "13"),
    ]


@pytest.mark.django_db
def test_a_stay_the_seed_builds_equals_one_stay_record_stores():
    world = relocation_world()
    values = {
        "check_in": dt.date(2026, 3, 12),
        "check_out": dt.date(2026, 3, 15),
        "nightly_cost": Decimal("350.5"),
    }

    stored = stay_record(
        actor=world.host_caseworker, plan=world.plan, provider=world.provider, **values
    )
    built = stay_row(
        plan_id=world.plan.pk,
        provider_id=world.provider.pk,
        created_by_id=world.host_caseworker.pk,
        **values,
    )

    stored.refresh_from_db()
    assert _row_fields(built) == _row_fields(stored)
    assert (stored.nights, stored.nightly_cost, stored.checked_out) == (
        3,
        Decimal("350.50"),
        False,
    )


@pytest.mark.django_db
def test_a_departure_the_seed_builds_equals_one_departure_create_stores():
    world = relocation_world()
    values = {
        "date": timezone.localdate(),
        "route": " Tapachula - Monterrey - Saltillo",
        "carrier": "Transportes del Golfo ",
        "notes": " two wheelchairs ",
    }

    stored = departure_create(actor=world.coordinator, origin_office=world.office, **values)
    built = departure_row(
        origin_office_id=world.office.pk, created_by_id=world.coordinator.pk, **values
    )

    stored.refresh_from_db()
    assert _row_fields(built) == _row_fields(stored)
    assert (stored.route, stored.carrier, stored.notes) == (
        "Tapachula - Monterrey - Saltillo",
        "Transportes del Golfo",
        "two wheelchairs",
    )


@pytest.mark.django_db
def test_a_follow_up_the_seed_builds_equals_one_noshow_sweep_stores():
    world = relocation_world()
    plan = world.plan

    noshow_sweep(actor=world.coordinator, today=plan.arrival_due + dt.timedelta(days=1))
    stored = FollowUpRequest.objects.get(plan=plan)
    built = follow_up_row(
        household_id=world.household.pk,
        plan_id=plan.pk,
        office_id=world.office.pk,
        city_name=world.city.name,
        arrival_due=plan.arrival_due,
    )

    assert _row_fields(built) == _row_fields(stored)
    assert stored.reason.startswith("Did not arrive in Saltillo by 2026-03-13")


@pytest.mark.django_db
def test_a_budget_line_the_seed_builds_equals_one_budget_line_set_stores():
    values = {
        "year": 2026,
        "category": CostCategory.TRANSPORT,
        "amount": Decimal("150000.5"),
        "note": " Approved by the board. ",
    }

    stored = budget_line_set(actor=UserFactory(role=Role.COORDINATOR), **values)

    stored.refresh_from_db()
    assert _row_fields(budget_line_row(**values)) == _row_fields(stored)
    assert (stored.amount, stored.note) == (Decimal("150000.50"), "Approved by the board.")


# --- monitoring: survey answers ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_the_seed_builds_equals_one_followups_import_stores():
    head = PersonFactory(member_no=1)
    household = head.household
    actor = UserFactory(role=Role.COORDINATOR)
    text = (
        "household,member,round,date,works,formal,income,job_satisfied,in_school,bank_account\n"
        f"{household.code},1,month6,2026-05-04,yes,no,8500.5,yes,,yes\n"
    )
    followups_import(actor=actor, text=text, filename="answers.csv")
    stored = FollowUpAnswer.objects.get()
    # As demo.survey_history builds it; the source and the moment of recording are the writer's
    built = followup_answer_row(
        household_id=household.pk,
        person_id=head.pk,
        round="month6",
        date=dt.date(2026, 5, 4),
        source=AnswerSource.FILE,
        recorded_by_id=actor.pk,
        recorded_at=stored.recorded_at,
        works=True,
        formal=False,
        income=Decimal("8500.5"),
        job_satisfied=True,
        in_school=None,
        bank_account=True,
    )
    assert _row_fields(built) == _row_fields(stored)
    assert built.income == Decimal("8500.50")


def test_an_interview_row_strips_the_submission_uuid():
    interview = interview_row(
        household_id=1,
        round="month1",
        date=dt.date(2026, 5, 4),
        mode="phone",
        source=AnswerSource.KOBO,
        recorded_at=timezone.now(),
        submission_uuid=" 4f0c-11 ",
        housing_tenure="rented_contract",
        feels_safe=True,
    )
    assert (interview.submission_uuid, interview.health_access) == ("4f0c-11", None)

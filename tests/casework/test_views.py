"""Casework pages: opening a plan, updating milestones, the work list and the workload."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.casework.services import plan_open, template_current
from arraigo.registry.models import HouseholdStatus, StatusChange
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

from .conftest import ARRIVED_AT, World

pytestmark = pytest.mark.django_db


def test_the_caseworker_opens_the_plan_from_the_household_page(client: Client, world: World):
    client.force_login(world.host)
    page = client.get(reverse("registry:household_detail", args=[world.household.pk]))
    assert 'data-testid="open-plan"' in page.content.decode()

    response = client.post(reverse("casework:plan_open", args=[world.household.pk]))

    plan = IntegrationPlan.objects.get()
    assert response["Location"] == reverse("casework:plan_detail", args=[plan.pk])
    page = client.get(reverse("registry:household_detail", args=[world.household.pk]))
    assert reverse("casework:plan_detail", args=[plan.pk]) in page.content.decode()


def test_a_refused_update_keeps_what_was_typed(client: Client, world: World):
    plan = plan_open(actor=world.host, household=world.household)
    milestone = plan.milestones.get(code="health_registration")
    client.force_login(world.host)

    response = client.post(
        reverse("casework:plan_detail", args=[plan.pk]),
        {"milestone": milestone.pk, "status": "done", "evidence": "IMSS-Bienestar card"},
    )

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["milestone"].pk == milestone.pk)
    assert row["form"].errors == {"done_on": ["Give the day it was done."]}
    assert row["form"]["evidence"].value() == "IMSS-Bienestar card"
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_a_plan_of_another_city_is_not_found(client: Client, world: World):
    plan = plan_open(actor=world.host, household=world.household)
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER))

    assert client.get(reverse("casework:plan_detail", args=[plan.pk])).status_code == 404


def test_the_work_list_shows_my_overdue_tasks(client: Client, world: World):
    plan = plan_open(actor=world.host, household=world.household)
    Milestone.objects.filter(plan=plan).exclude(code="curp").update(due_on=dt.date(2099, 1, 1))
    client.force_login(world.host)

    response = client.get(reverse("casework:work_list"), {"when": "overdue", "mine": "on"})

    assert [(m.code, m.person.first_names) for m in response.context["page_obj"]] == [
        ("curp", "Ana"),
        ("curp", "Luz"),
    ]


def test_the_milestone_filter_names_the_template_in_use_in_the_page_language(world: World):
    template = template_current()
    template.milestones.filter(code="curp").update(title_es="CURP (trámite)")
    spanish = Client()  # a new browser: Spanish, the programme's default
    spanish.force_login(world.host)

    response = spanish.get(reverse("casework:work_list"))

    choices = dict(response.context["form"].fields["code"].choices)
    assert choices["curp"] == "CURP (trámite)"
    assert choices["job_start"] == "Inicio de empleo"


def test_the_template_page_says_whom_each_milestone_is_for(client: Client, world: World):
    client.force_login(world.coordinator)

    response = client.get(reverse("casework:template_edit"))

    applies = {r["item"].code: r["applies"] for r in response.context["rows"]}
    assert applies["school_enrolment"] == "each school-age child"
    assert applies["psychosocial"] == "the household, once"
    page = response.content.decode()
    assert ">each_school_child</td>" not in page
    # and on a phone each cell says what it is (the table stacks into one block per row)
    assert '<table class="stack-on-phone">' in page
    assert 'data-label="Applies to">each school-age child</td>' in page


def test_the_naturalisation_caution_is_in_the_page_language(world: World):
    plan = plan_open(actor=world.host, household=world.household)
    spanish = Client()
    spanish.force_login(world.host)

    response = spanish.get(reverse("casework:plan_detail", args=[plan.pk]))

    assert "verifíquelo con la ley vigente" in response.content.decode()


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.SERVICE_PARTNER, Role.ME_OFFICER])
def test_roles_without_plans_are_refused_the_work_list(client: Client, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("casework:work_list")).status_code == 403


def test_the_coordinator_sees_the_workload(client: Client, world: World):
    plan_open(actor=world.host, household=world.household)
    client.force_login(world.coordinator)

    response = client.get(reverse("casework:workload"))

    (person,) = response.context["by_person"]
    assert (person.open_plans, person.open_milestones) == (1, 19)
    assert person.overdue == Milestone.objects.filter(due_on__lt=timezone.localdate()).count()
    client.force_login(world.host)
    assert client.get(reverse("casework:workload")).status_code == 403


def test_milestones_without_a_responsible_are_counted_as_nobody_assigned(
    client: Client, world: World
):
    plan_open(actor=world.host, household=world.household)
    Milestone.objects.update(responsible=None)
    client.force_login(world.coordinator)

    response = client.get(reverse("casework:workload"))

    assert [(p.name, p.open_milestones) for p in response.context["by_person"]] == [
        ("Nobody assigned", 19)
    ]


def test_the_coordinator_edits_the_template(client: Client, world: World):
    client.force_login(world.coordinator)
    page = client.get(reverse("casework:template_edit"))
    curp = next(r["item"] for r in page.context["rows"] if r["item"].code == "curp")

    response = client.post(
        reverse("casework:template_edit"),
        {"item": curp.pk, "title_en": "CURP", "title_es": "CURP", "due_days": "14", "active": "on"},
    )

    assert response.status_code == 302
    curp.refresh_from_db()
    assert curp.due_days == 14


def test_the_coordinator_hands_a_milestone_to_another_caseworker(client: Client, world: World):
    plan = plan_open(actor=world.host, household=world.household)
    colleague = UserFactory(role=Role.HOST_CASEWORKER, city=world.city, username="colleague")
    milestone = plan.milestones.get(code="housing_contract")
    client.force_login(world.coordinator)

    response = client.post(
        reverse("casework:plan_detail", args=[plan.pk]),
        {"milestone": milestone.pk, "status": "in_progress", "responsible": colleague.pk},
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.responsible) == ("in_progress", colleague)


def test_the_plan_offers_colleagues_by_name_in_labelled_cells(client: Client, world: World):
    # Given a plan and a colleague in the host city with a name
    plan = plan_open(actor=world.host, household=world.household)
    UserFactory(
        role=Role.HOST_CASEWORKER,
        city=world.city,
        username="colleague",
        first_name="Lucía",
        last_name="Méndez",
    )
    client.force_login(world.coordinator)

    # When the coordinator opens the plan
    page = client.get(reverse("casework:plan_detail", args=[plan.pk])).content.decode()

    # Then the responsible list names people, not accounts, and each milestone cell carries
    # the label a phone shows above it (the table stacks into one block per milestone there)
    assert ">Lucía Méndez</option>" in page
    assert ">colleague</option>" not in page
    assert '<table class="stack-on-phone">' in page
    for label in ("Milestone", "For", "Due", "Responsible", "Status", "Update"):
        assert f'data-label="{label}"' in page


def test_a_closed_case_leaves_the_work_list(client: Client, world: World):
    plan_open(actor=world.host, household=world.household)
    client.force_login(world.host)
    assert client.get(reverse("casework:work_list")).context["page_obj"].paginator.count == 19

    world.household.status = "closed"
    world.household.save()

    assert client.get(reverse("casework:work_list")).context["page_obj"].paginator.count == 0


def test_the_work_list_filters_by_caseworker_and_by_city(client: Client, world: World):
    plan = plan_open(actor=world.host, household=world.household)
    other_city = CityFactory(name="Monterrey")
    elsewhere = household_with_head(status=HouseholdStatus.INTEGRATING, host_city=other_city)
    StatusChange.objects.create(
        household=elsewhere, from_status="travelled", to_status="arrived", changed_at=ARRIVED_AT
    )
    plan_open(actor=world.coordinator, household=elsewhere)  # nobody responsible
    Milestone.objects.filter(plan=plan).exclude(code="curp").update(responsible=None)
    client.force_login(world.coordinator)
    url = reverse("casework:work_list")

    by_host = client.get(url, {"responsible": world.host.pk}).context["page_obj"]
    in_monterrey = client.get(url, {"city": other_city.pk}).context["page_obj"].paginator.count
    form = client.get(url).context["form"]

    assert {(m.code, m.plan_id) for m in by_host} == {("curp", plan.pk)}
    assert in_monterrey == Milestone.objects.filter(plan__household=elsewhere).count()
    assert dict(form.fields["city"].choices)[other_city.pk] == "Monterrey"
    assert (world.host.pk, world.host.username) in form.fields["responsible"].choices


def test_a_city_team_gets_no_city_filter(client: Client, world: World):
    client.force_login(world.host)

    form = client.get(reverse("casework:work_list")).context["form"]

    assert "city" not in form.fields


def test_the_workload_links_each_row_to_its_work_list(client: Client, world: World):
    plan_open(actor=world.host, household=world.household)
    client.force_login(world.coordinator)

    html = client.get(reverse("casework:workload")).content.decode()

    assert f'href="/casework/tasks/?responsible={world.host.pk}&amp;when=overdue"' in html
    assert f'href="/casework/tasks/?city={world.city.pk}"' in html


def test_the_workload_counts_naturalisation_and_reunification_by_person_sex_and_nationality(
    client: Client, world: World
):
    # Given a plan for a Honduran mother and her daughter, the mother's application done
    plan = plan_open(actor=world.host, household=world.household)
    plan.milestones.filter(code="naturalisation_application", person__relationship="head").update(
        status=MilestoneStatus.DONE, done_on=dt.date(2026, 9, 2), evidence="Folio 12"
    )
    client.force_login(world.coordinator)

    # When the coordinator opens the workload
    response = client.get(reverse("casework:workload"))

    # Then each step is counted per person, by sex and nationality, without names
    rows = [
        (r.step, r.sex, r.nationality, r.people, r.done) for r in response.context["person_steps"]
    ]
    assert rows == [
        ("Naturalisation application", "Female", "Honduras", 2, 1),
        ("Naturalisation certificate", "Female", "Honduras", 2, 0),
        ("Family reunification (if wanted)", "Female", "Honduras", 1, 0),
    ]
    table = response.context["person_steps_table"]
    assert table.steps == [
        "Naturalisation application",
        "Naturalisation certificate",
        "Family reunification (if wanted)",
    ]
    assert table.rows == [("Female", "Honduras", [(2, 1), (2, 0), (1, 0)])]
    page = response.content.decode()
    assert 'data-testid="person-steps"' in page
    assert "Luz" not in page


def test_the_work_list_counts_what_it_lists_for_a_city_team_and_for_the_programme(
    client: Client, world: World
):
    # a city team's steps are counted from its plans, the programme's in due order: both
    # count exactly the rows their list shows, filters included
    plan_open(actor=world.host, household=world.household)
    other_city = CityFactory(name="Monterrey")
    elsewhere = household_with_head(status=HouseholdStatus.INTEGRATING, host_city=other_city)
    plan_open(actor=world.coordinator, household=elsewhere)
    Milestone.objects.filter(plan__household=world.household).exclude(code="curp").update(
        status="not_applicable"
    )
    url = reverse("casework:work_list")

    client.force_login(world.host)
    mine = client.get(url).context["page_obj"]
    assert mine.paginator.count == 2  # the curp of mother and daughter, open
    assert {m.plan.household_id for m in mine} == {world.household.pk}
    assert client.get(url, {"code": "curp"}).context["page_obj"].paginator.count == 2
    assert client.get(url, {"code": "rfc"}).context["page_obj"].paginator.count == 0

    client.force_login(world.coordinator)
    everyone = client.get(url).context["page_obj"].paginator.count
    assert everyone == 2 + Milestone.objects.filter(plan__household=elsewhere).count()

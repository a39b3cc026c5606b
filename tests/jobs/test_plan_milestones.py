"""A job's start and IMSS registration complete the person's integration-plan milestones, so
the host-city team does not enter them twice (employment.yaml names the milestones)."""

import datetime as dt

import pytest

from arraigo.accounts.models import Role
from arraigo.casework.models import Milestone, MilestoneStatus
from arraigo.casework.services import plan_open
from arraigo.jobs.services import placement_imss_register, placement_start
from tests.accounts.factories import UserFactory
from tests.casework import conftest as casework
from tests.casework.conftest import World

from .factories import EmployerFactory, PlacementFactory

pytestmark = pytest.mark.django_db

# the casework tests' household: a mother (a worker) and her daughter, arrived in Saltillo
world = casework.world


def _milestone(person, code) -> Milestone:
    return Milestone.objects.get(person=person, code=code)


def test_the_start_and_the_imss_registration_complete_the_plan(world: World):
    plan_open(actor=world.host, household=world.household)
    mother = world.household.members.order_by("id").first()
    employer = EmployerFactory(city=world.city, name="Arneses Cumbres S.A. de C.V.")
    placement = PlacementFactory(person=mother, employer=employer, started_on=None)
    hr = UserFactory(role=Role.EMPLOYER, employer=employer)

    placement_start(actor=hr, placement=placement, started_on=dt.date(2026, 9, 20))
    placement_imss_register(actor=hr, placement=placement, registered_on=dt.date(2026, 9, 22))

    job_start, imss = _milestone(mother, "job_start"), _milestone(mother, "nss_imss")
    assert (job_start.status, job_start.done_on, job_start.updated_by) == (
        MilestoneStatus.DONE,
        dt.date(2026, 9, 20),
        hr,
    )
    # stored in the programme's language, whoever records it
    assert job_start.evidence == (
        f"Registrado con el empleo {placement.pk} en Arneses Cumbres S.A. de C.V."
    )
    assert (imss.status, imss.done_on) == (MilestoneStatus.DONE, dt.date(2026, 9, 22))
    assert _milestone(mother, "rfc").status == MilestoneStatus.PENDING


def test_a_milestone_done_by_hand_is_left_as_it_was(world: World):
    plan_open(actor=world.host, household=world.household)
    mother = world.household.members.order_by("id").first()
    Milestone.objects.filter(person=mother, code="job_start").update(
        status=MilestoneStatus.DONE, evidence="Contract seen", done_on=dt.date(2026, 9, 15)
    )
    placement = PlacementFactory(
        person=mother, employer=EmployerFactory(city=world.city), started_on=None
    )

    placement_start(actor=world.host, placement=placement, started_on=dt.date(2026, 9, 20))

    job_start = _milestone(mother, "job_start")
    assert (job_start.evidence, job_start.done_on) == ("Contract seen", dt.date(2026, 9, 15))


def test_without_a_plan_the_start_is_recorded_alone(world: World):
    mother = world.household.members.order_by("id").first()
    placement = PlacementFactory(
        person=mother, employer=EmployerFactory(city=world.city), started_on=None
    )

    placement_start(actor=world.host, placement=placement, started_on=dt.date(2026, 9, 20))

    placement.refresh_from_db()
    assert placement.started_on == dt.date(2026, 9, 20)
    assert not Milestone.objects.exists()

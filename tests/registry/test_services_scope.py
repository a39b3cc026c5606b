"""Every write service refuses actors outside the household's scope or without the permission."""

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted
from arraigo.registry.models import (
    CityPreference,
    Consent,
    Household,
    IdentityDocument,
    Person,
    SpecificNeed,
    StatusChange,
)
from arraigo.registry.services import (
    consent_record,
    document_add,
    document_remove,
    household_transition,
    household_update,
    need_add,
    need_remove,
    person_add,
    person_remove,
    person_update,
    preference_remove,
    preference_set,
)
from arraigo.registry.types import DocumentData
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory, IdentityDocumentFactory, PersonFactory
from tests.registry.person_data import child_data, number_make

pytestmark = pytest.mark.django_db

SERVICES = {
    "household_update": lambda a, c: household_update(
        actor=a, household=c["household"], host_city=None
    ),
    "person_add": lambda a, c: person_add(actor=a, household=c["household"], data=child_data()),
    "person_update": lambda a, c: person_update(actor=a, person=c["member"], data=child_data()),
    "person_remove": lambda a, c: person_remove(actor=a, person=c["member"]),
    "document_add": lambda a, c: document_add(
        actor=a, person=c["head"], data=DocumentData("birth_certificate", number_make("AN"))
    ),
    "document_remove": lambda a, c: document_remove(actor=a, document=c["document"]),
    "need_add": lambda a, c: need_add(actor=a, household=c["household"], code="disability"),
    "need_remove": lambda a, c: need_remove(actor=a, need=c["need"]),
    "consent_record": lambda a, c: consent_record(
        actor=a, household=c["household"], purpose="surveys", given=True
    ),
    "preference_set": lambda a, c: preference_set(
        actor=a, household=c["household"], city=CityFactory(), kind="preferred"
    ),
    "preference_remove": lambda a, c: preference_remove(actor=a, preference=c["preference"]),
    "household_transition": lambda a, c: household_transition(
        actor=a, household=c["household"], to_status="profiled"
    ),
}


@pytest.fixture
def case():
    """A relocation household at an origin office, bound for a host city, with one of each."""
    household = HouseholdFactory(status="eligible", eligibility="eligible", host_city=CityFactory())
    head = PersonFactory(household=household)
    member = PersonFactory(household=household, relationship="child")
    return {
        "household": household,
        "head": head,
        "member": member,
        "document": IdentityDocumentFactory(person=head),
        "need": SpecificNeed.objects.create(
            household=household, code="lgbtiq", recorded_at=household.registered_at
        ),
        "preference": CityPreference.objects.create(
            household=household, city=CityFactory(), kind="excluded"
        ),
    }


def snapshot():
    return [
        Household.objects.values_list("status", "host_city").get(),
        Person.objects.count(),
        IdentityDocument.objects.count(),
        SpecificNeed.objects.count(),
        Consent.objects.count(),
        CityPreference.objects.count(),
        StatusChange.objects.count(),
    ]


REFUSED = {
    "origin caseworker of another office": lambda c: UserFactory(role=Role.ORIGIN_CASEWORKER),
    "host caseworker of another city": lambda c: UserFactory(role=Role.HOST_CASEWORKER),
    "employer": lambda c: UserFactory(role=Role.EMPLOYER),
    "employer liaison": lambda c: UserFactory(role=Role.EMPLOYER_LIAISON),
    "M&E officer": lambda c: UserFactory(role=Role.ME_OFFICER),
    "service partner": lambda c: UserFactory(role=Role.SERVICE_PARTNER),
    "auditor": lambda c: UserFactory(role=Role.AUDITOR),
    "inactive coordinator": lambda c: UserFactory(role=Role.COORDINATOR, is_active=False),
}

ALLOWED = {
    "coordinator": lambda c: UserFactory(role=Role.COORDINATOR),
    "origin caseworker of the office": lambda c: UserFactory(
        role=Role.ORIGIN_CASEWORKER, office=c["household"].origin_office
    ),
}


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("service", SERVICES)
def test_refused_and_nothing_changes(case, service, who):
    actor = REFUSED[who](case)
    before = snapshot()
    with pytest.raises(NotPermitted):
        SERVICES[service](actor, case)
    assert snapshot() == before


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize("service", SERVICES)
def test_allowed_in_scope(case, service, who):
    actor = ALLOWED[who](case)
    before = snapshot()
    SERVICES[service](actor, case)
    assert snapshot() != before


def test_host_caseworker_of_the_host_city_may_write(case):
    host = UserFactory(role=Role.HOST_CASEWORKER, city=case["household"].host_city)
    need = need_add(actor=host, household=case["household"], code="disability")
    assert need.recorded_by == host


def test_relocation_household_without_host_city_is_out_of_host_scope():
    household = HouseholdFactory()
    host = UserFactory(role=Role.HOST_CASEWORKER)
    with pytest.raises(NotPermitted):
        need_add(actor=host, household=household, code="disability")
    assert SpecificNeed.objects.count() == 0

"""Needs, consent and city preferences."""

import pytest
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import ValidationFailed
from arraigo.places.models import CityKind
from arraigo.registry.consent import consent_current
from arraigo.registry.models import Consent, SpecificNeed
from arraigo.registry.services import (
    consent_record,
    need_add,
    need_remove,
    preference_remove,
    preference_set,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def office():
    return OfficeFactory()


@pytest.fixture
def caseworker(office):
    return UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)


@pytest.fixture
def household(office):
    return HouseholdFactory(origin_office=office)


# --- needs ------------------------------------------------------------------------------------


def test_need_for_the_household_and_for_a_member(caseworker, household):
    person = PersonFactory(household=household)
    need = need_add(actor=caseworker, household=household, code="single_parent", note=" alone ")
    member_need = need_add(actor=caseworker, household=household, code="disability", person=person)
    assert (need.code, need.person, need.note, need.recorded_by) == (
        "single_parent",
        None,
        "alone",
        caseworker,
    )
    assert member_need.person == person
    assert need.recorded_at is not None


def test_need_refusals(caseworker, household):
    need_add(actor=caseworker, household=household, code="single_parent")
    with pytest.raises(ValidationFailed) as info:
        need_add(actor=caseworker, household=household, code="single_parent")
    assert info.value.errors == {"code": ["This need is already recorded."]}
    stranger = PersonFactory()
    with pytest.raises(ValidationFailed) as info:
        need_add(actor=caseworker, household=household, code="flying", person=stranger)
    assert info.value.errors == {
        "code": ["Choose one of the listed options."],
        "person": ["Choose a member of this household."],
    }
    assert SpecificNeed.objects.count() == 1


def test_need_remove(caseworker, household):
    need = need_add(actor=caseworker, household=household, code="woman_at_risk")
    need_remove(actor=caseworker, need=need)
    assert SpecificNeed.objects.count() == 0


# --- consent ----------------------------------------------------------------------------------


def test_consent_history_is_kept_and_the_latest_answer_counts(caseworker, household):
    assert consent_current(household) == {
        "relocation": None,
        "employers": None,
        "service_partners": None,
        "surveys": None,
    }
    consent_record(actor=caseworker, household=household, purpose="employers", given=True)
    consent_record(actor=caseworker, household=household, purpose="surveys", given=True)
    withdrawn = consent_record(
        actor=caseworker,
        household=household,
        purpose="employers",
        given=False,
        note="Withdrew by phone",
    )
    assert consent_current(household) == {
        "relocation": None,
        "employers": False,
        "service_partners": None,
        "surveys": True,
    }
    assert Consent.objects.filter(household=household, purpose="employers").count() == 2
    assert (withdrawn.recorded_by, withdrawn.note) == (caseworker, "Withdrew by phone")


def test_consent_unknown_purpose_is_refused(caseworker, household):
    with pytest.raises(ValidationFailed) as info:
        consent_record(actor=caseworker, household=household, purpose="marketing", given=True)
    assert info.value.errors == {"purpose": ["Choose one of the listed options."]}


# --- preferences ------------------------------------------------------------------------------


def test_preference_set_creates_then_updates(caseworker, household):
    city = CityFactory()
    first = preference_set(
        actor=caseworker, household=household, city=city, kind="preferred", rank=2
    )
    second = preference_set(
        actor=caseworker,
        household=household,
        city=city,
        kind="preferred",
        rank=1,
        note="Cousin nearby",
    )
    assert first.pk == second.pk
    assert (second.rank, second.note) == (1, "Cousin nearby")


def test_excluded_and_preferred_for_the_same_city_is_refused(caseworker, household):
    city = CityFactory()
    preference_set(actor=caseworker, household=household, city=city, kind="excluded")
    with pytest.raises(ValidationFailed) as info:
        preference_set(actor=caseworker, household=household, city=city, kind="preferred")
    assert info.value.errors == {
        "kind": ["This city is excluded for this household; remove that first."]
    }
    other = CityFactory()
    preference_set(actor=caseworker, household=household, city=other, kind="preferred")
    with pytest.raises(ValidationFailed) as info:
        preference_set(actor=caseworker, household=household, city=other, kind="excluded")
    assert info.value.errors == {
        "kind": ["This city is preferred for this household; remove that first."]
    }


def test_preference_refusals(caseworker, household):
    origin_city = CityFactory(kind=CityKind.ORIGIN)
    with pytest.raises(ValidationFailed) as info:
        preference_set(
            actor=caseworker, household=household, city=origin_city, kind="preferred", rank=0
        )
    assert info.value.errors == {
        "city": ["Choose a host city."],
        "rank": ["The rank starts at 1."],
    }
    relatives = preference_set(
        actor=caseworker, household=household, city=origin_city, kind="relatives"
    )
    assert relatives.kind == "relatives"


def test_preference_remove(caseworker, household):
    preference = preference_set(
        actor=caseworker, household=household, city=CityFactory(), kind="preferred"
    )
    preference_remove(actor=caseworker, preference=preference)
    assert household.preferences.count() == 0

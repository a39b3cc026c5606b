"""The one consent gate every exit goes through: the latest answer per purpose, at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from arraigo.jobs.models import Placement
from arraigo.registry.consent import consent_allows, consent_annotate, consent_filter
from arraigo.registry.models import Consent, ConsentPurpose, Household
from tests.jobs.factories import PlacementFactory

from .factories import HouseholdFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _answer(household: Household, purpose: str, given: bool, at: dt.datetime) -> None:
    Consent.objects.create(household=household, purpose=purpose, given=given, recorded_at=at)


def test_the_latest_answer_counts_and_never_asked_is_no():
    household = HouseholdFactory()
    assert consent_allows(household, ConsentPurpose.EMPLOYERS) is False

    _answer(household, ConsentPurpose.EMPLOYERS, True, T0)
    _answer(household, ConsentPurpose.EMPLOYERS, False, T0 + dt.timedelta(days=2))
    _answer(household, ConsentPurpose.SURVEYS, True, T0 + dt.timedelta(days=3))

    assert consent_allows(household, ConsentPurpose.EMPLOYERS) is False
    assert consent_allows(household, ConsentPurpose.EMPLOYERS, at=T0 + dt.timedelta(days=1))
    assert consent_allows(household, ConsentPurpose.SURVEYS) is True


def test_a_queryset_is_annotated_and_filtered_in_one_query(django_assert_num_queries):
    yes, withdrawn, never = PlacementFactory(), PlacementFactory(), PlacementFactory()
    _answer(yes.household, ConsentPurpose.EMPLOYERS, True, T0)
    _answer(withdrawn.household, ConsentPurpose.EMPLOYERS, True, T0)
    _answer(withdrawn.household, ConsentPurpose.EMPLOYERS, False, timezone.now())

    with django_assert_num_queries(1):
        rows = {
            p.pk: p.consent_given
            for p in consent_annotate(Placement.objects.all(), ConsentPurpose.EMPLOYERS)
        }
    allowed = consent_filter(Placement.objects.all(), ConsentPurpose.EMPLOYERS)

    assert rows == {yes.pk: True, withdrawn.pk: False, never.pk: None}
    assert list(allowed) == [yes]

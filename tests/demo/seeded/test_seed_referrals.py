"""The demo's referrals respect consent and dates, and the demo partner has some to answer."""

import pytest

from arraigo.demo.seed import SeedResult
from arraigo.outcomes.models import PlacementOutcome
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.registry.consent import consent_current

pytestmark = pytest.mark.django_db


def test_only_consenting_households_are_referred_after_arrival(seeded: SeedResult):
    arrived = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    referrals = list(Referral.objects.select_related("household", "service__provider"))
    today = seeded.dataset.reference_date

    assert referrals
    for referral in referrals:
        assert consent_current(referral.household)["service_partners"] is True
        assert arrived[referral.household_id] < referral.sent_at.date() <= today
        assert referral.service.provider_id == referral.provider_id
        assert referral.provider.city_id == referral.household.host_city_id
        assert referral.shared["household"] == referral.household.code


def test_every_status_is_there(seeded: SeedResult):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)

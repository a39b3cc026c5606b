"""Requests per token: a clear 429 with Retry-After beyond the rate."""

import pytest

from arraigo.accounts.models import Role
from arraigo.api.v1.ratelimit import Rate, rate_parse, rate_spend
from tests.accounts.factories import UserFactory
from tests.api.conftest import caller_for


def test_a_rate_reads_like_120_a_minute():
    assert rate_parse("120/min") == Rate(120, 60)
    assert rate_parse(" 5 / s ") == Rate(5, 1)
    assert rate_parse("1000/hour") == Rate(1000, 3600)
    assert rate_parse("10000/day") == Rate(10000, 86400)
    for wrong in ["", "120", "0/min", "12/fortnight", "-1/min"]:
        with pytest.raises(ValueError):
            rate_parse(wrong)


def test_a_window_refuses_beyond_its_count_until_it_ends(settings):
    settings.ARRAIGO_API_RATE = "2/min"
    start = 6_000_000.0  # a minute's first second
    assert rate_spend("k1", now=start) is None
    assert rate_spend("k1", now=start + 10) is None
    assert rate_spend("k1", now=start + 20.5) == 40  # seconds to the window's end
    assert rate_spend("k2", now=start + 21) is None  # another token has its own
    assert rate_spend("k1", now=start + 60) is None  # the next window


@pytest.mark.django_db
def test_beyond_the_rate_the_api_answers_429_with_retry_after(settings):
    settings.ARRAIGO_API_RATE = "3/day"
    caller = caller_for(UserFactory(role=Role.COORDINATOR))
    other = caller_for(UserFactory(role=Role.COORDINATOR))
    codes = [caller.get("/tokens").status_code for _index in range(3)]
    refused = caller.get("/tokens")
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 86400
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("Too many requests with this token")
    assert other.get("/tokens").status_code == 200

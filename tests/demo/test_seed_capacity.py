"""Demo capacities grow with the demo's size (issue 10, item 29): capacity is a flow of people
per period, so `arraigo seed --households 30000` does not start with every reception bed of
the year reserved, and its matching places households."""

from __future__ import annotations

import random

import pytest

from arraigo.demo.places import capacity_amount, capacity_scale, places_create
from arraigo.demo.reference import reference
from arraigo.places.models import Capacity, CapacityDimension


def test_capacity_scale_follows_the_number_of_households() -> None:
    reference_size = reference("places")["capacity_households"]
    assert reference_size == 2000
    assert capacity_scale(30_000) == 15.0
    assert capacity_scale(2_000) == 1.0
    assert capacity_scale(600) == 1.0  # small demos keep the stated capacities


def test_capacity_amount_is_per_100k_inhabitants_times_the_scale() -> None:
    # Saltillo (879,958 inhabitants), 12 reception beds per 100,000
    assert capacity_amount(879_958, 12, 1.0) == 106
    assert capacity_amount(879_958, 12, 15.0) == 1584
    assert capacity_amount(10_000, 12, 1.0) == 5  # never below five places


@pytest.mark.django_db
def test_a_demo_of_30000_households_gets_fifteen_times_the_reception_of_2000() -> None:
    # Given the places of a 30,000-household demo (the rest of the seed is not needed)
    places_create(random.Random(1), 2026, households=30_000)
    beds = dict(
        Capacity.objects.filter(dimension=CapacityDimension.RECEPTION_BEDS).values_list(
            "city__code", "amount"
        )
    )
    populations = {c["code"]: c["population"] for c in reference("places")["host_cities"]}
    per_100k = reference("places")["capacity_per_100k"]["reception_beds"]
    # Then every host city takes in fifteen times the people it would for 2,000 households
    assert beds == {
        code: max(5, round(population / 100_000 * per_100k * 15))
        for code, population in populations.items()
    }
    assert sum(beds.values()) >= 15 * sum(
        capacity_amount(p, per_100k, 1.0) for p in populations.values()
    ) - len(beds)
    assert not Capacity.objects.filter(reserved__gt=0).exists()

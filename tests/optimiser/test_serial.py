"""An instance stored as compressed JSON reads back equal, in the same order."""

import json
import zlib

import pytest

from arraigo.optimiser import City, GroupFloor, Household, Instance, Vacancy, solve
from arraigo.optimiser.serial import instance_dumps, instance_json, instance_loads
from arraigo.optimiser.synthetic import synthetic_instance


def full_instance() -> Instance:
    return Instance(
        dimensions=("people", "school"),
        households=(
            Household("h2", (3, 1), workers=("w2", "w3"), groups=frozenset({"b", "a"})),
            Household("h1", (1, 0)),
        ),
        cities=(City("B", (4, 1)), City("A", (2, 0))),
        outcome={("h2", "B"): 0.1 + 0.2, ("h1", "A"): 1 / 3, ("h1", "B"): 0.25},
        vacancies=(Vacancy("v1", "B", 2),),
        fit={("w3", "v1"): 0.7, ("w2", "v1"): 0.6},
        preference={("h1", "B"): 0.05},
        pins={"h2": "B"},
        bans=frozenset({("h1", "A")}),
        floors=(GroupFloor("a", 1),),
    )


def test_an_instance_reads_back_equal_with_every_order_kept():
    instance = full_instance()

    back = instance_loads(instance_dumps(instance))

    assert back == instance
    assert list(back.outcome) == list(instance.outcome)
    assert list(back.fit) == list(instance.fit)
    assert back.outcome[("h2", "B")] == 0.1 + 0.2  # the float itself, not a rounding
    assert solve(back).assignment == solve(instance).assignment


def test_a_large_instance_is_stored_compressed_and_solves_the_same():
    instance = synthetic_instance(60, n_cities=6, n_vacancies=40, seed=3)

    blob = instance_dumps(instance)

    assert len(blob) < len(json.dumps(instance_json(instance))) / 2
    assert instance_loads(blob) == instance


def test_another_format_is_refused():
    blob = zlib.compress(json.dumps({"format": 99}).encode())

    with pytest.raises(ValueError, match="stored instance has format 99, expected 1"):
        instance_loads(blob)

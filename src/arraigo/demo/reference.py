"""The demo's reference data (data/*.yaml) and the seeded draws made from it.

Every draw goes through a `random.Random` the caller seeded: nothing here reads the clock or
depends on hash order, so the same seed gives the same data. Weights are read in file order.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

K = TypeVar("K")
# libyaml's safe loader when PyYAML was built with it (ten times faster), else the Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def reference(name: str) -> dict[str, Any]:
    """One data file (programme, names, places, employers, skills), read once per process."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader
    return data


def reference_date() -> dt.date:
    """The demo's fixed "today" (programme.yaml): ages and statuses are computed from it."""
    value = reference("programme")["reference_date"]
    assert isinstance(value, dt.date)
    return value


def pick(rng: random.Random, weights: Mapping[K, float]) -> K:
    """One key of `weights`, with probability proportional to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def between(rng: random.Random, bounds: Sequence[int]) -> int:
    """An integer in [low, high], both included."""
    low, high = bounds
    return rng.randint(int(low), int(high))


def quotas(rng: random.Random, weights: Mapping[K, float], n: int) -> list[K]:
    """`n` keys in shuffled order whose counts follow `weights` as closely as integers allow.

    Largest-remainder rounding: the shares asked for come out exactly (to one household)
    whatever the seed, which is what the demo's headline figures need.
    """
    total = sum(float(w) for w in weights.values())
    exact = {k: float(w) * n / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    position = {k: i for i, k in enumerate(weights)}
    order = sorted(weights, key=lambda k: (-(exact[k] - counts[k]), position[k]))
    for key in order[: n - sum(counts.values())]:
        counts[key] += 1
    items = [key for key in weights for _ in range(counts[key])]
    rng.shuffle(items)
    return items


def stream(seed: int, part: str) -> random.Random:
    """An independent random stream per part of the data: changing the number of employers
    does not change the households drawn with the same seed."""
    return random.Random(f"arraigo-demo:{seed}:{part}")

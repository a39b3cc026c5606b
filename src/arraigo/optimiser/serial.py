"""An instance as compressed JSON, so a solve can be stored and replayed exactly.

Every mapping is written as a list in its own order (the order of `outcome` is the order of
the model's columns, which can decide between equal optima), and floats as JSON writes
them (`repr`, which reads back to the same float). `instance_loads(instance_dumps(i)) == i`.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

from .instance import City, GroupFloor, Household, Instance, Vacancy

FORMAT = 1  # bumped when the layout changes; `instance_loads` refuses another


def _pairs(table: Mapping[tuple[str, str], float]) -> list[list[Any]]:
    return [[a, b, value] for (a, b), value in table.items()]


def instance_json(instance: Instance) -> dict[str, Any]:
    """The instance as plain JSON data."""
    return {
        "format": FORMAT,
        "dimensions": list(instance.dimensions),
        "households": [
            {
                "id": h.id,
                "sizes": list(h.sizes),
                "workers": list(h.workers),
                "groups": sorted(h.groups),
            }
            for h in instance.households
        ],
        "cities": [{"id": c.id, "capacity": list(c.capacity)} for c in instance.cities],
        "outcome": _pairs(instance.outcome),
        "vacancies": [{"id": v.id, "city": v.city, "seats": v.seats} for v in instance.vacancies],
        "fit": _pairs(instance.fit),
        "preference": _pairs(instance.preference),
        "pins": [[h, c] for h, c in instance.pins.items()],
        "bans": sorted([h, c] for h, c in instance.bans),
        "floors": [{"group": f.group, "minimum": f.minimum} for f in instance.floors],
    }


def instance_from_json(data: Mapping[str, Any]) -> Instance:
    """The instance `instance_json` wrote."""
    if data.get("format") != FORMAT:
        raise ValueError(f"stored instance has format {data.get('format')!r}, expected {FORMAT}")
    return Instance(
        dimensions=tuple(data["dimensions"]),
        households=tuple(
            Household(
                id=h["id"],
                sizes=tuple(h["sizes"]),
                workers=tuple(h["workers"]),
                groups=frozenset(h["groups"]),
            )
            for h in data["households"]
        ),
        cities=tuple(City(id=c["id"], capacity=tuple(c["capacity"])) for c in data["cities"]),
        outcome={(a, b): float(s) for a, b, s in data["outcome"]},
        vacancies=tuple(
            Vacancy(id=v["id"], city=v["city"], seats=v["seats"]) for v in data["vacancies"]
        ),
        fit={(a, b): float(s) for a, b, s in data["fit"]},
        preference={(a, b): float(s) for a, b, s in data["preference"]},
        pins=dict(data["pins"]),
        bans=frozenset((h, c) for h, c in data["bans"]),
        floors=tuple(GroupFloor(f["group"], f["minimum"]) for f in data["floors"]),
    )


def instance_dumps(instance: Instance) -> bytes:
    """The instance as zlib-compressed JSON."""
    text = json.dumps(instance_json(instance), separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode())


def instance_loads(blob: bytes) -> Instance:
    """The instance `instance_dumps` wrote."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    return instance_from_json(data)

"""What a run stores besides the assignment: each proposal's explanation and the run summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arraigo.optimiser import Instance, Result

from .adapter import HouseholdFacts

ALTERNATIVES = 3


def household_explanation(
    instance: Instance,
    result: Result,
    household_id: str,
    contributions: Mapping[tuple[str, str], tuple[tuple[str, float], ...]],
    city_names: Mapping[str, str],
) -> dict[str, Any]:
    """Factors of the score in the proposed city, the next best cities and why they lost, and
    the capacity constraints of the proposed city that bound (used to the full)."""
    city = result.assignment[household_id]
    household = next(h for h in instance.households if h.id == household_id)
    used = {c: [0] * len(instance.dimensions) for c in (c.id for c in instance.cities)}
    for h in instance.households:
        placed = result.assignment.get(h.id)
        if placed is not None:
            used[placed] = [u + s for u, s in zip(used[placed], h.sizes, strict=True)]
    capacity = {c.id: c.capacity for c in instance.cities}

    def total(c_id: str) -> float:
        pair = (household_id, c_id)
        return instance.outcome[pair] + instance.preference.get(pair, 0.0)

    chosen = total(city)
    others = sorted(
        (c for (h, c) in instance.outcome if h == household_id and c != city),
        key=lambda c: (-total(c), int(c) if c.isdigit() else c),
    )
    alternatives = []
    for c_id in others[:ALTERNATIVES]:
        full = [
            dim
            for d, dim in enumerate(instance.dimensions)
            if household.sizes[d] and used[c_id][d] + household.sizes[d] > capacity[c_id][d]
        ]
        if full:
            reason, detail = "capacity_full", full
        elif total(c_id) > chosen:
            reason, detail = "better_for_others", []
        else:
            reason, detail = "lower_score", []
        alternatives.append(
            {
                "city": c_id,
                "city_name": city_names.get(c_id, c_id),
                "score": round(total(c_id), 6),
                "reason": reason,
                "dimensions": detail,
            }
        )
    factors = [[label, value] for label, value in contributions.get((household_id, city), ())]
    preference = instance.preference.get((household_id, city), 0.0)
    if preference:
        factors.append(["Household preference", round(preference, 6)])
    binding = sorted(
        dim
        for (c_id, dim) in result.binding
        if c_id == city and household.sizes[instance.dimensions.index(dim)]
    )
    return {"factors": factors, "alternatives": alternatives, "binding": binding}


def run_summary(
    instance: Instance, result: Result, facts: Mapping[str, HouseholdFacts]
) -> dict[str, list[dict[str, Any]]]:
    """Households, placed and mean predicted outcome (of those placed) per nationality of the
    head, sex of the head and specific-needs group, so unequal effects are visible."""
    keys = {
        "nationality": lambda f: f.nationality or "-",
        "head_sex": lambda f: f.head_sex or "-",
        "specific_needs": lambda f: "yes" if f.specific_needs else "no",
    }
    summary: dict[str, list[dict[str, Any]]] = {}
    for name, key in keys.items():
        groups: dict[str, dict[str, Any]] = {}
        for h in instance.households:
            group = key(facts[h.id])
            row = groups.setdefault(
                group, {"group": group, "households": 0, "placed": 0, "_s": 0.0}
            )
            row["households"] += 1
            city = result.assignment.get(h.id)
            if city is not None:
                row["placed"] += 1
                row["_s"] += instance.outcome[(h.id, city)]
        rows = []
        for group in sorted(groups):
            row = groups[group]
            score_sum = row.pop("_s")
            row["mean_score"] = round(score_sum / row["placed"], 4) if row["placed"] else None
            rows.append(row)
        summary[name] = rows
    return summary

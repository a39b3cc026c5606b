"""What a run stores besides the assignment: each proposal's explanation and the run summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arraigo.optimiser import Instance, Result
from arraigo.optimiser.explain import Explanation

from .adapter import HouseholdFacts

# The run summary's groupings, in the order pages and the command show them (the stored JSON
# may come back with its keys reordered: PostgreSQL's jsonb sorts them).
SUMMARY_GROUPS = ("nationality", "head_sex", "head_protection", "specific_needs")

Contributions = Mapping[tuple[str, str], tuple[tuple[str, float], ...]]


def household_explanation(
    explanation: Explanation,
    contributions: Contributions,
    city_names: Mapping[str, str],
) -> dict[str, Any]:
    """The optimiser's explanation of a placed household as JSON for its proposal.

    factors: the outcome model's signed contributions in the proposed city, then the
    preference bonus and the jobs' fit; alternatives: the next best cities, their scores and
    why they lost; binding: capacity dimensions used to the full in the proposed city.
    """
    city = explanation.city or ""
    factors: list[list[Any]] = [
        [label, value] for label, value in contributions.get((explanation.household, city), ())
    ]
    if explanation.preference:
        factors.append(["Household preference", round(explanation.preference, 6)])
    if explanation.jobs:
        factors.append(["Fit of the proposed jobs", round(explanation.job_fit, 6)])
    return {
        "outcome": explanation.outcome,
        "preference": round(explanation.preference or 0.0, 6),
        "job_fit": round(explanation.job_fit, 6),
        "factors": factors,
        "alternatives": [
            {
                "city": alt.city,
                "city_name": city_names.get(alt.city, alt.city),
                "score": None if alt.total is None else round(alt.total, 6),
                "outcome": None if alt.outcome is None else round(alt.outcome, 6),
                "preference": round(alt.preference, 6),
                "job_fit": round(alt.job_fit, 6),
                "reason": str(alt.lost),
                "dimensions": list(alt.full_dimensions),
                "floor_group": alt.floor_group,
            }
            for alt in explanation.alternatives
        ],
        "binding": list(explanation.capacity_bound),
    }


def run_totals(instance: Instance, result: Result) -> dict[str, float]:
    """The plan's score in parts: predicted outcomes, preference bonuses, jobs' fit."""
    outcome = sum(instance.outcome[pair] for pair in result.assignment.items())
    preference = sum(instance.preference.get(pair, 0.0) for pair in result.assignment.items())
    job_fit = sum(instance.fit[pair] for pair in result.jobs.items())
    return {
        "outcome": round(outcome, 6),
        "preference": round(preference, 6),
        "job_fit": round(job_fit, 6),
    }


def run_summary(
    instance: Instance, result: Result, facts: Mapping[str, HouseholdFacts]
) -> dict[str, list[dict[str, Any]]]:
    """Households, placed and mean predicted outcome (of those placed) per nationality of the
    head, sex of the head, protection status of the head and specific-needs group, so unequal
    effects are visible."""
    keys = {
        "nationality": lambda f: f.nationality or "-",
        "head_sex": lambda f: f.head_sex or "-",
        "head_protection": lambda f: f.head_protection or "-",
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


def capacity_report(
    instance: Instance, result: Result, city_names: Mapping[str, str]
) -> dict[str, Any]:
    """Which capacity, in which cities, kept households out of the run.

    A household is stopped by capacity when it has compatible cities (not banned) and, in
    every one of them, at least one dimension has less left than it needs once the run's
    placements are counted. For each such dimension: how many stopped households it blocked
    somewhere, and the cities where it did, with what they had left before the run and what
    the run used. Dimensions with the most households first; cities by name.
    """
    dims = instance.dimensions
    start = {c.id: c.capacity for c in instance.cities}
    used = {c.id: [0] * len(dims) for c in instance.cities}
    sizes = {h.id: h.sizes for h in instance.households}
    for h_id, c_id in result.assignment.items():
        used[c_id] = [u + s for u, s in zip(used[c_id], sizes[h_id], strict=True)]
    options: dict[str, list[str]] = {}
    for h_id, c_id in instance.outcome:
        if (h_id, c_id) not in instance.bans:
            options.setdefault(h_id, []).append(c_id)
    stopped = 0
    households: dict[str, int] = {}
    cities: dict[str, set[str]] = {}
    for household in instance.households:
        if household.id in result.assignment or not options.get(household.id):
            continue
        short: dict[str, set[str]] = {}
        for c_id in options[household.id]:
            blocked = [
                dim
                for d, dim in enumerate(dims)
                if household.sizes[d] and used[c_id][d] + household.sizes[d] > start[c_id][d]
            ]
            if not blocked:
                break  # room somewhere: left out for another reason
            for dim in blocked:
                short.setdefault(dim, set()).add(c_id)
        else:
            stopped += 1
            for dim, where in short.items():
                households[dim] = households.get(dim, 0) + 1
                cities.setdefault(dim, set()).update(where)
    rows = []
    for dim in sorted(households, key=lambda d: (-households[d], dims.index(d))):
        d = dims.index(dim)
        rows.append(
            {
                "dimension": dim,
                "households": households[dim],
                "cities": [
                    {
                        "city": city_names.get(c_id, c_id),
                        "left": start[c_id][d],
                        "used": used[c_id][d],
                    }
                    for c_id in sorted(cities[dim], key=lambda c: city_names.get(c, c))
                ],
            }
        )
    return {"stopped": stopped, "dimensions": rows}

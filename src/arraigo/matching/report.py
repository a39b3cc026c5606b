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
        "factors": factors,
        "alternatives": [
            {
                "city": alt.city,
                "city_name": city_names.get(alt.city, alt.city),
                "score": None if alt.score is None else round(alt.score, 6),
                "reason": str(alt.lost),
                "dimensions": list(alt.full_dimensions),
            }
            for alt in explanation.alternatives
        ],
        "binding": list(explanation.capacity_bound),
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

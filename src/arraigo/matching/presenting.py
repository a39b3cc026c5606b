"""What the matching pages show, in the programme's words, built from stored runs and proposals.

Read-only helpers for the views (no writes): the parts of a proposal's score, which add up to
the total shown; the household the proposal is for (size, needs, preferences, who would take
which job); and a run's figures (expected adults or households in work, share of the best
possible plan, comparison with first come, first served).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.registry.models import NeedCode, PreferenceKind, Relationship

from .adapter import WORK_AGES
from .labels import factor_label
from .models import MatchingRun, Objective, Proposal, ProposalJob

AGE_GROUPS = ((0, 5), (6, 17), (18, 29), (30, 44), (45, 59), (60, 200))


def outcome_label(run: MatchingRun) -> str:
    """What the predicted outcome of a household means under the run's objective."""
    if run.parameters.get("objective") == Objective.EXPECTED_EMPLOYED:
        return _("Expected adults in work")
    return _("Chance that at least one adult finds work")


def plan_outcome_label(run: MatchingRun) -> str:
    """What the sum of the placed households' outcomes means under the run's objective."""
    if run.parameters.get("objective") == Objective.EXPECTED_EMPLOYED:
        return _("expected adults in work")
    return _("expected households with someone in work")


@dataclass(frozen=True)
class Part:
    label: str
    value: float
    detail: str = ""


def score_parts(proposal: Proposal, jobs: Sequence[ProposalJob]) -> tuple[list[Part], float]:
    """The parts of the proposal's score in the city offered, and their total.

    The predicted outcome, the household's preference bonus (in the proposed city; none for
    a city offered instead), and the fit of the jobs proposed now (for an override, those
    proposed again in the new city). The parts add up to the total, to the rounding shown.
    """
    stored = proposal.explanation or {}
    preference = float(stored.get("preference") or _preference_of(stored))
    outcome = stored.get("outcome")
    if outcome is None:
        outcome = proposal.score - preference
    overridden = proposal.override_city_id is not None
    if overridden:  # the run's figures are the proposed city's: say only what is known
        preference = 0.0
    fit = sum(job.fit for job in jobs)
    parts = [Part(outcome_label(proposal.run), float(outcome))]
    if overridden:
        parts[0] = Part(
            parts[0].label,
            float(outcome),
            _("estimated for the proposed city, not the offered one"),
        )
    if preference:
        parts.append(Part(_("Household preference"), preference))
    parts.append(Part(_("Fit of the proposed jobs"), fit))
    return parts, sum(p.value for p in parts)


def _preference_of(stored: dict[str, Any]) -> float:
    for label, value in stored.get("factors", []):
        if label == "Household preference":
            return float(value)
    return 0.0


# Factors of the outcome model: everything in the stored list but the parts above.
PARTS_STORED_AS_FACTORS = {"Household preference", "Fit of the proposed jobs"}


def model_factors(stored: dict[str, Any]) -> list[dict[str, Any]]:
    """What moved the predicted outcome up or down, strongest first, in words."""
    rows = [
        (str(label), float(value))
        for label, value in stored.get("factors", [])
        if label not in PARTS_STORED_AS_FACTORS and float(value)
    ]
    rows.sort(key=lambda row: -abs(row[1]))
    return [
        {
            "label": factor_label(label),
            "raises": value > 0,
            "direction": _("raises the chance") if value > 0 else _("lowers the chance"),
        }
        for label, value in rows
    ]


def _age_group(age: int) -> str:
    for low, high in AGE_GROUPS:
        if low <= age <= high:
            return f"{low}-{high}" if high < 200 else f"{low}+"
    return ""


def household_view(proposal: Proposal, user: User, jobs: Sequence[ProposalJob]) -> dict[str, Any]:
    """The household behind the proposal: size, needs, preferences, and each member with the
    job proposed to them. Names for those who may read them, else a label by relationship and
    an age group (no birth dates)."""
    household = proposal.household
    day = proposal.run.period_start
    names = sees_names(user)
    job_of = {job.person_id: job for job in jobs}
    members = list(household.members.order_by("id"))
    counters: dict[str, int] = {}
    rows = []
    for person in members:
        age = person.age_on(day)
        relationship = Relationship(person.relationship).label
        counters[person.relationship] = counters.get(person.relationship, 0) + 1
        label = (
            person.full_name
            if names
            else (
                str(relationship)
                if person.relationship == Relationship.HEAD
                else f"{relationship} {counters[person.relationship]}"
            )
        )
        can_work = (
            WORK_AGES[0] <= age <= WORK_AGES[1] and person.willing_to_work and person.able_to_work
        )
        rows.append(
            {
                "label": label,
                "relationship": relationship,
                "age": str(age) if names else _age_group(age),
                "sex": person.get_sex_display(),
                "can_work": can_work,
                "job": job_of.get(person.pk),
            }
        )
    adults = sum(1 for p in members if p.age_on(day) >= 18)
    prefs = list(household.preferences.select_related("city").order_by("kind", "rank", "id"))
    return {
        "size": len(members),
        "adults": adults,
        "children": len(members) - adults,
        "workers": sum(1 for r in rows if r["can_work"]),
        "needs": [
            str(NeedCode(c).label) if c in NeedCode.values else c
            for c in household.needs.values_list("code", flat=True).order_by("code")
        ],
        "preferred": [p.city.name for p in prefs if p.kind == PreferenceKind.PREFERRED],
        "relatives": [p.city.name for p in prefs if p.kind == PreferenceKind.RELATIVES],
        "excluded": [p.city.name for p in prefs if p.kind == PreferenceKind.EXCLUDED],
        "members": rows,
        "names": names,
    }


def run_figures(run: MatchingRun) -> dict[str, Any]:
    """A finished run's figures in the programme's words."""
    totals = run.summary.get("totals") or {}
    outcome = totals.get("outcome")
    if outcome is None:  # runs stored before the totals: from the summary's mean outcomes
        rows = run.summary.get("nationality", [])
        outcome = sum((r.get("mean_score") or 0.0) * r.get("placed", 0) for r in rows)
    share = None
    if run.objective is not None and run.bound:
        share = min(100.0, 100 * run.objective / run.bound)
    return {
        "outcome": outcome,
        "outcome_label": plan_outcome_label(run),
        "share_of_best": share,
        "preference": totals.get("preference"),
        "job_fit": totals.get("job_fit"),
    }

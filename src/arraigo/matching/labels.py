"""Words for people in place of the codes and English texts that runs and proposals store.

Runs keep the optimiser's codes (termination, why an alternative lost, why a household was
left out), the summary's group codes (ISO country, sex code, "yes"/"no") and the explanation's
factor texts as they were written; these functions put them in the active language when a
page or command shows them. A value they do not know comes back unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from arraigo.core.choices import Sex
from arraigo.places.models import CapacityDimension
from arraigo.registry.protection import protection_label

# How the solver ended (optimiser.Status values); the keys are plain strings so that loading
# the models does not import the optimiser. tests/matching/test_labels.py checks they match.
TERMINATION_LABELS: Mapping[str, Promise] = {
    "optimal": _("Optimal"),
    "feasible_at_limit": _("Feasible, stopped at the time limit"),
    "feasible": _("Feasible (heuristic)"),
    "infeasible": _("Infeasible"),
    "no_solution_at_limit": _("No solution within the time limit"),
    "error": _("Solver error"),
}

# Why an alternative city lost (optimiser.explain.Lost values).
LOST_LABELS: Mapping[str, Promise] = {
    "capacity full": _("No room left"),
    "capacity taken to meet a fairness floor": _(
        "No room left: its places went to meet a fairness floor"
    ),
    "household preference": _("Better chance of work, but the household prefers the proposed city"),
    "better jobs in the proposed city": _(
        "Better chance of work, but the proposed city has jobs that fit better"
    ),
    "better for the placement as a whole": _(
        "Higher score, but its place did more for other households"
    ),
    "incompatible": _("Incompatible (excluded, or a need the city cannot serve)"),
    "banned": _("Ruled out by a caseworker"),
    "lower score": _("Lower score"),
}

# Why a household was left out (optimiser.explain.Unplaced values).
UNPLACED_LABELS: Mapping[str, Promise] = {
    "no compatible city": _("no compatible city"),
    "every compatible city full": _("every compatible city is full"),
    "room left but placing it would lower the total": _(
        "room left, but placing it would lower the total"
    ),
}

# The run summary writes "-" for a household whose head has no nationality or sex on record.
MISSING_GROUP = "-"
YES_NO: Mapping[str, Promise] = {"yes": _("Yes"), "no": _("No")}

# Factors the matching app writes itself, as stored: report.household_explanation and the
# fallback prior of scoring.py (English, whatever the language of the run).
OWN_FACTORS: Mapping[str, Promise] = {
    "Household preference": _("Household preference"),
    "Fit of the proposed jobs": _("Fit of the proposed jobs"),
    "Working-age members": _("Working-age members"),
    "City wage level": _("City wage level"),
}


def _label(labels: Mapping[str, Promise], code: str) -> str:
    label = labels.get(code)
    return code if label is None else str(label)


def termination_label(code: str) -> str:
    return _label(TERMINATION_LABELS, code)


def lost_label(code: str) -> str:
    return _label(LOST_LABELS, code)


def unplaced_label(code: str) -> str:
    return _label(UNPLACED_LABELS, code)


def dimension_label(code: str) -> str:
    return str(CapacityDimension(code).label) if code in CapacityDimension.values else code


def dimension_labels(codes: Iterable[str]) -> list[str]:
    return [dimension_label(code) for code in codes]


def group_label(grouping: str, code: str) -> str:
    """A run-summary group in words: the country's name, the sex, yes or no."""
    if code == MISSING_GROUP and grouping in {"nationality", "head_sex", "head_protection"}:
        return str(_("Not recorded"))
    if grouping == "head_protection":
        return protection_label(code)
    if grouping == "nationality":
        return str(countries.name(code)) or code
    if grouping == "head_sex":
        return str(Sex(code).label) if code in Sex.values else code
    if grouping == "specific_needs":
        return _label(YES_NO, code)
    return code


@functools.cache
def _outcome_factors() -> dict[str, str]:
    """Stored text of each outcome-model factor -> the factor's name.

    The outcome model labels factors in the language active when the run was computed (a run
    started from a Spanish page stores Spanish), so every configured language is mapped back.
    """
    if not apps.is_installed("arraigo.outcomes"):
        return {}
    from arraigo.outcomes.features import LEARNED_FEATURES, feature_label

    texts: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts.update((feature_label(name), name) for name in LEARNED_FEATURES)
    return texts


def factor_label(stored: str) -> str:
    """An explanation factor in the active language, whichever language it was stored in."""
    own = OWN_FACTORS.get(stored)
    if own is not None:
        return str(own)
    feature = _outcome_factors().get(stored)
    if feature is None:
        return stored
    from arraigo.outcomes.features import feature_label

    return feature_label(feature)


# Groups a run can set a fairness floor for (optimiser.GroupFloor.group, as the adapter names them).
FLOOR_GROUPS: Mapping[str, Promise] = {
    "specific_needs": _("households with specific needs"),
    "single_parent": _("single-parent households"),
}


def floor_group_label(code: str) -> str:
    return _label(FLOOR_GROUPS, code)

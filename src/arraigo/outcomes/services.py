"""Training the outcome model on the programme's own follow-up history: the six-month survey
answers (a household's outcome: at least one member answered formal = yes), joined to the
household's profile and its host city's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from arraigo.core.errors import ValidationFailed
from arraigo.places.models import City
from arraigo.registry.models import Household, Person, Relationship

from .features import LEARNED_FEATURES, CityArrays, HouseholdArrays, feature_values
from .models import ModelKind, OutcomeModel, TrainingSource
from .profiles import city_profiles, household_profiles
from .scoring import priors_load, sigmoid
from .selectors import SurveyOutcome, six_month_outcomes

MIN_OUTCOMES = 200
CALIBRATION_BINS = 10


# The groups the model card compares predicted and observed outcomes for, in its order.
GROUPINGS = ("head_sex", "nationality", "specific_needs")


@dataclass(frozen=True)
class History:
    """The outcomes as a feature matrix (rows x LEARNED_FEATURES) and a 0/1 target, with
    each row's groups (GROUPINGS) and the interviews' first and last days."""

    features: np.ndarray
    target: np.ndarray
    prior_logits: np.ndarray
    groups: dict[str, list[str]]
    first: dt.date | None
    last: dt.date | None


def outcome_history(outcomes: Sequence[SurveyOutcome] | None = None) -> History:
    """Each household's six-month outcome with its household's and city's features."""
    rows = list(six_month_outcomes() if outcomes is None else outcomes)
    ids = [r.household_id for r in rows]
    households = household_profiles(Household.objects.filter(id__in=ids).order_by("id"))
    cities = city_profiles(City.objects.filter(id__in={r.city_id for r in rows}).order_by("id"))
    h_index = {p.id: i for i, p in enumerate(households)}
    c_index = {p.id: i for i, p in enumerate(cities)}
    h_rows = [h_index[str(r.household_id)] for r in rows]
    h = HouseholdArrays.of(households).take(np.array(h_rows, dtype=int))
    c = CityArrays.of(cities).take(np.array([c_index[str(r.city_id)] for r in rows], dtype=int))
    priors = priors_load()
    prior_logits = priors.intercept + priors.terms(feature_values(priors.names, h, c)).sum(axis=-1)
    head_sex = dict(
        Person.objects.filter(household_id__in=ids, relationship=Relationship.HEAD).values_list(
            "household_id", "sex"
        )
    )
    profiles = [households[i] for i in h_rows]
    return History(
        features=feature_values(LEARNED_FEATURES, h, c).reshape(len(rows), len(LEARNED_FEATURES)),
        target=np.array([r.formal for r in rows], dtype=int),
        prior_logits=prior_logits.reshape(len(rows)),
        groups={
            "head_sex": [str(head_sex.get(r.household_id) or "-") for r in rows],
            "nationality": [p.nationality or "-" for p in profiles],
            "specific_needs": ["yes" if p.has_specific_needs else "no" for p in profiles],
        },
        first=min((r.date for r in rows), default=None),
        last=max((r.date for r in rows), default=None),
    )


def group_table(
    groups: dict[str, list[str]], predicted: np.ndarray, observed: np.ndarray
) -> dict[str, list[dict[str, Any]]]:
    """Per grouping, per group (sorted): rows, mean predicted probability, share observed."""
    table: dict[str, list[dict[str, Any]]] = {}
    for name, keys in groups.items():
        labels = np.array(keys, dtype=object)
        table[name] = [
            {
                "group": str(group),
                "count": int(mask.sum()),
                "mean_predicted": float(predicted[mask].mean()),
                "observed": float(observed[mask].mean()),
            }
            for group in sorted(set(keys))
            for mask in [labels == group]
        ]
    return table


def calibration_table(predicted: np.ndarray, observed: np.ndarray) -> list[dict[str, Any]]:
    """Ten equal-width bins of predicted probability: count, mean predicted, share observed."""
    edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    which = np.clip(np.digitize(predicted, edges[1:-1], right=False), 0, CALIBRATION_BINS - 1)
    table = []
    for b in range(CALIBRATION_BINS):
        mask = which == b
        count = int(mask.sum())
        table.append(
            {
                "low": round(float(edges[b]), 2),
                "high": round(float(edges[b + 1]), 2),
                "count": count,
                "mean_predicted": float(predicted[mask].mean()) if count else None,
                "observed": float(observed[mask].mean()) if count else None,
            }
        )
    return table


@transaction.atomic
def outcome_model_train(
    *, seed: int = 0, test_share: float = 0.25, activate: bool = False
) -> OutcomeModel:
    """Fit a standardised logistic regression on the history; store it as the newest model.

    The new model is put in use only when it ranks the held-out households at least as well
    as the priors do (its AUC is not below theirs on the same rows), or when `activate` says
    so: a model learned from a thin history must not make matching worse than the stated
    weights. Otherwise it is stored inactive and the model in use stays as it was.

    A share `test_share` of the outcomes (stratified, drawn with `seed`) is held out: the
    stored AUC, Brier score, calibration table and per-group table are measured on it, and
    so is the priors' AUC on the same rows for comparison. The model is stored as numbers,
    never pickled.
    """
    if not 0.05 <= test_share <= 0.5:
        raise ValidationFailed({"test_share": [_("The held-out share must be 0.05 to 0.5.")]})
    outcomes = six_month_outcomes()
    count = len(outcomes)
    if count < MIN_OUTCOMES:
        raise ValidationFailed(
            {
                None: [
                    _(
                        "Too little follow-up history to learn from: %(count)d households "
                        "answered the six-month survey, at least %(minimum)d needed. The "
                        "priors stay in use."
                    )
                    % {"count": count, "minimum": MIN_OUTCOMES}
                ]
            }
        )
    history = outcome_history(outcomes)
    if len(set(history.target.tolist())) < 2:
        raise ValidationFailed(
            {None: [_("Every outcome in the history is the same; nothing to learn from.")]}
        )
    index = np.arange(len(history.target))
    train, test = train_test_split(
        index, test_size=test_share, random_state=seed, stratify=history.target
    )
    scaler = StandardScaler().fit(history.features[train])
    regression = LogisticRegression(C=1.0, max_iter=2000)
    regression.fit(scaler.transform(history.features[train]), history.target[train])
    predicted = regression.predict_proba(scaler.transform(history.features[test]))[:, 1]
    observed = history.target[test]
    names = list(LEARNED_FEATURES)
    scales = [float(s) if s > 0 else 1.0 for s in scaler.scale_]
    top = OutcomeModel.objects.filter(kind=ModelKind.LEARNED).aggregate(top=Max("version"))
    auc = float(roc_auc_score(observed, predicted))
    prior_auc = float(roc_auc_score(observed, sigmoid(history.prior_logits[test])))
    return OutcomeModel.objects.create(
        kind=ModelKind.LEARNED,
        version=int(top["top"] or 0) + 1,
        trained_on=len(train),
        test_rows=len(test),
        seed=seed,
        auc=auc,
        brier=float(brier_score_loss(observed, predicted)),
        prior_auc=prior_auc,
        calibration=calibration_table(predicted, observed),
        groups=group_table(
            {name: [keys[i] for i in test] for name, keys in history.groups.items()},
            predicted,
            observed,
        ),
        source=TrainingSource.MONTH6_SURVEYS,
        data_from=history.first,
        data_to=history.last,
        features=names,
        coefficients={
            "intercept": float(regression.intercept_[0]),
            "weights": dict(zip(names, map(float, regression.coef_[0]), strict=True)),
            "means": dict(zip(names, map(float, scaler.mean_), strict=True)),
            "scales": dict(zip(names, scales, strict=True)),
        },
        active=activate or auc >= prior_auc,
    )

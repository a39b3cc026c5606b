"""A logistic model as numbers, the priors file, and the score table over households x cities.

Both the priors and a learned model are a `LinearModel`: the log-odds of a row x are
intercept + sum_k w_k (x_k - m_k) / s_k (m = 0, s = 1 for the priors, whose weights apply to
the raw features). A factor's contribution is its term w_k (x_k - m_k) / s_k.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.conf import settings

from .features import CityArrays, HouseholdArrays, feature_label, feature_values
from .types import CityProfile, HouseholdProfile, ScoreTable

PRIORS_FILE = "outcome_priors.yaml"
OBJECTIVES = ("any_employed", "expected_employed")
TOP_FACTORS = 5


@dataclass(frozen=True)
class LinearModel:
    kind: str
    version: str
    names: tuple[str, ...]
    intercept: float
    weights: np.ndarray
    means: np.ndarray
    scales: np.ndarray

    def terms(self, values: np.ndarray) -> np.ndarray:
        """Each factor's contribution to the log-odds, shaped like `values`."""
        result: np.ndarray = self.weights * (values - self.means) / self.scales
        return result

    @classmethod
    def from_coefficients(
        cls, *, kind: str, version: str, names: Sequence[str], coefficients: Mapping[str, Any]
    ) -> LinearModel:
        """From the stored JSON: {"intercept", "weights", "means", "scales"} by feature name."""
        means = coefficients.get("means", {})
        scales = coefficients.get("scales", {})
        return cls(
            kind=kind,
            version=version,
            names=tuple(names),
            intercept=float(coefficients["intercept"]),
            weights=np.array([float(coefficients["weights"][n]) for n in names]),
            means=np.array([float(means.get(n, 0.0)) for n in names]),
            scales=np.array([float(scales.get(n, 1.0)) or 1.0 for n in names]),
        )


def priors_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / PRIORS_FILE


@functools.cache
def _priors_at(path: Path) -> LinearModel:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    weights = data["weights"]
    return LinearModel.from_coefficients(
        kind="prior",
        version=f"prior-{int(data['version'])}",
        names=list(weights),
        coefficients={"intercept": data["intercept"], "weights": weights},
    )


def priors_load() -> LinearModel:
    """The programme's priors (outcome_priors.yaml), read once per file."""
    return _priors_at(priors_path())


def sigmoid(logits: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
    return result


def expected_employed(probability: np.ndarray, workers: np.ndarray) -> np.ndarray:
    """Expected members in work from p = P(at least one of w workers in work).

    Approximation: the w workers find work independently with one probability q, so
    p = 1 - (1 - q)^w, q = 1 - (1 - p)^(1/w) and the expectation is w q (0 without workers).
    """
    w = np.maximum(workers, 1.0)
    per_worker = 1.0 - np.power(np.clip(1.0 - probability, 0.0, 1.0), 1.0 / w)
    result: np.ndarray = np.where(workers > 0, workers * per_worker, 0.0)
    return result


class PairScores(Mapping[tuple[str, str], float]):
    """(household id, city id) -> score, backed by the households x cities `matrix`."""

    def __init__(self, household_ids: Sequence[str], city_ids: Sequence[str], matrix: np.ndarray):
        self.household_ids = tuple(household_ids)
        self.city_ids = tuple(city_ids)
        self.matrix = matrix
        self._rows = {h: i for i, h in enumerate(self.household_ids)}
        self._columns = {c: j for j, c in enumerate(self.city_ids)}

    def index(self, key: tuple[str, str]) -> tuple[int, int]:
        household, city = key
        return self._rows[household], self._columns[city]

    def __getitem__(self, key: tuple[str, str]) -> float:
        return float(self.matrix[self.index(key)])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((h, c) for h in self.household_ids for c in self.city_ids)

    def __len__(self) -> int:
        return len(self.household_ids) * len(self.city_ids)

    def __contains__(self, key: object) -> bool:
        return (
            isinstance(key, tuple)
            and len(key) == 2
            and key[0] in self._rows
            and key[1] in self._columns
        )


class PairContributions(Mapping[tuple[str, str], tuple[tuple[str, float], ...]]):
    """(household id, city id) -> the top factors, built from arrays when asked for."""

    def __init__(
        self, scores: PairScores, order: np.ndarray, values: np.ndarray, labels: list[str]
    ):
        self._scores = scores
        self._order = order  # (H, C, k) feature indexes, largest |term| first
        self._values = values  # (H, C, k) the terms in that order
        self._labels = labels

    def __getitem__(self, key: tuple[str, str]) -> tuple[tuple[str, float], ...]:
        i, j = self._scores.index(key)
        return tuple(
            (self._labels[int(k)], float(v))
            for k, v in zip(self._order[i, j], self._values[i, j], strict=True)
            if v != 0.0
        )

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._scores)

    def __len__(self) -> int:
        return len(self._scores)

    def __contains__(self, key: object) -> bool:
        return key in self._scores


def score_table(
    model: LinearModel,
    households: Sequence[HouseholdProfile],
    cities: Sequence[CityProfile],
    *,
    objective: str,
) -> ScoreTable:
    """Scores of every household in every city with `model`, vectorised over the grid."""
    if objective not in OBJECTIVES:
        raise ValueError(f"Unknown objective {objective!r}; expected one of {OBJECTIVES}.")
    h = HouseholdArrays.of(households)
    c = CityArrays.of(cities)
    values = feature_values(model.names, h.column(), c.row())  # (H, C, F)
    terms = model.terms(values)
    probability = sigmoid(model.intercept + terms.sum(axis=-1))
    if objective == "expected_employed":
        workers = np.array([p.workers for p in households], dtype=float)[:, None]
        matrix = expected_employed(probability, workers)
    else:
        matrix = probability
    top = min(TOP_FACTORS, len(model.names))
    order = np.argsort(-np.abs(terms), axis=-1, kind="stable")[..., :top]
    chosen = np.take_along_axis(terms, order, axis=-1)
    scores = PairScores([p.id for p in households], [p.id for p in cities], matrix)
    labels = [feature_label(name) for name in model.names]
    return ScoreTable(
        scores=scores,
        model_version=model.version,
        kind=model.kind,
        contributions=PairContributions(scores, order, chosen, labels),
    )

"""Outcome scores for the adapter: the outcomes app when installed, else the fallback prior."""

import pytest
from django.apps import apps

from arraigo.matching import scoring
from arraigo.matching.adapter import instance_build
from arraigo.matching.scoring import FallbackCity, FallbackHousehold, fallback_prior

from .factories import PERIOD, World

REAL_API = scoring._outcomes_api  # captured before the suite's autouse patch


def test_fallback_prior_values() -> None:
    table = fallback_prior(
        [FallbackHousehold("h1", 2), FallbackHousehold("h2", 0)],
        [FallbackCity("rich", 12_000.0), FallbackCity("poor", 8_000.0), FallbackCity("x", None)],
        objective="any_employed",
    )
    # mean wage 10,000: rich +0.2 capped to +0.10, poor -0.10, unknown wage 0
    assert table.scores[("h1", "rich")] == pytest.approx(1 - 0.55**2)
    assert table.scores[("h1", "poor")] == pytest.approx(1 - 0.75**2)
    assert table.scores[("h1", "x")] == pytest.approx(1 - 0.65**2)
    assert table.scores[("h2", "rich")] == 0.0
    assert table.contributions[("h1", "poor")] == (
        ("Working-age members", pytest.approx(1 - 0.65**2)),
        ("City wage level", pytest.approx(0.65**2 - 0.75**2)),
    )
    assert (table.model_version, table.kind) == ("fallback-prior-1", "prior")


def test_fallback_prior_expected_employed() -> None:
    table = fallback_prior(
        [FallbackHousehold("h", 3)], [FallbackCity("c", None)], objective="expected_employed"
    )
    assert table.scores[("h", "c")] == pytest.approx(3 * 0.35)


@pytest.mark.skipif(
    not apps.is_installed("arraigo.outcomes"), reason="arraigo.outcomes is not installed"
)
def test_the_outcome_model_scores_every_compatible_pair(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scoring, "_outcomes_api", REAL_API)
    built = instance_build(
        period_start=PERIOD[0], period_end=PERIOD[1], parameters={"preference_weight": 0.2}
    )
    assert built.model_kind in {"prior", "learned"}
    assert built.model_version != "fallback-prior-1"
    assert len(built.instance.outcome) == 7
    assert all(0.0 <= p <= 1.0 for p in built.instance.outcome.values())
    assert all(built.contributions[pair] for pair in built.instance.outcome)

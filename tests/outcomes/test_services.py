"""Training on a follow-up history, the refusal without one, and which model scores."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from auditlog.models import LogEntry

from arraigo.core.errors import ValidationFailed
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Round
from arraigo.outcomes.api import outcome_scores
from arraigo.outcomes.features import LEARNED_FEATURES
from arraigo.outcomes.models import ModelKind, OutcomeModel
from arraigo.outcomes.selectors import outcome_model_current, six_month_outcomes
from arraigo.outcomes.services import (
    MIN_OUTCOMES,
    calibration_table,
    group_table,
    outcome_model_train,
)
from tests.outcomes.factories import city_profile, household_profile
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db
LEVELS = ["none", "basic", "intermediate", "fluent", "native"]


def answer(household: object, person: object, formal: bool | None, day: dt.date) -> None:
    FollowUpAnswer.objects.create(
        household=household,
        person=person,
        round=Round.MONTH6,
        date=day,
        works=formal,
        formal=formal,
        source=AnswerSource.FILE,
        recorded_at=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
    )


def history(rows: int, *, seed: int = 1) -> None:
    """`rows` households in two cities that answered the six-month survey; Spanish decides
    formal work, with some luck. Heads alternate F and M; every fourth household is
    Venezuelan, the others Honduran."""
    rng = random.Random(seed)
    office = OfficeFactory()
    cities = [CityFactory(), CityFactory()]
    for i in range(rows):
        household = HouseholdFactory(origin_office=office, size=1, host_city=cities[i % 2])
        level = rng.randrange(5)
        head = PersonFactory(
            household=household,
            spanish_level=LEVELS[level],
            relationship="head",
            sex="FM"[i % 2],
            nationality="VE" if i % 4 == 0 else "HN",
        )
        employed = level + rng.gauss(0, 1) > 1.5
        answer(household, head, employed, dt.date(2025, 6, 1) + dt.timedelta(days=i % 60))


def test_training_stores_a_transparent_model_with_held_out_figures() -> None:
    # Given a history of 240 placements
    history(240)
    # When training with a quarter held out
    model = outcome_model_train(seed=3, test_share=0.25)
    # Then the model is stored as numbers, measured on the 60 held-out rows
    model.refresh_from_db()
    assert (model.kind, model.version, model.label) == ("learned", 1, "learned-1")
    assert (model.trained_on, model.test_rows, model.seed, model.active) == (180, 60, 3, True)
    assert model.features == list(LEARNED_FEATURES)
    coefficients = model.coefficients
    assert set(coefficients) == {"intercept", "weights", "means", "scales"}
    assert set(coefficients["weights"]) == set(LEARNED_FEATURES)
    assert coefficients["weights"]["spanish_rank"] > 0.5  # Spanish is what decides here
    assert len(model.calibration) == 10
    assert sum(row["count"] for row in model.calibration) == 60
    assert model.auc is not None and model.auc > 0.75
    assert model.brier is not None and 0 < model.brier < 0.25
    assert model.prior_auc is not None
    # learned from the six-month answers of the 240 households, interviewed 2025-06-01 to -07-30
    assert (model.source, model.data_from, model.data_to) == (
        "month6_surveys",
        dt.date(2025, 6, 1),
        dt.date(2025, 7, 30),
    )
    # each grouping splits the 60 held-out rows
    assert set(model.groups) == {"head_sex", "nationality", "specific_needs"}
    for rows in model.groups.values():
        assert sum(row["count"] for row in rows) == 60
    assert [row["group"] for row in model.groups["head_sex"]] == ["F", "M"]
    assert [row["group"] for row in model.groups["nationality"]] == ["HN", "VE"]
    assert model.groups["specific_needs"][0]["group"] == "no"


def test_six_month_outcomes_count_members_who_answered_formal_yes() -> None:
    # Given a household where the head answered formal = no and a member formal = yes, one
    # where nobody answered formal (empty), and one without a host city
    city = CityFactory()
    working = HouseholdFactory(host_city=city)
    answer(working, PersonFactory(household=working), False, dt.date(2025, 5, 2))
    answer(
        working, PersonFactory(household=working, relationship="spouse"), True, dt.date(2025, 5, 2)
    )
    unasked = HouseholdFactory(host_city=city)
    answer(unasked, PersonFactory(household=unasked), None, dt.date(2025, 5, 9))
    nowhere = HouseholdFactory()
    answer(nowhere, PersonFactory(household=nowhere), True, dt.date(2025, 5, 9))
    # Then the first counts as formal work (one member), the second not, the third is left out
    outcomes = six_month_outcomes()
    assert [(o.household_id, o.city_id, o.formal, o.members_formal, o.date) for o in outcomes] == [
        (working.pk, city.pk, True, 1, dt.date(2025, 5, 2)),
        (unasked.pk, city.pk, False, 0, dt.date(2025, 5, 9)),
    ]


def test_group_table_compares_mean_predicted_and_observed_share_per_group() -> None:
    predicted = np.array([0.9, 0.7, 0.2, 0.6])
    observed = np.array([1, 0, 0, 1])
    table = group_table(
        {"head_sex": ["M", "F", "F", "M"], "specific_needs": ["no", "no", "no", "yes"]},
        predicted,
        observed,
    )
    assert table == {
        "head_sex": [
            {"group": "F", "count": 2, "mean_predicted": pytest.approx(0.45), "observed": 0.0},
            {"group": "M", "count": 2, "mean_predicted": pytest.approx(0.75), "observed": 1.0},
        ],
        "specific_needs": [
            {"group": "no", "count": 3, "mean_predicted": pytest.approx(0.6), "observed": 1 / 3},
            {"group": "yes", "count": 1, "mean_predicted": pytest.approx(0.6), "observed": 1.0},
        ],
    }


def test_versions_count_up_and_the_newest_active_model_scores() -> None:
    history(220)
    first = outcome_model_train(seed=0)
    second = outcome_model_train(seed=1)
    assert (first.version, second.version) == (1, 2)
    assert outcome_model_current() == second
    table = outcome_scores([household_profile()], [city_profile()])
    assert (table.kind, table.model_version) == ("learned", "learned-2")
    # A deactivated model is passed over for the newest active one
    OutcomeModel.objects.filter(pk=second.pk).update(active=False)
    assert outcome_scores([household_profile()], [city_profile()]).model_version == "learned-1"
    OutcomeModel.objects.update(active=False)
    assert outcome_scores([household_profile()], [city_profile()]).kind == "prior"


def test_learned_scores_follow_the_stored_coefficients() -> None:
    history(220)
    model = outcome_model_train(seed=0)
    fluent, none = (
        household_profile(id="a", spanish_rank=3),
        household_profile(id="b", spanish_rank=0),
    )
    table = outcome_scores([fluent, none], [city_profile()])
    assert table.scores["a", "c1"] > table.scores["b", "c1"]
    weights, means, scales = (model.coefficients[k] for k in ("weights", "means", "scales"))
    factors = dict(table.contributions["a", "c1"])
    assert factors["Spanish level"] == pytest.approx(
        weights["spanish_rank"] * (3 - means["spanish_rank"]) / scales["spanish_rank"]
    )


def test_training_is_refused_with_too_little_history() -> None:
    history(MIN_OUTCOMES - 1)
    with pytest.raises(ValidationFailed) as refused:
        outcome_model_train()
    assert refused.value.errors == {
        None: [
            f"Too little follow-up history to learn from: {MIN_OUTCOMES - 1} households "
            f"answered the six-month survey, at least {MIN_OUTCOMES} needed. The priors stay "
            "in use."
        ]
    }
    assert not OutcomeModel.objects.exists()


def test_training_is_refused_when_every_outcome_is_the_same() -> None:
    history(MIN_OUTCOMES)
    FollowUpAnswer.objects.update(formal=True)
    with pytest.raises(ValidationFailed, match="Every outcome in the history is the same"):
        outcome_model_train()


def test_an_odd_held_out_share_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        outcome_model_train(test_share=0.9)
    assert list(refused.value.errors) == ["test_share"]


def test_calibration_bins_split_predictions_by_tenths() -> None:
    table = calibration_table(np.array([0.05, 0.15, 0.19, 1.0]), np.array([0, 1, 0, 1]))
    assert [row["count"] for row in table] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert table[1] == {
        "low": 0.1,
        "high": 0.2,
        "count": 2,
        "mean_predicted": pytest.approx(0.17),
        "observed": 0.5,
    }
    assert table[2]["mean_predicted"] is None


def test_models_are_audited() -> None:
    model = OutcomeModel.objects.create(kind=ModelKind.LEARNED, version=9)
    assert LogEntry.objects.get_for_object(model).count() == 1


def test_a_model_that_ranks_worse_than_the_priors_is_stored_but_not_put_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a history, and held-out AUCs of 0.70 for the new model and 0.80 for the priors
    history(220)
    earlier = outcome_model_train(seed=0)
    scores = iter([0.70, 0.80, 0.70, 0.80])
    monkeypatch.setattr("arraigo.outcomes.services.roc_auc_score", lambda *a: next(scores))
    # When training again, the new version is stored inactive; the earlier one stays in use
    worse = outcome_model_train(seed=1)
    assert (worse.version, worse.auc, worse.prior_auc, worse.active) == (2, 0.70, 0.80, False)
    assert outcome_model_current() == earlier
    # Unless the coordinator asks for it
    forced = outcome_model_train(seed=1, activate=True)
    assert (forced.version, forced.active) == (3, True)
    assert outcome_model_current() == forced

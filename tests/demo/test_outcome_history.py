"""The demo's follow-up history, its survey indicators, and what the outcome model learns.

One demo of the default size and seed (2,000 households, seed 7) for the module, rolled back
after it: the size the resolution reports, where the history has about 840 outcomes and some
210 households answered the six-month survey.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pytest
from django.db import transaction
from django.db.models import F
from pytest_django import DjangoDbBlocker
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from arraigo.accounts.roles import roles_sync
from arraigo.demo.journey import ZONE
from arraigo.demo.outcome_history import ARRIVAL_STATUSES, outcome_draws, truth_logits
from arraigo.demo.reference import reference_date
from arraigo.demo.seed import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, SeedResult, demo_seed
from arraigo.monitoring.answers import indicator_values
from arraigo.outcomes.models import PlacementOutcome
from arraigo.outcomes.profiles import city_profiles, household_profiles
from arraigo.outcomes.selectors import six_month_outcomes
from arraigo.outcomes.services import outcome_model_train
from arraigo.places.models import City
from arraigo.registry.models import Household, StatusChange
from tests.demo.conftest import occupations_ensure

pytestmark = pytest.mark.django_db
HOUSEHOLDS = DEFAULT_HOUSEHOLDS
SEED = DEFAULT_SEED


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[SeedResult]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            roles_sync()
            occupations_ensure()
            yield demo_seed(households=HOUSEHOLDS, seed=SEED)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _stored() -> list[tuple[object, ...]]:
    return list(
        PlacementOutcome.objects.order_by("household_id").values_list(
            "household_id", "city_id", "placed_on", "employed_6m", "members_employed_6m"
        )
    )


def test_every_household_that_reached_its_host_city_has_one_outcome(demo: SeedResult) -> None:
    arrived = Household.objects.filter(
        host_city__isnull=False, history__to_status__in=ARRIVAL_STATUSES
    ).distinct()
    assert demo.counts["outcomes"] == arrived.count() == PlacementOutcome.objects.count()
    assert demo.counts["outcomes"] >= 0.4 * HOUSEHOLDS  # >= 500 at 2,000, >= 1,200 at 5,000
    assert set(PlacementOutcome.objects.values_list("source", flat=True)) == {"demo"}
    mismatched = PlacementOutcome.objects.exclude(city_id=F("household__host_city_id"))
    assert not mismatched.exists()
    outcome = PlacementOutcome.objects.order_by("id").first()
    assert outcome is not None
    first_move = (
        StatusChange.objects.filter(household=outcome.household, to_status__in=ARRIVAL_STATUSES)
        .order_by("changed_at")
        .first()
    )
    assert first_move is not None
    assert outcome.placed_on == first_move.changed_at.astimezone(ZONE).date()


def test_outcomes_are_consistent_and_look_like_the_programme(demo: SeedResult) -> None:
    rows = _stored()
    assert all(employed == (members > 0) for *_rest, employed, members in rows)
    share = sum(1 for row in rows if row[3]) / len(rows)
    assert 0.75 <= share <= 0.95  # the programme: 90% with someone in work at 6 months


def test_the_history_is_deterministic_from_the_seed(demo: SeedResult) -> None:
    today = reference_date()
    assert [tuple(r) for r in outcome_draws(seed=SEED, today=today)] == _stored()
    other = outcome_draws(seed=SEED + 1, today=today)
    assert [r[:3] for r in other] == [r[:3] for r in _stored()]
    assert [r[3:] for r in other] != [r[3:] for r in _stored()]


def test_learning_from_six_month_answers_ranks_households(demo: SeedResult) -> None:
    # When the outcome model is trained on the demo's six-month survey answers
    model = outcome_model_train(seed=0, test_share=0.25)
    outcomes = six_month_outcomes()
    assert model.trained_on + model.test_rows == len(outcomes) >= 200
    assert model.source == "month6_surveys"
    # Then on the held-out rows it ranks better than chance; the hidden truth, on the same
    # rows, says how much better it could do
    target = np.array([o.formal for o in outcomes], dtype=int)
    _train, test = train_test_split(
        np.arange(len(outcomes)), test_size=0.25, random_state=0, stratify=target
    )
    households = {
        p.id: p
        for p in household_profiles(
            Household.objects.filter(id__in=[o.household_id for o in outcomes]),
            on=reference_date(),
        )
    }
    cities = {p.id: p for p in city_profiles(City.objects.all())}
    truth = truth_logits(
        [households[str(outcomes[i].household_id)] for i in test],
        [cities[str(outcomes[i].city_id)] for i in test],
    )
    truth_auc = float(roc_auc_score(target[test], truth))
    assert model.auc is not None and model.prior_auc is not None
    print(  # the figures for the report (pytest -s)
        f"demo {HOUSEHOLDS}: six-month answers {len(outcomes)}, learned AUC {model.auc:.3f}, "
        f"truth AUC {truth_auc:.3f}, priors AUC {model.prior_auc:.3f}, Brier {model.brier:.3f}"
    )
    assert model.auc > 0.65
    assert sum(row["count"] for row in model.groups["head_sex"]) == model.test_rows


# The programme's figures (seeds 003 and 004) the demo's answers come close to, as shares.
# The seeds' 82% of households with every child in school and 13% with a child out of school
# at six months cannot both hold (they share a denominator and add up to 100%): the demo sits
# between them, hence the wider margin there.
TARGETS = {
    ("hh_adult_working", "month1"): 0.75,
    ("hh_adult_working", "month6"): 0.90,
    ("hh_job_satisfied", "month1"): 0.88,
    ("hh_formal_work", "month1"): 0.50,
    ("hh_no_formal_work", "baseline"): 0.92,
    ("hh_no_formal_work", "month6"): 0.13,
    ("hh_children_all_in_school", "month1"): 0.31,
    ("hh_children_all_in_school", "month6"): 0.82,
    ("hh_child_out_of_school", "baseline"): 0.92,
    ("hh_child_out_of_school", "month6"): 0.13,
    ("hh_income_4000_7999", "month6"): 0.37,
    ("hh_income_8000_11300", "month6"): 0.33,
    ("hh_income_over_11300", "month6"): 0.20,
    ("p_working_age_employed", "month6"): 0.87,
    ("p_child_out_of_school", "baseline"): 0.82,
    ("p_child_out_of_school", "month6"): 0.10,
    ("p_bank_account", "baseline"): 0.29,
    ("p_bank_account", "month6"): 0.59,
    ("p_below_poverty", "baseline"): 0.54,
    ("p_below_poverty", "month6"): 0.12,
}
WIDER = {("hh_children_all_in_school", "month6"), ("hh_child_out_of_school", "month6")}


def _demo_indicators() -> dict[tuple[str, str], float | None]:
    values = indicator_values(dt.date(2000, 1, 1), reference_date())
    return {(v.code, v.round): v.value for v in values}


def test_survey_indicators_come_close_to_the_programme_figures(demo: SeedResult) -> None:
    values = _demo_indicators()
    for key, target in TARGETS.items():
        value = values[key]
        assert value is not None, key
        margin = 0.07 if key in WIDER else 0.05
        assert abs(value - target) <= margin, (key, round(value, 3), target)
    # poverty falls about 25 points in the first month and about 15 more by six months
    poverty = [values["hh_poverty", r] or 0.0 for r in ("baseline", "month1", "month6")]
    assert 0.20 <= poverty[0] - poverty[1] <= 0.32
    assert 0.10 <= poverty[1] - poverty[2] <= 0.20

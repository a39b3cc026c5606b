"""Predicted against observed at six months for a run's accepted households, and the card
of the outcome model the run used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.matching.models import MatchingRun, ProposalStatus, RunStatus
from arraigo.matching.selectors import Comparison, run_followup
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Round
from arraigo.outcomes.models import OutcomeModel
from arraigo.outcomes.selectors import outcome_model_by_label
from arraigo.registry.models import Household
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import PersonFactory

from .factories import MatchingRunFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def answers_record(
    household: Household, *formal: bool | None, round_code: str = Round.MONTH6
) -> None:
    for i, value in enumerate(formal):
        FollowUpAnswer.objects.create(
            household=household,
            person=PersonFactory(household=household, relationship="head" if i == 0 else "other"),
            round=round_code,
            date=dt.date(2026, 7, 1),
            works=value,
            formal=value,
            source=AnswerSource.WEB,
            recorded_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        )


def accepted_household(run: MatchingRun, outcome: float, **fields: Any) -> Household:
    proposal = ProposalFactory(
        run=run, status=ProposalStatus.ACCEPTED, explanation={"outcome": outcome}, **fields
    )
    return proposal.household


@pytest.fixture
def run() -> MatchingRun:
    """Five accepted households: four answered at six months (predicted 0.9, 0.8, 0.6 and
    0.3), one did not; a declined proposal and another run's household do not count."""
    run = MatchingRunFactory(status=RunStatus.DONE)
    answers_record(accepted_household(run, 0.9), False, True)  # someone formal: 1
    answers_record(accepted_household(run, 0.8), False, None)  # nobody formal: 0
    answers_record(accepted_household(run, 0.6), True)  # 1
    answers_record(accepted_household(run, 0.3), False)  # 0
    answers_record(
        accepted_household(run, 0.7), True, round_code=Round.MONTH1
    )  # not at six months yet
    declined = ProposalFactory(run=run, status=ProposalStatus.DECLINED, explanation={"outcome": 1})
    answers_record(declined.household, True)
    answers_record(accepted_household(MatchingRunFactory(), 0.1), True)
    return run


def test_accepted_households_that_answered_at_six_months_are_compared(run: MatchingRun) -> None:
    followup = run_followup(run)
    assert (followup.accepted, followup.reached, followup.unpredicted) == (5, 4, 0)
    assert followup.rows == (
        Comparison(None, None, 4, pytest.approx(0.65), 0.5),
        Comparison(0.0, 0.5, 1, 0.3, 0.0),
        Comparison(0.5, 0.7, 1, 0.6, 1.0),
        Comparison(0.7, 0.85, 1, 0.8, 0.0),
        Comparison(0.85, 1.0, 1, 0.9, 1.0),
    )


def test_an_override_is_judged_by_the_outcome_stored_for_its_city() -> None:
    run = MatchingRunFactory(status=RunStatus.DONE)
    went, unknown = CityFactory(), CityFactory()
    alternatives = [{"city": str(went.pk), "outcome": 0.4}]
    household = ProposalFactory(
        run=run,
        status=ProposalStatus.ACCEPTED,
        override_city=went,
        explanation={"outcome": 0.9, "alternatives": alternatives},
    ).household
    answers_record(household, True)
    lost = ProposalFactory(
        run=run,
        status=ProposalStatus.ACCEPTED,
        override_city=unknown,
        explanation={"outcome": 0.9, "alternatives": alternatives},
    ).household
    answers_record(lost, True)
    followup = run_followup(run)
    assert (followup.accepted, followup.reached, followup.unpredicted) == (2, 2, 1)
    assert followup.rows[0] == Comparison(None, None, 1, 0.4, 1.0)


def test_expected_adults_runs_compare_members_in_formal_work() -> None:
    run = MatchingRunFactory(status=RunStatus.DONE, parameters={"objective": "expected_employed"})
    answers_record(accepted_household(run, 1.5), True, True)
    answers_record(accepted_household(run, 0.5), False, True)
    followup = run_followup(run)
    assert followup.rows == (Comparison(None, None, 2, 1.0, 1.5),)


def test_a_run_nobody_reached_six_months_in_has_no_rows() -> None:
    run = MatchingRunFactory(status=RunStatus.DONE)
    accepted_household(run, 0.5)
    followup = run_followup(run)
    assert (followup.accepted, followup.reached, followup.rows) == (1, 0, ())


def test_the_run_page_shows_predicted_against_observed(client: Client, run: MatchingRun) -> None:
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("matching:run_detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Six months later: predicted and observed" in html
    assert (
        "Of the 5 households that accepted this run's offers, 4 answered the six-month "
        "survey." in html
    )
    assert html.count('data-testid="six-months-row"') == 5
    assert "<td>All</td><td>4</td>" in html
    assert "<td>65%</td><td>50%</td>" in html
    assert "<td>predicted 85% to 100%</td><td>1</td><td>90%</td><td>100%</td>" in html


def test_the_six_months_figures_stay_off_the_page_of_whoever_cannot_see_runs(
    client: Client, run: MatchingRun
) -> None:
    client.force_login(UserFactory(role=Role.EMPLOYER))
    response = client.get(reverse("matching:run_detail", args=[run.pk]))
    assert response.status_code in (403, 404)
    assert b"Six months later" not in response.content


def learned_model_store() -> OutcomeModel:
    return OutcomeModel.objects.create(
        kind="learned",
        version=2,
        trained_on=150,
        test_rows=50,
        auc=0.8123,
        prior_auc=0.7,
        source="month6_surveys",
        data_from=dt.date(2025, 1, 3),
        data_to=dt.date(2026, 6, 30),
        calibration=[
            {"low": 0.8, "high": 0.9, "count": 50, "mean_predicted": 0.85, "observed": 0.8}
        ],
        groups={
            "head_sex": [{"group": "F", "count": 50, "mean_predicted": 0.85, "observed": 0.8}],
            "specific_needs": [
                {"group": "no", "count": 40, "mean_predicted": 0.9, "observed": 0.85},
                {"group": "yes", "count": 10, "mean_predicted": 0.65, "observed": 0.6},
            ],
        },
    )


def test_a_model_is_found_by_the_label_a_run_stores() -> None:
    model = learned_model_store()
    assert outcome_model_by_label("learned-2") == model
    assert outcome_model_by_label("learned-3") is None
    assert outcome_model_by_label("prior-1") is None
    assert outcome_model_by_label("fallback-prior-1") is None
    assert outcome_model_by_label("") is None


def test_the_run_page_shows_the_card_of_the_learned_model_it_used(client: Client) -> None:
    learned_model_store()
    run = MatchingRunFactory(status=RunStatus.DONE, model_kind="learned", model_version="learned-2")
    client.force_login(UserFactory(role=Role.COORDINATOR))
    html = client.get(
        reverse("matching:run_detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Six-month surveys: 200 households, interviews of 2025-01-03 to 2026-06-30" in html
    assert "0.812 on 50 held-out households (the priors: 0.700)" in html
    assert "<td>80% \u2013 90%</td><td>50</td><td>85%</td><td>80%</td>" in html
    assert "By sex of the head, on the held-out households" in html
    assert "<td>Yes</td><td>10</td><td>65%</td><td>60%</td>" in html
    assert "By nationality of the head" not in html  # a grouping the model has no rows for


def test_a_run_scored_with_the_priors_has_no_model_card(client: Client) -> None:
    learned_model_store()
    run = MatchingRunFactory(status=RunStatus.DONE, model_kind="prior", model_version="prior-1")
    client.force_login(UserFactory(role=Role.COORDINATOR))
    html = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="model-card"' not in html

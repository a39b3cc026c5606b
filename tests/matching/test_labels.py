"""Every code a run can store has words, and the words have Spanish."""

import pytest
from django.utils import translation

from arraigo.matching import labels
from arraigo.optimiser import Status
from arraigo.optimiser.explain import Lost, Unplaced
from arraigo.outcomes.features import LEARNED_FEATURES, feature_label


def test_every_solver_status_has_a_label() -> None:
    assert {status.value for status in Status} <= set(labels.TERMINATION_LABELS)


def test_every_reason_the_optimiser_gives_has_a_label() -> None:
    assert {reason.value for reason in Lost} == set(labels.LOST_LABELS)
    assert {reason.value for reason in Unplaced} == set(labels.UNPLACED_LABELS)


@pytest.mark.parametrize(
    "table",
    ["TERMINATION_LABELS", "LOST_LABELS", "UNPLACED_LABELS", "OWN_FACTORS"],
)
def test_labels_are_translated_to_spanish(table: str) -> None:
    mapping = getattr(labels, table)
    with translation.override("en"):
        english = {code: str(label) for code, label in mapping.items()}
    with translation.override("es"):
        spanish = {code: str(label) for code, label in mapping.items()}
    assert [code for code in mapping if spanish[code] == english[code]] == []


@pytest.mark.parametrize("stored_in", ["en", "es"])
@pytest.mark.parametrize("shown_in", ["en", "es"])
def test_outcome_factors_show_in_the_reader_language_whatever_they_were_stored_in(
    stored_in: str, shown_in: str
) -> None:
    with translation.override(stored_in):
        stored = [feature_label(name) for name in LEARNED_FEATURES]
    with translation.override(shown_in):
        expected = [feature_label(name) for name in LEARNED_FEATURES]
        shown = [labels.factor_label(text) for text in stored]
    assert shown == expected
    assert len(set(shown)) == len(LEARNED_FEATURES)

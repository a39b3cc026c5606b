"""Secure housing tenure (framework 16.1): people in households whose six-month interview
records a tenure code that the programme's surveys.yaml lists under `secure_tenure`."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from arraigo.monitoring.models import AnswerSource, Interview
from arraigo.monitoring.report import Period, framework_lines
from arraigo.monitoring.tenure import secure_tenure_codes, secure_tenure_counts

from .results_fixture import MONTH6, results_fixture

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(settings.ARRAIGO_PROGRAMME_DIR, folder)
    return folder


def _interviews(tenures: list[str]) -> None:
    for household, tenure in zip(results_fixture(), tenures, strict=True):
        Interview.objects.create(
            household=household,
            round="month6",
            date=MONTH6,
            source=AnswerSource.WEB,
            housing_tenure=tenure,
            recorded_at=timezone.now(),
        )


def test_without_the_codes_the_share_is_not_measured(settings, programme):
    (programme / "surveys.yaml").unlink(missing_ok=True)
    settings.ARRAIGO_PROGRAMME_DIR = str(programme)

    assert secure_tenure_codes() is None
    assert secure_tenure_counts(*YEAR, "month6") is None


def test_people_in_households_with_a_secure_tenure_are_counted(settings, programme):
    (programme / "surveys.yaml").write_text("secure_tenure: [rented_contract, owned]\n")
    settings.ARRAIGO_PROGRAMME_DIR = str(programme)
    # Five households renting with a contract, one without, one interview with no answer
    _interviews(["rented_contract"] * 4 + ["owned", "informal"])

    assert secure_tenure_counts(*YEAR, "month6") == (10, 12)  # households of two
    line = next(
        line
        for line in framework_lines([], Period(*YEAR))
        if line.row.indicator == "p_secure_tenure"
    )
    assert (line.actual.numerator, line.actual.denominator) == (10, 12)


def test_a_small_number_of_people_with_a_secure_tenure_is_hidden(settings, programme):
    (programme / "surveys.yaml").write_text("secure_tenure: [owned]\n")
    settings.ARRAIGO_PROGRAMME_DIR = str(programme)
    _interviews(["owned", "informal", "informal", "informal", "informal", ""])

    assert secure_tenure_counts(*YEAR, "month6") == (2, 10)  # the empty answer is left out
    line = next(
        line
        for line in framework_lines([], Period(*YEAR))
        if line.row.indicator == "p_secure_tenure"
    )
    assert line.actual.hidden

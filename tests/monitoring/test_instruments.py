"""The survey instruments (surveys.yaml): what the shipped file asks, and the refusals of a file
that cannot be fully used, each naming the key at fault (`arraigo check`)."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from arraigo.monitoring.checks import survey_instruments_check
from arraigo.monitoring.instruments import (
    InstrumentsError,
    instruments_parse,
    survey_instruments,
)

SHIPPED = Path(settings.ARRAIGO_PROGRAMME_DIR) / "surveys.yaml"


def _data() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_the_shipped_file_has_an_instrument_per_round():
    instruments = survey_instruments()

    assert [i.round for i in instruments.instruments] == ["baseline", "month1", "month6", "month12"]
    assert instruments.languages == ("es", "en")
    month1 = instruments.instrument("month1")
    assert [q.field for q in month1.household_questions] == [
        "housing_tenure",
        "feels_safe",
        "health_access",
        "basic_needs_met",
    ]
    assert [q.field for q in month1.member_questions] == [
        "works",
        "formal",
        "income",
        "job_satisfied",
        "in_school",
        "bank_account",
    ]
    assert "job_satisfied" not in {q.field for q in instruments.instrument("baseline").questions}


def test_secure_tenure_is_ownership_or_a_written_contract():
    instruments = survey_instruments()

    assert instruments.secure_tenure == frozenset({"owned", "rented_contract"})
    assert [c.code for c in instruments.tenure] == [
        "owned",
        "rented_contract",
        "rented_no_contract",
        "hosted",
        "programme_lodging",
        "shelter",
        "other",
    ]


def test_who_is_asked_by_age_and_earlier_answers():
    month1 = survey_instruments().instrument("month1")
    by_field = {q.field: q for q in month1.questions}

    assert by_field["in_school"].ages == (6, 17)
    assert [by_field["in_school"].asks(age) for age in (5, 6, 17, 18)] == [
        False,
        True,
        True,
        False,
    ]
    assert by_field["bank_account"].ages == (18, None)
    assert by_field["bank_account"].asks(90) is True
    satisfied = by_field["job_satisfied"]
    assert satisfied.if_yes == "works"
    assert satisfied.asks(30, {"works": True}) is True
    assert satisfied.asks(30, {"works": False}) is False
    assert satisfied.asks(14, {"works": True}) is False


def test_texts_follow_the_language():
    question = survey_instruments().instrument("month6").member_questions[0]

    with translation.override("en"):
        assert question.text == "Did they work last week, even for one hour, for pay?"
    with translation.override("es"):
        assert (
            question.text
            == "¿Trabajó la semana pasada, aunque fuera una hora, a cambio de un pago?"
        )


def _broken(change) -> str:
    data = copy.deepcopy(_data())
    change(data)
    with pytest.raises(InstrumentsError) as refused:
        instruments_parse(data)
    return str(refused.value)


def test_an_unknown_field_is_refused_with_its_key():
    def change(data):
        data["questions"]["salary"] = {"level": "member", "es": "x", "en": "x"}

    assert _broken(change).startswith("questions.salary: unknown member field")


def test_a_household_field_asked_of_members_is_refused():
    def change(data):
        data["questions"]["feels_safe"]["level"] = "member"

    assert _broken(change).startswith("questions.feels_safe: unknown member field")


@pytest.mark.parametrize(
    ("ages", "message"),
    [
        ([17, 6], "questions.in_school.ages: the highest age must be null or 17-120"),
        ([-1, 17], "questions.in_school.ages: the lowest age must be a whole number 0-120"),
        ([6], "questions.in_school.ages: give [lowest age, highest age or null]"),
        (["six", 17], "questions.in_school.ages: the lowest age must be a whole number 0-120"),
    ],
)
def test_a_bad_age_range_is_refused(ages, message):
    def change(data):
        data["questions"]["in_school"]["ages"] = ages

    assert _broken(change) == message


def test_a_missing_translation_is_refused():
    def change(data):
        del data["questions"]["income"]["en"]

    assert _broken(change) == "questions.income.en: missing translation"


def test_a_tenure_code_without_translation_is_refused():
    def change(data):
        data["housing_tenure"][2]["es"] = " "

    assert _broken(change) == "housing_tenure[2].es: missing translation"


def test_a_condition_on_a_question_the_round_does_not_ask_is_refused():
    def change(data):
        data["instruments"][1]["questions"].remove("works")

    assert _broken(change) == ("instruments[1].questions: 'formal' depends on 'works', not asked")


def test_an_unknown_round_and_a_repeated_round_are_refused():
    def unknown(data):
        data["instruments"][3]["round"] = "month3"

    def twice(data):
        data["instruments"][3]["round"] = "month6"

    assert _broken(unknown).startswith("instruments[3].round: 'month3' is not one of")
    assert _broken(twice) == "instruments[3].round: 'month6' twice"


def test_arraigo_check_names_the_file_and_the_key(tmp_path):
    data = _data()
    data["questions"]["works"]["ages"] = [70, 15]
    (tmp_path / "surveys.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))

    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = survey_instruments_check()

    assert [e.id for e in errors] == ["arraigo.E041"]
    assert errors[0].msg == (
        f"{tmp_path / 'surveys.yaml'}: questions.works.ages: the highest age must be null or 70-120"
    )


def test_arraigo_check_passes_the_shipped_file():
    assert survey_instruments_check() == []


def test_the_results_report_reads_the_secure_codes_from_the_instruments():
    from arraigo.monitoring.tenure import secure_tenure_codes

    assert secure_tenure_codes() == frozenset({"owned", "rented_contract"})

import datetime as dt

import pytest
from django.utils import translation
from stdnum.mx import curp as stdnum_curp

from arraigo.core.errors import ValidationFailed
from arraigo.registry.validators import (
    DocumentFacts,
    birth_date_validate,
    country_validate,
    curp_validate,
    document_dates_validate,
    document_facts,
    document_number_validate,
    nss_validate,
    phone_validate,
    rfc_validate,
)

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _reason(call, *args):
    with pytest.raises(ValidationFailed) as info:
        call(*args)
    return info.value.errors


# --- CURP -----------------------------------------------------------------------------------


def test_curp_valid_is_returned_compact_and_upper_case():
    assert curp_validate(" boxw-310820-hnerxn09 ") == "BOXW310820HNERXN09"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("BOXW310820HNERXN0", "The CURP has the wrong length (must be 18 characters)."),
        (
            "BOXW3108201NERXN09",
            "The CURP has the wrong format (4 letters, 6 digits of the birth date, 6 letters, "
            "a letter or digit, and a check digit).",
        ),
        ("BOXW311320HNERXN09", "The CURP contains an invalid birth date."),
        ("BOXW310820ZNERXN09", "The CURP contains an invalid sex letter (must be H, M or X)."),
        ("BOXW310820HZZRXN09", "The CURP contains an invalid state code."),
        (
            "CACA310820HNERXN09",
            "The CURP starts with a word that is not allowed; check the first four letters.",
        ),
        ("BOXW310820HNERXN08", "The CURP check digit does not match."),
    ],
)
def test_curp_refusals_name_the_problem(number, reason):
    assert _reason(curp_validate, number) == {"number": [reason]}


def test_curp_with_the_non_binary_sex_letter_is_valid():
    # Given a CURP with X in the sex position and its check digit
    number = "BOXW310820XNERXN0" + stdnum_curp.calc_check_digit("BOXW310820XNERXN0")

    # Then it is accepted, and a wrong check digit still is not
    assert curp_validate(number) == number
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert _reason(curp_validate, wrong) == {"number": ["The CURP check digit does not match."]}


@pytest.mark.parametrize(
    ("number", "facts"),
    [
        ("BOXW310820HNERXN09", DocumentFacts(date_of_birth=dt.date(1931, 8, 20), sex="M")),
        ("PEBB100517MNEBBRA7", DocumentFacts(date_of_birth=dt.date(2010, 5, 17), sex="F")),
    ],
)
def test_a_curp_tells_its_holders_birth_date_and_sex(number, facts):
    assert document_facts("curp", number) == facts


def test_a_plain_number_tells_nothing_about_its_holder():
    assert document_facts("none", "HN123456") == DocumentFacts()


# --- RFC ------------------------------------------------------------------------------------


def test_rfc_valid_person_number_is_returned_compact():
    assert rfc_validate("gode-561231-gr8") == "GODE561231GR8"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("MAB9307148T4", "The RFC has the wrong length (a person's RFC has 13 characters)."),
        ("COMG600703", "The RFC has the wrong length (a person's RFC has 13 characters)."),
        (
            "GOD1561231GR8",
            "The RFC has the wrong format (4 letters, 6 digits of the birth date and a "
            "3-character homoclave).",
        ),
        ("GODE561331GR8", "The RFC contains an invalid birth date."),
        (
            "GODE5612310R8",
            "The RFC ends with an invalid homoclave (the last three characters).",
        ),
        (
            "CACA561231GR8",
            "The RFC starts with a word that is not allowed; check the first four letters.",
        ),
        ("VACE460910SX6", "The RFC check digit does not match."),
    ],
)
def test_rfc_refusals_name_the_problem(number, reason):
    assert _reason(rfc_validate, number) == {"number": [reason]}


# --- NSS ------------------------------------------------------------------------------------


def test_nss_valid_with_luhn_check_digit():
    assert nss_validate("1234 5678 903") == "12345678903"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("1234567890A", "The NSS must contain only digits."),
        ("1234567890", "The NSS has the wrong length (must be 11 digits)."),
        ("12345678904", "The NSS check digit does not match."),
    ],
)
def test_nss_refusals_name_the_problem(number, reason):
    assert _reason(nss_validate, number) == {"number": [reason]}


# --- dispatch by document type validator ------------------------------------------------------


def test_document_number_uses_the_type_validator():
    assert document_number_validate("curp", "BOXW310820HNERXN09") == "BOXW310820HNERXN09"
    assert document_number_validate("nss", "12345678903") == "12345678903"
    assert document_number_validate("none", " ab 12 3 ") == "AB123"
    assert _reason(document_number_validate, "rfc", "VACE460910SX6") == {
        "number": ["The RFC check digit does not match."]
    }


def test_document_number_is_required_and_bounded():
    assert _reason(document_number_validate, "none", "  ") == {
        "number": ["Enter the document number."]
    }
    assert _reason(document_number_validate, "none", "X" * 41) == {
        "number": ["The number is too long (at most 40 characters)."]
    }


# --- phone, dates, country ------------------------------------------------------------------


def test_phone_international_is_returned_e164():
    assert phone_validate("+52 55 1234 5678") == "+525512345678"


def test_phone_refusals():
    assert _reason(phone_validate, "55 1234 5678") == {
        "phone": ["Enter the phone number in international format: + and the country code first."]
    }
    assert _reason(phone_validate, "+52 12") == {"phone": ["This phone number is not valid."]}


def test_birth_date_not_in_the_future_nor_absurd():
    assert birth_date_validate(TODAY, TODAY) == TODAY
    assert _reason(birth_date_validate, dt.date(2026, 6, 2), TODAY) == {
        "date_of_birth": ["The date of birth cannot be in the future."]
    }
    assert _reason(birth_date_validate, dt.date(1900, 1, 1), TODAY) == {
        "date_of_birth": ["The date of birth is more than 120 years ago."]
    }


def test_document_dates_expiry_after_issue_and_issue_not_in_future():
    document_dates_validate(dt.date(2025, 1, 1), dt.date(2026, 1, 1), TODAY)
    assert _reason(document_dates_validate, dt.date(2025, 1, 1), dt.date(2025, 1, 1), TODAY) == {
        "expires_on": ["The expiry date must be after the issue date."]
    }
    assert _reason(document_dates_validate, dt.date(2026, 7, 1), None, TODAY) == {
        "issued_on": ["The issue date cannot be in the future."]
    }


def test_country_codes_iso():
    assert country_validate("hn") == "HN"
    assert _reason(country_validate, "ZZ") == {
        "nationality": ["Choose a valid country (ISO 3166 code)."]
    }

"""Checks on single values: identity numbers (CURP, RFC, NSS), phones, dates and countries.

Each check returns the value in its compact, normalised form or raises ValidationFailed with
one human reason under the field it concerns ("number", "phone", "date_of_birth"...). The
services collect these into one error dict per form (see registry/services/inputs.py).

A validator may also read what a number says about its holder (`document_facts`: a CURP
encodes the birth date and sex); the services compare that with the person, whatever the
document type, so a programme's document types only name their validator in data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _
from django_countries import countries
from stdnum import luhn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from arraigo.core.errors import ValidationFailed

from .models import ValidatorKind

NUMBER_MAX_LENGTH = 40
_CURP_STATES = {
    "AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC",
    "MN", "MS", "NE", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS",
    "VZ", "YN", "ZS",
}  # fmt: skip
# The CURP's sex letter (position 11) as the person's sex: hombre, mujer, non-binary.
_CURP_SEXES = {"H": "M", "M": "F", "X": "X"}


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed({field: [message]})


def _stdnum_checked(
    check: Callable[[], str], reasons: list[tuple[type[ValidationError], Callable[[], str]]]
) -> str:
    """`check()`, a python-stdnum validation; its refusal is said on the number with the
    reason of the first exception class in `reasons` that it is."""
    try:
        return check()
    except ValidationError as exc:
        reason = next(say for kind, say in reasons if isinstance(exc, kind))
        raise _refuse("number", reason()) from exc


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _curp_component_reason(number: str) -> str:
    """Which part of a CURP stdnum found wrong (it raises one InvalidComponent for all)."""
    century = 1900 if number[16].isdigit() else 2000
    if _date_or_none(century + int(number[4:6]), int(number[6:8]), int(number[8:10])) is None:
        return _("The CURP contains an invalid birth date.")
    if number[10] not in _CURP_SEXES:
        return _("The CURP contains an invalid sex letter (must be H, M or X).")
    if number[11:13] not in _CURP_STATES:
        return _("The CURP contains an invalid state code.")
    return _("The CURP starts with a word that is not allowed; check the first four letters.")


def curp_validate(number: str) -> str:
    """A Mexican CURP (18 characters), checked with python-stdnum."""
    compact = stdnum_curp.compact(number)

    def check() -> str:
        if len(compact) == 18 and compact[10] == "X":
            # python-stdnum knows only H and M; RENAPO also issues X (non-binary).
            stdnum_curp.validate(compact[:10] + "H" + compact[11:], validate_check_digits=False)
            if compact[-1] != stdnum_curp.calc_check_digit(compact):
                raise InvalidChecksum()
            return compact
        return str(stdnum_curp.validate(compact))

    return _stdnum_checked(
        check,
        [
            (InvalidLength, lambda: _("The CURP has the wrong length (must be 18 characters).")),
            (
                InvalidFormat,
                lambda: _(
                    "The CURP has the wrong format (4 letters, 6 digits of the birth date, "
                    "6 letters, a letter or digit, and a check digit)."
                ),
            ),
            (InvalidComponent, lambda: _curp_component_reason(compact)),
            (InvalidChecksum, lambda: _("The CURP check digit does not match.")),
            (ValidationError, lambda: _("The CURP is not valid.")),
        ],
    )


@dataclass(frozen=True)
class DocumentFacts:
    """What a document number says about its holder; None where it says nothing."""

    date_of_birth: dt.date | None = None
    sex: str | None = None  # a core.choices.Sex value


def curp_facts(number: str) -> DocumentFacts:
    """A valid CURP's birth date (positions 5-10, century from position 17) and sex (11)."""
    compact = stdnum_curp.compact(number)
    century = 1900 if compact[16].isdigit() else 2000
    born = _date_or_none(century + int(compact[4:6]), int(compact[6:8]), int(compact[8:10]))
    return DocumentFacts(date_of_birth=born, sex=_CURP_SEXES.get(compact[10]))


def _rfc_component_reason(number: str) -> str:
    if _date_or_none(2000 + int(number[4:6]), int(number[6:8]), int(number[8:10])) is None:
        return _("The RFC contains an invalid birth date.")
    if not re.match(r"^[1-9A-V][1-9A-Z][0-9A]$", number[-3:]):
        return _("The RFC ends with an invalid homoclave (the last three characters).")
    return _("The RFC starts with a word that is not allowed; check the first four letters.")


def rfc_validate(number: str) -> str:
    """A person's RFC (13 characters, with homoclave and check digit), checked with stdnum.

    A company RFC (12 characters) or one without the homoclave (10) is refused: the document
    belongs to a person, and SAT always issues the full 13 characters.
    """
    compact = stdnum_rfc.compact(number)

    def check() -> str:
        if len(compact) != 13:
            raise InvalidLength()
        return str(stdnum_rfc.validate(compact, validate_check_digits=True))

    return _stdnum_checked(
        check,
        [
            (
                InvalidLength,
                lambda: _("The RFC has the wrong length (a person's RFC has 13 characters)."),
            ),
            (
                InvalidFormat,
                lambda: _(
                    "The RFC has the wrong format (4 letters, 6 digits of the birth date and "
                    "a 3-character homoclave)."
                ),
            ),
            (InvalidComponent, lambda: _rfc_component_reason(compact)),
            (InvalidChecksum, lambda: _("The RFC check digit does not match.")),
            (ValidationError, lambda: _("The RFC is not valid.")),
        ],
    )


def nss_validate(number: str) -> str:
    """An IMSS social security number: 11 digits, the last a Luhn check digit over the first 10.

    (python-stdnum has no module for the NSS; the IMSS check digit is the Luhn algorithm.)
    """
    compact = re.sub(r"[\s\-.]", "", number)
    if not (compact.isascii() and compact.isdigit()):  # "²" is a digit to isdigit()
        raise _refuse("number", _("The NSS must contain only digits."))
    if len(compact) != 11:
        raise _refuse("number", _("The NSS has the wrong length (must be 11 digits)."))
    if luhn.calc_check_digit(compact[:10]) != compact[10]:
        raise _refuse("number", _("The NSS check digit does not match."))
    return compact


def plain_number_validate(number: str) -> str:
    """A document without a check: spaces removed, upper case, not empty, not too long."""
    compact = "".join(number.split()).upper()
    if len(compact) > NUMBER_MAX_LENGTH:
        raise _refuse(
            "number",
            _("The number is too long (at most %(max)d characters).") % {"max": NUMBER_MAX_LENGTH},
        )
    return compact


_CHECKS: dict[str, Callable[[str], str]] = {
    ValidatorKind.NONE: plain_number_validate,
    ValidatorKind.CURP: curp_validate,
    ValidatorKind.RFC: rfc_validate,
    ValidatorKind.NSS: nss_validate,
}


_FACTS: dict[str, Callable[[str], DocumentFacts]] = {
    ValidatorKind.CURP: curp_facts,
}


def document_facts(validator: str, number: str) -> DocumentFacts:
    """What a number already checked by `validator` says about its holder."""
    read = _FACTS.get(validator)
    return read(number) if read is not None else DocumentFacts()


def document_number_validate(validator: str, number: str) -> str:
    """Check `number` with the document type's validator and return its normalised form."""
    if not (number or "").strip():
        raise _refuse("number", _("Enter the document number."))
    check = _CHECKS.get(validator, plain_number_validate)
    return check(number.strip())


def phone_validate(phone: str) -> str:
    """An international phone number (+ and country code); returned in E.164 form."""
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException as exc:
        raise _refuse(
            "phone",
            _("Enter the phone number in international format: + and the country code first."),
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise _refuse("phone", _("This phone number is not valid."))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def birth_date_validate(born: dt.date, today: dt.date) -> dt.date:
    if born > today:
        raise _refuse("date_of_birth", _("The date of birth cannot be in the future."))
    if born.year < today.year - 120:
        raise _refuse("date_of_birth", _("The date of birth is more than 120 years ago."))
    return born


def document_dates_validate(
    issued_on: dt.date | None, expires_on: dt.date | None, today: dt.date
) -> None:
    problems: dict[str | None, list[str]] = {}
    if issued_on is not None and issued_on > today:
        problems["issued_on"] = [_("The issue date cannot be in the future.")]
    if issued_on is not None and expires_on is not None and expires_on <= issued_on:
        problems["expires_on"] = [_("The expiry date must be after the issue date.")]
    if problems:
        raise ValidationFailed(problems)


def country_validate(code: str, field: str = "nationality") -> str:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    try:
        normalised = countries.alpha2((code or "").strip().upper())
    except (ValueError, OverflowError):  # a numeric code of thousands of digits
        normalised = ""
    if not normalised:
        raise _refuse(field, _("Choose a valid country (ISO 3166 code)."))
    return str(normalised)

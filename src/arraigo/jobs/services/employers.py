"""Writes on employers: create and update a partner company."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.mx import rfc as mx_rfc

from arraigo.accounts.models import User
from arraigo.core.rows import values_set
from arraigo.core.service_checks import Errors, add_error, clean_or_raise, require_perm

from ..models import Employer
from ..rows import employer_row, employer_values
from ..types import EmployerData


def rfc_normalise(value: str, errors: Errors) -> str:
    """The RFC in its compact form, or "" when none was given; problems go to `errors`.

    Check digits are not verified: the SAT has issued many RFCs whose check digit does not
    match (python-stdnum estimates about 1.5%), and refusing a real company's RFC helps no one.
    """
    if not value.strip():
        return ""
    try:
        number = mx_rfc.compact(value)
        if len(number) == 10:
            raise InvalidLength()
        return str(mx_rfc.validate(number))
    except InvalidLength:
        message = _(
            "An RFC has 12 characters for a company or 13 for a person, "
            "including the 3-character homoclave."
        )
    except InvalidFormat:
        message = _(
            "An RFC is 3 letters (company) or 4 letters (person), the date as YYMMDD, "
            "then the 3-character homoclave."
        )
    except InvalidComponent:
        message = _("The date in this RFC is not a real date, or its letters are not allowed.")
    except ValidationError:
        message = _("This is not a valid RFC.")
    add_error(errors, "rfc", message)
    return value


@transaction.atomic
def employer_create(*, actor: User, data: EmployerData) -> Employer:
    """Register a partner company (coordinators and employer liaisons)."""
    require_perm(actor, "jobs.add_employer")
    errors: Errors = {}
    rfc = rfc_normalise(data.rfc, errors)
    employer = employer_row(data, rfc)
    clean_or_raise(employer, errors)
    employer.save()
    return employer


@transaction.atomic
def employer_update(*, actor: User, employer: Employer, data: EmployerData) -> Employer:
    """Change a partner company's details (coordinators and employer liaisons)."""
    require_perm(actor, "jobs.change_employer")
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    errors: Errors = {}
    rfc = rfc_normalise(data.rfc, errors)
    values_set(locked, employer_values(data, rfc))
    clean_or_raise(locked, errors)
    locked.save()
    return locked

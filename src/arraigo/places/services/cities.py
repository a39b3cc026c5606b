"""Writes on cities and offices (programme coordinators)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.rows import values_set
from arraigo.core.service_checks import Errors, add_error, clean_or_raise, require_perm

from ..models import City, CityKind, Office, OfficeKind
from ..rows import city_row, city_values, office_row, office_values
from ..types import CityData, OfficeData


def _city_check(data: CityData, errors: Errors, exclude_pk: int | None) -> None:
    code = data.code.strip()
    if code and City.objects.filter(code=code).exclude(pk=exclude_pk or 0).exists():
        add_error(
            errors, "code", _("A city with the code %(code)s already exists.") % {"code": code}
        )
    wage = data.average_monthly_wage_mxn
    if wage is not None and wage <= 0:
        add_error(errors, "average_monthly_wage_mxn", _("The average wage must be more than zero."))


@transaction.atomic
def city_create(*, actor: User, data: CityData) -> City:
    require_perm(actor, "places.add_city")
    errors: Errors = {}
    _city_check(data, errors, exclude_pk=None)
    city = city_row(data)
    clean_or_raise(city, errors)
    city.save()
    return city


@transaction.atomic
def city_update(*, actor: User, city: City, data: CityData) -> City:
    require_perm(actor, "places.change_city")
    locked = City.objects.select_for_update().get(pk=city.pk)
    errors: Errors = {}
    _city_check(data, errors, exclude_pk=locked.pk)
    values_set(locked, city_values(data))
    clean_or_raise(locked, errors)
    locked.save()
    return locked


def _office_check(data: OfficeData, errors: Errors, exclude_pk: int | None) -> None:
    code = data.code.strip()
    if code and Office.objects.filter(code=code).exclude(pk=exclude_pk or 0).exists():
        add_error(
            errors, "code", _("An office with the code %(code)s already exists.") % {"code": code}
        )
    if data.kind == OfficeKind.HOST and not data.city.is_host:
        add_error(errors, "kind", _("A host-city office must be in a host city."))
    if data.kind == OfficeKind.ORIGIN and data.city.kind not in {CityKind.ORIGIN, CityKind.BOTH}:
        add_error(errors, "kind", _("An origin office must be in an origin city."))


@transaction.atomic
def office_create(*, actor: User, data: OfficeData) -> Office:
    require_perm(actor, "places.add_office")
    errors: Errors = {}
    _office_check(data, errors, exclude_pk=None)
    office = office_row(data)
    clean_or_raise(office, errors)
    office.save()
    return office


@transaction.atomic
def office_update(*, actor: User, office: Office, data: OfficeData) -> Office:
    require_perm(actor, "places.change_office")
    locked = Office.objects.select_for_update().get(pk=office.pk)
    errors: Errors = {}
    _office_check(data, errors, exclude_pk=locked.pk)
    values_set(locked, office_values(data))
    clean_or_raise(locked, errors)
    locked.save()
    return locked

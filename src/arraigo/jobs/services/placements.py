"""Writes on placements: a hire, its start, IMSS registration and separation.

A hire takes a seat of its vacancy, unless the person's accepted offer already reserved that
seat (matching's proposal_accept). Lock order: the vacancy row, then the placement row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.casework.services import milestone_done_by_record
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.registry.models import Person
from arraigo.webhooks.events import Event
from arraigo.webhooks.services import event_emit

from ..employment_rules import employment_rules
from ..models import Employer, Placement, SeparationReason, Vacancy, VacancyStatus
from ..reservations import reservation_holders
from ..rows import placement_row
from ..selectors_placements import IN_CITY, placements_visible_to

ADULT_AGE = 18


@dataclass(frozen=True)
class HireData:
    hired_on: dt.date
    monthly_wage_mxn: Decimal
    contract_type: str
    started_on: dt.date | None = None


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _scope_check(actor: User, *, employer_id: int, host_city_id: int | None) -> None:
    """A company's HR user records only their company's placements; a host caseworker only
    those of households in their city. Others with the permission: any."""
    if scope.in_scope(actor, scope.Kind.PLACEMENTS, employer=employer_id, city=host_city_id):
        return
    if scope.anchor(actor) is scope.Anchor.EMPLOYER:
        raise NotPermitted(_("You can only record placements at your own company."))
    raise NotPermitted(_("This household lives outside your city."))


def _has_reservation(person: Person, vacancy: Vacancy) -> bool:
    # Matching keeps the reservation on the accepted proposal's job (proposal_accept).
    return reservation_holders(Vacancy.objects.filter(pk=vacancy.pk)).filter(pk=person.pk).exists()


def _take_seat(person: Person, vacancy: Vacancy, errors: Errors) -> None:
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if _has_reservation(person, locked):
        return
    if locked.status != VacancyStatus.OPEN:
        add_error(errors, "vacancy", _("This vacancy is not open."))
    elif locked.seats_reserved >= locked.seats:
        add_error(
            errors,
            "vacancy",
            _("The vacancy %(vacancy)s has no seats left.") % {"vacancy": locked.label},
        )
    else:
        locked.seats_reserved += 1
        locked.save(update_fields=["seats_reserved", "updated_at"])


def _check_hire(
    person: Person, employer: Employer, vacancy: Vacancy | None, data: HireData, today: dt.date
) -> Errors:
    errors: Errors = {}
    household = person.household
    if household.status not in IN_CITY:
        add_error(
            errors,
            None,
            _("%(code)s has not arrived in its host city: a job is recorded after arrival.")
            % {"code": household.code},
        )
    if _age_on(person.date_of_birth, data.hired_on) < ADULT_AGE:
        add_error(errors, "person", _("Only adults (18 or older) are hired through the programme."))
    if not employer.active:
        add_error(errors, "employer", _("This employer is no longer an active partner."))
    if vacancy is not None and vacancy.employer_id != employer.pk:
        add_error(errors, "vacancy", _("This vacancy belongs to another company."))
    if vacancy is not None and household.host_city_id not in (None, vacancy.city_id):
        add_error(
            errors,
            "vacancy",
            _("This job is in %(job_city)s; the household lives in %(city)s.")
            % {"job_city": vacancy.city, "city": household.host_city},
        )
    if data.monthly_wage_mxn <= 0:
        add_error(errors, "monthly_wage_mxn", _("The monthly wage must be more than zero."))
    if data.hired_on > today:
        add_error(errors, "hired_on", _("The hire date cannot be in the future."))
    if data.started_on is not None and data.started_on < data.hired_on:
        add_error(errors, "started_on", _("The start date cannot be before the hire date."))
    if data.started_on is not None and data.started_on > today:
        add_error(errors, "started_on", _("Record the start on the day it happens."))
    current = Placement.objects.filter(person=person, separated_on__isnull=True).first()
    if current is not None:
        add_error(
            errors,
            None,
            _("This person already works at %(employer)s: record that separation first.")
            % {"employer": current.employer.name},
        )
    return errors


@transaction.atomic
def placement_hire(
    *,
    actor: User,
    person: Person,
    employer: Employer,
    vacancy: Vacancy | None,
    data: HireData,
) -> Placement:
    """Record that `person` was hired by `employer` (for `vacancy`, if any)."""
    require_perm(actor, "jobs.add_placement")
    _scope_check(actor, employer_id=employer.pk, host_city_id=person.household.host_city_id)
    errors = _check_hire(person, employer, vacancy, data, timezone.localdate())
    if vacancy is not None and not errors:
        _take_seat(person, vacancy, errors)
    if errors:
        raise ValidationFailed(errors)
    placement = placement_row(
        person=person,
        employer_id=employer.pk,
        vacancy_id=vacancy.pk if vacancy is not None else None,
        hired_on=data.hired_on,
        started_on=data.started_on,
        monthly_wage_mxn=data.monthly_wage_mxn,
        contract_type=data.contract_type,
        created_by_id=actor.pk,
    )
    placement.save(force_insert=True)
    if data.started_on is not None:
        _plan_milestone_done(actor, placement, "started", data.started_on)
    if vacancy is not None and Placement.objects.filter(vacancy=vacancy).count() == vacancy.seats:
        event_emit(  # this hire took the vacancy's last seat
            event=Event.VACANCY_FILLED,
            payload={
                "vacancy": vacancy.pk,
                "employer": employer.pk,
                "city": vacancy.city_id,
                "occupation": vacancy.occupation_id,
                "seats": vacancy.seats,
                "placements": vacancy.seats,
                "filled_on": data.hired_on,
            },
            key=f"vacancy.filled:{vacancy.pk}",
        )
    return placement


def _lock(actor: User, placement: Placement) -> Placement:
    require_perm(actor, "jobs.change_placement")
    if not placements_visible_to(actor).filter(pk=placement.pk).exists():
        raise NotPermitted()
    locked = Placement.objects.select_for_update().select_related("household").get(pk=placement.pk)
    _scope_check(actor, employer_id=locked.employer_id, host_city_id=locked.household.host_city_id)
    return locked


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@transaction.atomic
def placement_start(*, actor: User, placement: Placement, started_on: dt.date) -> Placement:
    locked = _lock(actor, placement)
    if locked.started_on is not None:
        raise ValidationFailed(
            {None: [_("This job started on %(day)s.") % {"day": _day(locked.started_on)}]}
        )
    if started_on < locked.hired_on:
        raise ValidationFailed(
            {"started_on": [_("The start date cannot be before the hire date.")]}
        )
    if started_on > timezone.localdate():
        raise ValidationFailed({"started_on": [_("Record the start on the day it happens.")]})
    locked.started_on = started_on
    locked.save(update_fields=["started_on", "updated_at"])
    _plan_milestone_done(actor, locked, "started", started_on)
    return locked


@transaction.atomic
def placement_imss_register(
    *, actor: User, placement: Placement, registered_on: dt.date
) -> Placement:
    locked = _lock(actor, placement)
    if registered_on < locked.hired_on or registered_on > timezone.localdate():
        raise ValidationFailed(
            {"registered_on": [_("The IMSS registration falls between the hire date and today.")]}
        )
    locked.imss_registered_on = registered_on
    locked.save(update_fields=["imss_registered_on", "updated_at"])
    _plan_milestone_done(actor, locked, "imss_registered", registered_on)
    return locked


def _plan_milestone_done(actor: User, placement: Placement, event: str, day: dt.date) -> None:
    """The job's record completes the matching milestone of the person's integration plan
    (employment.yaml says which), so nobody enters it twice. Stored text is in the programme's
    language, whoever records it."""
    code = employment_rules().plan_milestones.get(event)
    if code is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        evidence = _("Recorded with job %(job)s at %(employer)s") % {
            "job": placement.pk,
            "employer": placement.employer.name,
        }
    milestone_done_by_record(
        actor=actor, person_id=placement.person_id, code=code, done_on=day, evidence=evidence
    )


@transaction.atomic
def placement_separate(
    *, actor: User, placement: Placement, separated_on: dt.date, reason: str, note: str = ""
) -> Placement:
    """Record the last day worked and why. The vacancy's seat is not given back: a vacancy
    is a hiring request, and the company posts a new one if it wants the job filled again."""
    locked = _lock(actor, placement)
    errors: Errors = {}
    if locked.separated_on is not None:
        add_error(errors, None, _("This separation is already recorded."))
    elif locked.started_on is None:
        add_error(errors, None, _("This job never started: record the start first."))
    elif separated_on < locked.started_on:
        add_error(errors, "separated_on", _("The last day worked cannot be before the start."))
    if separated_on > timezone.localdate():
        add_error(errors, "separated_on", _("Record the separation on or after the last day."))
    if reason not in SeparationReason.values:
        add_error(errors, "reason", _("Choose the reason for the separation."))
    if len(note) > 300:
        add_error(errors, "note", _("At most %(max)d characters.") % {"max": 300})
    if errors:
        raise ValidationFailed(errors)
    locked.separated_on = separated_on
    locked.separation_reason = reason
    locked.separation_note = note.strip()
    locked.save(
        update_fields=["separated_on", "separation_reason", "separation_note", "updated_at"]
    )
    return locked

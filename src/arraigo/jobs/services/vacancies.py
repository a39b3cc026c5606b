"""Writes on vacancies: post, change and close, by staff or by the company's own HR."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.rows import values_set
from arraigo.core.service_checks import Errors, add_error, clean_or_raise, require_perm

from ..models import Employer, Vacancy, VacancyStatus
from ..rows import vacancy_row, vacancy_values
from ..types import VacancyData


def _require_own_company(actor: User, employer_id: int) -> None:
    """An employer's HR user manages only their own company's vacancies."""
    if not scope.in_scope(actor, scope.Kind.EMPLOYERS, employer=employer_id):
        raise NotPermitted(_("You can only manage your own company's vacancies."))


def _check(data: VacancyData, errors: Errors) -> tuple[Occupation | None, list[Skill]]:
    """Rules shared by create and update; returns the occupation and skills the codes name."""
    if data.seats < 1:
        add_error(errors, "seats", _("A vacancy needs at least one seat."))
    if Decimal(data.monthly_wage_mxn) <= 0:
        add_error(errors, "monthly_wage_mxn", _("The monthly wage must be more than zero."))
    occupation = Occupation.objects.filter(isco_code=data.occupation_code.strip()).first()
    if occupation is None:
        add_error(
            errors,
            "occupation",
            _("Unknown ISCO-08 occupation code: %(code)s.") % {"code": data.occupation_code},
        )
    codes = sorted(set(data.skill_codes))
    skills = list(Skill.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {skill.code for skill in skills})
    if missing:
        add_error(
            errors, "skills", _("Unknown skill codes: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    return occupation, skills


@transaction.atomic
def vacancy_create(*, actor: User, employer: Employer, data: VacancyData) -> Vacancy:
    """Post a vacancy for `employer`; its city is the employer's unless `data.city` says."""
    require_perm(actor, "jobs.add_vacancy")
    _require_own_company(actor, employer.pk)
    errors: Errors = {}
    if not employer.active:
        add_error(errors, None, _("This employer is no longer an active partner."))
    occupation, skills = _check(data, errors)
    if data.start_date is not None and data.start_date < timezone.localdate():
        add_error(errors, "start_date", _("The start date cannot be in the past."))
    vacancy = vacancy_row(
        employer=employer, data=data, occupation=occupation, opened_on=timezone.localdate()
    )
    clean_or_raise(vacancy, errors)
    vacancy.save()
    vacancy.skills.set(skills)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: VacancyData) -> Vacancy:
    """Change an open or filled vacancy. Seats never drop below those already reserved;
    the status follows: filled when every seat is reserved, open otherwise."""
    require_perm(actor, "jobs.change_vacancy")
    _require_own_company(actor, vacancy.employer_id)
    locked = Vacancy.objects.select_for_update().select_related("employer").get(pk=vacancy.pk)
    if locked.status == VacancyStatus.CLOSED:
        raise ValidationFailed({None: [_("A closed vacancy cannot be changed.")]})
    errors: Errors = {}
    occupation, skills = _check(data, errors)
    if "seats" not in errors and data.seats < locked.seats_reserved:
        add_error(
            errors,
            "seats",
            _("Seats cannot go below the %(n)s already reserved.") % {"n": locked.seats_reserved},
        )
    values_set(locked, vacancy_values(data, locked.employer, occupation))
    clean_or_raise(locked, errors)
    locked.status = (
        VacancyStatus.FILLED if locked.seats_reserved >= locked.seats else VacancyStatus.OPEN
    )
    locked.save()
    locked.skills.set(skills)
    return locked


@transaction.atomic
def vacancy_close(*, actor: User, vacancy: Vacancy) -> Vacancy:
    """Take a vacancy off the market; it is no longer offered to anyone."""
    require_perm(actor, "jobs.change_vacancy")
    _require_own_company(actor, vacancy.employer_id)
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if locked.status == VacancyStatus.CLOSED:
        raise InvalidTransition(_("This vacancy is already closed."))
    locked.status = VacancyStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    return locked

"""Indicators (the results report's aggregates, small cells suppressed as on the web) and
follow-up answers in the interchange format of monitoring.interchange (the columns of
`arraigo followups export`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from arraigo.accounts.permissions import sees_names
from arraigo.core.errors import ValidationFailed
from arraigo.monitoring.forms import FIRST_YEAR, ResultsForm
from arraigo.monitoring.interchange import (
    FOLLOWUP_COLUMNS,
    date_cell,
    income_cell,
    yes_no_cell,
)
from arraigo.monitoring.models import FollowUpAnswer, Round
from arraigo.monitoring.report import ROUNDS_SHOWN, Period, results_kept
from arraigo.monitoring.selectors import require_aggregates
from arraigo.monitoring.small_cells import SMALL_CELL, Cell
from arraigo.registry.pseudonyms import household_pseudonym
from arraigo.registry.selectors import households_visible_to

from .common import MAX_ID, answers, caller
from .pagination import LIMIT_DEFAULT, LIMIT_MAX, Order, cursor_page

router = Router(tags=["monitoring"])

BY_ID = Order(None, descending=False)
FOLLOWUP_READERS = ("monitoring.view_followupanswer", "monitoring.export_pseudonymised")
# The periods the report counts over (the results page's years).
FIRST_DAY, LAST_DAY = dt.date(FIRST_YEAR, 1, 1), dt.date(2100, 12, 31)
PERIOD_LIMITS = {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}


class CellOut(Schema):
    """A published share: every number null when a count under `small_cell` is suppressed."""

    numerator: int | None
    denominator: int | None
    value: float | None  # a fraction (0-1); null when suppressed or nobody answered
    suppressed: bool


class IndicatorOut(Schema):
    code: str
    level: str  # household or person
    title: str
    definition: str
    rounds: dict[str, CellOut]  # baseline, month1, month6


class IndicatorsOut(Schema):
    date_from: dt.date
    date_to: dt.date
    households: int | None  # households that answered in the period (null: suppressed)
    small_cell: int
    indicators: list[IndicatorOut]


class FollowUpOut(Schema):
    """One member's answers in one round, the cells of the interchange format."""

    household: str
    member: str
    round: str
    date: str
    works: str
    formal: str
    income: str
    job_satisfied: str
    in_school: str
    bank_account: str


class FollowUpPage(Schema):
    columns: list[str]
    items: list[FollowUpOut]
    next: str | None


def _number(value: int | str) -> int | None:
    return value if isinstance(value, int) else None


def _cell_out(cell: Cell) -> dict[str, Any]:
    value = cell.value if isinstance(cell.value, float) else None
    return {
        "numerator": _number(cell.numerator),
        "denominator": _number(cell.denominator),
        "value": None if cell.hidden else value,
        "suppressed": cell.hidden,
    }


@router.get("/indicators", response=answers({200: IndicatorsOut}), summary="Indicators")
def indicators(
    request: HttpRequest,
    year: int | None = Query(None, ge=FIRST_YEAR, le=2100),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> dict[str, Any]:
    """Every outcome indicator at baseline, one month and six months, over the answers of a
    period (`year`, default this year; or `date_from` and `date_to`): the results report's
    figures, counts under 5 suppressed."""
    user = caller(request)
    require_aggregates(user)
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationFailed(
                {name: [_("Choose a date from %(first)s to %(last)s.") % PERIOD_LIMITS]}
            )
    given = {"year": year, "date_from": date_from, "date_to": date_to}
    form = ResultsForm(
        {k: v for k, v in given.items() if v is not None}, today=timezone.localdate()
    )
    if not form.is_valid():
        raise ValidationFailed(
            {
                None if field == "__all__" else field: [str(error) for error in errors]
                for field, errors in form.errors.items()
            }
        )
    period = Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    report = results_kept(user, period).value
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "households": _number(report.households),
        "small_cell": SMALL_CELL,
        "indicators": [
            {
                "code": row.indicator.code,
                "level": row.indicator.level,
                "title": str(row.indicator.title),
                "definition": row.indicator.definition,
                "rounds": {r: _cell_out(row.cells[r]) for r in ROUNDS_SHOWN},
            }
            for row in report.rows
        ],
    }


def _followup_out(answer: FollowUpAnswer, names: bool) -> dict[str, Any]:
    household = answer.household
    return {
        "household": household.code if names else household_pseudonym(household.pk),
        "member": str(answer.person.member_no),
        "round": answer.round,
        "date": date_cell(answer.date),
        "works": yes_no_cell(answer.works),
        "formal": yes_no_cell(answer.formal),
        "income": income_cell(answer.income),
        "job_satisfied": yes_no_cell(answer.job_satisfied),
        "in_school": yes_no_cell(answer.in_school),
        "bank_account": yes_no_cell(answer.bank_account),
    }


@router.get("/followups", response=answers({200: FollowUpPage}), summary="Follow-up answers")
def followup_list(
    request: HttpRequest,
    round: Round | None = None,
    household: int | None = Query(None, ge=1, le=MAX_ID),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX),
) -> dict[str, Any]:
    """The follow-up answers of the households in your scope, in the order they were stored,
    as the rows of the interchange format (`columns`; yes/no cells, empty when not asked); a
    pseudonymised reader gets the household's pseudonym for its code. Filters: `round`,
    `household` (id)."""
    user = caller(request)
    # Those who enter surveys read them; the M&E officer reads them pseudonymised, as in
    # their export (monitoring.export_pseudonymised).
    if not any(user.has_perm(perm) for perm in FOLLOWUP_READERS):
        raise PermissionDenied
    qs = FollowUpAnswer.objects.filter(household__in=households_visible_to(user))
    if round is not None:
        qs = qs.filter(round=round.value)
    if household is not None:
        qs = qs.filter(household_id=household)
    qs = qs.select_related("household", "person")
    page = cursor_page(qs, BY_ID, cursor=cursor, limit=limit)
    names = sees_names(user)
    return {
        "columns": list(FOLLOWUP_COLUMNS),
        "items": [_followup_out(answer, names) for answer in page.rows],
        "next": page.next,
    }

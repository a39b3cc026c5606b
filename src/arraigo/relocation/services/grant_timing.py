"""When a grant's money moves: the programme's rule per modality (relocation.yaml,
grant_rules) read in one place, for the services and for the grant page.

A grant's commitment is dated the first day it may be paid (the travel date for a grant paid
on arrival, N days before it for one paid before travel, the approval day for one without a
trip); a payment is refused before that day and before what the rule asks (the household's
arrival, N days before travel). So no expenditure is ever dated before its commitment.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed

from ..models import Grant, PlanStatus
from ..rules import BEFORE_TRAVEL, ON_ARRIVAL, GrantRule, rules_current


def grant_rule_for(modality: str) -> GrantRule:
    """The modality's grant rule; refused when the programme gives that modality no grant."""
    rule = rules_current().grant_rule(modality)
    if rule is None:
        raise ValidationFailed(
            {None: [_("The programme's rules give no cash grant to households of this modality.")]}
        )
    return rule


def grant_rule(grant: Grant) -> GrantRule:
    """The rule of the grant's modality (the modality of the table it was computed from)."""
    return grant_rule_for(grant.table.modality)


def commitment_day(grant: Grant, *, approved_on: dt.date) -> dt.date:
    """The day the grant's commitment is dated: the first day it may be paid."""
    rule = grant_rule(grant)
    if not rule.needs_trip or grant.plan is None:
        return approved_on
    if rule.disburse == BEFORE_TRAVEL:
        return grant.plan.travel_date - dt.timedelta(days=rule.days_before_travel)
    return grant.plan.travel_date


def _day(value: dt.date) -> str:
    return f"{value:%Y-%m-%d}"


def payable_from(grant: Grant) -> tuple[dt.date | None, str]:
    """The first day the programme's rule lets this grant be paid (None: not yet known, the
    household has not arrived), and the rule in words for the page."""
    rule = grant_rule(grant)
    plan = grant.plan
    if rule.disburse == ON_ARRIVAL and plan is not None:
        arrived = timezone.localdate(plan.arrived_at) if plan.arrived_at else None
        return arrived, _("The programme pays this grant once the household has arrived.")
    if rule.disburse == BEFORE_TRAVEL and plan is not None:
        first = plan.travel_date - dt.timedelta(days=rule.days_before_travel)
        return first, _(
            "The programme pays this grant from %(days)s days before the travel date (%(day)s)."
        ) % {"days": rule.days_before_travel, "day": _day(first)}
    approved = timezone.localdate(grant.approved_at) if grant.approved_at else None
    return approved, _("The programme pays this grant once it is approved.")


def disbursement_refusal(grant: Grant, *, disbursed_on: dt.date, committed_on: dt.date) -> str:
    """Why the grant may not be paid on `disbursed_on` under its modality's rule ("" if it may).

    `committed_on` is the date of its commitment in the ledger: never paid before it.
    """
    rule = grant_rule(grant)
    plan = grant.plan
    if rule.disburse == ON_ARRIVAL and plan is not None:
        if plan.status != PlanStatus.ARRIVED or plan.arrived_at is None:
            return _("The household has not arrived yet: the programme pays this grant on arrival.")
        arrived = timezone.localdate(plan.arrived_at)
        if disbursed_on < arrived:
            return _(
                "The payment date cannot be before the household arrived (%(day)s): the "
                "programme pays this grant on arrival."
            ) % {"day": _day(arrived)}
    if rule.disburse == BEFORE_TRAVEL and plan is not None:
        first = plan.travel_date - dt.timedelta(days=rule.days_before_travel)
        if disbursed_on < first:
            return _(
                "The programme pays this grant from %(days)s days before the travel date: not "
                "before %(day)s."
            ) % {"days": rule.days_before_travel, "day": _day(first)}
    if disbursed_on < committed_on:
        return _(
            "The payment date cannot be before the grant's commitment in the ledger (%(day)s)."
        ) % {"day": _day(committed_on)}
    return ""

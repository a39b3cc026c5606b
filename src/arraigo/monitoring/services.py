"""Writes of the monitoring app.

Survey entry on the web: `interview_record` (a caseworker enters a phone or in-person
interview, one household and one round at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.core.versions import Change, StaleEdit
from arraigo.registry.consent import consent_answer
from arraigo.registry.models import ConsentPurpose, Household, Person

from .due_household import household_start
from .entry import StoredSurvey, stored_survey, version_seen
from .models import AnswerSource, FollowUpAnswer, Interview, Round
from .programme import monitoring_rules
from .questions import (
    MEMBER_FIELDS,
    WEB_MODES,
    HouseholdAnswers,
    MemberAnswers,
    asked_only_if_yes,
    member_field,
    member_questions,
    round_questions,
    tenure_codes,
)

# --- survey entry on the web ------------------------------------------------------------------

ENTRY_PERMS = (
    "monitoring.add_interview",
    "monitoring.change_interview",
    "monitoring.add_followupanswer",
    "monitoring.change_followupanswer",
)


def interview_may_record(user: User, household: Household) -> bool:
    """Whether `user` may enter `household`'s surveys: the coordinator, or a caseworker of the
    household's host city (the permissions of accounts.roles, the scope of accounts.scope)."""
    if not all(user.has_perm(perm) for perm in ENTRY_PERMS):
        return False
    return scope.in_scope(user, scope.Kind.HOUSEHOLDS, city=household.host_city_id)


def _check_version(stored: StoredSurvey, version: str | None) -> None:
    """Refuse to overwrite a survey saved by someone else since the page was opened."""
    if version is None:
        return
    seen = version_seen(version)
    if seen == stored.last_saved:
        return
    when = dt.datetime.fromisoformat(stored.last_saved) if stored.taken else None
    change = Change(
        label=_("Survey"),
        seen=_("an earlier version") if seen else _("(empty)"),
        current=_("entered on %(when)s") % {"when": f"{timezone.localtime(when):%Y-%m-%d %H:%M}"}
        if when is not None
        else _("(empty)"),
    )
    raise StaleEdit([change], stored.version)


def _check_member(
    errors: Errors, person: Person, answers: MemberAnswers, date: dt.date, round_code: str
) -> None:
    asked = member_questions(person.age_on(date), round_code)
    needs_yes = asked_only_if_yes(round_code)
    for name in MEMBER_FIELDS:
        value = getattr(answers, name)
        if value is None:
            continue
        key = member_field(person.member_no, name)
        if name not in round_questions(round_code):
            add_error(errors, key, _("Not asked in this round."))
        elif name not in asked:
            add_error(errors, key, _("Not asked at this age."))
        elif name in needs_yes and getattr(answers, needs_yes[name]) is not True:
            add_error(errors, key, _("Only asked of members who work."))
    if answers.income is not None and answers.income < 0:
        add_error(errors, member_field(person.member_no, "income"), _("Must be 0 or more."))


def _check(
    errors: Errors,
    *,
    household: Household,
    round_code: str,
    date: dt.date,
    mode: str,
    household_answers: HouseholdAnswers,
    member_answers: Mapping[int, MemberAnswers],
    members: dict[int, Person],
) -> None:
    rules = monitoring_rules()
    if round_code not in {rule.code for rule in rules.rounds}:
        add_error(errors, "round", _("This round is not part of the programme's surveys."))
    elif rules.round(round_code).window is not None:
        start = household_start(household)
        if start is None:
            add_error(errors, "date", _("The household's integration plan has not started yet."))
        elif date < start:
            add_error(
                errors,
                "date",
                _("The interview cannot be before the household's start (%(start)s).")
                % {"start": start.isoformat()},
            )
    if date > timezone.localdate():
        add_error(errors, "date", _("The interview cannot be in the future."))
    if mode not in WEB_MODES:
        add_error(errors, "mode", _("Choose by phone or in person."))
    tenure = household_answers.housing_tenure
    if tenure and tenure not in tenure_codes():
        add_error(errors, "housing_tenure", _("Not one of the housing tenure codes."))
    for member_no, answers in member_answers.items():
        person = members.get(member_no)
        if person is None:
            add_error(
                errors,
                None,
                _("Member %(no)s is not part of this household.") % {"no": member_no},
            )
            continue
        _check_member(errors, person, answers, date, round_code)


def _save_answers(
    *,
    actor: User,
    household: Household,
    round_code: str,
    date: dt.date,
    now: dt.datetime,
    stored: StoredSurvey,
    member_answers: Mapping[int, MemberAnswers],
    members: dict[int, Person],
) -> None:
    """Replace the round's member answers with `member_answers`: rows updated in place (the
    audit trail shows what changed), new ones created, those of members not given deleted."""
    for member_no, answers in member_answers.items():
        values = {name: getattr(answers, name) for name in MEMBER_FIELDS}
        row = stored.answers.get(member_no)
        if row is None:
            row = FollowUpAnswer(household=household, person=members[member_no], round=round_code)
        for name, value in values.items():
            setattr(row, name, value)
        row.date, row.source, row.recorded_by, row.recorded_at = (
            date,
            AnswerSource.WEB,
            actor,
            now,
        )
        row.save()
    for member_no, row in stored.answers.items():
        if member_no not in member_answers:
            row.delete()


@transaction.atomic
def interview_record(
    *,
    actor: User,
    household: Household,
    round: str,
    date: dt.date,
    mode: str,
    household_answers: HouseholdAnswers,
    member_answers: Mapping[int, MemberAnswers],
    version: str | None = None,
) -> Interview:
    """Enter (or correct) `household`'s survey in `round`, taken on `date` by phone or in
    person: the household's answers and each member's, by member number. The round's answers
    stored before are replaced: a member left out loses their row.

    Refused (ValidationFailed, each message on its field: `member_field(no, name)` for a
    member's answer) when the date is in the future or, for a follow-up, before the household's
    start; when a member is not the household's; when an answer is not asked of the member
    (questions.member_questions; the work details only of those who work); when the household
    said no to surveys. `version` (entry.StoredSurvey.version, from the page) refuses to
    overwrite a survey saved by someone else meanwhile (StaleEdit). Audited, source "web".
    """
    for perm in ENTRY_PERMS:
        require_perm(actor, perm)
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if not interview_may_record(actor, locked):
        raise NotPermitted()
    if consent_answer(locked, ConsentPurpose.SURVEYS) is False:
        raise ValidationFailed({None: [_("The household said no to follow-up surveys.")]})
    members = {p.member_no: p for p in Person.objects.filter(household=locked)}
    errors: Errors = {}
    _check(
        errors,
        household=locked,
        round_code=round,
        date=date,
        mode=mode,
        household_answers=household_answers,
        member_answers=member_answers,
        members=members,
    )
    if errors:
        raise ValidationFailed(errors)
    stored = stored_survey(locked, round)
    _check_version(stored, version)
    now = timezone.now()
    interview = stored.interview or Interview(household=locked, round=Round(round))
    interview.date, interview.mode = date, mode
    interview.housing_tenure = household_answers.housing_tenure
    interview.feels_safe = household_answers.feels_safe
    interview.health_access = household_answers.health_access
    interview.basic_needs_met = household_answers.basic_needs_met
    interview.source, interview.recorded_by, interview.recorded_at = AnswerSource.WEB, actor, now
    interview.save()
    _save_answers(
        actor=actor,
        household=locked,
        round_code=round,
        date=date,
        now=now,
        stored=stored,
        member_answers=member_answers,
        members=members,
    )
    return interview

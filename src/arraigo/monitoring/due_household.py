"""One household's survey rounds, for its case page: each round's window, where it stands
(`due.due_status`), and who entered it when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arraigo.accounts.models import User
from arraigo.casework.models import IntegrationPlan
from arraigo.registry.consent import consent_annotate
from arraigo.registry.models import ConsentPurpose, Household

from .due import DueStatus, Window, due_status, first_start, round_window
from .models import AnswerSource, FollowUpAnswer, Interview, Round
from .programme import RoundRule, monitoring_rules


@dataclass(frozen=True)
class RoundState:
    """One round of one household: its window, where it stands, and the survey if taken."""

    rule: RoundRule
    window: Window
    status: DueStatus
    date: dt.date | None  # of the interview
    recorded_by: User | None
    source: str  # AnswerSource, "" when not taken

    @property
    def round_label(self) -> str:
        return str(Round(self.rule.code).label)

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def enterable(self) -> bool:
        """Whether a survey can be entered now: a follow-up needs the start it is dated from."""
        return self.rule.window is None or self.window.opens is not None

    @property
    def source_label(self) -> str:
        return str(AnswerSource(self.source).label) if self.source else ""


def household_start(household: Household) -> dt.date | None:
    """The household's start: its first integration plan's first day (None before one)."""
    plans = IntegrationPlan.objects.filter(household=household).order_by("started_on", "id")
    return plans.values_list("started_on", flat=True).first()


@dataclass(frozen=True)
class HouseholdSurveys:
    rounds: list[RoundState]
    declined: bool  # the household said no to follow-up surveys


def household_rounds(household: Household, today: dt.date) -> HouseholdSurveys:
    """Every round of monitoring.yaml for `household` (already read within the user's scope).
    Three queries: the start and the consent, the interviews, the answers."""
    facts = consent_annotate(
        Household.objects.filter(pk=household.pk), ConsentPurpose.SURVEYS, household="pk"
    )
    start, given = (
        facts.annotate(survey_start=first_start())
        .values_list("survey_start", "consent_given")
        .get()
    )
    declined = given is False
    interviews = {
        i.round: i
        for i in Interview.objects.filter(household=household).select_related("recorded_by")
    }
    answered: dict[str, FollowUpAnswer] = {}
    latest = FollowUpAnswer.objects.filter(household=household).select_related("recorded_by")
    for answer in latest.order_by("round", "-recorded_at", "-id"):
        answered.setdefault(answer.round, answer)
    rows = []
    for rule in monitoring_rules().rounds:
        taken: Interview | FollowUpAnswer | None = interviews.get(rule.code) or answered.get(
            rule.code
        )
        status = due_status(
            rule,
            household_status=household.status,
            start=start,
            today=today,
            done=taken is not None,
            declined=declined,
        )
        rows.append(
            RoundState(
                rule=rule,
                window=round_window(rule, start),
                status=status,
                date=taken.date if taken is not None else None,
                recorded_by=taken.recorded_by if taken is not None else None,
                source=taken.source if taken is not None else "",
            )
        )
    return HouseholdSurveys(rounds=rows, declined=declined)

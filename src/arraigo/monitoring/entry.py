"""Reads for the survey entry page: a household's survey in one round as stored, and its version.

The version is a signed token of when the round's survey was last saved (the interview's and
its answers' `recorded_at`, and how many answers there are): the page carries it, and
`interview_record` refuses to overwrite a survey someone else saved in between (core.versions'
pattern, over several rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from arraigo.registry.models import Household, Person

from .models import FollowUpAnswer, Interview

_SALT = "arraigo.monitoring.survey"


@dataclass(frozen=True)
class StoredSurvey:
    interview: Interview | None
    answers: dict[int, FollowUpAnswer]  # by member number

    @property
    def taken(self) -> bool:
        return self.interview is not None or bool(self.answers)

    @property
    def last_saved(self) -> str:
        times = [a.recorded_at for a in self.answers.values()]
        if self.interview is not None:
            times.append(self.interview.recorded_at)
        return max(times).isoformat() if times else ""

    @property
    def version(self) -> str:
        return signing.dumps([self.last_saved, len(self.answers)], salt=_SALT)


def version_seen(version: str) -> str | None:
    """When the survey had last been saved as the page showed it ("" when not taken), or
    None for a token that is not ours."""
    try:
        saved, _count = signing.loads(version, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return str(saved)


def stored_survey(household: Household, round_code: str) -> StoredSurvey:
    """The household's interview and answers in `round_code` (writers lock the household)."""
    interviews = Interview.objects.filter(household=household, round=round_code)
    answers = FollowUpAnswer.objects.filter(household=household, round=round_code)
    by_member = {a.person.member_no: a for a in answers.select_related("person", "recorded_by")}
    return StoredSurvey(
        interview=interviews.select_related("recorded_by").first(),
        answers=by_member,
    )


def survey_members(household: Household) -> list[Person]:
    return list(household.members.order_by("member_no"))

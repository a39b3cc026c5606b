"""Forms of the survey pages (the list of surveys due, the entry of one household's survey):
they parse input; monitoring.services holds the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.core.versions import VERSION_FIELD, VersionField
from arraigo.registry.models import Person

from .due import DueStatus
from .entry import StoredSurvey
from .models import InterviewMode, Round
from .questions import (
    MEMBER_FIELDS,
    WEB_MODES,
    HouseholdAnswers,
    MemberAnswers,
    housing_tenure_choices,
    member_field,
    member_questions,
    question_texts,
)

TO_DO = "todo"
ANY = "all"


class SurveyFilterForm(forms.Form):
    q = SearchField(label=_("Household code"))
    round = forms.ChoiceField(
        label=_("Round"), required=False, choices=[("", _("All")), *Round.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("To do (due or overdue)")),
            *[(s.value, s.label) for s in DueStatus],
            (ANY, _("Any")),
        ],
    )

    def statuses(self) -> tuple[str, ...]:
        """The statuses asked for: due and overdue unless another was chosen; () for any."""
        chosen = self.cleaned_data.get("status", "") if self.is_valid() else ""
        if chosen == ANY:
            return ()
        return (chosen,) if chosen else (DueStatus.DUE, DueStatus.OVERDUE)

    def value(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "") if self.is_valid() else ""


ANSWER_CHOICES = [("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]
_TO_BOOL = {"yes": True, "no": False}


def _yes_no(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=ANSWER_CHOICES,
        required=False,
        coerce=lambda v: _TO_BOOL.get(v),
        empty_value=None,
    )


def _shown(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


MEMBER_LABELS = {
    "works": _("Works"),
    "formal": _("Formal job"),
    "income": _("Monthly income from work"),
    "job_satisfied": _("Satisfied with the job"),
    "in_school": _("Goes to school"),
    "bank_account": _("Has a bank account"),
}


@dataclass
class MemberRow:
    """One member's row of the page: who, their age at the interview, and their fields."""

    person: Person
    age: int
    fields: list[forms.BoundField]


class SurveyForm(forms.Form):
    """A household's survey in one round: the household's answers, then a row per member with
    the questions that apply to their age at the interview date (the date posted, else the
    stored one, else today)."""

    date = forms.DateField(label=_("Date of the interview"), widget=DATE_WIDGET)
    mode = forms.ChoiceField(
        label=_("How"), choices=[(m, InterviewMode(m).label) for m in WEB_MODES]
    )
    housing_tenure = forms.ChoiceField(
        label=_("Housing tenure"),
        required=False,
        choices=[],  # the instruments' codes (__init__)
    )
    feels_safe = _yes_no(_("Feels safe where they live"))
    health_access = _yes_no(_("Can use health services"))
    basic_needs_met = _yes_no(_("Basic needs covered"))
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        members: list[Person],
        stored: StoredSurvey,
        today: dt.date,
        round_code: str,
        **kwargs: Any,
    ) -> None:
        interview = stored.interview
        bound = (args[0] if args else kwargs.get("data")) is not None
        if not bound and "initial" not in kwargs:
            kwargs["initial"] = self._initial(stored, today)
        super().__init__(*args, **kwargs)
        tenure = self.fields["housing_tenure"]
        assert isinstance(tenure, forms.ChoiceField)
        tenure.choices = [("", _("Not asked")), *housing_tenure_choices()]
        # What the interviewer reads out: the instrument's own question (surveys.yaml).
        texts = question_texts(round_code)
        for name in ("housing_tenure", "feels_safe", "health_access", "basic_needs_met"):
            self.fields[name].help_text = texts.get(name, "")
        self.members = members
        self.on = self._date_of(interview.date if interview else None, today)
        self.asked: dict[int, tuple[str, ...]] = {}
        for person in members:
            asked = member_questions(person.age_on(self.on), round_code)
            self.asked[person.member_no] = asked
            for name in asked:
                key = member_field(person.member_no, name)
                if name == "income":
                    field: forms.Field = forms.DecimalField(
                        label=MEMBER_LABELS[name],
                        required=False,
                        min_value=Decimal(0),
                        max_digits=12,
                        decimal_places=2,
                    )
                else:
                    field = _yes_no(MEMBER_LABELS[name])
                field.help_text = texts.get(name, "")
                self.fields[key] = field

    @staticmethod
    def _initial(stored: StoredSurvey, today: dt.date) -> dict[str, Any]:
        interview = stored.interview
        first = next(iter(stored.answers.values()), None)
        initial: dict[str, Any] = {
            "date": interview.date if interview else (first.date if first else today),
            VERSION_FIELD: stored.version,
        }
        if interview is not None:
            initial.update(
                mode=interview.mode,
                housing_tenure=interview.housing_tenure,
                feels_safe=_shown(interview.feels_safe),
                health_access=_shown(interview.health_access),
                basic_needs_met=_shown(interview.basic_needs_met),
            )
        for member_no, answer in stored.answers.items():
            for name in MEMBER_FIELDS:
                value = getattr(answer, name)
                key = member_field(member_no, name)
                initial[key] = value if name == "income" else _shown(value)
        return initial

    def _date_of(self, stored: dt.date | None, today: dt.date) -> dt.date:
        """The interview date the ages are worked out on (today's at most: a date in the
        future is refused anyway)."""
        if self.is_bound:
            try:
                return min(forms.DateField().clean(self.data.get(self.add_prefix("date"))), today)
            except forms.ValidationError:
                pass
        initial = self.initial.get("date")
        return initial if isinstance(initial, dt.date) else (stored or today)

    def member_rows(self) -> list[MemberRow]:
        return [
            MemberRow(
                person=person,
                age=person.age_on(self.on),
                fields=[
                    self[member_field(person.member_no, name)]
                    for name in self.asked[person.member_no]
                ],
            )
            for person in self.members
        ]

    def household_answers(self) -> HouseholdAnswers:
        data = self.cleaned_data
        return HouseholdAnswers(
            housing_tenure=data["housing_tenure"],
            feels_safe=data["feels_safe"],
            health_access=data["health_access"],
            basic_needs_met=data["basic_needs_met"],
        )

    def member_answers(self) -> dict[int, MemberAnswers]:
        """Every member's answers (a member asked nothing still has a row: they were part of
        the household interviewed)."""
        data = self.cleaned_data
        return {
            person.member_no: MemberAnswers(
                **{
                    name: data.get(member_field(person.member_no, name))
                    for name in self.asked[person.member_no]
                }
            )
            for person in self.members
        }

"""The integration plan template and the rules that adapt it to a household: programme data
in integration_plan.yaml, read into plain dataclasses (no database here).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

RULES_FILENAME = "integration_plan.yaml"
SPANISH_ORDER = ("none", "basic", "intermediate", "fluent", "native")
# Before the file set them (older versions): revalidation for adults with upper secondary or
# more, scholarships for school-age children only.
STUDIES = ("upper_secondary", "vocational", "tertiary", "postgraduate")
# Who a milestone is for, in words for the template page (the codes are the file's).
APPLIES_LABELS = {
    "household": _("the household, once"),
    "each_member": _("each member"),
    "each_adult": _("each adult"),
    "each_worker": _("each adult who can work"),
    "each_school_child": _("each school-age child"),
    "each_young_child": _("each young child of a single parent or of a working household"),
    "each_disability": _("each member with a disability"),
    "each_needs_spanish": _("each member who needs Spanish classes"),
    "each_with_studies": _("each member with studies to revalidate"),
    "each_student": _("each school or college student"),
}
APPLIES = tuple(APPLIES_LABELS)


def in_active_language(en: str, es: str) -> str:
    """The English text when the page is in English, the Spanish one otherwise (the default)."""
    return en if (get_language() or "es").startswith("en") else es


@dataclass(frozen=True)
class MilestoneRule:
    code: str
    applies: str
    due_days: int
    role: str
    title_en: str
    title_es: str

    @property
    def title(self) -> str:
        """The milestone's title in the active language."""
        return in_active_language(self.title_en, self.title_es)


@dataclass(frozen=True)
class Naturalisation:
    general_years: int
    reduced_years: int
    reduced_nationalities: frozenset[str]
    note_es: str
    note_en: str
    # milestone code -> days after the eligibility date it falls due (when that date is known)
    milestone_days: dict[str, int]

    @property
    def note(self) -> str:
        """The caution shown beside the computed date, in the active language."""
        return in_active_language(self.note_en, self.note_es)


@dataclass(frozen=True)
class Studies:
    """Who a studies rule is for: from `from_age` (to `to_age`, when set) with one of `levels`."""

    from_age: int
    levels: tuple[str, ...]
    to_age: int | None = None

    def covers(self, age: int, education: str) -> bool:
        in_age = age >= self.from_age and (self.to_age is None or age <= self.to_age)
        return in_age and education in self.levels


@dataclass(frozen=True)
class PlanRules:
    version: str
    adult_age: int
    school_age: tuple[int, int]
    spanish_at_least: str
    naturalisation: Naturalisation
    milestones: tuple[MilestoneRule, ...]
    revalidation: Studies = Studies(from_age=18, levels=STUDIES)
    college: Studies | None = None  # scholarships beyond school age; None: school age only


@dataclass(frozen=True)
class Member:
    """What the rules read of a person."""

    id: int
    age: int
    willing_and_able: bool
    spanish: str
    education: str
    disability: bool


def _parse(data: dict[str, Any]) -> PlanRules:
    natural = data["naturalisation"]
    milestones = []
    for item in data["milestones"]:
        if item["applies"] not in APPLIES:
            raise ValueError(f"{RULES_FILENAME}: unknown 'applies' {item['applies']!r}")
        milestones.append(
            MilestoneRule(
                code=str(item["code"]),
                applies=str(item["applies"]),
                due_days=int(item["due_days"]),
                role=str(item["role"]),
                title_en=str(item["title_en"]),
                title_es=str(item["title_es"]),
            )
        )
    low, high = data["school_age"]
    adult_age = int(data["adult_age"])
    revalidation = data.get("revalidation", {})
    scholarship = data.get("scholarship")
    college = None
    if scholarship:
        college = Studies(
            from_age=int(high) + 1,
            to_age=int(scholarship["college_max_age"]),
            levels=tuple(str(level) for level in scholarship["college_education"]),
        )
    return PlanRules(
        version=str(data["version"]),
        adult_age=adult_age,
        school_age=(int(low), int(high)),
        spanish_at_least=str(data["spanish_at_least"]),
        naturalisation=Naturalisation(
            general_years=int(natural["general_years"]),
            reduced_years=int(natural["reduced_years"]),
            reduced_nationalities=frozenset(str(c) for c in natural["reduced_nationalities"]),
            note_es=str(natural["note_es"]),
            note_en=str(natural["note_en"]),
            milestone_days={
                str(code): int(days) for code, days in natural.get("milestones", {}).items()
            },
        ),
        milestones=tuple(milestones),
        revalidation=Studies(
            from_age=int(revalidation.get("from_age", adult_age)),
            levels=tuple(str(level) for level in revalidation.get("education", STUDIES)),
        ),
        college=college,
    )


@functools.cache
def _load(path: Path) -> PlanRules:
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def plan_rules() -> PlanRules:
    return _load(Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME)


def _who(rule: str, members: Sequence[Member], rules: PlanRules, single_parent: bool) -> list:
    low, high = rules.school_age
    spanish_floor = SPANISH_ORDER.index(rules.spanish_at_least)
    workers = [m for m in members if m.age >= rules.adult_age and m.willing_and_able]
    if rule == "household":
        return [None]
    if rule == "each_member":
        return [m.id for m in members]
    if rule == "each_adult":
        return [m.id for m in members if m.age >= rules.adult_age]
    if rule == "each_worker":
        return [m.id for m in workers]
    if rule == "each_school_child":
        return [m.id for m in members if low <= m.age <= high]
    if rule == "each_young_child":
        needed = single_parent or bool(workers)
        return [m.id for m in members if m.age < low] if needed else []
    if rule == "each_disability":
        return [m.id for m in members if m.disability]
    if rule == "each_needs_spanish":
        return [
            m.id
            for m in members
            if m.age >= low and SPANISH_ORDER.index(m.spanish or "none") < spanish_floor
        ]
    if rule == "each_with_studies":
        return [m.id for m in members if rules.revalidation.covers(m.age, m.education)]
    if rule == "each_student":
        college = rules.college
        return [
            m.id
            for m in members
            if low <= m.age <= high or (college is not None and college.covers(m.age, m.education))
        ]
    raise ValueError(rule)


def plan_items(
    rules: PlanRules,
    milestones: Sequence[MilestoneRule],
    members: Sequence[Member],
    *,
    single_parent: bool,
) -> list[tuple[MilestoneRule, int | None]]:
    """Each milestone of the template with the person it is for (None: the household)."""
    return [
        (rule, person)
        for rule in milestones
        for person in _who(rule.applies, members, rules, single_parent)
    ]


def _add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def naturalisation_date(
    rules: PlanRules, *, residency_from: dt.date | None, nationality: str
) -> dt.date | None:
    """The day the residence rule is met, counted from the permanent residence card."""
    if residency_from is None:
        return None
    natural = rules.naturalisation
    years = (
        natural.reduced_years
        if nationality in natural.reduced_nationalities
        else natural.general_years
    )
    return _add_years(residency_from, years)


def milestone_due_on(
    rules: PlanRules, rule: MilestoneRule, *, started: dt.date, eligible_on: dt.date | None
) -> dt.date:
    """The template's days after the start; naturalisation steps, once the eligibility date is
    known (two years of residence for some nationalities, five for others), fall due the
    programme's days after it (or after the start, for a household already eligible)."""
    after = rules.naturalisation.milestone_days.get(rule.code)
    if after is None or eligible_on is None:
        return started + dt.timedelta(days=rule.due_days)
    return max(started, eligible_on) + dt.timedelta(days=after)

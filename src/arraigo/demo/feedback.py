"""The demo's feedback and complaints: about 200 reports over the demo years (seed 003 reports
206 received and resolved), most answered within their deadline, a few still open or late, and
a handful of SEA reports in the restricted tier."""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext_lazy as _

from arraigo.accounts.models import Role, User
from arraigo.feedback.models import Category, Channel, FeedbackCase, FeedbackStatus
from arraigo.feedback.rows import feedback_row
from arraigo.feedback.services import response_days
from arraigo.registry.models import Household

from .bulk import rows_insert
from .relocation_journeys import moment_on

REPORTS = 200
# What the seed inserts of each report (feedback.rows.feedback_row builds it).
COLUMNS = [
    "reference", "category", "channel", "description", "contact", "household_id",
    "city_id", "office_id", "received_at", "due_on", "status", "assigned_to_id",
    "resolution", "responded_on", "created_by_id",
]  # fmt: skip
CATEGORIES = (
    (Category.QUESTION, 35),
    (Category.COMPLAINT, 30),
    (Category.SUGGESTION, 15),
    (Category.APPRECIATION, 12),
    (Category.FRAUD, 4),
    (Category.SEA, 4),
)
# Stored texts, in the programme's language when the seed writes them (str() at that time).
TEXTS = {
    Category.QUESTION: (
        _("When does the second grant arrive?"),
        _("Where is the next Spanish class?"),
    ),
    Category.COMPLAINT: (_("The lodging had no hot water."), _("The bus left three hours late.")),
    Category.SUGGESTION: (_("Evening hours at the office would help workers."),),
    Category.APPRECIATION: (_("Thank you for the help with the school."),),
    Category.FRAUD: (_("Someone asked for money to speed up the papers."),),
    Category.SEA: (_("A person offered help in exchange for favours."),),
}
ANSWERS = {
    Category.QUESTION: _("Answered by phone with the dates."),
    Category.COMPLAINT: _("Checked with the provider; fixed and apologised."),
    Category.SUGGESTION: _("Passed to the coordination; thanked the person."),
    Category.APPRECIATION: _("Thanked the person."),
    Category.FRAUD: _("Reported to the coordination; the person was told no payment is ever due."),
    Category.SEA: _("Referred to the focal point; support and protection offered."),
}


def feedback_create(*, seed: int, today: dt.date) -> int:
    rng = random.Random(f"arraigo-demo:{seed}:feedback")
    households = list(
        Household.objects.exclude(host_city=None).values_list(
            "id", "host_city_id", "origin_office_id"
        )
    )
    host: dict[int | None, int | None] = dict(
        User.objects.filter(role=Role.HOST_CASEWORKER).values_list("city_id", "id")
    )
    coordinator = User.objects.filter(role=Role.COORDINATOR).values_list("id", flat=True).first()
    start = today - dt.timedelta(days=2 * 365)
    rows = []
    for n in range(REPORTS):
        category = rng.choices([c for c, _w in CATEGORIES], [w for _c, w in CATEGORIES])[0]
        channel = rng.choice(Channel.values)
        day = start + dt.timedelta(days=rng.randint(0, (today - start).days))
        household, city, office = rng.choice(households) if households else (None, None, None)
        if channel in (Channel.BOX, Channel.FORM) and rng.random() < 0.6:
            household = None  # anonymous
        handler = coordinator if category == Category.SEA else host.get(city, coordinator)
        status, responded, answer = FeedbackStatus.RECEIVED, None, ""
        answer_day = day + dt.timedelta(days=rng.randint(0, response_days(category) + 3))
        if answer_day <= today and rng.random() < 0.97:
            responded, answer = answer_day, str(ANSWERS[category])
            status = FeedbackStatus.CLOSED if rng.random() < 0.8 else FeedbackStatus.RESPONDED
        elif rng.random() < 0.5:
            status = FeedbackStatus.IN_PROGRESS
        received = moment_on(rng, day)
        case = feedback_row(
            reference=f"FB-{day:%Y}-{n:06X}",
            category=category,
            channel=channel,
            description=str(rng.choice(TEXTS[category])),
            household_id=household,
            city_id=city,
            office_id=office,
            received_at=received,
            response_days=response_days(category),
            status=status,
            assigned_to_id=handler if status != FeedbackStatus.RECEIVED else None,
            resolution=answer,
            responded_on=responded,
            created_by_id=None if channel == Channel.FORM else handler,
        )
        rows.append(tuple(getattr(case, column) for column in COLUMNS))
    return rows_insert(FeedbackCase, COLUMNS, rows)

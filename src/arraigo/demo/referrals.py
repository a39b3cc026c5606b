"""The demo's referrals: households that reached their host city, and consented to sharing
with service partners, were referred to the services their members need there.

Who needs what: a child under 6 -> daycare; a child 6-17 -> school; a member whose Spanish is
basic or none -> Spanish classes; a specific need -> psychosocial support or disability
services; otherwise, now and then, legal aid (naturalisation papers) or health. Each referral
is sent 5 to 60 days after arrival, by the host city's caseworker when there is one; after a
few days the service answers (85% accept), and an accepted one is completed within weeks.
Nothing happens after the demo's reference date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.models import Role, User
from arraigo.outcomes.models import PlacementOutcome
from arraigo.places.models import Service, ServiceCategory
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.rows import referral_row, referral_shared
from arraigo.registry.models import Consent, ConsentPurpose, Person, SpecificNeed

from .bulk import rows_insert
from .relocation_journeys import moment_on

# Stored texts, in the programme's language when the seed writes them (str() at that time).
OUTCOMES: dict[str, Promise] = {
    ServiceCategory.DAYCARE: _("Place given from the next month."),
    ServiceCategory.SCHOOL: _("Enrolled; documents to bring by the end of the term."),
    ServiceCategory.LANGUAGE_CLASSES: _("Attending the evening course."),
    ServiceCategory.PSYCHOSOCIAL: _("Four sessions held; follow-up agreed."),
    ServiceCategory.DISABILITY: _("Assessed; therapy twice a week."),
    ServiceCategory.LEGAL_AID: _("Papers for permanent residency filed."),
    ServiceCategory.HEALTH: _("Registered at the health centre."),
}
PURPOSES: dict[str, Promise] = {
    ServiceCategory.DAYCARE: _("Daycare so the parents can work their shifts."),
    ServiceCategory.SCHOOL: _("School enrolment."),
    ServiceCategory.LANGUAGE_CLASSES: _("Spanish classes."),
    ServiceCategory.PSYCHOSOCIAL: _("Psychosocial support after the journey."),
    ServiceCategory.DISABILITY: _("Specialised care."),
    ServiceCategory.LEGAL_AID: _("Help with residency and naturalisation papers."),
    ServiceCategory.HEALTH: _("Registration at the health centre."),
}
# What the seed inserts of each referral (referrals.rows.referral_row builds it).
COLUMNS = [
    "household_id", "person_id", "service_id", "provider_id", "purpose", "shared",
    "status", "sent_at", "sent_by_id", "consent_override_reason", "answered_at",
    "answered_by_id", "decline_reason", "completed_at", "completed_by_id", "outcome_note",
]  # fmt: skip


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def referrals_create(*, seed: int, today: dt.date) -> int:
    """Insert the demo's referrals; returns how many."""
    rng = random.Random(f"arraigo-demo:{seed}:referrals")
    consented = set(
        Consent.objects.filter(purpose=ConsentPurpose.SERVICE_PARTNERS, given=True).values_list(
            "household_id", flat=True
        )
    )
    services: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for pk, provider, city, category in Service.objects.filter(
        active=True, provider__active=True
    ).values_list("id", "provider_id", "provider__city_id", "category"):
        services[(city, category)].append((pk, provider))
    people: dict[int, list[tuple[int, str, str, dt.date, str]]] = defaultdict(list)
    for row in Person.objects.order_by("household_id", "id").values_list(
        "household_id", "id", "first_names", "last_names", "date_of_birth", "spanish_level"
    ):
        people[row[0]].append(row[1:])
    needs = set(SpecificNeed.objects.values_list("household_id", flat=True))
    host = dict(User.objects.filter(role=Role.HOST_CASEWORKER).values_list("city_id", "id"))
    coordinator = User.objects.filter(role=Role.COORDINATOR).values_list("id", flat=True).first()
    partners = dict(User.objects.filter(role=Role.SERVICE_PARTNER).values_list("provider_id", "id"))
    rows = []
    arrivals = PlacementOutcome.objects.order_by("household_id").values_list(
        "household_id", "household__code", "city_id", "placed_on"
    )
    for household, code, city, arrived in arrivals:
        if household not in consented:
            continue
        members = people.get(household, [])
        wanted: list[tuple[str, tuple[int, str, str, dt.date, str] | None]] = []
        for person in members:
            age = _age(person[3], arrived)
            if age < 6:
                wanted.append((ServiceCategory.DAYCARE, person))
            elif age < 18:
                wanted.append((ServiceCategory.SCHOOL, person))
            elif person[4] in ("none", "basic"):
                wanted.append((ServiceCategory.LANGUAGE_CLASSES, person))
        if household in needs:
            wanted.append(
                (rng.choice([ServiceCategory.PSYCHOSOCIAL, ServiceCategory.DISABILITY]), None)
            )
        if rng.random() < 0.25:
            wanted.append((rng.choice([ServiceCategory.LEGAL_AID, ServiceCategory.HEALTH]), None))
        seen: set[str] = set()
        for category, member in wanted:
            if category in seen or not services.get((city, category)) or rng.random() < 0.3:
                continue
            seen.add(category)
            service, provider = rng.choice(services[(city, category)])
            sent_day = arrived + dt.timedelta(days=rng.randint(5, 60))
            if sent_day > today:
                continue
            sent = moment_on(rng, sent_day)
            sender = host.get(city, coordinator)
            assert sender is not None, "the seed's accounts include a coordinator"
            answerer = partners.get(provider, coordinator)
            purpose = str(PURPOSES[category])
            if member is None:
                shared = referral_shared(household_code=code, purpose=purpose, members=len(members))
            else:
                shared = referral_shared(
                    household_code=code,
                    purpose=purpose,
                    person_name=f"{member[1]} {member[2]}",
                    age=_age(member[3], sent_day),
                )
            status, answered, declined, completed, note = ReferralStatus.SENT, None, "", None, ""
            answer_day = sent_day + dt.timedelta(days=rng.randint(1, 8))
            if answer_day <= today:
                answered = moment_on(rng, answer_day)
                if rng.random() < 0.15:
                    status, declined = ReferralStatus.DECLINED, str(_("No places this term."))
                else:
                    status = ReferralStatus.ACCEPTED
                    done_day = answer_day + dt.timedelta(days=rng.randint(7, 45))
                    if done_day <= today:
                        status, note = ReferralStatus.COMPLETED, str(OUTCOMES[category])
                        completed = moment_on(rng, done_day)
            referral = referral_row(
                household_id=household,
                person_id=member[0] if member else None,
                service=Service(pk=service, provider_id=provider),
                purpose=purpose,
                shared=shared,
                sent_at=sent,
                sent_by_id=sender,
                status=status,
                answered_at=answered,
                answered_by_id=answerer if answered else None,
                decline_reason=declined,
                completed_at=completed,
                completed_by_id=answerer if completed else None,
                outcome_note=note,
            )
            rows.append(tuple(getattr(referral, column) for column in COLUMNS))
    return rows_insert(Referral, COLUMNS, rows)

"""The seeded demo looks like the programme: shares, valid documents, consistent journeys.

One demo of 600 households (seed 3) is built once for the whole package (see conftest.py).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import pytest
from django.db.models import F
from django.utils import timezone
from stdnum import luhn
from stdnum.mx import curp, rfc

from arraigo.accounts.models import Role, User
from arraigo.core.choices import LANGUAGE_RANK
from arraigo.demo.reference import reference, reference_date
from arraigo.demo.seed import SeedResult
from arraigo.jobs.models import Employer, Vacancy
from arraigo.places.models import Capacity, City, CityKind, Office, Service, ServiceCategory
from arraigo.registry.eligibility import eligibility_evaluate, household_facts, ruleset_current
from arraigo.registry.journey import move_find
from arraigo.registry.models import (
    EligibilityDecision,
    Household,
    IdentityDocument,
    Person,
    SpecificNeed,
    StatusChange,
)
from tests.demo.seeded.conftest import (
    DEMO_EMPLOYERS,
    DEMO_HOUSEHOLDS,
    DEMO_VACANCIES,
)

pytestmark = pytest.mark.django_db


def _heads() -> list[Person]:
    return list(Person.objects.filter(relationship="head"))


def test_the_seed_creates_the_households_asked_for(seeded: SeedResult) -> None:
    assert seeded.created is True
    assert Household.objects.count() == DEMO_HOUSEHOLDS
    mean_size = Person.objects.count() / DEMO_HOUSEHOLDS
    assert 2.9 <= mean_size <= 3.5


def test_nationality_shares_follow_the_programme(seeded: SeedResult) -> None:
    targets = {"HT": 31, "HN": 30, "CU": 13, "GT": 4, "SV": 4, "VE": 8, "NI": 4, "CO": 3}
    counts = Counter(str(head.nationality) for head in _heads())
    shares = {country: 100 * counts[country] / DEMO_HOUSEHOLDS for country in targets}
    assert all(abs(shares[c] - target) <= 4 for c, target in targets.items()), shares


def test_a_fifth_of_households_have_a_single_head(seeded: SeedResult) -> None:
    today = reference_date()
    adults: dict[int, int] = Counter()
    sizes: dict[int, int] = Counter()
    for person in Person.objects.only("household_id", "date_of_birth"):
        sizes[person.household_id] += 1
        adults[person.household_id] += person.age_on(today) >= 18
    single = sum(1 for h, size in sizes.items() if size >= 2 and adults[h] == 1)
    assert abs(100 * single / DEMO_HOUSEHOLDS - 22) <= 4


def test_every_single_headed_household_is_marked_single_parent(seeded: SeedResult) -> None:
    today = reference_date()
    people = defaultdict(list)
    for person in Person.objects.only("household_id", "date_of_birth"):
        people[person.household_id].append(person.age_on(today))
    single = {h for h, ages in people.items() if len(ages) >= 2 and sum(a >= 18 for a in ages) == 1}
    marked = set(
        SpecificNeed.objects.filter(code="single_parent").values_list("household_id", flat=True)
    )
    assert single == marked


def test_every_household_has_exactly_one_head_and_its_summary(seeded: SeedResult) -> None:
    heads = Counter(
        Person.objects.filter(relationship="head").values_list("household_id", flat=True)
    )
    members = Counter(Person.objects.values_list("household_id", flat=True))
    for household in Household.objects.all():
        assert heads[household.pk] == 1
        assert household.size == members[household.pk]
    head = Person.objects.filter(relationship="head").select_related("household").first()
    assert head is not None
    assert head.household.head_name == head.full_name


def test_haitian_households_speak_less_spanish_than_honduran(seeded: SeedResult) -> None:
    today = reference_date()
    nationality = {h.household_id: str(h.nationality) for h in _heads()}
    fluent: dict[str, list[bool]] = defaultdict(list)
    for person in Person.objects.only("household_id", "date_of_birth", "spanish_level"):
        if person.age_on(today) >= 18:
            level = LANGUAGE_RANK[person.spanish_level] >= LANGUAGE_RANK["intermediate"]
            fluent[nationality[person.household_id]].append(level)
    haiti = sum(fluent["HT"]) / len(fluent["HT"])
    honduras = sum(fluent["HN"]) / len(fluent["HN"])
    assert honduras == 1.0
    assert haiti < 0.55


def test_every_curp_and_rfc_is_valid_and_nss_has_its_check_digit(seeded: SeedResult) -> None:
    numbers = defaultdict(list)
    for code, number in IdentityDocument.objects.values_list("document_type__code", "number"):
        numbers[code].append(number)
    assert len(numbers["curp"]) > DEMO_HOUSEHOLDS
    assert numbers["temporary_curp"]
    assert all(curp.is_valid(n) for n in numbers["curp"] + numbers["temporary_curp"])
    assert numbers["rfc"]
    assert all(len(n) == 13 and rfc.is_valid(n, validate_check_digits=True) for n in numbers["rfc"])
    assert numbers["nss"]
    assert all(len(n) == 11 and luhn.is_valid(n) for n in numbers["nss"])
    companies = list(Employer.objects.values_list("rfc", flat=True))
    assert all(len(n) == 12 and rfc.is_valid(n, validate_check_digits=True) for n in companies)


def test_curps_match_the_people_they_belong_to(seeded: SeedResult) -> None:
    states = reference("places")["curp_states"]
    documents = IdentityDocument.objects.filter(document_type__code="curp").select_related(
        "person__household__origin_office__city"
    )
    born_here = 0
    for doc in documents:
        person = doc.person
        assert curp.get_birth_date(doc.number) == person.date_of_birth
        assert curp.get_gender(doc.number) == person.sex
        if person.nationality == "MX":  # born in Mexico, where the family was registered
            born_here += 1
            assert doc.number[11:13] == states[person.household.origin_office.city.state]
        else:
            assert doc.number[11:13] == "NE"
    assert born_here > 0


def test_decisions_are_what_the_rules_give_for_the_stored_data(seeded: SeedResult) -> None:
    ruleset = ruleset_current()
    decisions = {d.household_id: d for d in EligibilityDecision.objects.all()}
    outcomes: Counter[str] = Counter()
    for household in Household.objects.order_by("pk")[::4]:  # a sample keeps the test quick
        decision = decisions.get(household.pk)
        if household.status == "identified":
            assert decision is None
            assert household.eligibility == "pending"
            continue
        assert decision is not None
        day = timezone.localtime(decision.decided_at).date()
        result = eligibility_evaluate(household_facts(household), ruleset, day)
        assert str(result.outcome) == decision.outcome == household.eligibility
        assert decision.results == result.as_json()
        outcomes[decision.outcome] += 1
    assert set(outcomes) == {"eligible", "by_exception", "not_eligible", "pending"}


def test_statuses_follow_from_the_eligibility_outcome(seeded: SeedResult) -> None:
    before = {"identified", "registered", "not_eligible"}
    for household in Household.objects.all():
        if household.status == "not_eligible":
            assert household.eligibility == "not_eligible"
        elif household.status not in before:
            approved = household.exception_approved_at is not None
            assert household.eligibility == "eligible" or (
                household.eligibility == "by_exception" and approved
            )
        if household.eligibility != "by_exception":
            assert household.exception_approved_at is None


def test_every_history_is_a_path_the_journey_allows(seeded: SeedResult) -> None:
    history = defaultdict(list)
    for change in StatusChange.objects.order_by("changed_at", "id"):
        history[change.household_id].append(change)
    for household in Household.objects.all():
        steps = history[household.pk]
        assert steps[0].from_status == ""
        assert steps[0].to_status in {"identified", "registered"}
        for before, after in itertools.pairwise(steps):
            assert after.from_status == before.to_status
            assert after.changed_at > before.changed_at
            assert move_find(after.from_status, after.to_status, household.modality) is not None
        assert steps[-1].to_status == household.status
        assert steps[0].changed_at == household.registered_at or steps[0].to_status == "identified"
        assert steps[-1].changed_at.date() <= reference_date()


def test_host_cities_are_set_once_an_offer_is_accepted_or_for_in_place(
    seeded: SeedResult,
) -> None:
    accepted = {
        "offer_accepted",
        "trip_booked",
        "travelled",
        "arrived",
        "integrating",
        "followed_up",
    }
    for household in Household.objects.all():
        if household.modality == "in_place" or household.status in accepted:
            assert household.host_city_id is not None
        if household.modality == "relocation" and household.status in {
            "registered",
            "eligible",
            "profiled",
            "proposed",
            "not_eligible",
        }:
            assert household.host_city_id is None
    statuses = Counter(Household.objects.values_list("status", flat=True))
    assert statuses["integrating"] > statuses["travelled"]
    assert len(statuses) >= 12


def test_places_21_host_cities_with_capacity_and_every_service(seeded: SeedResult) -> None:
    hosts = City.objects.filter(kind=CityKind.HOST)
    assert hosts.count() == 21
    assert {"saltillo", "guadalajara", "monterrey", "silao", "leon"} <= set(
        hosts.values_list("code", flat=True)
    )
    assert City.objects.get(code="tapachula").is_border is True
    assert Capacity.objects.filter(city__kind=CityKind.HOST).count() == 21 * 5
    assert Office.objects.filter(kind="host").count() == 21
    for city in hosts:
        categories = set(
            Service.objects.filter(provider__city=city).values_list("category", flat=True)
        )
        assert categories == set(ServiceCategory.values)


def test_employers_and_vacancies_as_requested(seeded: SeedResult) -> None:
    assert Employer.objects.count() == DEMO_EMPLOYERS
    assert Vacancy.objects.count() == DEMO_VACANCIES
    wages = [float(w) for w in Vacancy.objects.values_list("monthly_wage_mxn", flat=True)]
    assert min(wages) >= 8000
    assert max(wages) <= 18000
    statuses = Counter(Vacancy.objects.values_list("status", flat=True))
    assert statuses["open"] > DEMO_VACANCIES / 2
    trained = Employer.objects.filter(trained_on_refugee_hiring=True).count()
    assert 0.45 <= trained / DEMO_EMPLOYERS <= 0.75
    # Vacancies are in the employer's city and their occupations fit the employer's sector.
    assert not Vacancy.objects.exclude(city_id=F("employer__city_id")).exists()


def test_one_demo_account_per_role_with_its_scope(seeded: SeedResult) -> None:
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    assert {u.role for u in users.values()} == set(Role.values)
    tapachula, palenque = users["demo-origin-tapachula"], users["demo-origin-palenque"]
    host, employer = users["demo-host-saltillo"], users["demo-employer"]
    partner = users["demo-partner"]
    assert tapachula.office is not None and tapachula.office.code == "tap"
    assert palenque.office is not None and palenque.office.code == "pal"
    assert host.city is not None and host.city.code == "saltillo"
    assert employer.employer is not None and employer.employer.city.code == "saltillo"
    assert partner.provider is not None
    assert partner.provider.services.filter(category="daycare").exists()
    assert users["demo-coordinator"].check_password("demo1234")
    assert not any(u.is_superuser for u in users.values())
    assert users["demo-coordinator"].groups.filter(name=Role.COORDINATOR).exists()
    assert [a.username for a in seeded.accounts][:2] == [
        "demo-coordinator",
        "demo-origin-tapachula",
    ]


def test_phone_numbers_are_valid_mexican_numbers(seeded: SeedResult) -> None:
    phones = [p.phone for p in Person.objects.exclude(phone="").only("phone")]
    phones += [e.contact_phone for e in Employer.objects.only("contact_phone")[:100]]
    assert len(phones) > DEMO_HOUSEHOLDS / 2
    assert all(phone.is_valid() and phone.country_code == 52 for phone in phones)


def test_documents_are_dated_after_birth_and_not_after_the_reference_date(
    seeded: SeedResult,
) -> None:
    today = reference_date()
    for doc in IdentityDocument.objects.select_related("person").only(
        "issued_on", "expires_on", "person__date_of_birth"
    ):
        assert doc.issued_on is not None
        assert doc.person.date_of_birth < doc.issued_on <= today
        assert doc.expires_on is None or doc.expires_on > doc.issued_on


def test_young_siblings_are_twins_or_born_a_year_apart(seeded: SeedResult) -> None:
    today = reference_date()
    births = defaultdict(list)
    for person in Person.objects.filter(relationship="child").only("household_id", "date_of_birth"):
        if person.age_on(today) < 18:
            births[person.household_id].append(person.date_of_birth)
    assert births
    for dates in births.values():
        ordered = sorted(dates)
        for older, younger in itertools.pairwise(ordered):
            assert older == younger or (younger - older).days >= 365


def test_protection_status_is_recorded_and_agrees_with_the_documents(seeded: SeedResult) -> None:
    held = defaultdict(set)
    for person_id, code in IdentityDocument.objects.values_list("person_id", "document_type__code"):
        held[person_id].add(code)
    statuses: Counter[str] = Counter()
    for person in Person.objects.only("id", "nationality", "protection_status"):
        status = person.protection_status
        statuses[status] += 1
        if person.nationality == "MX":
            assert status == "national"
        elif "comar_recognition" in held[person.pk]:
            assert status in {"refugee", "complementary_protection"}
        elif "tvrh" in held[person.pk]:
            assert status == "asylum_seeker"
    assert set(statuses) == {"refugee", "complementary_protection", "asylum_seeker", "national"}

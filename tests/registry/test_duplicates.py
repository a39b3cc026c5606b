import datetime as dt
from collections.abc import Iterator

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.duplicates import (
    duplicate_candidates_for,
    duplicate_dismiss,
    duplicate_merge,
    duplicates_detect,
    duplicates_open_list,
    name_similarity,
    normalise_name,
    swapped_day_month,
)
from arraigo.registry.models import (
    DuplicateCandidate,
    DuplicateStatus,
    Household,
    HouseholdStatus,
    Relationship,
    StatusChange,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

DOB = dt.date(1990, 5, 17)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def existing():
    """María José, registered first in household HH-OLD."""
    household = HouseholdFactory(code="HH-OLD")
    return PersonFactory(
        household=household,
        first_names="María José",
        last_names="Hernández López",
        date_of_birth=DOB,
        nationality="HN",
    )


def new_person(code: str = "HH-NEW", **fields):
    household = HouseholdFactory(code=code)
    values = {
        "first_names": "Maria Jose",
        "last_names": "Hernandez Lopes",
        "date_of_birth": DOB,
        "nationality": "HN",
    }
    values.update(fields)
    return PersonFactory(household=household, **values)


@pytest.fixture
def candidate(existing):
    person = new_person()
    (found,) = duplicates_detect(household=person.household)
    return found


# --- name helpers ---------------------------------------------------------------------------


def test_normalise_name_strips_accents_case_and_punctuation():
    assert normalise_name("  María-José  NÚÑEZ ") == "maria jose nunez"


def test_name_similarity_ignores_word_order_and_accents():
    assert (
        name_similarity("María José", "Hernández López", "Hernández López", "María José") == 100.0
    )
    assert name_similarity("María José", "Hernández López", "Maria Jose", "Hernandez Lopes") == 96.7


def test_swapped_day_month():
    assert swapped_day_month(dt.date(1990, 3, 7)) == dt.date(1990, 7, 3)
    assert swapped_day_month(dt.date(1990, 5, 17)) is None
    assert swapped_day_month(dt.date(1990, 4, 4)) is None


# --- detection ------------------------------------------------------------------------------


def test_similar_name_same_birth_date_and_nationality_is_found(existing):
    person = new_person()

    found = duplicates_detect(household=person.household)

    assert [(c.person, c.other, c.score, c.reasons, c.status) for c in found] == [
        (
            person,
            existing,
            96.7,
            ["same date of birth", "same nationality", "names 97% similar"],
            DuplicateStatus.OPEN,
        )
    ]
    assert DuplicateCandidate.objects.count() == 1
    person.household.refresh_from_db()
    existing.household.refresh_from_db()
    assert person.household.has_open_duplicate is True
    assert existing.household.has_open_duplicate is False


def test_different_nationality_is_not_found(existing):
    person = new_person(nationality="GT")

    assert duplicates_detect(household=person.household) == []
    person.household.refresh_from_db()
    assert person.household.has_open_duplicate is False


def test_different_names_are_not_found(existing):
    person = new_person(first_names="Ana Lucía", last_names="Torres Díaz")

    assert duplicates_detect(household=person.household) == []
    assert DuplicateCandidate.objects.count() == 0


def test_day_and_month_swapped_is_found():
    old = PersonFactory(
        first_names="Carlos Alberto",
        last_names="Mejía Rivas",
        date_of_birth=dt.date(1985, 7, 3),
        nationality="SV",
    )
    person = new_person(
        first_names="Carlos Alberto",
        last_names="Mejia Ribas",
        date_of_birth=dt.date(1985, 3, 7),
        nationality="SV",
    )

    found = duplicates_detect(household=person.household)

    assert [(c.other, c.score, c.reasons) for c in found] == [
        (old, 96.2, ["day and month of birth swapped", "same nationality", "names 96% similar"])
    ]


def test_other_birth_year_is_not_found(existing):
    person = new_person(date_of_birth=dt.date(1991, 5, 17))

    assert duplicates_detect(household=person.household) == []


def test_merged_away_households_are_ignored(existing):
    existing.household.merged_into = HouseholdFactory()
    existing.household.save()
    person = new_person()

    assert duplicates_detect(household=person.household) == []


def test_people_of_the_same_household_are_not_candidates():
    person = new_person()
    PersonFactory(
        household=person.household,
        first_names="Maria Jose",
        last_names="Hernandez Lopez",
        date_of_birth=DOB,
        nationality="HN",
        relationship=Relationship.SIBLING,
    )

    assert duplicates_detect(household=person.household) == []


def test_candidates_are_ranked_by_score(existing):
    exact = PersonFactory(
        first_names="Maria Jose", last_names="Hernandez Lopes", date_of_birth=DOB, nationality="HN"
    )
    person = new_person()

    found = duplicates_detect(household=person.household)

    assert [(c.other, c.score) for c in found] == [(exact, 100.0), (existing, 96.7)]


def test_threshold_is_a_setting(existing, settings):
    settings.ARRAIGO_DUPLICATE_THRESHOLD = 97
    person = new_person()

    assert duplicates_detect(household=person.household) == []
    assert len(duplicates_detect(household=person.household, threshold=96)) == 1


def test_running_again_does_not_repeat_or_reopen_pairs(existing, candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)
    duplicate_dismiss(actor=coordinator, candidate=candidate, note="Different mothers' names")

    again = duplicates_detect(household=candidate.person.household)
    reverse = duplicates_detect(household=existing.household)

    assert again == []
    assert reverse == []
    assert DuplicateCandidate.objects.count() == 1
    existing.household.refresh_from_db()
    assert existing.household.has_open_duplicate is False


def test_running_again_returns_the_open_candidate(candidate):
    assert duplicates_detect(household=candidate.person.household) == [candidate]


def test_detection_queries_do_not_grow_with_people_elsewhere(existing, django_assert_num_queries):
    for _ in range(20):
        PersonFactory(date_of_birth=dt.date(1970, 1, 1))
    person = new_person()
    PersonFactory(
        household=person.household,
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2015, 2, 3),
    )

    ContentType.objects.get_for_model(DuplicateCandidate)  # cached as in a running server

    # savepoint, members, people near them, known pairs, the candidate and its audit entry,
    # the flag check, the household's previous row and audit entry, its update, release
    with django_assert_num_queries(11):
        found = duplicates_detect(household=person.household)
    assert len(found) == 1


# --- selectors ------------------------------------------------------------------------------


def test_coordinator_sees_candidates_of_both_households(candidate, existing):
    coordinator = UserFactory(role=Role.COORDINATOR)

    assert list(duplicate_candidates_for(coordinator, candidate.person.household)) == [candidate]
    assert list(duplicate_candidates_for(coordinator, existing.household)) == [candidate]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_other_roles_see_no_candidates(candidate, role):
    user = UserFactory(role=role)

    assert list(duplicate_candidates_for(user, candidate.person.household)) == []
    assert list(duplicates_open_list(user, {})) == []


def test_open_list_filters_by_status_and_office(existing, candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)
    other = PersonFactory(first_names="Juan", last_names="Pérez", date_of_birth=dt.date(1980, 1, 2))
    later = new_person(
        code="HH-LATER", first_names="Juan", last_names="Perez", date_of_birth=dt.date(1980, 1, 2)
    )
    (second,) = duplicates_detect(household=later.household)
    duplicate_dismiss(actor=coordinator, candidate=second, note="Checked documents")
    assert second.other == other

    assert list(duplicates_open_list(coordinator, {})) == [candidate]
    assert list(duplicates_open_list(coordinator, {"status": ""})) == [second, candidate]
    assert list(duplicates_open_list(coordinator, {"status": "not_duplicate"})) == [second]
    office = existing.household.origin_office
    assert list(duplicates_open_list(coordinator, {"status": "", "office": office.pk})) == [
        candidate
    ]
    elsewhere = OfficeFactory()
    assert list(duplicates_open_list(coordinator, {"office": elsewhere.pk})) == []


# --- merge ----------------------------------------------------------------------------------


def test_merge_closes_the_new_household_into_the_existing_one(candidate, existing):
    coordinator = UserFactory(role=Role.COORDINATOR)
    new_household = candidate.person.household

    kept = duplicate_merge(actor=coordinator, candidate=candidate, note="Same passport photo")

    assert kept == existing.household
    new_household.refresh_from_db()
    assert new_household.merged_into == existing.household
    assert new_household.status == HouseholdStatus.CLOSED
    assert new_household.has_open_duplicate is False
    change = StatusChange.objects.get(household=new_household)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        HouseholdStatus.REGISTERED,
        HouseholdStatus.CLOSED,
        "merged into HH-OLD",
        coordinator,
    )
    candidate.refresh_from_db()
    assert (candidate.status, candidate.resolved_by, candidate.resolution_note) == (
        DuplicateStatus.MERGED,
        coordinator,
        "Same passport photo",
    )
    assert candidate.resolved_at is not None
    assert candidate.person.household_id == new_household.pk  # nobody is moved
    entry = LogEntry.objects.get(additional_data__event="duplicate_merge")
    assert (entry.actor, entry.object_repr, entry.additional_data) == (
        coordinator,
        "HH-NEW",
        {
            "event": "duplicate_merge",
            "candidate": candidate.pk,
            "kept": "HH-OLD",
            "merged": "HH-NEW",
        },
    )


def test_merge_can_keep_the_new_household(candidate, existing):
    coordinator = UserFactory(role=Role.COORDINATOR)

    kept = duplicate_merge(actor=coordinator, candidate=candidate, keep="person", note="Newer data")

    assert kept == candidate.person.household
    existing.household.refresh_from_db()
    assert existing.household.merged_into == kept
    assert existing.household.status == HouseholdStatus.CLOSED
    kept.refresh_from_db()
    assert kept.has_open_duplicate is False
    assert kept.merged_into is None


def test_merge_refuses_an_unknown_side(candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)

    with pytest.raises(ValidationFailed) as error:
        duplicate_merge(actor=coordinator, candidate=candidate, keep="both", note="x")

    assert error.value.errors == {"keep": ["Choose which household to keep."]}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_merge_and_dismiss_refuse_other_roles(candidate, role):
    user = UserFactory(role=role)

    with pytest.raises(NotPermitted) as merge_error:
        duplicate_merge(actor=user, candidate=candidate, note="Same person")
    with pytest.raises(NotPermitted) as dismiss_error:
        duplicate_dismiss(actor=user, candidate=candidate, note="Different people")

    expected = "Only a programme coordinator can resolve duplicates."
    assert (merge_error.value.message, dismiss_error.value.message) == (expected, expected)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN
    assert Household.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize("note", ["", "   "])
def test_a_note_is_required(candidate, note):
    coordinator = UserFactory(role=Role.COORDINATOR)

    with pytest.raises(ValidationFailed) as merge_error:
        duplicate_merge(actor=coordinator, candidate=candidate, note=note)
    with pytest.raises(ValidationFailed) as dismiss_error:
        duplicate_dismiss(actor=coordinator, candidate=candidate, note=note)

    assert merge_error.value.errors == {"note": ["Write a note saying why."]}
    assert dismiss_error.value.errors == {"note": ["Write a note saying why."]}
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


def test_a_resolved_candidate_cannot_be_resolved_again(candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)
    duplicate_merge(actor=coordinator, candidate=candidate, note="Same person")

    with pytest.raises(ValidationFailed) as merge_error:
        duplicate_merge(actor=coordinator, candidate=candidate, note="Again")
    with pytest.raises(ValidationFailed) as dismiss_error:
        duplicate_dismiss(actor=coordinator, candidate=candidate, note="Changed my mind")

    expected = {None: ["This possible duplicate has already been resolved."]}
    assert (merge_error.value.errors, dismiss_error.value.errors) == (expected, expected)
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED


def test_a_stale_copy_cannot_resolve_again(candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)
    stale = DuplicateCandidate.objects.get(pk=candidate.pk)
    duplicate_dismiss(actor=coordinator, candidate=candidate, note="Different people")

    with pytest.raises(ValidationFailed):
        duplicate_merge(actor=coordinator, candidate=stale, note="Same person")

    assert Household.objects.filter(merged_into__isnull=False).count() == 0


# --- dismiss --------------------------------------------------------------------------------


def test_dismiss_marks_not_duplicate_and_clears_the_flag(candidate):
    coordinator = UserFactory(role=Role.COORDINATOR)

    duplicate_dismiss(actor=coordinator, candidate=candidate, note="Different mothers' names")

    candidate.refresh_from_db()
    assert (candidate.status, candidate.resolved_by, candidate.resolution_note) == (
        DuplicateStatus.NOT_DUPLICATE,
        coordinator,
        "Different mothers' names",
    )
    household = Household.objects.get(pk=candidate.person.household_id)
    assert household.has_open_duplicate is False
    assert household.merged_into is None
    assert LogEntry.objects.filter(additional_data__event="duplicate_dismiss").count() == 1


def test_dismiss_keeps_the_flag_while_another_candidate_is_open(existing):
    coordinator = UserFactory(role=Role.COORDINATOR)
    PersonFactory(
        first_names="Maria Jose", last_names="Hernandez Lopes", date_of_birth=DOB, nationality="HN"
    )
    person = new_person()
    first, second = duplicates_detect(household=person.household)

    duplicate_dismiss(actor=coordinator, candidate=first, note="Different people")

    person.household.refresh_from_db()
    assert person.household.has_open_duplicate is True
    duplicate_dismiss(actor=coordinator, candidate=second, note="Different people too")
    person.household.refresh_from_db()
    assert person.household.has_open_duplicate is False

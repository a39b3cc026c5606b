"""Reads for the household pages: list search and filters, filter choices, the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from arraigo.registry.selectors import (
    HouseholdListFilters,
    household_filter_choices,
    household_list,
    household_page,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import IdentityDocumentFactory, PersonFactory, household_with_head

pytestmark = pytest.mark.django_db


def codes(user, **filters) -> list[str]:
    return [h.code for h in household_list(user, HouseholdListFilters(**filters))]


def test_name_search_matches_all_words_within_one_member():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(code="A", first_names="Ana", last_names="Ruiz")
    PersonFactory(household=household, first_names="Pedro", last_names="Gómez",
                  relationship="spouse")  # fmt: skip

    assert codes(coordinator, q="ana ruiz") == ["A"]
    assert codes(coordinator, q="gomez pedro") == ["A"]
    # Words from two different members are not one person.
    assert codes(coordinator, q="ana gomez") == []


def test_name_search_folds_accents_stored_in_capitals():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household_with_head(code="A", first_names="ÁNGELA", last_names="MUÑOZ")

    assert codes(coordinator, q="angela munoz") == ["A"]


def test_document_search_ignores_spaces_and_case_but_needs_the_whole_number():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(code="A")
    IdentityDocumentFactory(person=household.members.get(), number="AB1234")

    assert codes(coordinator, q="ab 1234") == ["A"]
    assert codes(coordinator, q="AB123") == []


def test_search_stays_inside_the_users_scope():
    office = OfficeFactory()
    household_with_head(code="MINE", origin_office=office, first_names="Ana")
    household_with_head(code="THEIRS", first_names="Ana")
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)

    assert codes(caseworker, q="Ana") == ["MINE"]
    assert codes(caseworker, q="THEIRS") == []


def test_me_officer_search_looks_nothing_up():
    # No name, document or case code can be looked up by a pseudonymised reader (item 16).
    household = household_with_head(code="HH-ANA", first_names="Ana")
    IdentityDocumentFactory(person=household.members.get(), number="N-1")
    household_with_head(code="HH-BEA", first_names="Bea")
    officer = UserFactory(role=Role.ME_OFFICER)

    assert sorted(codes(officer, q="Ana")) == ["HH-ANA", "HH-BEA"]
    assert sorted(codes(officer, q="N-1")) == ["HH-ANA", "HH-BEA"]


def test_unknown_sort_falls_back_to_newest_first():
    coordinator = UserFactory(role=Role.COORDINATOR)
    now = timezone.now()
    household_with_head(code="OLD", registered_at=now - dt.timedelta(days=1))
    household_with_head(code="NEW", registered_at=now)

    assert codes(coordinator, sort="nonsense") == ["NEW", "OLD"]


@pytest.mark.parametrize("q", ["Ruiz", "HH-"])  # by name (sorted found rows), by code (index)
def test_a_search_keeps_every_sort_order(q):
    coordinator = UserFactory(role=Role.COORDINATOR)
    now = timezone.now()
    for code, days in [("HH-B", 2), ("HH-C", 0), ("HH-A", 1)]:
        household_with_head(
            code=code, last_names="Ruiz", registered_at=now - dt.timedelta(days=days)
        )

    assert codes(coordinator, q=q) == ["HH-C", "HH-A", "HH-B"]
    assert codes(coordinator, q=q, sort="registered") == ["HH-B", "HH-A", "HH-C"]
    assert codes(coordinator, q=q, sort="code") == ["HH-A", "HH-B", "HH-C"]
    assert codes(coordinator, q=q, sort="-code") == ["HH-C", "HH-B", "HH-A"]


def test_list_rows_carry_the_heads_nationality():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(nationality="SV")
    PersonFactory(household=household, relationship="child", nationality="MX")

    assert [h.head_nationality for h in household_list(coordinator, HouseholdListFilters())] == [
        "SV"
    ]


def test_filter_choices_national_role_sees_all_offices_and_host_cities():
    OfficeFactory(name="B office")
    OfficeFactory(name="A office")
    CityFactory(name="Querétaro")

    choices = household_filter_choices(UserFactory(role=Role.COORDINATOR))

    assert [name for _pk, name in choices.offices] == ["A office", "B office"]
    assert [name for _pk, name in choices.host_cities] == ["Querétaro"]


def test_filter_choices_host_caseworker_sees_own_city_and_offices_sending_there():
    city = CityFactory(name="Saltillo")
    sending = household_with_head(host_city=city).origin_office
    household_with_head(host_city=CityFactory())
    caseworker = UserFactory(role=Role.HOST_CASEWORKER, city=city)

    choices = household_filter_choices(caseworker)

    assert choices.offices == [(sending.pk, sending.name)]
    assert choices.host_cities == [(city.pk, "Saltillo")]


def test_filter_choices_empty_for_roles_outside_casework():
    household_with_head(host_city=CityFactory())

    choices = household_filter_choices(UserFactory(role=Role.EMPLOYER))

    assert (choices.offices, choices.host_cities) == ([], [])


def test_household_page_orders_head_first_and_groups_consent():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(status=HouseholdStatus.ELIGIBLE)
    PersonFactory(household=household, relationship="parent", date_of_birth=dt.date(1950, 1, 1))
    now = timezone.now()
    Consent.objects.create(household=household, purpose="surveys", given=True, recorded_at=now)

    page = household_page(coordinator, household.pk)

    assert [line.person.relationship for line in page.members] == ["head", "parent"]
    assert page.members[1].age == page.members[1].person.age_on(timezone.localdate())
    assert [line.purpose for line in page.consents] == list(ConsentPurpose.values)
    surveys = page.consents[3]
    assert (surveys.current.given, surveys.history) == (True, [])
    assert page.consents[0].current is None
    assert page.decision is None


def test_household_page_out_of_scope_is_404():
    household = household_with_head()

    with pytest.raises(Http404):
        household_page(UserFactory(role=Role.HOST_CASEWORKER), household.pk)


def test_merged_households_are_left_out_of_the_list():
    coordinator = UserFactory(role=Role.COORDINATOR)
    kept = household_with_head(code="KEPT")
    household_with_head(code="GONE", merged_into=kept)

    assert codes(coordinator) == ["KEPT"]
    assert household_page(coordinator, kept.pk).household.code == "KEPT"

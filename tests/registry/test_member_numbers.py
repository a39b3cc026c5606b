"""Members are numbered in their household: 1 for the head, then in the order they were
added; a removed member's number is never given again (surveys and exports refer to it)."""

import pytest
from django.urls import reverse

from arraigo.registry.models import Household
from arraigo.registry.services import person_add, person_remove
from tests.registry.person_data import child_data, head_data

pytestmark = pytest.mark.django_db


def _numbers(household: Household) -> list[tuple[str, int]]:
    return list(household.members.order_by("member_no").values_list("first_names", "member_no"))


def test_registration_numbers_the_head_first_then_the_members_in_order(caseworker, household):
    assert _numbers(household) == [("María José", 1), ("Luis", 2)]
    household.refresh_from_db()
    assert household.last_member_no == 2


def test_a_removed_members_number_is_never_given_again(caseworker, household):
    added = person_add(actor=caseworker, household=household, data=child_data(first_names="Ana"))
    assert added.member_no == 3
    person_remove(actor=caseworker, person=added)
    again = person_add(actor=caseworker, household=household, data=child_data(first_names="Eva"))
    assert again.member_no == 4
    assert _numbers(household) == [("María José", 1), ("Luis", 2), ("Eva", 4)]


def test_the_household_page_shows_each_members_number(client, caseworker, household):
    client.force_login(caseworker)
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert page.count('data-testid="member-no">1<') == 1
    assert page.count('data-testid="member-no">2<') == 1
    assert head_data().first_names in page

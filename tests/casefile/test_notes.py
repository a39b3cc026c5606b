"""Case notes: protection-sensitive notes stay with the roles allowed that tier."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.casefile.models import CaseNote, NoteTier
from arraigo.casefile.selectors import notes_for
from arraigo.casefile.services import note_add
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

PROTECTED = "She disclosed violence by her former partner; referred to the shelter."


@pytest.fixture
def household():
    return household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )


@pytest.fixture
def host(household):
    return UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)


@pytest.fixture
def origin(household):
    return UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)


@pytest.fixture
def notes(household, host):
    ordinary = note_add(actor=host, household=household, text="Looking for a flat nearer work.")
    protected = note_add(actor=host, household=household, text=PROTECTED, tier=NoteTier.PROTECTION)
    return ordinary, protected


def test_the_host_caseworker_reads_both_tiers(household, host, notes):
    assert notes_for(host, household) == [notes[1], notes[0]]


@pytest.mark.parametrize("role", [Role.ORIGIN_CASEWORKER, Role.AUDITOR])
def test_roles_without_the_tier_read_only_ordinary_notes(household, notes, role):
    user = UserFactory(
        role=role, office=household.origin_office if role == Role.ORIGIN_CASEWORKER else None
    )

    assert notes_for(user, household) == [notes[0]]


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.EMPLOYER, Role.SERVICE_PARTNER])
def test_roles_outside_casework_read_no_notes(household, notes, role):
    assert notes_for(UserFactory(role=role), household) == []


def test_the_page_hides_protection_notes_without_a_trace(client: Client, household, origin, notes):
    client.force_login(origin)

    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()

    assert "Looking for a flat nearer work." in page
    assert "violence" not in page
    assert "protection-sensitive" not in page.lower()
    assert page.count('data-testid="note"') == 1


def test_the_tier_is_not_offered_to_those_without_it(client: Client, household, origin):
    client.force_login(origin)

    response = client.get(reverse("registry:household_detail", args=[household.pk]))

    assert [value for value, _label in response.context["note_form"].fields["tier"].choices] == [
        "ordinary"
    ]


def test_writing_a_protection_note_needs_the_tier(household, origin):
    with pytest.raises(NotPermitted) as info:
        note_add(actor=origin, household=household, text=PROTECTED, tier=NoteTier.PROTECTION)

    assert info.value.message == "Your role cannot write protection-sensitive notes."
    assert CaseNote.objects.count() == 0


def test_a_correction_of_a_protection_note_stays_protected(household, host, notes):
    correction = note_add(
        actor=host, household=household, text="Shelter, not hostel.", supersedes=notes[1]
    )

    assert correction.tier == NoteTier.PROTECTION
    with pytest.raises(ValidationFailed) as info:
        note_add(actor=host, household=household, text="Again.", supersedes=notes[1])
    assert info.value.errors == {None: ["That note has been corrected already."]}


def test_another_city_cannot_write(household):
    with pytest.raises(NotPermitted):
        note_add(actor=UserFactory(role=Role.HOST_CASEWORKER), household=household, text="Hello.")


def test_notes_are_added_from_the_household_page(client: Client, household, host):
    client.force_login(host)

    response = client.post(
        reverse("casefile:note_add", args=[household.pk]),
        {"text": "Started Spanish classes.", "tier": "ordinary"},
    )

    assert response.status_code == 302
    assert list(CaseNote.objects.values_list("text", "author")) == [
        ("Started Spanish classes.", host.pk)
    ]


def test_a_correction_of_a_note_outside_the_user_s_tier_is_404(
    client: Client, household, origin, notes
):
    client.force_login(origin)

    response = client.post(
        reverse("casefile:note_add", args=[household.pk]),
        {"text": "Correction.", "tier": "ordinary", "supersedes": notes[1].pk},
    )

    assert response.status_code == 404
    assert "violence" not in response.content.decode()
    assert CaseNote.objects.count() == 2


def test_a_correction_of_a_readable_note_is_added_from_the_page(
    client: Client, household, origin, notes
):
    client.force_login(origin)

    response = client.post(
        reverse("casefile:note_add", args=[household.pk]),
        {"text": "Found a flat.", "tier": "ordinary", "supersedes": notes[0].pk},
        follow=True,
    )

    correction = CaseNote.objects.get(supersedes=notes[0])
    assert response.redirect_chain == [
        (reverse("registry:household_detail", args=[household.pk]), 302)
    ]
    assert (correction.text, correction.tier, correction.author) == (
        "Found a flat.",
        NoteTier.ORDINARY,
        origin,
    )
    assert [str(m) for m in response.context["messages"]] == ["Note added."]


def test_a_correction_of_a_note_already_corrected_is_refused_on_the_page(
    client: Client, household, host, notes
):
    note_add(actor=host, household=household, text="Shelter.", supersedes=notes[1])
    client.force_login(host)

    response = client.post(
        reverse("casefile:note_add", args=[household.pk]),
        {"text": "Again.", "tier": "protection", "supersedes": notes[1].pk},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "That note has been corrected already."
    ]
    assert CaseNote.objects.count() == 3

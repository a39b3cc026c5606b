import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry.duplicates import duplicate_dismiss, duplicates_detect
from arraigo.registry.models import DuplicateCandidate, DuplicateStatus, Household
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

DOB = dt.date(1990, 5, 17)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def make_candidate(n: int = 0) -> DuplicateCandidate:
    """A pair of look-alikes in two households: HH-OLD-n (first) and HH-NEW-n (new)."""
    day = DOB + dt.timedelta(days=n)
    old_office = OfficeFactory(name=f"Tapachula {n}")
    PersonFactory(
        household=HouseholdFactory(code=f"HH-OLD-{n}", origin_office=old_office),
        first_names="María José",
        last_names=f"Hernández López{n}",
        date_of_birth=day,
        nationality="HN",
    )
    new = PersonFactory(
        household=HouseholdFactory(code=f"HH-NEW-{n}"),
        first_names="Maria Jose",
        last_names=f"Hernandez Lopes{n}",
        date_of_birth=day,
        nationality="HN",
    )
    (candidate,) = duplicates_detect(household=new.household)
    return candidate


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def candidate():
    return make_candidate()


def test_list_shows_both_people_side_by_side(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.get(reverse("registry:duplicate_list"), **EN)

    assert response.status_code == 200
    assert list(response.context["candidates"]) == [candidate]
    html = response.content.decode()
    for text in (
        "Maria Jose Hernandez Lopes0",
        "María José Hernández López0",
        "HH-NEW-0",
        "HH-OLD-0",
        "Tapachula 0",
        "1990-05-17",
        "Honduras",
        "97%",
        "same date of birth",
        "names 97% similar",
    ):
        assert text in html
    assert reverse("registry:duplicate_detail", args=[candidate.pk]) in html


def test_list_shows_open_pairs_by_default_and_filters(client, coordinator, candidate):
    dismissed = make_candidate(1)
    duplicate_dismiss(actor=coordinator, candidate=dismissed, note="Different people")
    client.force_login(coordinator)
    url = reverse("registry:duplicate_list")

    assert list(client.get(url).context["candidates"]) == [candidate]
    assert list(client.get(url, {"status": "not_duplicate"}).context["candidates"]) == [dismissed]
    assert len(client.get(url, {"status": ""}).context["candidates"]) == 2
    office = dismissed.other.household.origin_office
    by_office = client.get(url, {"status": "", "office": office.pk})
    assert list(by_office.context["candidates"]) == [dismissed]


def test_list_query_count_does_not_grow_with_rows(client, coordinator, django_assert_num_queries):
    for n in range(6):
        make_candidate(n)
    client.force_login(coordinator)

    # session, user, permissions (2), offices for the filter, count, page
    with django_assert_num_queries(7):
        response = client.get(reverse("registry:duplicate_list"))
    assert len(response.context["candidates"]) == 6


def test_detail_shows_the_pair_and_records_the_read(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Maria Jose" in html
    assert "HH-OLD-0" in html
    assert 'value="merge"' in html
    assert 'value="dismiss"' in html
    entry = LogEntry.objects.get(additional_data__event="view")
    assert (entry.actor, entry.object_pk) == (coordinator, str(candidate.pk))


def test_merge_from_the_page(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "merge", "merge-keep": "other", "merge-note": "Same passport photo"},
    )

    assert response.status_code == 302
    assert response.url == reverse("registry:duplicate_list")
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED
    merged = Household.objects.get(code="HH-NEW-0")
    assert merged.merged_into.code == "HH-OLD-0"


def test_merge_without_a_note_keeps_the_input_and_shows_the_error(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "merge", "merge-keep": "person", "merge-note": ""},
        **EN,
    )

    assert response.status_code == 200
    assert response.context["merge_form"].errors == {"note": ["This field is required."]}
    assert response.context["merge_form"]["keep"].value() == "person"
    assert "This field is required." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


def test_a_note_of_spaces_is_refused(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "dismiss", "dismiss-note": "   "},
        **EN,
    )

    assert response.status_code == 200
    assert response.context["dismiss_form"].errors == {"note": ["This field is required."]}
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


def test_dismiss_from_the_page(client, coordinator, candidate):
    client.force_login(coordinator)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "dismiss", "dismiss-note": "Different mothers' names"},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.resolution_note) == (
        DuplicateStatus.NOT_DUPLICATE,
        "Different mothers' names",
    )


def test_resolving_twice_shows_why_and_changes_nothing(client, coordinator, candidate):
    duplicate_dismiss(actor=coordinator, candidate=candidate, note="Different people")
    client.force_login(coordinator)

    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"action": "merge", "merge-keep": "other", "merge-note": "Same person"},
        **EN,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "This possible duplicate has already been resolved."
    ]
    assert 'data-testid="resolution"' in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.NOT_DUPLICATE
    assert Household.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_other_roles_get_404(client, candidate, role):
    client.force_login(UserFactory(role=role))
    detail = reverse("registry:duplicate_detail", args=[candidate.pk])

    assert client.get(reverse("registry:duplicate_list")).status_code == 404
    assert client.get(detail).status_code == 404
    response = client.post(detail, {"action": "dismiss", "dismiss-note": "Different"})
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


def test_origin_caseworker_of_the_office_gets_404_too(client, candidate):
    office = candidate.person.household.origin_office
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=office))

    assert client.get(reverse("registry:duplicate_list")).status_code == 404
    detail = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]))
    assert detail.status_code == 404


def test_unknown_candidate_is_404(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("registry:duplicate_detail", args=[999])).status_code == 404


def test_signed_out_visitors_go_to_the_login_page(client, candidate):
    response = client.get(reverse("registry:duplicate_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))

"""The household list and the household page, through the web."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.registry.models import (
    Consent,
    EligibilityDecision,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    Modality,
    NeedCode,
    SpecificNeed,
    StatusChange,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import (
    DocumentTypeFactory,
    IdentityDocumentFactory,
    PersonFactory,
    household_with_head,
)

LIST_URL = reverse("registry:household_list")
pytestmark = pytest.mark.django_db


def detail_url(household: Household) -> str:
    return reverse("registry:household_detail", args=[household.pk])


def codes_in(response) -> list[str]:
    return [household.code for household, _nationality in response.context["rows"]]


@pytest.fixture
def two_offices():
    """Two households in different offices and host cities."""
    city_a, city_b = CityFactory(name="Saltillo"), CityFactory(name="León")
    office_a, office_b = OfficeFactory(name="Tapachula"), OfficeFactory(name="Palenque")
    a = household_with_head(
        code="TAP-1", origin_office=office_a, host_city=city_a, first_names="Ana"
    )
    b = household_with_head(
        code="PAL-1", origin_office=office_b, host_city=city_b, first_names="Berta"
    )
    return a, b


# --- scoping ---------------------------------------------------------------------------------


def test_origin_caseworker_sees_only_own_office(client, two_offices):
    a, b = two_offices
    user = UserFactory(role=Role.ORIGIN_CASEWORKER, office=a.origin_office)
    client.force_login(user)

    response = client.get(LIST_URL)

    assert codes_in(response) == ["TAP-1"]
    assert client.get(detail_url(a)).status_code == 200
    assert client.get(detail_url(b)).status_code == 404
    assert client.get(reverse("registry:household_edit", args=[b.pk])).status_code == 404
    assert client.post(reverse("registry:need_add", args=[b.pk]), {}).status_code == 404
    assert client.get(reverse("registry:person_add", args=[b.pk])).status_code == 404


def test_origin_caseworker_office_filter_offers_only_own_office(client, two_offices):
    a, _b = two_offices
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=a.origin_office))

    form = client.get(LIST_URL).context["form"]

    assert list(form.fields["office"].choices)[1:] == [(a.origin_office.pk, "Tapachula")]
    assert list(form.fields["host_city"].choices)[1:] == [(a.host_city.pk, "Saltillo")]


def test_host_caseworker_sees_only_own_city(client, two_offices):
    a, b = two_offices
    client.force_login(UserFactory(role=Role.HOST_CASEWORKER, city=b.host_city))

    assert codes_in(client.get(LIST_URL)) == ["PAL-1"]
    assert client.get(detail_url(a)).status_code == 404
    assert client.get(detail_url(b)).status_code == 200


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.SERVICE_PARTNER, Role.EMPLOYER_LIAISON])
def test_roles_outside_casework_see_nothing(client, two_offices, role):
    """They read no household: the list is refused (as the API refuses it), a case is absent."""
    a, _b = two_offices
    client.force_login(UserFactory(role=role))

    response = client.get(LIST_URL)

    assert response.status_code == 403
    assert a.code not in response.content.decode()
    assert client.get(detail_url(a)).status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR])
def test_national_roles_see_all(client, two_offices, role):
    _a, b = two_offices
    client.force_login(UserFactory(role=role))

    assert sorted(codes_in(client.get(LIST_URL))) == ["PAL-1", "TAP-1"]
    assert client.get(detail_url(b)).status_code == 200


def test_list_needs_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_me_officer_sees_list_without_names(client, two_offices):
    a, _b = two_offices
    IdentityDocumentFactory(person=a.members.get(), number="DOC-ANA-1")
    client.force_login(UserFactory(role=Role.ME_OFFICER))

    response = client.get(LIST_URL)
    html = response.content.decode()

    assert sorted(codes_in(response)) == ["PAL-1", "TAP-1"]
    assert "TAP-1" not in html  # a pseudonym stands for the case code (issue 10, item 16)
    assert "Ana Pérez López" not in html
    assert "Head of household" not in html
    # Search is off: no name, document or case code can be looked up.
    assert sorted(codes_in(client.get(LIST_URL, {"q": "Ana"}))) == ["PAL-1", "TAP-1"]
    assert sorted(codes_in(client.get(LIST_URL, {"q": "DOC-ANA-1"}))) == ["PAL-1", "TAP-1"]
    assert sorted(codes_in(client.get(LIST_URL, {"q": "tap-1"}))) == ["PAL-1", "TAP-1"]


# --- search, filters, sort, pagination --------------------------------------------------------


@pytest.fixture
def coordinator(client):
    user = UserFactory(role=Role.COORDINATOR)
    client.force_login(user)
    return user


def test_search_by_code(client, coordinator, two_offices):
    assert codes_in(client.get(LIST_URL, {"q": "pal-1"})) == ["PAL-1"]


def test_search_by_any_member_name_ignores_accents_and_case(client, coordinator, two_offices):
    a, _b = two_offices
    PersonFactory(household=a, first_names="José Ángel", last_names="Núñez", relationship="child")

    assert codes_in(client.get(LIST_URL, {"q": "jose angel"})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"q": "NUNEZ"})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"q": "Núñez José"})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"q": "Berta"})) == ["PAL-1"]
    assert codes_in(client.get(LIST_URL, {"q": "Carmen"})) == []


def test_search_by_document_number_is_exact(client, coordinator, two_offices):
    _a, b = two_offices
    IdentityDocumentFactory(person=b.members.get(), number="HEGG560427MVZRRL04")

    assert codes_in(client.get(LIST_URL, {"q": "HEGG560427MVZRRL04"})) == ["PAL-1"]
    assert codes_in(client.get(LIST_URL, {"q": "hegg560427mvzrrl04"})) == ["PAL-1"]
    assert codes_in(client.get(LIST_URL, {"q": "HEGG560427"})) == []


def test_filter_by_status(client, coordinator, two_offices):
    a, _b = two_offices
    Household.objects.filter(pk=a.pk).update(status=HouseholdStatus.ELIGIBLE)

    assert codes_in(client.get(LIST_URL, {"status": "eligible"})) == ["TAP-1"]


def test_filter_by_office_and_host_city(client, coordinator, two_offices):
    a, b = two_offices

    assert codes_in(client.get(LIST_URL, {"office": a.origin_office.pk})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"host_city": b.host_city.pk})) == ["PAL-1"]


def test_filter_by_head_nationality(client, coordinator):
    office = OfficeFactory()
    household_with_head(code="HN-1", origin_office=office, nationality="HN")
    venezuelan = household_with_head(code="VE-1", origin_office=office, nationality="VE")
    # A Honduran child does not make the Venezuelan household Honduran.
    PersonFactory(household=venezuelan, relationship="child", nationality="HN")

    assert codes_in(client.get(LIST_URL, {"nationality": "HN"})) == ["HN-1"]
    assert codes_in(client.get(LIST_URL, {"nationality": "VE"})) == ["VE-1"]


def test_filter_by_specific_need(client, coordinator, two_offices):
    a, _b = two_offices
    SpecificNeed.objects.create(household=a, code=NeedCode.DISABILITY, recorded_at=timezone.now())

    assert codes_in(client.get(LIST_URL, {"need": "disability"})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"need": "lgbtiq"})) == []


def test_filter_by_modality_and_eligibility(client, coordinator, two_offices):
    a, b = two_offices
    Household.objects.filter(pk=a.pk).update(modality=Modality.IN_PLACE)
    Household.objects.filter(pk=b.pk).update(eligibility=EligibilityOutcome.BY_EXCEPTION)

    assert codes_in(client.get(LIST_URL, {"modality": "in_place"})) == ["TAP-1"]
    assert codes_in(client.get(LIST_URL, {"eligibility": "by_exception"})) == ["PAL-1"]


def test_invalid_filter_value_is_ignored(client, coordinator, two_offices):
    response = client.get(LIST_URL, {"status": "nonsense", "office": "x"})

    assert response.status_code == 200
    assert sorted(codes_in(response)) == ["PAL-1", "TAP-1"]


def test_sort_newest_first_by_default_or_by_code(client, coordinator):
    office = OfficeFactory()
    now = timezone.now()
    household_with_head(code="B", origin_office=office, registered_at=now - dt.timedelta(days=2))
    household_with_head(code="C", origin_office=office, registered_at=now - dt.timedelta(days=1))
    household_with_head(code="A", origin_office=office, registered_at=now - dt.timedelta(days=3))

    assert codes_in(client.get(LIST_URL)) == ["C", "B", "A"]
    assert codes_in(client.get(LIST_URL, {"sort": "code"})) == ["A", "B", "C"]
    assert codes_in(client.get(LIST_URL, {"sort": "registered"})) == ["A", "B", "C"]


def test_pagination_25_per_page_keeps_filters(client, coordinator):
    office = OfficeFactory()
    for n in range(27):
        household_with_head(code=f"HH-{n:02d}", origin_office=office)

    first = client.get(LIST_URL, {"sort": "code", "office": office.pk})
    second = client.get(LIST_URL, {"sort": "code", "office": office.pk, "page": 2})

    assert len(codes_in(first)) == 25
    assert codes_in(second) == ["HH-25", "HH-26"]
    assert (
        f"office={office.pk}" in first.content.decode().split('rel="next"')[0].rsplit("href", 1)[1]
    )


def test_list_columns(client, coordinator, two_offices):
    html = client.get(LIST_URL).content.decode()

    assert "Ana Pérez López" in html
    assert "Honduras" in html
    assert "Tapachula" in html
    assert "Saltillo" in html


@pytest.mark.parametrize("count", [5, 30])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER])
def test_list_query_count_is_fixed(client, django_assert_num_queries, count, role):
    office = OfficeFactory()
    client.force_login(
        UserFactory(role=role, office=office if role == "origin_caseworker" else None)
    )
    for _n in range(count):
        household_with_head(origin_office=office, host_city=CityFactory())

    client.get(LIST_URL, {"q": "hh-"})  # once per process: whether the search index exists
    # session, user, permissions (2), offices, host cities, the found keys (the count and
    # the page's), the page's rows; a pseudonymised reader's search is ignored: a list's count,
    # then its page's keys
    with django_assert_num_queries(9 if role == Role.ME_OFFICER else 8):
        response = client.get(LIST_URL, {"q": "hh-", "sort": "code"})
    assert len(codes_in(response)) == min(count, 25)

    # a list without a search: its count, then the page's keys
    with django_assert_num_queries(9):
        response = client.get(LIST_URL, {"nationality": "HN", "modality": "relocation"})
    assert len(codes_in(response)) == min(count, 25)


# --- the household page -------------------------------------------------------------------------


@pytest.fixture
def full_household():
    """A household with two members, a document, a need, consent, history and a decision."""
    household = household_with_head(
        code="TAP-7",
        first_names="Ana",
        eligibility=EligibilityOutcome.NOT_ELIGIBLE,
        status=HouseholdStatus.NOT_ELIGIBLE,
    )
    head = household.members.get()
    child = PersonFactory(
        household=household,
        first_names="Luis",
        relationship="child",
        date_of_birth=dt.date(2016, 3, 2),
    )
    passport = DocumentTypeFactory(code="passport")
    IdentityDocumentFactory(
        person=head,
        document_type=passport,
        number="P-EXPIRED-1",
        expires_on=dt.date(2020, 1, 1),
    )
    SpecificNeed.objects.create(
        household=household,
        person=child,
        code=NeedCode.CHILD_AT_RISK,
        recorded_at=timezone.now(),
    )
    now = timezone.now()
    Consent.objects.create(
        household=household,
        purpose="relocation",
        given=False,
        recorded_at=now - dt.timedelta(days=2),
    )
    Consent.objects.create(household=household, purpose="relocation", given=True, recorded_at=now)
    StatusChange.objects.create(
        household=household,
        from_status="registered",
        to_status="not_eligible",
        changed_at=now,
        reason="Eligibility decided.",
    )
    EligibilityDecision.objects.create(
        household=household, outcome=EligibilityOutcome.NOT_ELIGIBLE, ruleset="mx_pil 1",
        decided_at=now,
        results=[
            {"rule": "spanish", "label": "Speaks Spanish", "result": "met",
             "reason": "The head speaks Spanish."},
            {"rule": "residency", "label": "Permanent residency", "result": "not_met",
             "reason": "No permanent residence card on file."},
        ],
    )  # fmt: skip
    return household


def test_household_page_shows_members_eligibility_reasons_and_history(
    client, coordinator, full_household
):
    response = client.get(detail_url(full_household))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Ana Pérez López" in html
    assert "Luis Pérez López" in html
    assert "P-EXPIRED-1" in html
    assert "expired" in html
    assert "No permanent residence card on file." in html
    assert "The head speaks Spanish." in html
    assert "Eligibility decided." in html
    assert "Child at risk" in html
    relocation = response.context["page"].consents[0]
    assert (relocation.purpose, relocation.current.given, len(relocation.history)) == (
        "relocation",
        True,
        1,
    )


def test_household_page_writes_one_view_entry(client, coordinator, full_household):
    client.get(detail_url(full_household))

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Household),
        object_pk=str(full_household.pk),
        action=LogEntry.Action.ACCESS,
    )
    assert [entry.additional_data["event"] for entry in entries] == ["view"]
    assert entries.get().actor == coordinator


def test_household_page_for_me_officer_is_pseudonymised_and_audited(client, full_household):
    officer = UserFactory(role=Role.ME_OFFICER)
    client.force_login(officer)

    response = client.get(detail_url(full_household))
    html = response.content.decode()

    assert response.status_code == 200
    assert "TAP-7" not in html  # a pseudonym stands for the case code (issue 10, item 16)
    assert "Ana" not in html
    assert "Luis" not in html
    assert "P-EXPIRED-1" not in html
    assert "Member 1" in html
    assert "No permanent residence card on file." in html
    assert "Eligibility decided." not in html  # free-text reasons may hold personal data
    assert (
        LogEntry.objects.filter(
            actor=officer,
            action=LogEntry.Action.ACCESS,
            content_type=ContentType.objects.get_for_model(Household),
            object_pk=str(full_household.pk),
        ).count()
        == 1
    )


def test_household_page_query_count_is_fixed(
    client, coordinator, full_household, django_assert_num_queries
):
    # session, user, household, members, documents, languages, occupations, skills, needs,
    # consents, preferences, history, decision, permissions (2), audit: content type, insert,
    # notes, transfers, offices to transfer to, plan, referrals, placements, follow-up
    # surveys (start and consent, interviews, answers), files, an erasure waiting (privacy)
    with django_assert_num_queries(27):
        client.get(detail_url(full_household))
    PersonFactory(household=full_household, relationship="child")
    with django_assert_num_queries(27):
        client.get(detail_url(full_household))


def test_household_page_warns_of_a_possible_duplicate(client, coordinator, full_household):
    Household.objects.filter(pk=full_household.pk).update(has_open_duplicate=True)

    html = client.get(detail_url(full_household)).content.decode()

    assert 'data-testid="duplicate-warning"' in html
    assert reverse("registry:duplicate_list") in html


def test_household_page_offers_allowed_moves_only_to_those_who_may(client, full_household):
    Household.objects.filter(pk=full_household.pk).update(status=HouseholdStatus.ELIGIBLE)
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=full_household.origin_office)
    client.force_login(caseworker)

    moves = client.get(detail_url(full_household)).context["moves"]
    assert [move["target"] for move in moves] == ["profiled", "closed"]

    client.force_login(UserFactory(role=Role.AUDITOR))
    assert client.get(detail_url(full_household)).context["moves"] == []


def test_approve_form_shown_to_coordinator_for_pending_exception(client, full_household):
    Household.objects.filter(pk=full_household.pk).update(
        eligibility=EligibilityOutcome.BY_EXCEPTION
    )
    client.force_login(UserFactory(role=Role.COORDINATOR))
    assert client.get(detail_url(full_household)).context["approve_form"] is not None

    client.force_login(
        UserFactory(role=Role.ORIGIN_CASEWORKER, office=full_household.origin_office)
    )
    assert client.get(detail_url(full_household)).context["approve_form"] is None


def test_the_case_page_reads_as_many_queries_with_an_approved_exception_as_without(
    client, django_assert_num_queries
):
    coordinator = UserFactory(role=Role.COORDINATOR)
    plain = household_with_head(code="HH-PLAIN")
    approved = household_with_head(code="HH-EXCEPTION")
    Household.objects.filter(pk=approved.pk).update(
        eligibility=EligibilityOutcome.BY_EXCEPTION,
        exception_approved_by=coordinator,
        exception_approved_at=timezone.now(),
    )
    client.force_login(coordinator)
    client.get(detail_url(plain))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(detail_url(plain))
    with django_assert_num_queries(len(without.captured_queries)):
        response = client.get(detail_url(approved))
    assert coordinator.username in response.content.decode()

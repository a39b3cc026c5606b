"""Item 16: the M&E officer sees every aggregate page (counts, never names), downloads a
pseudonymised export (audited), and reads a household page without code or birth dates; the
lists and pages with names stay closed to them, and the aggregate pages to roles without them."""

import csv
import datetime as dt
import io
import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.feedback.models import Category, Channel, FeedbackCase
from arraigo.registry.models import HouseholdStatus, Person, StatusChange
from arraigo.registry.pseudonyms import household_pseudonym
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PlacementFactory
from tests.places.factories import CityFactory
from tests.registry.factories import PersonFactory, household_with_head

pytestmark = pytest.mark.django_db

AGGREGATE_PAGES = [
    "jobs:turnover",
    "monitoring:index",
    "monitoring:placements",
    "monitoring:referrals",
    "monitoring:feedback",
]


@pytest.fixture
def me(client: Client):
    user = UserFactory(role=Role.ME_OFFICER)
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", AGGREGATE_PAGES)
def test_the_me_officer_opens_every_aggregate_page(client: Client, me, name):
    PlacementFactory()

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Nombre" not in response.content.decode()  # no person's name, ever


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        ("jobs:placement_list", "monitoring:placements"),
        ("referrals:referral_list", "monitoring:referrals"),
        ("feedback:feedback_list", "monitoring:feedback"),
    ],
)
def test_lists_with_names_send_the_me_officer_to_their_figures(client: Client, me, name, figures):
    response = client.get(reverse(name))

    assert (response.status_code, response["Location"]) == (302, reverse(figures))


def test_a_placement_s_page_stays_closed_to_the_me_officer(client: Client, me):
    placement = PlacementFactory()

    response = client.get(reverse("jobs:placement_detail", args=[placement.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.ORIGIN_CASEWORKER, Role.SERVICE_PARTNER, Role.EMPLOYER])
@pytest.mark.parametrize(
    "name", [*AGGREGATE_PAGES[1:], "monitoring:export_people", "monitoring:export_figures"]
)
def test_roles_without_aggregates_are_refused(client: Client, role, name):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse(name)).status_code == 403


def test_the_auditor_sees_figures_but_cannot_export(client: Client):
    client.force_login(UserFactory(role=Role.AUDITOR))

    assert client.get(reverse("monitoring:placements")).status_code == 200
    assert client.get(reverse("monitoring:export_people")).status_code == 403


def test_feedback_figures_leave_out_the_restricted_tier(client: Client, me):
    for category in (Category.COMPLAINT, Category.SEA):
        FeedbackCase.objects.create(
            reference=f"FB-{category}",
            category=category,
            channel=Channel.PHONE,
            description="…",
            received_at=timezone.now(),
            due_on=timezone.localdate(),
        )

    figures = client.get(reverse("monitoring:feedback")).context["figures"]

    assert figures.stats[0] == ("reports", 1)
    assert str(Category.SEA.label) not in [label for label, _n in figures.tables[0][1]]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_people_export_is_pseudonymised_neutralised_and_audited(client: Client, me):
    # Given a household with a telling code, a phone, a birth date and a risky city name
    city = CityFactory(name="=HYPERLINK(1)")
    household = household_with_head(
        code="TAP-2026-00042", host_city=city, status=HouseholdStatus.ARRIVED
    )
    PersonFactory(household=household, relationship="child", date_of_birth=dt.date(2020, 2, 2))
    household.members.update(phone="+529611234567")

    # When the M&E officer exports one row per person
    response = client.get(reverse("monitoring:export_people"))

    # Then no code, name, phone or birth date leaves; the city cell cannot run as a formula
    rows = _csv(response)
    text = "\n".join(",".join(row) for row in rows)
    for secret in ("TAP-2026-00042", "Ana", "Pérez", "9611234567", "1990-05-17", "2020-02-02"):
        assert secret not in text
    header, *body = rows
    column = {name: i for i, name in enumerate(header)}
    assert [row[column["household"]] for row in body] == [household_pseudonym(household.pk)] * 2
    assert sorted(row[column["age_group"]] for row in body) == ["18-59", "5-11"]
    assert {row[column["host_city"]] for row in body} == {"'=HYPERLINK(1)"}
    # And the download is on the audit trail as an export
    entry = LogEntry.objects.filter(additional_data__event="export").get()
    assert (entry.actor, entry.additional_data["export"]) == (me, "pseudonymised_people")


def test_the_figures_export_suppresses_small_cells(client: Client, me):
    city = CityFactory(name="Saltillo")
    for _n in range(6):
        household_with_head(host_city=city, status=HouseholdStatus.ARRIVED)
    for _n in range(2):
        household_with_head(host_city=city, status=HouseholdStatus.INTEGRATING)

    rows = _csv(client.get(reverse("monitoring:export_figures")))

    table = [row[1:] for row in rows if row[0] == "households_by_host_city_and_status"]
    assert table == [["Saltillo", "arrived", "6"], ["Saltillo", "integrating", "<5"]]


def test_the_pseudonymised_household_page_shows_no_code_and_no_birth_date(client: Client, me):
    # Given a household that arrived in 2026, its head born 1990-05-17
    household = household_with_head(code="TAP-2026-00042", status=HouseholdStatus.ARRIVED)
    StatusChange.objects.create(
        household=household,
        from_status=HouseholdStatus.TRAVELLED,
        to_status=HouseholdStatus.ARRIVED,
        changed_at=timezone.make_aware(dt.datetime(2026, 3, 13, 10, 0)),
    )

    # When the M&E officer opens it
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content
    page = page.decode()

    # Then the pseudonym, the age group and the year of arrival stand in
    assert "TAP-2026-00042" not in page
    assert "1990-05-17" not in page
    assert f"Household {household_pseudonym(household.pk)}" in page
    assert '<dd data-testid="age-group">18-59</dd>' in page
    assert '<dd data-testid="arrival-year">2026</dd>' in page


def test_the_household_list_shows_pseudonyms_to_the_me_officer(client: Client, me):
    household = household_with_head(code="TAP-2026-00042")

    page = client.get(reverse("registry:household_list")).content.decode()

    assert "TAP-2026-00042" not in page
    assert household_pseudonym(household.pk) in page
    assert 'name="q"' not in page


def test_staff_still_see_the_code(client: Client):
    household = household_with_head(code="TAP-2026-00042")
    client.force_login(UserFactory(role=Role.COORDINATOR))

    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()

    assert "Household TAP-2026-00042" in page


def test_matching_pages_show_the_me_officer_a_pseudonym_not_the_case_code(client: Client, me):
    from tests.matching.factories import ProposalFactory

    proposal = ProposalFactory(household__code="TAP-2026-00042", run__status="done")
    pseudonym = household_pseudonym(proposal.household_id)

    run = client.get(reverse("matching:run_detail", args=[proposal.run_id])).content.decode()
    page = client.get(reverse("matching:proposal_detail", args=[proposal.pk])).content.decode()

    assert "TAP-2026-00042" not in run + page
    assert pseudonym in run
    assert f"Proposal for {pseudonym}" in page


def test_placement_figures_and_exports_are_disaggregated_by_protection_status(client: Client, me):
    # Given two refugees and an asylum seeker in work, and one person with no status recorded
    for status in ("refugee", "refugee", "asylum_seeker", ""):
        PlacementFactory(person__protection_status=status)

    # When the M&E officer reads the placement figures and both exports
    page = client.get(reverse("monitoring:placements")).content.decode()
    figures = _csv(client.get(reverse("monitoring:export_figures")))
    people = _csv(client.get(reverse("monitoring:export_people")))

    # Then each shows the counts by recorded status (small cells suppressed in the export)
    heading = "Placements by the worker&#x27;s protection status"
    after = page.partition(heading)[2]
    section = after.partition('data-testid="figures-table"')[2].partition("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', section)
    assert rows == [
        ("Refugee", "2"),
        ("Complementary protection", "0"),
        ("Asylum seeker", "1"),
        ("Stateless", "0"),
        ("National (born in Mexico)", "0"),
        ("Not recorded", "1"),
    ]
    table = [row[1:] for row in figures if row[0] == "placements_by_protection_status_and_state"]
    assert table == [
        ["", "in_work", "<5"],
        ["asylum_seeker", "in_work", "<5"],
        ["refugee", "in_work", "<5"],
    ]
    header, *body = people
    assert "protection_status" in header
    column = header.index("protection_status")
    assert sorted(row[column] for row in body) == sorted(
        Person.objects.values_list("protection_status", flat=True)
    )

"""The results report on a hand-made fixture (results_fixture): every share, numerator and
denominator as computed by hand, the small cells hidden, the breakdowns, the process
indicators, the framework table and the context figures; who may open it."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.monitoring.answers import indicator_values
from tests.accounts.factories import UserFactory

from .results_fixture import results_fixture

pytestmark = pytest.mark.django_db

YEAR = {"year": "2026"}


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def me(client: Client):
    user = UserFactory(role=Role.ME_OFFICER)
    client.force_login(user)
    return user


def _report(client: Client, **query: str):
    response = client.get(reverse("monitoring:results"), query)
    assert response.status_code == 200
    return response.context["report"]


def _cells(row) -> dict[str, tuple]:
    return {r: (c.numerator, c.denominator, c.value) for r, c in row.cells.items()}


def test_every_indicator_equals_its_hand_computed_value(client: Client, me):
    results_fixture()

    report = _report(client, **YEAR)

    rows = {row.indicator.code: row for row in report.rows}
    hidden = ("<5", "<5", "<5")
    assert report.households == 6
    assert _cells(rows["hh_adult_working"]) == {
        "baseline": (0, 6, 0.0),
        "month1": hidden,  # three households answered
        "month6": (5, 6, 5 / 6),
    }
    assert _cells(rows["hh_no_formal_work"]) == {
        "baseline": (6, 6, 1.0),
        "month1": hidden,
        "month6": hidden,  # one household
    }
    assert _cells(rows["hh_bank_account"])["baseline"] == hidden
    assert _cells(rows["hh_poverty"]) == {
        "baseline": (6, 6, 1.0),
        "month1": hidden,
        "month6": hidden,
    }
    assert _cells(rows["hh_income_8000_11300"])["month6"] == (5, 6, 5 / 6)
    assert _cells(rows["hh_children_all_in_school"])["month6"] == (6, 6, 1.0)
    assert _cells(rows["p_working_age_employed"])["month6"] == (5, 6, 5 / 6)
    assert _cells(rows["p_child_out_of_school"]) == {
        "baseline": (6, 6, 1.0),
        "month1": hidden,
        "month6": (0, 6, 0.0),
    }
    assert _cells(rows["p_below_poverty"]) == {
        "baseline": (12, 12, 1.0),
        "month1": (6, 6, 1.0),  # 3,000 MXN for two people is under the line
        "month6": hidden,  # two people (H6)
    }


def test_sentences_are_written_the_way_the_seeds_write_them(client: Client, me):
    results_fixture()

    report = _report(client, **YEAR)

    sentences = {row.indicator.code: row.sentence for row in report.rows}
    assert sentences["p_child_out_of_school"] == (
        "The share of children not attending school went from 100% to 0% after six months."
    )
    assert sentences["p_working_age_employed"] == (
        "0% of people of working age were in work before, and 83% after six months."
    )
    assert sentences["hh_adult_working"] == ""  # one month is hidden: no sentence


def test_the_page_shows_shares_counts_charts_and_small_cells(client: Client, me):
    results_fixture()

    page = client.get(reverse("monitoring:results"), YEAR).content.decode()

    assert page.count('data-testid="indicator"') == 16
    assert page.count("<svg") == 16  # a before-and-after chart per indicator
    assert "83.3%" in page and "5 / 6 households" in page
    assert "&lt;5" in page
    assert "Pérez" not in page and "Nombre" not in page  # never a name


def test_a_breakdown_by_host_city_hides_the_small_group(client: Client, me):
    results_fixture()

    report = _report(client, **YEAR, by="city")

    groups = {group.label: group for group in report.groups}
    assert list(groups) == ["León", "Saltillo"]
    assert groups["León"].households == "<5"
    # León did not answer at one month (no denominator); every cell with one is hidden
    cells = [cell for row in groups["León"].rows for cell in row.cells.values()]
    assert all(cell.hidden or cell.denominator == 0 for cell in cells)
    # 16 indicators x 2 rounds, less job satisfaction (no one in work in León: no denominator)
    assert sum(cell.hidden for cell in cells) == 30
    saltillo = {row.indicator.code: row for row in groups["Saltillo"].rows}
    assert _cells(saltillo["hh_adult_working"])["month6"] == (5, 5, 1.0)
    assert _cells(saltillo["hh_adult_working"])["baseline"] == (0, 5, 0.0)


@pytest.mark.parametrize(
    ("by", "labels"),
    [
        ("head_sex", ["Female"]),
        ("head_age", ["18-59"]),
        ("nationality", ["Honduras"]),
        ("modality", ["Relocation"]),
        ("needs", ["No specific need"]),
        ("cohort_month", ["2026-01"]),
        ("cohort_quarter", ["2026-T1"]),
    ],
)
def test_each_breakdown_names_its_groups(client: Client, me, by, labels):
    results_fixture()

    report = _report(client, **YEAR, by=by)

    assert [group.label for group in report.groups] == labels
    assert report.groups[0].households == 6


def test_process_indicators_give_median_and_90th_percentile_days(client: Client, me):
    results_fixture()

    process = _report(client, **YEAR).process

    lines = {line.code: line for line in process.overall.lines}
    curp, rfc = lines["curp"], lines["rfc"]
    assert (curp.done, curp.pending, curp.median, curp.p90) == (5, "<5", 30, 100)
    assert (rfc.done, rfc.pending, rfc.median, rfc.p90) == ("<5", 0, "<5", "<5")
    assert [table.group for table in process.by_city] == ["León", "Saltillo"]
    assert [table.group for table in process.by_cohort] == ["2026-T1"]
    saltillo = {line.code: line for line in process.by_city[1].lines}
    assert (saltillo["curp"].done, saltillo["curp"].pending) == (5, 0)


def test_the_framework_table_reads_the_programme_targets(client: Client, me):
    results_fixture()

    framework = {line.row.ref: line for line in _report(client, **YEAR).framework}

    bank = framework["13.1"]
    assert (bank.baseline, bank.target, bank.population) == (
        "Unknown",
        "20.00%",
        "Refugees and asylum seekers",
    )
    assert (bank.actual.numerator, bank.actual.denominator) == (5, 6)
    assert framework["13.3"].actual.hidden  # one unemployed mother: 1 - 5/6
    assert framework["16.1"].actual is None  # no secure tenure codes yet: "—"


def test_context_figures_count_people_by_sex_and_modality(client: Client, me):
    results_fixture()

    context = _report(client, **YEAR).context

    by_sex = {label: (relocated, in_place) for label, relocated, in_place in context.people[0][1]}
    assert by_sex["Female"] == (6, 0) and by_sex["Male"] == (6, 0)
    assert context.totals == ("All people", 12, 0)
    figures = dict(context.figures)
    assert figures["Host cities with households that arrived in the period"] == "<5"


def test_the_default_is_the_current_year(client: Client, me):
    report = _report(client)

    assert (report.period.date_from.month, report.period.date_to.month) == (1, 12)
    assert report.period.date_from.year == report.period.date_to.year


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "2026-05-01"}, "date_to", "Give the last day of the period"),
        ({"date_to": "2026-05-01"}, "date_from", "Give the first day of the period"),
        (
            {"date_from": "2026-05-01", "date_to": "2026-04-01"},
            "date_to",
            "The last day comes before",
        ),
        ({"year": "1800"}, "year", "Choose a year from 2000"),
        ({"date_from": "mañana", "date_to": "2026-04-01"}, "date_from", "valid date"),
    ],
)
def test_a_wrong_period_says_what_is_wrong(client: Client, me, query, field, message):
    response = client.get(reverse("monitoring:results"), query)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])


def test_a_wrong_period_is_explained_in_spanish(client: Client, me):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    with translation.override("es"):
        response = client.get(
            reverse("monitoring:results"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
        )

    assert "El último día es anterior al primero." in response.content.decode()


def test_a_period_of_dates_selects_the_interviews_within_it(client: Client, me):
    results_fixture()

    report = _report(client, date_from="2026-02-01", date_to="2026-02-01")

    rows = {row.indicator.code: row for row in report.rows}
    assert _cells(rows["hh_adult_working"])["baseline"] == (0, 6, 0.0)
    assert _cells(rows["hh_adult_working"])["month6"] == (0, 0, None)


def test_the_coordinator_opens_the_report(client: Client):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    assert client.get(reverse("monitoring:results")).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.EMPLOYER, Role.SERVICE_PARTNER]
)
@pytest.mark.parametrize("fmt", [None, "csv", "xlsx", "pdf"])
def test_caseworkers_employers_and_partners_are_refused(client: Client, role, fmt):
    client.force_login(UserFactory(role=role))
    url = (
        reverse("monitoring:results")
        if fmt is None
        else reverse("monitoring:results_download", args=[fmt])
    )

    assert client.get(url).status_code == 403


def test_the_report_is_linked_from_the_monitoring_page_and_the_menu(client: Client, me):
    page = client.get(reverse("monitoring:index")).content.decode()

    assert page.count(f'href="{reverse("monitoring:results")}"') == 2  # the list and the menu


def test_the_page_takes_the_same_number_of_queries_for_twice_the_households(
    client: Client, me, django_assert_max_num_queries
):
    results_fixture()
    client.get(reverse("monitoring:results"), {**YEAR, "by": "needs"})  # warm the caches
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("monitoring:results"), {**YEAR, "by": "needs"})
    results_fixture()

    with django_assert_max_num_queries(len(six.captured_queries)):
        client.get(reverse("monitoring:results"), {**YEAR, "by": "needs"})


def test_the_report_s_shares_are_the_indicators_command_s(client: Client, me):
    results_fixture()

    report = _report(client, **YEAR)

    expected = {
        (v.code, v.round): (v.numerator, v.denominator)
        for v in indicator_values(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    }
    for row in report.rows:
        for round_code, cell in row.cells.items():
            if not cell.hidden:
                assert (cell.numerator, cell.denominator) == expected[
                    row.indicator.code, round_code
                ]


@pytest.mark.parametrize(
    "by",
    [
        "head_sex",
        "head_age",
        "nationality",
        "protection",
        "city",
        "modality",
        "needs",
        "cohort_month",
        "cohort_quarter",
    ],
)
def test_a_breakdown_leaves_the_whole_period_s_figures_as_they_are(client: Client, me, by):
    results_fixture()
    whole = _report(client, **YEAR)

    broken_down = _report(client, **YEAR, by=by)

    assert [_cells(row) for row in broken_down.rows] == [_cells(row) for row in whole.rows]
    assert [line.actual for line in broken_down.framework] == [
        line.actual for line in whole.framework
    ]

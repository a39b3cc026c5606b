"""The matching flow in a browser: launch a run, review, override, accept, decline."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.matching.models import MatchingRun, ProposalStatus
from arraigo.places.models import Capacity
from tests.browser.conftest import LoginFn
from tests.matching.factories import consent_relocation, world_build

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


def _logout(page: Page) -> None:
    with page.expect_navigation():
        page.click(f"form[action='{reverse('accounts:logout')}'] button[type=submit]")


def _open_proposal(page: Page, run: MatchingRun, code: str) -> None:
    page.goto(reverse("matching:run_detail", args=[run.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name=code).click()


def _submit(page: Page, testid: str) -> None:
    with page.expect_navigation():
        page.locator(f"form[data-testid={testid}] button[type=submit]").click()


def test_run_review_override_accept_decline(page: Page, login: LoginFn) -> None:
    # Given three profiled households, three host cities and a vacancy
    world = world_build()
    # The pages in English (the product's default is Spanish), as the assertions are
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])

    # When the coordinator launches a run for 2026
    login(page, world.coordinator.username, PASSWORD)
    page.goto(reverse("matching:run_list"))
    page.fill("#id_period_start", "2026-01-01")
    page.fill("#id_period_end", "2026-12-31")
    page.select_option("#id_objective", "any_employed")
    page.fill("#id_preference_weight", "0.2")
    page.fill("#id_time_limit", "10")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then the run is done with its solver result and the prior labelled
    run = MatchingRun.objects.get()
    assert page.get_by_test_id("run-status").inner_text() == "Done"
    assert page.get_by_test_id("termination").inner_text() == "Optimal"
    assert "Prior" in page.get_by_test_id("model-kind").inner_text()
    assert page.get_by_test_id("proposal-row").count() == 3

    # And the background jobs page lists the run's job as done, linked to the run
    page.goto(reverse("background:task_list"))
    job = page.get_by_test_id("task-row")
    assert (job.count(), job.get_attribute("data-status")) == (1, "SUCCESSFUL")
    assert job.get_by_role("link", name=f"Matching run {run.pk}").count() == 1
    _logout(page)

    # When the households' caseworker approves the needs family's proposal (Alfa)
    login(page, world.caseworker.username, PASSWORD)
    _open_proposal(page, run, "HH-0002")
    assert page.get_by_test_id("proposed-city").inner_text() == "Alfa"
    _submit(page, "approve-form")
    assert page.get_by_test_id("proposal-status").inner_text() == "Approved"

    # When Gama's reception beds are all taken, the override's list says so, and offering
    # Gama is refused for that capacity
    beds = Capacity.objects.filter(city=world.city_c, dimension="reception_beds")
    beds.update(reserved=10)
    _open_proposal(page, run, "HH-0001")
    full = "Gama, Coahuila (no place left: Reception beds: needs 2, 0 available)"
    page.select_option("#id_override-city", label=full)
    page.fill("#id_override-reason", "A cousin in Gama offers housing")
    _submit(page, "override-form")
    assert (
        "Gama has no place left for this household in the period "
        "(Reception beds: needs 2, 0 available)."
    ) in page.locator("main").inner_text()
    assert page.get_by_test_id("proposal-status").inner_text() == "Proposed"
    beds.update(reserved=0)

    # And overrides the worker family's proposal (Beta) with Gama, first forgetting the reason
    _open_proposal(page, run, "HH-0001")
    page.select_option("#id_override-city", label="Gama, Coahuila")
    _submit(page, "override-form")
    assert "Give a reason for the override." in page.locator("main").inner_text()
    page.fill("#id_override-reason", "A cousin in Gama offers housing")
    _submit(page, "override-form")
    assert page.get_by_test_id("proposal-status").inner_text() == "Overridden"
    assert page.get_by_test_id("offered-city").inner_text() == "Gama"

    # When the needs family, having consented to relocation, accepts
    consent_relocation(world.needs_family)
    _open_proposal(page, run, "HH-0002")
    page.fill("#id_accept-note", "Agrees to go")
    _submit(page, "accept-form")
    assert page.get_by_test_id("proposal-status").inner_text() == "Accepted"

    # And the worker family declines
    _open_proposal(page, run, "HH-0001")
    page.fill("#id_decline-note", "Prefers to wait")
    _submit(page, "decline-form")
    assert page.get_by_test_id("proposal-status").inner_text() == "Declined"

    # Then the run's list shows each proposal's status
    page.goto(reverse("matching:run_detail", args=[run.pk]))
    rows = {
        row.locator("td").nth(0).inner_text(): row.get_by_test_id("proposal-status").inner_text()
        for row in page.get_by_test_id("proposal-row").all()
    }
    assert rows == {"HH-0001": "Declined", "HH-0002": "Accepted", "HH-0003": "Proposed"}
    assert dict(run.proposals.values_list("household__code", "status")) == {
        "HH-0001": ProposalStatus.DECLINED,
        "HH-0002": ProposalStatus.ACCEPTED,
        "HH-0003": ProposalStatus.PROPOSED,
    }
    world.vacancy.refresh_from_db()
    assert world.vacancy.seats_reserved == 1

    # And on a phone and a tablet the proposal page is no wider than the screen, and no table
    # is clipped: each scrolls inside its own box
    for width in (390, 768):
        page.set_viewport_size({"width": width, "height": 800})
        _open_proposal(page, run, "HH-0001")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        edges = page.evaluate(
            "[...document.querySelectorAll('main .table-wrap')]"
            ".map(e => Math.round(e.getBoundingClientRect().right))"
        )
        assert len(edges) == 3  # members, parts of the score, other cities (no job in Gama)
        assert max(edges) <= width
        assert page.get_by_test_id("member-row").count() == 2

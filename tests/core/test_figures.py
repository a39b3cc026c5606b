"""Kept figures (core/figures.py): counted once per scope while they keep, never shared across
scopes or languages when worded, counted again by `arraigo figures` for every scope of an
active user whose role reads them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core import figures as figures_module
from arraigo.core.figures import figures_register, kept
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("figures_kept")]


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_figures_are_counted_once_per_scope_and_params():
    counter = Counter()
    first, second = UserFactory(role=Role.COORDINATOR), UserFactory(role=Role.COORDINATOR)
    office = OfficeFactory()
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)

    assert kept("test", first, counter).value == 1
    assert kept("test", second, counter).value == 1  # same scope: kept
    assert kept("test", caseworker, counter).value == 2  # another scope
    assert kept("test", first, counter, params=[2026]).value == 3  # another period
    assert kept("test", first, counter, recount=True).value == 4
    assert kept("test", second, counter).value == 4
    assert counter.calls == 4


def test_worded_figures_are_kept_per_language():
    counter = Counter()
    user = UserFactory(role=Role.COORDINATOR)
    with translation.override("es"):
        assert kept("test", user, counter, worded=True).value == 1
    with translation.override("en"):
        assert kept("test", user, counter, worded=True).value == 2
        assert kept("test", user, counter).value == 3  # not worded: one entry for all
    with translation.override("es"):
        assert kept("test", user, counter, worded=True).value == 1
        assert kept("test", user, counter).value == 3


def test_nothing_is_kept_when_the_setting_is_zero(settings):
    settings.ARRAIGO_FIGURES_CACHE_SECONDS = 0
    counter = Counter()
    user = UserFactory(role=Role.COORDINATOR)

    assert [kept("test", user, counter).value for _ in range(3)] == [1, 2, 3]


def test_the_command_counts_again_once_per_scope_of_active_users(monkeypatch):
    monkeypatch.setattr(figures_module, "_counted", {})
    seen: list[tuple[str, str | None]] = []
    figures_register(
        "test",
        lambda user: user.role != Role.EMPLOYER,
        lambda user: seen.append((user.role, translation.get_language())),
        worded=True,
    )
    UserFactory(role=Role.COORDINATOR)
    UserFactory(role=Role.COORDINATOR)  # the same scope as the first
    UserFactory(role=Role.HOST_CASEWORKER, city=CityFactory())
    UserFactory(role=Role.HOST_CASEWORKER, city=CityFactory(), is_active=False)
    UserFactory(role=Role.EMPLOYER)  # the figures do not apply
    out = io.StringIO()

    call_command("figures", stdout=out)

    assert sorted(seen) == [
        (Role.COORDINATOR, "en"),
        (Role.COORDINATOR, "es"),
        (Role.HOST_CASEWORKER, "en"),
        (Role.HOST_CASEWORKER, "es"),
    ]
    assert out.getvalue().startswith("Counted 4 sets of figures for 3 scopes in ")


def test_the_command_refreshes_what_the_pages_show(client):
    """A page shows the kept figures until `arraigo figures` counts them again."""
    office = OfficeFactory()
    HouseholdFactory(origin_office=office, status=HouseholdStatus.ELIGIBLE)
    coordinator = UserFactory(role=Role.COORDINATOR)
    client.force_login(coordinator)

    def households() -> int:
        return client.get(reverse("home:dashboard")).context["dashboard"].households

    assert households() == 1
    HouseholdFactory(origin_office=office, status=HouseholdStatus.ELIGIBLE)
    assert households() == 1
    call_command("figures", stdout=io.StringIO())
    assert households() == 2


def test_every_page_that_keeps_figures_is_counted_again():
    assert [counted.name for counted in figures_module.registered()] == [
        "dashboard",
        "person_steps",
        "results",
        "run_followup",
        "todo_referrals",
        "todo_surveys",
        "todo_unassigned",
        "turnover",
        "workload",
    ]

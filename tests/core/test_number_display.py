"""Item 19: every number a page shows goes through the locale (one set of filters), people are
shown by name, and stored ledger descriptions follow the reader's language."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

import arraigo
from arraigo.accounts.models import Role
from arraigo.relocation.descriptions import description_display
from arraigo.relocation.services.ledger import ledger_post
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PlacementFactory, VacancyFactory
from tests.relocation.factories import relocation_world
from tests.relocation.grant_helpers import grant_prepared
from tests.relocation.ledger_data import hand_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def rworld(db: None):
    return relocation_world()


NBSP = "\xa0"
PACKAGE = Path(arraigo.__file__).parent


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "english", "spanish"),
    [
        ("{{ v|money }}", "10,500.00\xa0MXN", "10\xa0500,00\xa0MXN"),
        ("{{ v|money:'USD' }}", "10,500.00\xa0USD", "10\xa0500,00\xa0USD"),
        ("{{ v|amount }}", "10,500.00", "10\xa0500,00"),
        ("{{ v|amount:0 }}", "10,500", "10\xa0500"),
        ("{{ p|percent }}", "2.1%", "2,1\xa0%"),
        ("{{ p|percent:2 }}", "2.08%", "2,08\xa0%"),
        ("{{ s|share_percent }}", "1.5%", "1,5\xa0%"),
        ("{{ d|decimal:3 }}", "1,234.568", "1\xa0234,568"),
        ("{{ none|money }}{{ none|percent }}", "——", "——"),
    ],
)
def test_the_filters_write_numbers_the_reader_s_way(source, english, spanish):
    values = {
        "v": Decimal("10500"),
        "p": Decimal("2.08"),
        "s": 0.015,
        "d": 1234.5678,
        "none": None,
    }
    assert _render(source, "en", **values) == english
    assert _render(source, "es", **values) == spanish


def test_user_display_is_the_full_name_or_else_the_username():
    named = UserFactory(first_name="Lucía", last_name="Méndez")
    bare = UserFactory(username="coord9")

    assert (
        _render(
            "{{ a|user_display }}/{{ b|user_display }}/{{ c|user_display }}",
            "es",
            a=named,
            b=bare,
            c=None,
        )
        == "Lucía Méndez/coord9/—"
    )


# --- pages in Spanish ------------------------------------------------------------------------


def _spanish(client: Client, user, url: str, **query) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(user)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_vacancy_and_placement_pages_write_wages_in_spanish(client: Client):
    vacancy = VacancyFactory(monthly_wage_mxn=Decimal("10500.00"))
    recorder = UserFactory(first_name="Lucía", last_name="Méndez")
    placement = PlacementFactory(
        employer=vacancy.employer, monthly_wage_mxn=Decimal("9250.50"), created_by=recorder
    )
    coordinator = UserFactory(role=Role.COORDINATOR)

    detail = _spanish(client, coordinator, reverse("jobs:vacancy_detail", args=[vacancy.pk]))
    listing = _spanish(client, coordinator, reverse("jobs:vacancy_list"))
    job = _spanish(client, coordinator, reverse("jobs:placement_detail", args=[placement.pk]))

    assert f"<dd>10{NBSP}500,00{NBSP}MXN</dd>" in detail
    assert f"<td>10{NBSP}500,00{NBSP}MXN</td>" in listing
    assert f"<dd>9{NBSP}250,50{NBSP}MXN</dd>" in job
    assert "<dd>Lucía Méndez</dd>" in job


def test_the_turnover_page_writes_percentages_in_spanish(client: Client):
    PlacementFactory(hired_on=dt.date(2025, 1, 6), started_on=dt.date(2025, 1, 10))
    page = _spanish(client, UserFactory(role=Role.COORDINATOR), reverse("jobs:turnover"))

    assert f"<td>100{NBSP}%</td>" in page  # retention: the one placement is still in work
    assert "%</td>" not in page.replace(f"{NBSP}%</td>", "")


def test_the_budget_page_writes_money_and_shares_in_spanish(client: Client, rworld):
    hand_ledger(rworld)

    page = _spanish(client, rworld.coordinator, reverse("relocation:budget"), year=2025)

    assert f"<td>4{NBSP}250,00</td>" in page
    assert f'<span class="badge bad">94,4{NBSP}%</span>' in page or (
        f'<span class="badge">94,4{NBSP}%</span>' in page
    )
    assert "94.4" not in page


def test_the_grant_page_writes_the_table_in_spanish_and_names_who_prepared(client: Client, rworld):
    rworld.origin_caseworker.first_name, rworld.origin_caseworker.last_name = "Rosa", "Díaz"
    rworld.origin_caseworker.save()
    grant = grant_prepared(rworld)

    page = _spanish(client, rworld.auditor, reverse("relocation:grant_detail", args=[grant.pk]))

    assert f"<dd>4{NBSP}500,00{NBSP}MXN</dd>" in page  # base amount of the 2026 table
    assert "<dd>Rosa Díaz · " in page
    assert "origin · " not in page


def test_a_ledger_description_follows_the_reader_s_language(client: Client, rworld):
    ledger_post(
        actor=rworld.coordinator,
        booked_on=dt.date(2025, 3, 11),
        kind="commitment",
        category="lodging",
        amount=Decimal("1860.00"),
        household=rworld.household,
        city=rworld.city,
        office=rworld.office,
        source="stay:9",
        description="3 noches x 620.00 en Albergue Saltillo",  # as the demo wrote it
    )

    with translation.override("es"):
        assert description_display("3 noches x 620.00 en Albergue Saltillo") == (
            "3 noches x 620,00 en Albergue Saltillo"
        )
    with translation.override("en"):
        assert description_display("3 noches x 620.00 en Albergue Saltillo") == (
            "3 nights x 620.00 at Albergue Saltillo"
        )
        assert description_display("Apoyo 7 aprobado (2026-demo, 3 integrantes)") == (
            "Grant 7 approved (2026-demo, 3 members)"
        )
        assert description_display("Written by hand") == "Written by hand"
    page = _spanish(
        client, rworld.coordinator, reverse("relocation:ledger"), year=2025, month="2025-03"
    )
    assert "<td>3 noches x 620,00 en Albergue Saltillo</td>" in page


def test_occupations_follow_the_interface_language():
    occupation = VacancyFactory().occupation

    with translation.override("en"):
        assert str(occupation).endswith(occupation.title_en)
    with translation.override("es"):
        assert str(occupation).endswith(occupation.title_es)


# --- the guard: no template formats a number by hand -------------------------------------------

# A value from the data followed by a hand-written percent sign. (A number written in a
# translated sentence, "occupation 70 %", is the translation's to write its language's way.)
RAW_PERCENT = re.compile(r"(\}\}|%\})\s?%(?![}\w])")
# A money or share value handed to a translated sentence without a display filter.
RAW_IN_SENTENCE = re.compile(
    r"\b(amount|cost|over|after|remaining|budget|committed|spent|wage|percent|share)=[\w.]+(?=[\s%])"
)


def _templates() -> list[Path]:
    return sorted((PACKAGE / "templates").rglob("*.html"))


def test_no_template_formats_a_number_by_hand():
    offenders = []
    for path in _templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "floatformat" in line or "widthratio" in line or RAW_PERCENT.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:90]}")
            if RAW_IN_SENTENCE.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:90]}")
            if re.search(r"\$\{\{|\}\}\s*MXN", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:90]}")
    assert offenders == []


def test_no_python_message_formats_a_number_by_hand():
    pattern = re.compile(r"""_\(.*(:\.\d+f|:,|\{:,\})""")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_duplicate_reasons_are_written_in_the_reader_s_language():
    source = "{% for r in reasons %}{{ r|duplicate_reason }}/{% endfor %}"
    reasons = ["same date of birth", "same nationality", "names 92% similar"]

    assert _render(source, "en", reasons=reasons) == (
        "same date of birth/same nationality/names 92% similar/"
    )
    assert _render(source, "es", reasons=reasons) == (
        "misma fecha de nacimiento/misma nacionalidad/nombres con 92\xa0% de similitud/"
    )


def test_the_workload_counts_are_grouped_the_readers_way():
    rows = [
        {
            "name": "Sin responsable",
            "open_plans": 600,
            "open_milestones": 12941,
            "overdue": 1570,
            "done_30_days": 0,
            "query": "responsible=0",
        }
    ]
    source = '{% include "casework/includes/load_table.html" %}'

    spanish = _render(source, "es", rows=rows)
    english = _render(source, "en", rows=rows)

    assert ">12\xa0941</a>" in spanish and ">1\xa0570</a>" in spanish
    assert ">12,941</a>" in english and ">1,570</a>" in english

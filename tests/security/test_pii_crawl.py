"""No page shows a person's name, identity document number or phone to a role that must not
read it.

A small demo is seeded once for the module (tests/site_walk.py). Each demo account of a role
with something to withhold signs in and crawls the site breadth-first from its start page,
following the links of every page (same site, GET only, query strings included: filters,
sorting, pages), each list page also searched for a withheld surname, a few pages per URL
pattern. Every answer is searched for the strings that role must not see, collected from the
seeded database (DESIGN.md section 4, docs/architecture.md "Scope"):

- the M&E officer works on pseudonymised data: no one's name, document or phone;
- a service partner reads the shared fields of the referrals made to it, and only while the
  household consents: nobody else's, and nothing beyond what was shared;
- a company's HR user reads the workers hired by or proposed to the company whose household
  consents to sharing with employers: nobody else;
- the employer liaison reads placements: no one who was never placed;
- caseworkers read the households of their office or city (and the placements and referrals
  within their scope): no one else;
- the auditor reads names (registry.view_names: read-only, everything logged), but, as every
  role above, neither protection-sensitive notes (casefile.view_protected_note: coordinator
  and host-city caseworkers) nor reports of sexual exploitation and abuse (feedback.view_sea:
  the coordinator, the focal point): their texts are withheld too.

The coordinator is not crawled here: everything is theirs to read.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urldefrag, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404
from pytest_django import DjangoDbBlocker

from arraigo.accounts.models import Role, User
from arraigo.casefile.models import CaseNote, NoteTier
from arraigo.demo.accounts import DEMO_ACCOUNTS
from arraigo.feedback.models import Category, FeedbackCase
from arraigo.jobs.selectors_placements import placements_visible_to
from arraigo.matching.models import ProposalJob
from arraigo.referrals.selectors import referrals_visible_to
from arraigo.registry.choices import ConsentPurpose
from arraigo.registry.consent import consent_latest
from arraigo.registry.models import IdentityDocument, Person
from arraigo.registry.selectors import households_visible_to
from tests.site_walk import demo_clients

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 40
SEED = 5
PER_ROUTE = 3  # pages opened per URL pattern (the first ones found)
MOST_PAGES = 220  # per account
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/api/v1/", "/i18n/", "/files/", "/hooks/")
SKIP_ROUTES = {"accounts:logout", "set_language"}
FILE_SUFFIXES = (".csv", ".pdf", ".xlsx")
CRAWLED = {
    "demo-me": Role.ME_OFFICER,
    "demo-partner": Role.SERVICE_PARTNER,
    "demo-employer": Role.EMPLOYER,
    "demo-liaison": Role.EMPLOYER_LIAISON,
    "demo-origin-tapachula": Role.ORIGIN_CASEWORKER,
    "demo-host-saltillo": Role.HOST_CASEWORKER,
    "demo-auditor": Role.AUDITOR,
}
PHONE_LIKE = re.compile(r"\+?\d[\d ().-]{7,}\d")
SHORTEST_NAME = 6  # shorter surnames are too often words of the pages themselves


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _internal(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(FILE_SUFFIXES):
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _route(path: str) -> tuple[str, bool] | None:
    """The URL pattern's name and whether it takes arguments (a list page takes none)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name, bool(match.kwargs)


def crawl(client: Client, searches: list[str]) -> dict[str, str]:
    """Breadth-first from the start page: each page opened (path -> text), bounded."""
    pages: dict[str, str] = {}
    counts: Counter[str] = Counter()
    queue: deque[str] = deque(["/"])
    seen = {"/"}
    while queue and len(pages) < MOST_PAGES:
        path = queue.popleft()
        found = _route(path)
        if found is None or found[0] in SKIP_ROUTES or counts[found[0]] >= PER_ROUTE:
            continue
        route, takes_arguments = found
        counts[route] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        pages[path] = text
        parser = _Links()
        parser.feed(text)
        targets = [_internal(href) for href in parser.links]
        if not takes_arguments and "?" not in path:  # a list: searched for withheld surnames
            targets += [f"{path}?{urlencode({'q': term})}" for term in searches]
        for target in targets:
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _person_strings(person: Person, documents: dict[int, list[str]]) -> set[str]:
    strings = {f"{person.first_names} {person.last_names}".strip()}
    if len(person.last_names) >= SHORTEST_NAME:
        strings.add(person.last_names)
    strings.update(documents.get(person.pk, []))
    if person.phone:
        strings.add(f"tel:{_digits(str(person.phone))[-10:]}")
    return {s for s in strings if s.strip()}


def _readable(user: User) -> set[int]:
    """The people `user` may read by name: none for the M&E officer (pseudonymised); else
    those of the households, placements and referrals in scope, cut by consent for companies
    and service partners."""
    role = user.role
    if role == Role.ME_OFFICER:
        return set()
    if role == Role.SERVICE_PARTNER:
        return set()  # what was shared is allowed by value (see _shared_values)
    if role == Role.EMPLOYER:
        candidates = {
            *placements_visible_to(user).values_list("person_id", flat=True),
            *ProposalJob.objects.filter(vacancy__employer=user.employer).values_list(
                "person_id", flat=True
            ),
        }
        people = Person.objects.filter(pk__in=candidates).select_related("household")
        return {p.pk for p in people if consent_latest(p.household, ConsentPurpose.EMPLOYERS)[0]}
    readable = set(
        Person.objects.filter(household__in=households_visible_to(user)).values_list(
            "pk", flat=True
        )
    )
    readable |= set(placements_visible_to(user).values_list("person_id", flat=True))
    readable |= set(referrals_visible_to(user).values_list("person_id", flat=True))
    return readable


def _shared_values(user: User) -> set[str]:
    values: set[str] = set()
    for referral in referrals_visible_to(user):
        values.update(str(v) for v in referral.shared_now.values())
    return values


def withheld(user: User) -> dict[str, str]:
    """The strings `user` must not be shown, each with whose it is (for the failure message)."""
    documents: dict[int, list[str]] = {}
    for person_id, number in IdentityDocument.objects.values_list("person_id", "number"):
        documents.setdefault(person_id, []).append(number)
    staff = {part for u in User.objects.all() for part in (u.first_name, u.last_name)}
    readable = _readable(user)
    shared = _shared_values(user) if user.role == Role.SERVICE_PARTNER else set()
    allowed = shared.copy()
    for person in Person.objects.filter(pk__in=readable):
        allowed |= _person_strings(person, documents)
        allowed.update(re.findall(r"\w+", f"{person.first_names} {person.last_names}"))
    found: dict[str, str] = {}
    if not user.has_perm("casefile.view_protected_note"):
        for text, code in CaseNote.objects.filter(tier=NoteTier.PROTECTION).values_list(
            "text", "household__code"
        ):
            found[text] = f"a protection-sensitive note of {code}"
    if not user.has_perm("feedback.view_sea"):
        for text, reference in FeedbackCase.objects.filter(category=Category.SEA).values_list(
            "description", "reference"
        ):
            found[text] = f"the abuse report {reference}"
    if user.role == Role.AUDITOR:
        return found  # reads names (registry.view_names): only the two tiers are withheld
    for person in Person.objects.exclude(pk__in=readable).select_related("household"):
        for string in _person_strings(person, documents):
            if string not in allowed and string not in staff:
                found[string] = f"{person.household.code} member {person.member_no}"
    return found


def _a_withheld_surname(forbidden: dict[str, str]) -> list[str]:
    surnames = Person.objects.filter(last_names__in=forbidden).values_list("last_names", flat=True)
    return sorted(surnames)[:1]


def _searched(path: str) -> str:
    """The term a page was searched for (the page shows it back, in its search box)."""
    return parse_qs(urlsplit(path).query).get("q", [""])[0]


def leaks(text: str, forbidden: dict[str, str], *, searched: str = "") -> list[str]:
    """What of `forbidden` the page shows: whole words or numbers, and phones however spaced."""
    text = html.unescape(text)
    phones = {f"tel:{_digits(run)[-10:]}" for run in PHONE_LIKE.findall(text)}
    words = [re.escape(s) for s in forbidden if not s.startswith("tel:") and s != searched]
    pattern = rf"(?<!\w)(?:{'|'.join(sorted(words, key=len, reverse=True))})(?!\w)"
    found = set(re.findall(pattern, text)) if words else set()
    shown = [f"{string!r} of {forbidden[string]}" for string in sorted(found)]
    shown += [f"a phone of {forbidden[tel]}" for tel in sorted(phones & set(forbidden))]
    return shown


@pytest.fixture(scope="module")
def crawled(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, tuple[dict[str, str], dict[str, str]]]]:
    """Per crawled account: the pages it reached and the strings it must not see."""
    with demo_clients(
        django_db_blocker,
        households=HOUSEHOLDS,
        seed=SEED,
        employers=12,
        vacancies=30,
        headers={"accept-language": "en"},
    ) as clients:
        result = {}
        for username in CRAWLED:
            user = User.objects.get(username=username)
            forbidden = withheld(user)
            pages = crawl(clients[username], searches=_a_withheld_surname(forbidden))
            result[username] = (pages, forbidden)
        # The check itself, on what the coordinator (who reads everyone) is shown.
        person = Person.objects.filter(last_names__in=_a_withheld_surname(result["demo-me"][1]))
        page = clients["demo-coordinator"].get("/households/", {"q": person[0].last_names})
        result["demo-coordinator"] = ({"/households/": page.content.decode()}, {})
        result["searched person"] = ({}, {f"{person[0].first_names} {person[0].last_names}": ""})
        yield result


def test_every_crawled_account_is_a_demo_account_of_its_role() -> None:
    roles = {account.username: account.role for account in DEMO_ACCOUNTS}
    assert {name: roles[name] for name in CRAWLED} == CRAWLED


@pytest.mark.parametrize("username", list(CRAWLED))
def test_no_page_shows_a_role_what_it_must_not_read(crawled: Any, username: str) -> None:
    pages, forbidden = crawled[username]
    # Given a role with people it must not read by name, document or phone
    assert forbidden, f"{username}: nothing to withhold, so nothing is checked"
    # When every page it reaches is searched for them
    shown = {
        path: found
        for path, text in pages.items()
        if (found := leaks(text, forbidden, searched=_searched(path)))
    }
    # Then none shows any
    assert shown == {}, (
        f"{username} crawled {len(pages)} pages; shown what it must not read:\n"
        + "\n".join(f"{path}: {', '.join(found[:5])}" for path, found in sorted(shown.items()))
    )


@pytest.mark.parametrize("username", list(CRAWLED))
def test_the_crawl_reaches_the_role_s_pages(crawled: Any, username: str) -> None:
    """A crawl that opened almost nothing would prove nothing."""
    pages, _forbidden = crawled[username]
    assert len(pages) >= 8, f"{username} crawled only: {sorted(pages)}"


def test_the_check_finds_a_name_where_one_is_shown(crawled: Any) -> None:
    """The coordinator, searching for a surname the M&E officer's crawl searched for, is shown
    the person's full name, and the check finds it there: the check is not vacuous."""
    pages, _nothing = crawled["demo-coordinator"]
    _no_pages, full_name = crawled["searched person"]
    assert leaks(pages["/households/"], full_name) != []

"""Property-based tests of the single-value checks behind every form (dates, numbers, phones,
identity numbers, countries) and of the web's forms themselves.

Paths covered:
- registry/validators.py: `phone_validate`, `curp_validate`, `rfc_validate`, `nss_validate`,
  `plain_number_validate` (through `document_number_validate`, for every validator kind the
  programme's document types may name), `country_validate`, `birth_date_validate`,
  `document_dates_validate`; bulk/columns.py `date_parse` (the imports' dates).
- jobs/services/employers.py `rfc_normalise` (a company's RFC).
- Every form a coordinator and an origin caseworker reach on a page without arguments (the
  household registration with its head and documents, employers, vacancies, hires, feedback,
  cities, providers, trips, grants, surveys, imports...): found on the pages, filled as the page
  offers them, then one to four fields given hostile text (dates that do not exist, numbers too
  large, phones and CURPs one character off, right-to-left and zero-width text).

Properties: a check returns a normalised value or raises ValidationFailed, nothing else, and
checking its own result gives it back (normalising is idempotent); a form page answers a post
with a redirect or its form again (never 500), and a form shown again with errors wrote nothing
(every table's row count compared; the audit trail may note the page was seen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker

from arraigo.bulk.columns import date_parse
from arraigo.core.errors import ValidationFailed
from arraigo.jobs.services.employers import rfc_normalise
from arraigo.registry import validators
from arraigo.registry.models import ValidatorKind
from tests.registry.person_data import curp_make
from tests.site_walk import demo_clients, route_names

from .properties import changed_tables, nasty_text, rolled_back, table_counts

CURP = curp_make()

# Near-valid values: a real one with a character changed, dropped, doubled or spaced.
near_curp = st.builds(
    lambda at, char, how: {
        "swap": CURP[:at] + char + CURP[at + 1 :],
        "drop": CURP[:at] + CURP[at + 1 :],
        "double": CURP[:at] + CURP[at] + CURP[at:],
        "space": CURP[:at] + " " + CURP[at:],
        "lower": CURP.lower(),
    }[how],
    st.integers(0, len(CURP) - 1),
    st.sampled_from("0123456789AHMXZÑ²٣ ß\u200b"),
    st.sampled_from(["swap", "drop", "double", "space", "lower"]),
)
near_phone = st.builds(
    lambda prefix, digits, sep: prefix + sep.join(digits),
    st.sampled_from(["+52", "+1", "+504", "52", "+", "00", "+٥٢", "+\u200b52"]),
    st.lists(st.text(alphabet="0123456789²", min_size=1, max_size=4), max_size=5),
    st.sampled_from(["", " ", "-", ".", "\u00a0"]),
)
values = st.one_of(nasty_text, near_curp, near_phone)


def _checked(check, value: str) -> str | None:
    try:
        return check(value)
    except ValidationFailed as exc:
        assert exc.errors
        return None


@settings(max_examples=400)
@given(value=values, kind=st.sampled_from(ValidatorKind.values))
@example(value="²" * 11, kind=ValidatorKind.NSS)  # found: Luhn's int("²") raised ValueError
@example(value=CURP, kind=ValidatorKind.CURP)
def test_a_document_number_is_normalised_or_refused_and_normalising_twice_changes_nothing(
    value, kind
):
    number = _checked(lambda v: validators.document_number_validate(kind, v), value)
    if number is not None:
        assert validators.document_number_validate(kind, number) == number
        validators.document_facts(kind, number)  # reads what it says without raising


@settings(max_examples=300)
@given(value=values)
@example(value="+52 55 1234 5678")
def test_a_phone_is_e164_or_refused(value):
    phone = _checked(validators.phone_validate, value)
    if phone is not None:
        assert phone.startswith("+") and phone[1:].isascii() and phone[1:].isdigit()
        assert validators.phone_validate(phone) == phone


@settings(max_examples=200)
@given(value=values)
@example(value="1" * 5000)  # found: django-countries' int() of a numeric code raised ValueError
def test_a_country_is_an_iso_code_or_refused(value):
    code = _checked(validators.country_validate, value)
    if code is not None:
        assert len(code) == 2 and code.isascii() and code.isupper()
        assert validators.country_validate(code) == code


@settings(max_examples=200)
@given(value=values)
def test_a_company_rfc_is_normalised_or_refused_on_the_rfc(value):
    errors: dict[str | None, list[str]] = {}
    rfc = rfc_normalise(value, errors)
    assert set(errors) <= {"rfc"}
    if not errors:
        assert rfc_normalise(rfc, {}) == rfc


@settings(max_examples=300)
@given(
    text=st.one_of(
        nasty_text,
        st.dates().map(dt.date.isoformat),
        st.builds("{}/{}/{}".format, st.integers(-5, 40), st.integers(-1, 14), st.integers()),
    )
)
@example(text="31/02/2026")
@example(text="1/1/99999999999999999999")  # found: OverflowError from dt.date
def test_an_import_date_is_a_date_or_none(text):
    day = date_parse(text)
    assert day is None or isinstance(day, dt.date)


@settings(max_examples=200)
@given(born=st.dates(), issued=st.none() | st.dates(), expires=st.none() | st.dates())
def test_dates_are_checked_without_raising_anything_but_a_refusal(born, issued, expires):
    today = dt.date(2026, 12, 5)
    _checked(lambda b: validators.birth_date_validate(b, today), born)
    try:
        validators.document_dates_validate(issued, expires, today)
    except ValidationFailed as exc:
        assert set(exc.errors) <= {"issued_on", "expires_on"}


# --- the forms of the site ---------------------------------------------------------------------

# Not posted: they sign the walker out, change their language or password, or start a second
# factor; the sign-in and password pages have tests of their own (tests/accounts).
SKIPPED_ACTIONS = ("/accounts/", "/i18n/", "/admin/")
WALKERS = ("demo-coordinator", "demo-origin-tapachula", "demo-host-saltillo")
SIDE_TABLES = {"auditlog_logentry", "django_session"}  # the page seen, the session's clock
OK = {200, 302, 400, 403, 404, 405, 409, 429}


class _Forms(HTMLParser):
    """The POST forms of a page: (action, {field: value}) with the values the page offers."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        fields = self._fields
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or self.url, self._fields))
        elif fields is None:
            return
        elif tag == "option" and self._select:
            if "selected" in a or not fields[self._select]:
                fields[self._select] = a.get("value", "")
        elif not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                fields.setdefault(a["name"], "")
            else:
                fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            fields[a["name"]] = ""
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self._fields is not None:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.fixture(scope="module")
def forms(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[list[tuple[Client, str, dict[str, str]]]]:
    """(a client, where a form posts, the form's fields as offered) on a small demo."""
    with (
        demo_clients(
            django_db_blocker,
            households=20,
            seed=13,
            employers=8,
            vacancies=10,
            raise_request_exception=False,
        ) as clients,
        django_db_blocker.unblock(),
    ):
        found = []
        for name in sorted(route_names(get_resolver().url_patterns, without_arguments=True)):
            if name.startswith("api:"):
                continue
            url = reverse(name)
            for walker in WALKERS:
                page = clients[walker].get(url)
                if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                    continue
                parser = _Forms(url)
                parser.feed(page.content.decode())
                for action, fields in parser.forms:
                    if set(fields) - {"csrfmiddlewaretoken"} and not action.startswith(
                        SKIPPED_ACTIONS
                    ):
                        found.append((clients[walker], action, fields))
        yield found


def _refused(response) -> bool:
    """Whether the page came back with a form showing errors."""
    for context in response.context or []:
        for value in context.flatten().values():
            errors = getattr(value, "errors", None)
            if errors and not callable(errors):
                return True
    return False


@pytest.mark.django_db
def test_the_module_posts_the_forms_of_many_pages(forms):
    actions = {action for _client, action, _fields in forms}
    assert len(actions) >= 15
    assert "/households/new/" in actions


@pytest.mark.django_db
@settings(max_examples=200)
@given(index=st.integers(min_value=0), data=st.data())
def test_a_form_posted_with_hostile_fields_saves_or_comes_back_never_a_500(forms, index, data):
    client, action, offered = forms[index % len(forms)]
    posted = dict(offered)
    names = sorted(n for n in posted if n != "csrfmiddlewaretoken")
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4)):
        posted[name] = data.draw(values).replace("\x00", "")  # Django refuses NUL before us
    with rolled_back():
        before = table_counts()
        response = client.post(action, posted)
        assert response.status_code in OK, (action, posted, response.status_code)
        refused = response.status_code == 200 and _refused(response)
        event(f"{response.status_code}{' with errors' if refused else ''}")
        if refused:
            assert set(changed_tables(before, table_counts())) <= SIDE_TABLES, (action, posted)

"""Property-based tests of follow-up answers coming in: files, KoboToolbox exports and posts,
and the web's survey entry.

Paths covered:
- monitoring/services_followups.py `followups_import` with interchange.py
  `followup_row_parse` (`arraigo followups import`): the interchange CSV.
- monitoring/services_kobo.py `kobo_import` with kobo_files.py `read_submissions`
  (`arraigo surveys import-kobo` and the instruments import page): Kobo's flat CSV and XLSX
  exports.
- monitoring/views_kobo_hook.py `kobo_hook` (POST /hooks/kobo/<slug>/, the body parsed as
  JSON), services_kobo_hook.py `kobo_submission_receive` and `kobo_submission_process` with
  kobo_json.py `submission_read`: KoboToolbox's REST Services posts.
- monitoring/views_surveys.py `survey_entry` with forms_surveys.py `SurveyForm`: a survey typed
  on the web.

Properties: nothing but the project's refusals comes out (FollowUpsRefused, ValidationFailed, a
report with problems, an answer of 4xx); a refusal writes nothing (every table's row count
compared); a problem names the row that was spoiled; accepted answers read back as given.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from arraigo.accounts.models import Role
from arraigo.core.errors import ValidationFailed
from arraigo.monitoring.interchange import FOLLOWUP_COLUMNS
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.monitoring.models_kobo import KoboSubmission, SubmissionStatus
from arraigo.monitoring.services_followups import FollowUpsRefused, followups_import
from arraigo.monitoring.services_kobo import kobo_import
from arraigo.monitoring.services_kobo_hook import kobo_submission_process
from arraigo.registry.models import Relationship
from tests.accounts.factories import UserFactory
from tests.monitoring.kobo_posts import basic, kobo_form, kobo_post
from tests.registry.factories import PersonFactory, household_with_head

from .properties import (
    changed_tables,
    csv_of,
    mutate_row,
    nasty_text,
    rolled_back,
    table_counts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """HH-A: a head (member 1) and a spouse (2); a coordinator; the month-1 Kobo form."""
    household = household_with_head(code="HH-A")
    PersonFactory(
        household=household, relationship=Relationship.SPOUSE, date_of_birth=dt.date(1992, 1, 9)
    )
    form, secret = kobo_form()
    return {"household": household, "coordinator": UserFactory(role=Role.COORDINATOR),
            "secret": secret, "form": form}  # fmt: skip


# --- the interchange file (arraigo followups import) -------------------------------------------

FOLLOWUP_ROWS = [
    {"household": "HH-A", "member": "1", "round": "month1", "date": "2026-03-02", "works": "yes",
     "formal": "yes", "income": "9500.50", "job_satisfied": "yes", "bank_account": "yes"},
    {"household": "HH-A", "member": "2", "round": "month1", "date": "2026-03-02", "works": "no",
     "in_school": "no"},
]  # fmt: skip
ANSWER_NAMES = ("works", "formal", "job_satisfied", "in_school", "bank_account")


def _yes_no(cell: str) -> bool | None:
    return {"yes": True, "no": False, "": None}[cell.strip()]


@settings(max_examples=60)
@given(data=st.data())
@example(data=None)
def test_a_followups_file_with_a_spoiled_row_is_refused_on_that_row_or_written_whole(world, data):
    rows = [dict(r) for r in FOLLOWUP_ROWS]
    spoiled = 0
    if data is not None:
        index = data.draw(st.integers(0, len(rows) - 1))
        rows[index] = mutate_row(data.draw, rows[index], FOLLOWUP_COLUMNS)
        spoiled = index + 2
    text = csv_of(FOLLOWUP_COLUMNS, rows)
    with rolled_back():
        before = table_counts()
        try:
            result = followups_import(actor=world["coordinator"], text=text, filename="f.csv")
        except FollowUpsRefused as refused:
            event("refused")
            assert changed_tables(before, table_counts()) == {}
            lines = {int(problem.split(":")[1]) for problem in refused.problems}
            assert lines <= {spoiled}, refused.problems
            return
        event("written")
        assert result.created == 2
        assert changed_tables(before, table_counts()) == {
            "monitoring_followupanswer": 2,
            "auditlog_logentry": 1,
        }
        for row in rows:
            answer = FollowUpAnswer.objects.get(person__member_no=int(row["member"]))
            assert answer.date == dt.date.fromisoformat(row["date"].strip())
            for name in ANSWER_NAMES:
                assert getattr(answer, name) == _yes_no(row.get(name, ""))
            income = row.get("income", "").strip()
            assert answer.income == (Decimal(income) if income else None)


@settings(max_examples=30)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.builds(
            lambda cell, where: csv_of(
                FOLLOWUP_COLUMNS, [{**FOLLOWUP_ROWS[0], where: cell}, FOLLOWUP_ROWS[1]]
            ),
            st.one_of(nasty_text, st.just("A" * 140_000)),
            st.sampled_from(FOLLOWUP_COLUMNS),
        ),
        st.just(",".join([*FOLLOWUP_COLUMNS, "member"]) + "\n"),
    )
)
# found: a cell longer than csv's field limit (131,072 characters) raised csv.Error
@example(text=csv_of(FOLLOWUP_COLUMNS, [{**FOLLOWUP_ROWS[0], "works": "y" * 140_000}]))
# found: "²" is a digit to str.isdigit() but not to int(), which raised ValueError
@example(text=csv_of(FOLLOWUP_COLUMNS, [{**FOLLOWUP_ROWS[0], "member": "²"}]))
@example(text=csv_of(FOLLOWUP_COLUMNS, [{**FOLLOWUP_ROWS[0], "member": "1" * 5000}]))
@example(text=csv_of(FOLLOWUP_COLUMNS, [{**FOLLOWUP_ROWS[0], "household": "HH-\x00A"}]))
def test_any_followups_text_is_refused_or_imported_never_a_crash(world, text):
    with rolled_back():
        before = table_counts()
        try:
            followups_import(actor=world["coordinator"], text=text, filename="f.csv")
        except FollowUpsRefused as refused:
            assert refused.problems
            assert changed_tables(before, table_counts()) == {}
        except ValidationFailed:
            pytest.fail("the coordinator may import")


# --- KoboToolbox exports -----------------------------------------------------------------------

KOBO_HEADER = ["_uuid", "round", "household", "date", "mode", "housing_tenure", "feels_safe",
               "health_access", "basic_needs_met", "members/member", "members/works",
               "members/formal", "members/income", "members/bank_account"]  # fmt: skip
KOBO_ROWS = [
    {"_uuid": "u-1", "round": "month1", "household": "HH-A", "date": "2026-03-02",
     "mode": "phone", "housing_tenure": "rented_contract", "feels_safe": "yes",
     "health_access": "yes", "basic_needs_met": "no", "members/member": "1",
     "members/works": "yes", "members/formal": "yes", "members/income": "9500.5",
     "members/bank_account": "yes"},
]  # fmt: skip
KOBO_ROWS.append(
    {
        **KOBO_ROWS[0],
        "members/member": "2",
        "members/works": "no",
        "members/formal": "",
        "members/income": "",
        "members/bank_account": "no",
    }
)


def _kobo_xlsx(rows: list[dict[str, str]], *, extra_sheet: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(KOBO_HEADER)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row.get(n, "")) for n in KOBO_HEADER])
    if extra_sheet:  # a second sheet makes it Kobo's two-sheet layout: it lacks the members
        book.create_sheet("notes").append(["=1+1"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=50)
@given(data=st.data())
def test_a_kobo_export_with_a_spoiled_cell_is_refused_naming_its_row_or_imported_whole(world, data):
    rows = [dict(r) for r in KOBO_ROWS]
    index = data.draw(st.integers(0, 1))
    rows[index] = mutate_row(data.draw, rows[index], KOBO_HEADER)
    fmt = data.draw(st.sampled_from(["csv", "csv;", "xlsx", "xlsx+sheet"]))
    if fmt.startswith("xlsx"):
        name, content = "k.xlsx", _kobo_xlsx(rows, extra_sheet=fmt == "xlsx+sheet")
    else:
        text = csv_of(KOBO_HEADER, rows, delimiter=fmt[3:] or ",")
        name, content = "k.csv", text.encode("utf-8", "surrogatepass")
    with rolled_back():
        before = table_counts()
        report = kobo_import(
            actor=world["coordinator"], round="month1", file=io.BytesIO(content), filename=name
        )
        changed = changed_tables(before, table_counts())
        event("refused" if report.refused else "written")
        if report.refused:
            assert changed == {}
            # the spoiled row, the other row of its submission, or the header
            assert {p.row for p in report.problems} <= {1, 2, 3}, report.problems
        else:
            assert report.imported == 1
            assert changed["monitoring_interview"] == 1
            assert changed["monitoring_followupanswer"] == 2


def _kobo_no_sheet() -> bytes:
    import zipfile

    good = _kobo_xlsx(KOBO_ROWS, extra_sheet=False)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.namelist():
            if "worksheets/" not in item:
                dst.writestr(item, src.read(item))
    return out.getvalue()


@settings(max_examples=30)
@given(
    name=st.sampled_from(["k.csv", "k.xlsx", "k.txt"]),
    content=st.one_of(
        st.binary(max_size=300),
        st.sampled_from(["utf-16", "latin-1"]).map(
            lambda enc: csv_of(KOBO_HEADER, KOBO_ROWS).replace("HH-A", "HH-Aé").encode(enc)
        ),
    ),
)
# found: a workbook whose sheet part is missing raised IndexError (kobo_files.read_submissions)
@example(name="k.xlsx", content=_kobo_no_sheet())
@example(
    name="k.csv", content=csv_of(KOBO_HEADER, [{**KOBO_ROWS[0], "household": "HH-\x00A"}]).encode()
)
@example(
    name="k.csv", content=csv_of(KOBO_HEADER, [{**KOBO_ROWS[0], "mode": "m" * 140_000}]).encode()
)
def test_a_file_that_is_no_kobo_export_is_refused_and_writes_nothing(world, name, content):
    with rolled_back():
        before = table_counts()
        report = kobo_import(
            actor=world["coordinator"], round="month1", file=io.BytesIO(content), filename=name
        )
        assert report.refused
        assert changed_tables(before, table_counts()) == {}


def test_a_kobo_member_number_that_is_no_number_is_refused_on_its_row(world):
    """Found: "²" passed str.isdigit() and int() raised ValueError."""
    for member in ("²", "1" * 5000, "٣"):
        rows = [KOBO_ROWS[0], {**KOBO_ROWS[1], "members/member": member}]
        with rolled_back():
            report = kobo_import(
                actor=world["coordinator"],
                round="month1",
                file=io.BytesIO(csv_of(KOBO_HEADER, rows).encode()),
                filename="k.csv",
            )
            assert [(p.row, p.column) for p in report.problems] == [(3, "members/member")], member
            assert Interview.objects.count() == 0


# --- KoboToolbox's REST Services posts ---------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        nasty_text,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(nasty_text, children, max_size=3)
    ),
    max_leaves=6,
)
POST_KEYS = [key for key in kobo_post() if not key.startswith("_") or key == "_uuid"]


@st.composite
def kobo_posts(draw: st.DrawFn) -> dict:
    body = kobo_post()
    for key in draw(st.lists(st.sampled_from(POST_KEYS), min_size=1, max_size=3)):
        if draw(st.integers(0, 5)) == 0:
            body.pop(key, None)
        else:
            body[key] = draw(JSON_VALUES)
    members = body.get("members")
    if draw(st.booleans()) and isinstance(members, list) and members:
        member = members[draw(st.integers(0, len(members) - 1))]
        if isinstance(member, dict) and member:
            member[draw(st.sampled_from(sorted(member, key=str)))] = draw(JSON_VALUES)
    return body


def _post(client, body: bytes, secret: str):
    return client.post(
        "/hooks/kobo/seguimiento-mes-1/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=basic(secret),
    )


@settings(max_examples=60)
@given(body=kobo_posts())
@example(body=kobo_post())
# found: NUL in a posted string broke the JSON column on PostgreSQL (500)
@example(body=kobo_post(household="HH-\x00A"))
@example(body=kobo_post(members=[{"members/member": "²"}]))
def test_a_kobo_post_is_stored_and_processed_or_refused_never_a_500(client, world, body):
    with rolled_back():
        before = table_counts()
        response = _post(client, json.dumps(body).encode(), world["secret"])
        assert response.status_code in (202, 400), response.content
        if response.status_code == 400:
            assert changed_tables(before, table_counts()) == {}
            return
        row = KoboSubmission.objects.get()
        after_receive = table_counts()
        processed = kobo_submission_process(submission_id=row.pk)
        assert processed is not None
        changed = changed_tables(after_receive, table_counts())
        event(processed.status)
        if processed.status == SubmissionStatus.FAILED:
            assert processed.error
            assert changed == {}  # only the submission's own status and reason
        else:
            assert changed["monitoring_interview"] == 1


@settings(max_examples=30)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.just(b'{"_uuid": "' + b"u" * 65 + b'"}'),
        st.just(b'{"_uuid": "\\ud800"}'),
        st.just(b'{"_uuid": "x", "a": ' + b"1" * 5000 + b"}"),
    ),
    auth=st.one_of(st.none(), nasty_text, st.just("Basic !!!")),
)
# found: a lone surrogate (an escape JSON allows) could not be encoded for the database (500)
@example(body=b'{"_uuid": "x", "household": "\\udfff"}', auth=None)
# found: 1e400 and NaN read as floats that JSON cannot write back (500 on PostgreSQL)
@example(body=b'{"_uuid": "x", "household": 1e400}', auth=None)
@example(body=b'{"_uuid": "x", "household": NaN}', auth=None)
# found: nesting deeper than Python's recursion limit raised RecursionError (500)
@example(body=b'{"_uuid": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", auth=None)
@example(body=b'{"_uuid": "x\\u0000"}', auth=None)
def test_any_body_or_credential_posted_to_the_kobo_hook_is_answered_without_a_500(
    client, world, body, auth
):
    with rolled_back():
        before = table_counts()
        headers = {"HTTP_AUTHORIZATION": basic(world["secret"]) if auth is None else auth}
        response = client.post(
            "/hooks/kobo/seguimiento-mes-1/", body, content_type="application/json", **headers
        )
        assert response.status_code in (200, 202, 400, 401, 413)
        if response.status_code != 202:
            assert changed_tables(before, table_counts()) == {}


# --- the survey typed on the web ---------------------------------------------------------------


@settings(max_examples=30)
@given(data=st.data())
def test_the_survey_entry_page_saves_or_shows_errors_never_a_500(client, world, data):
    household = world["household"]
    client.force_login(world["coordinator"])
    url = reverse("monitoring:survey_entry", args=[household.pk, "month1"])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    posted = {name: str(field.value() or "") for name, field in _fields(form)}
    names = sorted(posted)
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4)):
        posted[name] = data.draw(nasty_text).replace("\x00", "")  # the test client cannot send NUL
    with rolled_back():
        before = table_counts()
        response = client.post(url, posted)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert changed_tables(before, table_counts()) == {}


def _fields(form):
    for name in form.fields:
        yield form.add_prefix(name), form[name]

"""The access table (docs/access-table.csv) read as data, and how one cell is tried.

Each row is one URL pattern of the site or route of the API, with what it is about (the
resource and the action), the methods tried, the arguments that resolve it with real ids of
the access world, and one column per role saying what that role gets:

- ``yes``: allowed, on the records of both sides of the world;
- ``own``: allowed on the records of the user's own office, city, company or organisation
  ("ours"), refused on the others ("theirs");
- ``no``: refused.

Allowed means the page or answer is given (GET: 200; POST, PUT, DELETE: 200, 201, 202, 204,
302, 400, 409 or 422: a form sent back with its errors is not a refusal). Refused means 401,
403 or 404; a GET answered with a redirect (to a sign-in page: signed out, or the admin's for
staff who are not superusers; or elsewhere: the M&E officer's lists of records send them to the
monitoring pages); a POST signed out sent to the sign-in page. A refused write writes nothing
(no change on the audit trail).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditlog.models import LogEntry
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from tests.accounts.scope_world import ScopeWorld
from tests.security.access_world import record, upload

TABLE = Path(__file__).resolve().parents[2] / "docs" / "access-table.csv"
ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *(role.value for role in Role)]
VALUES = {"yes", "own", "no"}
READS = {"GET"}
ALLOWED = {
    "GET": {200},
    "POST": {200, 201, 202, 302, 400, 409, 422},
    "PUT": {200, 400, 409, 422},
    "DELETE": {200, 204},
}
REFUSED = {401, 403, 404}
LOGIN = {"/accounts/login/", "/admin/login/"}


@dataclass(frozen=True)
class Row:
    resource: str
    action: str
    channel: str  # web or api
    methods: tuple[str, ...]
    route: str  # the URL pattern's name
    args: str  # "pk=household person_pk=head": records of the world; "fmt:csv": as written
    body: str  # what a POST sends: "target=document" (a record's id), "tier:protection"
    cells: dict[str, str]  # role -> yes / own / no
    note: str

    @property
    def key(self) -> str:
        return f"{self.channel} {self.route} {self.resource} {self.action}"

    @property
    def has_sides(self) -> bool:
        """Whether the row is opened on a record of one side or the other."""
        return "=" in self.args or "=" in self.body


def table() -> list[Row]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        return [
            Row(
                resource=line["resource"],
                action=line["action"],
                channel=line["channel"],
                methods=tuple(line["methods"].split()),
                route=line["route"],
                args=line["args"],
                body=line["body"],
                cells={role: line[role] for role in ROLES},
                note=line["note"],
            )
            for line in csv.DictReader(handle)
        ]


def _values(spec: str, world: ScopeWorld, side: str, role: str) -> dict[str, Any]:
    """Arguments from a spec: "pk=household" is the id of the side's household (a file's
    public id for public_id); "fmt:csv" the text as written; "file:upload" a small PDF."""
    values: dict[str, Any] = {}
    for part in spec.split():
        if "=" in part:
            name, record_name = part.split("=", 1)
            found = record(world, side, record_name, role)
            values[name] = found.public_id if name == "public_id" else found.pk
        elif part == "file:upload":
            values["file"] = upload()
        else:
            name, literal = part.split(":", 1)
            values[name] = literal
    return values


def url_of(row: Row, world: ScopeWorld, side: str, role: str) -> str:
    return reverse(row.route, kwargs=_values(row.args, world, side, role) or None)


def body_of(row: Row, world: ScopeWorld, side: str, role: str) -> dict[str, Any]:
    return _values(row.body, world, side, role)


def send(
    client: Client, method: str, url: str, body: dict[str, Any], headers: dict[str, str]
) -> HttpResponse:
    if method == "GET":
        return client.get(url, headers=headers)
    if method == "POST" and not url.startswith("/api/"):
        return client.post(url, body, headers=headers)
    call = getattr(client, method.lower())
    return call(url, body, content_type="application/json", headers=headers)


def outcome(method: str, response: HttpResponse, *, signed_in: bool) -> str:
    """Whether the answer allows or refuses: "allowed", "refused", or else its status."""
    status = response.status_code
    if status == 302:
        if method == "GET":
            return "refused"
        to_login = urlsplit(response["Location"]).path in LOGIN
        return "refused" if to_login and not signed_in else "allowed"
    if status in ALLOWED[method]:
        return "allowed"
    if status in REFUSED:
        return "refused"
    return str(status)


def changes() -> int:
    """How many changes the audit trail holds (reads, sign-ins and refusals aside)."""
    return LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count()


@dataclass
class Caller:
    """A role's way in: a signed-in browser on the web, its API token on the API."""

    client: Client
    api_headers: dict[str, str]


def try_cell(row: Row, role: str, world: ScopeWorld, caller: Caller) -> tuple[str, list[str]]:
    """What `role` gets on `row`: "yes", "own" or "no" as the table writes it (or what was
    seen, when it is none of those), and one line per request for a failure's message."""
    seen: dict[str, set[str]] = {"ours": set(), "theirs": set()}
    lines = []
    headers = caller.api_headers if row.channel == "api" else {}
    for method in row.methods:
        for side in ("ours", "theirs") if row.has_sides else ("ours",):
            url = url_of(row, world, side, role)
            before = changes()
            response = send(caller.client, method, url, body_of(row, world, side, role), headers)
            got = outcome(method, response, signed_in=role != ANONYMOUS)
            if got == "refused" and method not in READS and changes() != before:
                got = "refused, but wrote"
            seen[side].add(got)
            lines.append(f"{method} {url} ({side}): {response.status_code} {got}")
    ours = seen["ours"]
    theirs = seen["theirs"] if row.has_sides else ours
    if ours == theirs == {"allowed"}:
        return "yes", lines
    if ours == {"allowed"} and theirs == {"refused"}:
        return "own", lines
    if ours == theirs == {"refused"}:
        return "no", lines
    return "mixed", lines

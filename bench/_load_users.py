"""The locustfile of bench/load.py: staff doing their daily work in arraigo, through the TLS proxy.

Each simulated user signs in as one of the demo accounts (password demo1234) and then, with
1 to 3 seconds between tasks (`between(1, 3)`, so a user makes at most about one request a
second), opens the pages of a working day. It reads only: the one form it posts is the sign-in
(what the app records on its own during a read, such as a session or the audit trail's "view"
of a household page, is still written). No matching run is launched.

- Caseworkers (the two origin offices with a demo account and the Saltillo host city): the
  dashboard, their work list (sometimes only what is overdue), the household list (page 1,
  page 2, a search by a family name or by a case code read from the list), a household page
  (a link followed from the list), the relocation list and the referrals.
- Coordinators (both demo coordinators): the same, plus the workload, turnover, feedback, the
  results report, the matching runs and the background jobs.

Every request carries what the proxy would add (X-Forwarded-Proto: https, Host 127.0.0.1), and
the session's Secure cookies go back over the loopback's plain HTTP, as they would behind the
proxy. A response is a failure unless it is a 200 (a 302 for the sign-in), so an expired
session (a redirect to the sign-in page) counts as one. Requests are named by page, not by URL,
so locust's statistics group them ("household page", "household search (name)").
"""

from __future__ import annotations

import html
import random
import re
from urllib.parse import urlencode

import gevent
from locust import HttpUser, between, events, task
from requests import Response

PASSWORD = "demo1234"  # noqa: S105 - the demo accounts' (seeded by bench/load.py)
ORIGIN = "https://127.0.0.1"
PROXY_HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "en"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# One row of the household list: the link to the household (its case code as the text), then,
# for those who see names, the head of household's name in the next cell.
ROW = re.compile(
    r'data-testid="household-row">\s*<td><a href="(/households/\d+/)">([^<]+)</a>'
    r".*?</td>\s*(?:<td>([^<]*)</td>)?",
    re.S,
)
KEEP = 200  # household links and search terms remembered per user


@events.quitting.add_listener
def last_csv_write(**_kwargs: object) -> None:
    """locust rewrites its CSV files every second but not when it quits: give it one more
    second, so that they hold the requests of the run's last second too."""
    gevent.sleep(1.5)


class Staff(HttpUser):
    """A signed-in member of staff; subclasses name the account."""

    abstract = True
    wait_time = between(1, 3)
    # A request that takes longer is a failure, not a user stuck until the end of the run.
    connection_timeout = 10.0
    network_timeout = 60.0
    username = ""

    def on_start(self) -> None:
        self.client.headers.update(PROXY_HEADERS)
        self.household_paths: list[str] = []  # household pages linked from the list
        self.codes: list[str] = []  # case codes seen in the list
        self.family_names: list[str] = []  # heads' family names seen in the list
        self.sign_in()

    # ---------------------------------------------------------------- helpers

    def keep_cookies(self, response: Response) -> None:
        """The proxy in front said https, so the Secure cookies (session, CSRF) go back: the
        cookie jar would keep them from the loopback's plain HTTP otherwise."""
        if response.headers.get("Set-Cookie"):
            for cookie in self.client.cookies:
                cookie.secure = False

    def sign_in(self) -> None:
        token = CSRF.search(self.page("/accounts/login/", "sign in (form)"))
        if token is None:
            return  # already a failure: the form did not answer
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token[1], "username": self.username, "password": PASSWORD},
            headers={"Referer": f"{ORIGIN}/accounts/login/", "Origin": ORIGIN},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.keep_cookies(response)
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/accounts/login/" in location:
                response.failure(f"sign-in refused: {response.status_code} {location}")

    def page(self, path: str, name: str) -> str:
        """GET a page; anything but a 200 is a failure. Returns the page's text ("" if not)."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            self.keep_cookies(response)
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
                return ""
            return response.text

    def remember(self, text: str) -> None:
        """Keep the household links, case codes and family names a list page shows."""
        for path, code, name in ROW.findall(text):
            self.household_paths.append(path)
            self.codes.append(code.strip())
            words = html.unescape(name).split()
            if words and not words[-1].isdigit():  # the members' count when names are hidden
                self.family_names.append(words[-1])
        for found in (self.household_paths, self.codes, self.family_names):
            del found[:-KEEP]

    def household_list(self, query: dict[str, str | int], name: str) -> None:
        suffix = f"?{urlencode(query)}" if query else ""
        self.remember(self.page(f"/households/{suffix}", name))

    # ---------------------------------------------------------------- a caseworker's day

    @task(2)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(3)
    def work_list(self) -> None:
        self.page("/casework/tasks/", "work list")

    @task(1)
    def work_list_overdue(self) -> None:
        self.page("/casework/tasks/?when=overdue", "work list (overdue)")

    @task(3)
    def households(self) -> None:
        self.household_list({}, "household list")

    @task(1)
    def households_page_2(self) -> None:
        self.household_list({"page": 2}, "household list (page 2)")

    @task(1)
    def search_by_name(self) -> None:
        if not self.family_names:
            self.households()
            return
        q = random.choice(self.family_names)
        self.household_list({"q": q}, "household search (name)")

    @task(1)
    def search_by_code(self) -> None:
        if not self.codes:
            self.households()
            return
        q = random.choice(self.codes)
        self.household_list({"q": q}, "household search (case code)")

    @task(3)
    def household(self) -> None:
        if not self.household_paths:
            self.households()
            return
        self.page(random.choice(self.household_paths), "household page")

    @task(1)
    def relocation(self) -> None:
        self.page("/relocation/", "relocation list")

    @task(1)
    def referrals(self) -> None:
        self.page("/referrals/", "referrals")


class Caseworker(Staff):
    abstract = True
    weight = 3


class Coordinator(Staff):
    """A caseworker's pages, plus the programme-wide ones."""

    abstract = True
    weight = 2

    @task(1)
    def workload(self) -> None:
        self.page("/casework/workload/", "workload")

    @task(1)
    def turnover(self) -> None:
        self.page("/jobs/turnover/", "turnover")

    @task(1)
    def feedback(self) -> None:
        self.page("/feedback/", "feedback")

    @task(1)
    def results(self) -> None:
        self.page("/monitoring/results/", "results report")

    @task(1)
    def matching_runs(self) -> None:
        self.page("/matching/", "matching runs")

    @task(1)
    def background_jobs(self) -> None:
        self.page("/background/", "background jobs")


class OriginTapachula(Caseworker):
    username = "demo-origin-tapachula"


class OriginPalenque(Caseworker):
    username = "demo-origin-palenque"


class HostSaltillo(Caseworker):
    username = "demo-host-saltillo"


class CoordinatorOne(Coordinator):
    username = "demo-coordinator"


class CoordinatorTwo(Coordinator):
    username = "demo-coordinator-2"

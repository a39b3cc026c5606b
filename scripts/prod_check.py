"""`make prod-check`: the production configuration, started on loopback against a fresh
PostgreSQL database, answers a smoke test through HTTP.

What runs is what docs/operations.md deploys: settings `arraigo.settings.production` (HTTPS
behind a proxy, secure cookies, HSTS, JSON logs), gunicorn with two web processes
(deploy/gunicorn.conf.py) and two `arraigo worker` processes, all sharing one database.
The check plays the TLS proxy's part by sending `X-Forwarded-Proto: https` itself.

Smoke test: /healthz (database, queue, two live workers), sign in as a coordinator (the
password, then the second factor: the check reads the key the demo seed enrolled from the
database and computes the code as an authenticator app would; production shows no demo code),
the household list, a matching run launched from its page and done by a worker, the background
jobs page naming that worker, sign out (and the list refuses afterwards); every log line is
one JSON object and none carries the password.

Environment: PROD_CHECK_PG (default postgresql://postgres@127.0.0.1:5432), the server on which
a database arraigo_prodcheck_* is created and dropped afterwards. Exit 0 when all passes.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("PROD_CHECK_PG", "postgresql://postgres@127.0.0.1:5432")
PASSWORD = "demo1234"  # noqa: S105 - the demo accounts' (seeded below)
WORKERS = ("prodcheck-worker-1", "prodcheck-worker-2")


def fernet_key() -> str:
    """A key for ARRAIGO_FIELD_KEYS or ARRAIGO_HASH_KEY: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def say(message: str) -> None:
    print(f"prod-check: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """Just enough of a browser behind the TLS proxy: cookies (Secure ones included, since
    the proxy says https), CSRF tokens, no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
            headers["Origin"] = "https://127.0.0.1"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        status, _headers, page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise AssertionError(f"GET {path}: {status}, no form to post")
        return self.request("POST", path, {"csrfmiddlewaretoken": found[1], **form})


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)
    say(f"ok  {what}")


def wait_for(what: str, check: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"waited {seconds:g} s for {what}")


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arraigo.cli", *args],
        env=env,
        cwd=env["ARRAIGO_HOME"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise AssertionError(f"arraigo {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def app_code(database: str, username: str) -> str:
    """The code the user's authenticator app shows now (their key, read from the database)."""
    with psycopg.connect(database) as connection:
        row = connection.execute(
            "SELECT d.key, d.step, d.t0, d.digits, d.drift FROM otp_totp_totpdevice d "
            "JOIN accounts_user u ON u.id = d.user_id WHERE u.username = %s AND d.confirmed",
            (username,),
        ).fetchone()
    if row is None:
        raise AssertionError(f"{username} has no second factor enrolled")
    key, step, t0, digits, drift = row
    return f"{TOTP(bytes.fromhex(key), step, t0, digits, drift).token():0{digits}d}"


def smoke(port: int, web_log: Path, database: str) -> None:
    def health() -> dict[str, Any]:
        try:
            status, _h, body = Browser(port).get("/healthz")
        except OSError:
            return {}
        return json.loads(body) if status == 200 else {}

    state = wait_for(
        "two live workers in /healthz",
        lambda: health().get("queue", {}).get("workers") == 2 and health(),
        60,
    )
    expect(state["status"] == "ok" and state["database"] == "ok", "/healthz: the database answers")
    expect(
        state["queue"]["last_heartbeat_seconds"] < 10, "/healthz: a worker beat in the last 10 s"
    )

    browser = Browser(port)
    status, headers, _ = browser.request("GET", "/accounts/login/")
    expect(status == 200, "the sign-in page answers over the proxy's https")
    expect("max-age=31536000" in headers.get("strict-transport-security", ""), "HSTS is sent")
    status, headers, _ = browser.post(
        "/accounts/login/", {"username": "demo-coordinator", "password": PASSWORD}
    )
    expect(status == 302 and "sessionid" in browser.cookies, "a coordinator's password is right")
    status, headers, _ = browser.get("/")
    expect(
        status == 302 and headers.get("location", "").startswith("/accounts/two-step/verify/"),
        "without the second factor the dashboard asks for the code",
    )
    _s, _h, page = browser.get("/accounts/two-step/verify/")
    expect('data-testid="demo-code"' not in page, "production shows no demo code")
    status, headers, _ = browser.post(
        "/accounts/two-step/verify/", {"code": app_code(database, "demo-coordinator")}
    )
    expect(status == 302 and headers.get("location") == "/", "the app's code signs them in")
    status, _h, page = browser.get("/")
    expect(
        status == 200 and 'data-testid="counted-at"' in page,
        "the dashboard shows its figures (kept in the shared cache)",
    )
    status, _h, page = browser.get("/households/")
    rows = page.count('data-testid="household-row"')
    expect(status == 200 and rows > 0, f"the household list shows households ({rows} on page 1)")

    year = dt.datetime.now(dt.UTC).year
    status, headers, _ = browser.post(
        "/matching/",
        {
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "objective": "any_employed",
            "preference_weight": "0.1",
            "time_limit": "30",
        },
    )
    location = headers.get("location", "")
    expect(
        status == 302 and "/matching/runs/" in location, f"a matching run is launched ({location})"
    )
    path = urllib.parse.urlparse(location).path

    def finished() -> str:
        _s, _h, page = browser.get(path)
        return "" if 'http-equiv="refresh"' in page else page

    page = wait_for("the run to finish", finished, 180)
    expect("The run failed" not in page, "the run finished without failing")
    status, _h, jobs = browser.get("/background/?status=SUCCESSFUL")
    ran_by = [w for w in WORKERS if f'data-worker="{w}"' in jobs]
    expect(status == 200 and len(ran_by) == 1, f"a worker ran it ({', '.join(ran_by)})")

    status, headers, _ = post_logout(browser)
    expect(status == 302, "the coordinator signs out")
    status, headers, _ = browser.get("/households/")
    expect(
        status == 302 and "/accounts/login/" in headers.get("location", ""),
        "after signing out the list asks to sign in",
    )

    lines = [line for line in web_log.read_text().splitlines() if line.strip()]
    objects = [json.loads(line) for line in lines if line.startswith("{")]
    requests = [o for o in objects if o.get("logger") == "arraigo.requests"]
    expect(
        len(requests) > 0 and all(o.get("request_id") for o in requests),
        f"{len(requests)} request log lines, each with a request id",
    )
    expect(PASSWORD not in web_log.read_text(), "no password in the logs")


def post_logout(browser: Browser) -> tuple[int, dict[str, str], str]:
    _s, _h, page = browser.get("/households/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no sign-out form"
    return browser.request("POST", "/accounts/logout/", {"csrfmiddlewaretoken": token[1]})


def main() -> int:
    name = f"arraigo_prodcheck_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}_{os.getpid()}"
    home = Path(tempfile.mkdtemp(prefix="arraigo-prodcheck-"))
    (home / "var").mkdir()
    processes: list[subprocess.Popen[bytes]] = []
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    say(f"fresh database {name}")
    port = free_port()
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    # The keys of the columns encrypted at rest: production requires them, and the demo's
    # data, loaded with the local settings, must be written with the same ones.
    base |= {
        "DATABASE_URL": f"{SERVER}/{name}",
        "ARRAIGO_HOME": str(home),
        "ARRAIGO_FIELD_KEYS": fernet_key(),
        "ARRAIGO_HASH_KEY": fernet_key(),
    }
    production = base | {
        "DJANGO_SETTINGS_MODULE": "arraigo.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_FORMAT": "json",
        "ARRAIGO_WORKER_BEAT_SECONDS": "1",
    }
    web_log = home / "web.log"
    try:
        started = time.monotonic()
        # The demo's data, loaded with the demo's settings (production has no seed command).
        run(base | {"DJANGO_SETTINGS_MODULE": "arraigo.settings.local"}, "migrate", "-v0")
        run(
            base | {"DJANGO_SETTINGS_MODULE": "arraigo.settings.local"},
            "seed",
            "--households",
            "300",
            "--employers",
            "40",
            "--vacancies",
            "300",
        )
        run(production, "migrate", "--noinput", "-v0")
        run(production, "collectstatic", "--noinput", "-v0")
        run(production, "check", "--deploy", "--fail-level", "WARNING")
        say(f"migrated, seeded and checked in {time.monotonic() - started:.0f} s")
        with web_log.open("wb") as log:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own command lines
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        str(ROOT / "deploy" / "gunicorn.conf.py"),
                        "arraigo.wsgi",
                    ],
                    env=production | {"BIND": f"127.0.0.1:{port}", "WEB_PROCESSES": "2"},
                    cwd=home,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for worker in WORKERS:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own command lines
                    [sys.executable, "-m", "arraigo.cli", "worker", "--worker-id", worker],
                    env=production,
                    cwd=home,
                    stdout=(home / f"{worker}.log").open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
        say(f"gunicorn (2 processes) on 127.0.0.1:{port}, workers {', '.join(WORKERS)}")
        smoke(port, web_log, f"{SERVER}/{name}")
        say(f"passed in {time.monotonic() - started:.0f} s")
        return 0
    except AssertionError as failure:
        say(f"FAILED: {failure}")
        for log in sorted(home.glob("*.log")):
            print(f"--- {log.name} (last 40 lines)", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        return 1
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Load test: staff doing their daily work against the production configuration, on loopback.

It builds a fresh PostgreSQL database with the demo generator (`arraigo migrate`, then
`arraigo seed --households N --seed 1`, timed, with the demo's settings), prepares it as a
deployment does (with `arraigo.settings.production`: migrate, collectstatic, check --deploy,
and `arraigo figures`, which the timer runs every 4 minutes),
starts what production runs, as `make prod-check` does (gunicorn from deploy/gunicorn.conf.py
with --web-processes processes of 4 threads, and two `arraigo worker`), waits for /healthz to
report both workers, and runs locust headless in a subprocess for --minutes with --users
simulated staff (bench/_load_users.py: caseworkers and coordinators signing in and reading
their daily pages, 1 to 3 s apart; nothing written but the sign-in). Locust plays the TLS
proxy (X-Forwarded-Proto: https), so cookies are Secure and HSTS is on, as in production.

Bounded: each user makes at most about one request a second (plus its two sign-in requests),
locust stops at --minutes and gives a request in flight --stop-timeout seconds at most, a
request is a failure after 60 s, and locust itself is killed if it overruns.

Results: bench/out/load.json and bench/out/load.md: per page and overall, requests, failures,
requests/s, median, p95, p99 and max in ms (locust's percentiles, which round times above
100 ms to two significant figures), the server's own request log (count, 5xx, p95), and the
machine. Exit 1 if any request failed or a user's task raised.

    .venv/bin/python bench/load.py [--households 100000] [--users 50] [--minutes 5]
        [--spawn-rate 10] [--web-processes 4] [--database-url postgresql://postgres@127.0.0.1:5432]
        [--keep-db] [--reuse-db NAME]

--keep-db keeps the database and prints its name; --reuse-db NAME measures an existing one
(built by an earlier --keep-db run) without creating or seeding it, and keeps it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
LOCUSTFILE = ROOT / "bench" / "_load_users.py"
WORKERS = ("load-worker-1", "load-worker-2")
WEB_THREADS = 4
STOP_TIMEOUT = 30  # seconds a user may finish its request after the run time
SEED = 1


def say(message: str) -> None:
    print(f"load: {message}", flush=True)


def _prod_check() -> ModuleType:
    """scripts/prod_check.py's helpers (free_port, Browser, wait_for), imported by path."""
    spec = importlib.util.spec_from_file_location("prod_check", ROOT / "scripts" / "prod_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROD_CHECK = _prod_check()


# ---------------------------------------------------------------- the database and the servers


def arraigo(env: dict[str, str], *args: str) -> float:
    """Run `arraigo <args>`; return its wall time in seconds, or stop with its output."""
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "arraigo.cli", *args],
        env=env,
        cwd=env["ARRAIGO_HOME"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise RuntimeError(f"arraigo {' '.join(args)} failed:\n{output[-3000:]}")
    return time.perf_counter() - started


def server(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(f"{url.rstrip('/')}/postgres", autocommit=True)


def households_in(database_url: str) -> int:
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT count(*) FROM registry_household").fetchone()
    return int(row[0]) if row else 0


def start(command: list[str], env: dict[str, str], home: Path, log: str) -> subprocess.Popen[bytes]:
    with (home / log).open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command lines
            command, env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT
        )


def wait_healthy(port: int) -> None:
    def health() -> dict[str, Any]:
        try:
            status, _headers, body = PROD_CHECK.Browser(port).get("/healthz")
        except OSError:
            return {}
        return json.loads(body) if status == 200 else {}

    def ready() -> dict[str, Any]:
        state = health()
        return state if state.get("queue", {}).get("workers") == len(WORKERS) else {}

    PROD_CHECK.wait_for(f"/healthz with {len(WORKERS)} live workers", ready, 90)


WARM_PAGES = ("/", "/households/", "/casework/tasks/", "/relocation/", "/referrals/")


def warm_up(port: int, connections: int) -> None:
    """A coordinator opens the main pages from as many connections as there are threads, so
    every web process has loaded its code and templates before locust measures."""
    coordinator = PROD_CHECK.Browser(port)
    status, _headers, _page = coordinator.post(
        "/accounts/login/", {"username": "demo-coordinator", "password": PROD_CHECK.PASSWORD}
    )
    if status != 302:
        raise RuntimeError(f"warm-up: the coordinator could not sign in ({status})")

    def visit(_round: int) -> None:
        browser = PROD_CHECK.Browser(port)
        browser.cookies = dict(coordinator.cookies)
        for path in WARM_PAGES:
            browser.get(path)

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(visit, range(connections * 2)))


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


# ---------------------------------------------------------------- locust and its statistics


def run_locust(args: argparse.Namespace, port: int, prefix: Path) -> int:
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        f"{args.spawn_rate:g}",
        "--run-time",
        f"{args.minutes:g}m" if float(args.minutes).is_integer() else f"{args.minutes * 60:.0f}s",
        "--stop-timeout",
        str(STOP_TIMEOUT),
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--json-file",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    bound = args.minutes * 60 + STOP_TIMEOUT + 120
    say(f"locust: {args.users} users, {args.spawn_rate:g}/s, {args.minutes:g} min")
    try:
        return subprocess.run(command, cwd=ROOT, timeout=bound).returncode  # noqa: S603
    except subprocess.TimeoutExpired:
        say(f"locust overran its {bound:.0f} s and was killed")
        return -1


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _row(row: dict[str, str]) -> dict[str, Any]:
    def ms(key: str) -> float | None:
        return _number(row.get(key, ""))

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_s": round(float(row["Requests/s"]), 2),
        "median_ms": ms("50%"),
        "p95_ms": ms("95%"),
        "p99_ms": ms("99%"),
        "max_ms": round(ms("Max Response Time") or 0),
    }


def read_stats(prefix: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """locust's _stats.csv: a row per (method, name) and the "Aggregated" row."""
    pages: dict[str, dict[str, Any]] = {}
    overall: dict[str, Any] = {}
    with Path(f"{prefix}_stats.csv").open(newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                overall = _row(row)
            else:
                pages[f"{row['Type']} {row['Name']}"] = _row(row)
    return pages, overall


def read_errors(prefix: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """locust's _failures.csv (failed requests) and _exceptions.csv (tasks that raised)."""
    failures: list[dict[str, Any]] = []
    exceptions: list[dict[str, Any]] = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with path.open(newline="") as found:
            for row in csv.DictReader(found):
                failures.append(
                    {
                        "page": f"{row['Method']} {row['Name']}",
                        "error": row["Error"],
                        "occurrences": int(row["Occurrences"]),
                    }
                )
    path = Path(f"{prefix}_exceptions.csv")
    if path.exists():
        with path.open(newline="") as found:
            for row in csv.DictReader(found):
                exceptions.append(
                    {
                        "count": int(row["Count"]),
                        "message": row["Message"],
                        "traceback": row["Traceback"][-2000:],
                    }
                )
    return failures, exceptions


def p95_after_sign_in(prefix: Path) -> float | None:
    """The p95 of the pages alone, the sign-in left out: from locust's JSON statistics (written
    when it quits), whose histograms round times as its percentiles do."""
    counts: dict[int, int] = {}
    for entry in json.loads(Path(f"{prefix}.json").read_text()):
        if not entry["name"].startswith("sign in"):
            for ms, count in entry["response_times"].items():
                counts[int(float(ms))] = counts.get(int(float(ms)), 0) + count
    total = sum(counts.values())
    seen = 0
    for ms in sorted(counts):
        seen += counts[ms]
        if seen >= 0.95 * total:
            return float(ms)
    return None


def server_log(web_log: Path, since: str) -> dict[str, Any]:
    """The web processes' own access lines (arraigo.requests) written since locust started
    (the warm-up left out): count, 5xx, ERROR lines, the server-side p95."""
    times: list[float] = []
    server_errors = 0
    errors_logged = 0
    for line in web_log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("time", "") < since:
            continue
        if entry.get("level") in {"ERROR", "CRITICAL"}:
            errors_logged += 1
        if entry.get("logger") != "arraigo.requests" or entry.get("path") == "/healthz":
            continue
        times.append(float(entry.get("ms", 0)))
        server_errors += int(entry.get("status", 0)) >= 500
    times.sort()
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)] if times else None
    return {
        "requests": len(times),
        "status_5xx": server_errors,
        "error_lines": errors_logged,
        "p95_ms": round(p95, 1) if p95 is not None else None,
    }


# ---------------------------------------------------------------- the report


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "commit": commit + ("+changes" if dirty else ""),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def write_markdown(result: dict[str, Any], path: Path) -> None:
    run, overall, where = result["run"], result["overall"], result["machine"]
    seeded = (
        f"seeded in {run['seed_seconds']:.0f} s"
        if run["seed_seconds"] is not None
        else f"reused database {run['reused_db']}"
    )
    data = (
        f"--reuse-db {run['reused_db']}"
        if run["reused_db"]
        else f"--households {run['households_asked']}"
    )
    lines = [
        "# Load test: daily work against the production configuration",
        "",
        f"{run['users']} users (spawned {run['spawn_rate']:g}/s) for {run['minutes']:g} min "
        f"against {run['households']:,} households ({seeded}); gunicorn "
        f"{run['web_processes']} processes x {run['web_threads']} threads and "
        f"{run['workers']} workers on PostgreSQL {run['postgresql']}, all on loopback. "
        "Each user signs in, then opens a page every 1 to 3 s (so at most "
        f"{run['request_bound']:,} requests in all); it posts nothing but the sign-in (the app "
        "itself records the sign-in and each household page viewed on its audit trail).",
        "",
        f"**Overall: {overall['requests']:,} requests, {overall['requests_per_s']:.1f} "
        f"requests/s, median {_ms(overall['median_ms'])} ms, p95 {_ms(overall['p95_ms'])} ms, "
        f"p99 {_ms(overall['p99_ms'])} ms, max {_ms(overall['max_ms'])} ms, "
        f"{result['errors']} errors** ({overall['failures']} failed requests, "
        f"{sum(e['count'] for e in result['exceptions'])} exceptions in the users' tasks). "
        f"The pages alone, the sign-in left out: p95 {_ms(result['p95_ms_after_sign_in'])} ms.",
        "",
        "| page | requests | failures | req/s | median ms | p95 ms | p99 ms | max ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, row in sorted(result["pages"].items(), key=lambda item: item[0].split(" ", 1)[1]):
        lines.append(
            f"| {name} | {row['requests']:,} | {row['failures']} | {row['requests_per_s']:.2f} "
            f"| {_ms(row['median_ms'])} | {_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} "
            f"| {_ms(row['max_ms'])} |"
        )
    lines.append(
        f"| **all** | {overall['requests']:,} | {overall['failures']} "
        f"| {overall['requests_per_s']:.2f} | {_ms(overall['median_ms'])} "
        f"| {_ms(overall['p95_ms'])} | {_ms(overall['p99_ms'])} | {_ms(overall['max_ms'])} |"
    )
    logged = result["server_log"]
    lines += [
        "",
        f"The web processes logged {logged['requests']:,} requests (health checks left out), "
        f"{logged['status_5xx']} with a 5xx status and {logged['error_lines']} ERROR lines; "
        f"their own p95 (the view's time, without the wait for a thread and the loopback) is "
        f"{_ms(logged['p95_ms'])} ms.",
    ]
    if result["failures"]:
        lines += ["", "## Failures", "", "| page | error | occurrences |", "|---|---|--:|"]
        lines += [
            f"| {f['page']} | {f['error'].replace('|', '/')} | {f['occurrences']} |"
            for f in result["failures"]
        ]
    if result["exceptions"]:
        lines += ["", "## Exceptions in the users' tasks", ""]
        lines += [f"- {e['count']} times: {e['message']}" for e in result["exceptions"]]
    lines += [
        "",
        f"Machine: {where['cpus']} CPUs ({where['platform']}, Python {where['python']}), "
        f"commit {where['commit']}, {where['date']}. Percentiles are locust's (times above "
        f"100 ms rounded to two significant figures). Run: `.venv/bin/python bench/load.py "
        f"{data} --users {run['users']} --minutes {run['minutes']:g} --spawn-rate "
        f"{run['spawn_rate']:g} --web-processes {run['web_processes']}`.",
        "",
    ]
    path.write_text("\n".join(lines))


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--web-processes", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default="postgresql://postgres@127.0.0.1:5432",
        help="the PostgreSQL server on which the database arraigo_load_* is created",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse-db", metavar="NAME", help="measure this existing database (kept), no seeding"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server_url = args.database_url.rstrip("/")
    name = args.reuse_db or f"arraigo_load_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}_{os.getpid()}"
    database_url = f"{server_url}/{name}"
    home = Path(tempfile.mkdtemp(prefix="arraigo-load-"))
    (home / "var").mkdir()
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    base |= {"DATABASE_URL": database_url, "ARRAIGO_HOME": str(home)}
    local = base | {"DJANGO_SETTINGS_MODULE": "arraigo.settings.local"}
    production = base | {
        "DJANGO_SETTINGS_MODULE": "arraigo.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_FORMAT": "json",
    }
    processes: list[subprocess.Popen[bytes]] = []
    created = False
    failed = True
    try:
        seed_seconds = None
        if args.reuse_db:
            say(f"reusing database {name}")
        else:
            with server(server_url) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            created = True
            say(f"fresh database {name}")
            arraigo(local, "migrate", "-v0")
            seed_seconds = arraigo(
                local, "seed", "--households", str(args.households), "--seed", str(SEED)
            )
            say(f"seeded {args.households:,} households in {seed_seconds:.0f} s")
        started = time.perf_counter()
        arraigo(production, "migrate", "--noinput", "-v0")
        arraigo(production, "collectstatic", "--noinput", "-v0")
        arraigo(production, "check", "--deploy", "--fail-level", "WARNING")
        # what the arraigo-figures timer keeps ready in production (core/figures.py)
        arraigo(production, "figures")
        say(
            "production settings: migrate, collectstatic, check --deploy, figures in "
            f"{time.perf_counter() - started:.0f} s"
        )
        households = households_in(database_url)
        with server(server_url) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        postgresql = str(row[0]).split()[0] if row else "?"

        port = PROD_CHECK.free_port()
        processes.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    str(ROOT / "deploy" / "gunicorn.conf.py"),
                    "arraigo.wsgi",
                ],
                production
                | {
                    "BIND": f"127.0.0.1:{port}",
                    "WEB_PROCESSES": str(args.web_processes),
                    "WEB_THREADS": str(WEB_THREADS),
                },
                home,
                "web.log",
            )
        )
        for worker in WORKERS:
            processes.append(
                start(
                    [sys.executable, "-m", "arraigo.cli", "worker", "--worker-id", worker],
                    production,
                    home,
                    f"{worker}.log",
                )
            )
        wait_healthy(port)
        warm_up(port, args.web_processes * WEB_THREADS)
        say(f"gunicorn ({args.web_processes} x {WEB_THREADS}) on 127.0.0.1:{port}, 2 workers")

        prefix = home / "locust" / "load"
        since = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        code = run_locust(args, port, prefix)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no statistics (exit {code})")
        pages, overall = read_stats(prefix)
        failures, exceptions = read_errors(prefix)
        errors = overall.get("failures", 0) + sum(e["count"] for e in exceptions)
        result = {
            "run": {
                "households": households,
                "households_asked": args.households,
                "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
                "reused_db": args.reuse_db,
                "users": args.users,
                "spawn_rate": args.spawn_rate,
                "minutes": args.minutes,
                "wait_between_tasks_s": [1, 3],
                "stop_timeout_s": STOP_TIMEOUT,
                # per user: two to sign in, then a page at the start and after each wait of
                # 1 s or more (the page in flight when the time is up is let finish)
                "request_bound": args.users * (3 + math.ceil(args.minutes * 60)),
                "web_processes": args.web_processes,
                "web_threads": WEB_THREADS,
                "workers": len(WORKERS),
                "postgresql": postgresql,
                "locust_exit_code": code,
            },
            "overall": overall,
            "errors": errors,
            "pages": pages,
            "failures": failures,
            "exceptions": exceptions,
            "p95_ms_after_sign_in": p95_after_sign_in(prefix),
            "server_log": server_log(home / "web.log", since),
            "machine": machine(),
        }
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        (OUT_DIR / "load.json").write_text(json.dumps(result, indent=2) + "\n")
        write_markdown(result, OUT_DIR / "load.md")
        print((OUT_DIR / "load.md").read_text(), flush=True)
        say(
            f"{overall['requests']:,} requests, {overall['requests_per_s']:.1f}/s, "
            f"p95 {_ms(overall['p95_ms'])} ms, {errors} errors; bench/out/load.md"
        )
        failed = errors > 0 or code != 0  # locust says 1 for a failure CSV might have missed
        return 1 if failed else 0
    except (RuntimeError, AssertionError) as problem:
        say(f"FAILED: {problem}")
        return 1
    finally:
        stop(processes)
        if failed:
            for log in sorted(home.glob("*.log")):
                print(f"--- {log.name} (last 40 lines)", file=sys.stderr)
                tail = log.read_text(errors="replace").splitlines()[-40:]
                print("\n".join(tail), file=sys.stderr)
        if created and not args.keep_db:
            with server(server_url) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif created or args.reuse_db:
            say(f"kept database {name}: measure it again with --reuse-db {name}")
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

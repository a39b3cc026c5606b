"""Web pages under load of data: time and queries of every main page as the registry grows.

For each size N (--sizes 1000,100000) this builds a fresh database with the demo generator
(`arraigo migrate`, then `arraigo seed --households N --seed 1`, timed): a SQLite file, or
with --database-url a new database on that PostgreSQL server (dropped afterwards). Then, in a
child process set up on that database, it requests every page once (a web process's first
requests, after which it freezes what they left, as deploy/gunicorn.conf.py does), then each
page --repeats times (after two warm-up requests) with Django's test Client, signed in as
each role (bench/_web_pages_measure.py):
the household list (page 1, search by name and by case code, a filter, page 5), a household's
page, the dashboard of every role, the work lists, the workload, the relocation list,
turnover, feedback, referrals, the results report, a matching run's page, the background
jobs page, and the REST API's lists (households, their 5th page by cursor, referrals,
vacancies) with a token of the user's. Each request is timed and its SQL queries counted (an
execute wrapper that keeps nothing else).

Results: bench/out/web_pages.json and .md (SQLite), web_pages-postgresql.json and .md
(PostgreSQL): median and p95 in ms, queries per request, and the ratio p95(largest N) /
p95(smallest N) per page. p95 is the nearest-rank 95th percentile of the timed requests: of
the default 20, the second slowest (of 10 it would be the slowest, one full garbage
collection or one hiccup of the machine).

    .venv/bin/python bench/web_pages.py --sizes 1000,100000 [--repeats 20] [--keep-db]
        [--database-url postgresql://postgres@127.0.0.1:5432] [--only "work list"]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
SETTINGS = "arraigo.settings.local"
SEED = 1
WARMUP = 2


# ---------------------------------------------------------------- the parent: build and report


def _arraigo(args: list[str], env: dict[str, str]) -> float:
    """Run `arraigo <args>` on the bench database; return its wall time in seconds."""
    command = [sys.executable, "-m", "arraigo.cli", *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        if "Unknown command" in output:
            raise SystemExit(
                f"web_pages: `arraigo {args[0]}` does not exist yet; cannot build the data."
            )
        raise SystemExit(f"web_pages: `arraigo {' '.join(args)}` failed:\n{output[-3000:]}")
    return elapsed


def _bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        ARRAIGO_HOME=str(ROOT),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    return env


def _server(server_url: str) -> Any:
    import psycopg

    return psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True)


def build_and_measure(
    size: int, repeats: int, keep_db: bool, server_url: str, only: str
) -> dict[str, Any]:
    db_path = Path(tempfile.gettempdir()) / f"arraigo-bench-{size}-{os.getpid()}.sqlite3"
    name = f"arraigo_bench_{size}_{os.getpid()}"
    if server_url:
        with _server(server_url) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        env = _bench_env(f"{server_url.rstrip('/')}/{name}")
    else:
        for leftover in _sqlite_files(db_path):
            leftover.unlink(missing_ok=True)
        env = _bench_env(f"sqlite:///{db_path}")
    try:
        print(f"[{size}] migrate ...", flush=True)
        migrate_s = _arraigo(["migrate", "--noinput"], env)
        print(f"[{size}] seed --households {size} --seed {SEED} ...", flush=True)
        seed_s = _arraigo(["seed", "--households", str(size), "--seed", str(SEED)], env)
        print(f"[{size}] seeded in {seed_s:.1f}s; requesting pages ...", flush=True)
        child = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", "--repeats", str(repeats), "--only", only],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            raise SystemExit(
                f"web_pages: measuring failed:\n{(child.stdout + child.stderr)[-4000:]}"
            )
        measured = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        if not keep_db and server_url:
            with _server(server_url) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif not keep_db:
            for path in _sqlite_files(db_path):
                path.unlink(missing_ok=True)
    if keep_db:
        print(f"[{size}] database kept: {env['DATABASE_URL']}")
    return {
        "households": size,
        "migrate_s": round(migrate_s, 2),
        "seed_s": round(seed_s, 2),
        **measured,
    }


def _sqlite_files(db_path: Path) -> list[Path]:
    return [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]


def _git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or "unknown"


def markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    sizes = [run["households"] for run in runs]
    lines = [
        "# Web pages: time and queries per request",
        "",
        f"Commit {report['commit']}, {report['date']}, Python {report['python']}, "
        f"{report['cpus']} CPUs, {report['engine']}, {report['repeats']} timed requests per page "
        f"(after {WARMUP} warm-up requests), Django test Client.",
        "",
        "| households | migrate s | seed s | seed households/s |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        rate = run["households"] / run["seed_s"] if run["seed_s"] else 0.0
        n, migrate_s, seed_s = run["households"], run["migrate_s"], run["seed_s"]
        lines.append(f"| {n:,} | {migrate_s:.1f} | {seed_s:.1f} | {rate:,.0f} |")
    header = "| page | " + " | ".join(
        f"N={n:,} median ms | N={n:,} p95 ms | N={n:,} queries" for n in sizes
    )
    ratio_head = f" | p95 ratio {sizes[-1]:,}/{sizes[0]:,} |" if len(sizes) > 1 else " |"
    lines += ["", header + ratio_head, "| --- |" + " ---: |" * (3 * len(sizes) + (len(sizes) > 1))]
    for key in runs[0]["pages"]:
        cells = []
        for run in runs:
            page = run["pages"].get(key)
            if page is None or page.get("error"):
                cells += ["error", "error", "error"]
                continue
            queries = str(page["queries_min"])
            if page["queries_max"] != page["queries_min"]:
                queries += f"-{page['queries_max']}"
            cells += [f"{page['median_ms']:.1f}", f"{page['p95_ms']:.1f}", queries]
        ratio = report["p95_ratio"].get(key)
        ratio_cell = (
            f" | {ratio:.2f} |" if ratio is not None else (" | - |" if len(sizes) > 1 else " |")
        )
        lines.append(f"| {key} | " + " | ".join(cells) + ratio_cell)
    errors = [
        f"- N={run['households']:,} {key}: {page['error']}"
        for run in runs
        for key, page in run["pages"].items()
        if page.get("error")
    ]
    if errors:
        lines += ["", "Pages that did not answer 200:", *errors]
    lines += ["", "Who asked:"]
    for run in runs:
        for label, user in run.get("users", {}).items():
            lines.append(
                f"- N={run['households']:,}: {label} `{user['username']}` "
                f"sees {user['visible_households']:,} households"
            )
    return "\n".join(lines) + "\n"


def main_parent(args: argparse.Namespace) -> None:
    sizes = sorted({int(part) for part in args.sizes.split(",") if part.strip()})
    runs = [
        build_and_measure(size, args.repeats, args.keep_db, args.database_url, args.only)
        for size in sizes
    ]
    ratios: dict[str, float | None] = {}
    if len(runs) > 1:
        first, last = runs[0]["pages"], runs[-1]["pages"]
        for key in first:
            small, large = first[key].get("p95_ms"), last.get(key, {}).get("p95_ms")
            ratios[key] = round(large / small, 2) if small and large else None
    report = {
        "benchmark": "web_pages",
        "commit": _git_commit(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "repeats": args.repeats,
        "engine": "PostgreSQL" if args.database_url else "SQLite",
        "runs": runs,
        "p95_ratio": ratios,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stem = "web_pages-postgresql" if args.database_url else "web_pages"
    if args.only:
        stem += "-partial"
    (OUT_DIR / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    table = markdown(report)
    (OUT_DIR / f"{stem}.md").write_text(table)
    print()
    print(table)
    print(f"written: {OUT_DIR / (stem + '.json')} and {OUT_DIR / (stem + '.md')}")


# ------------------------------------------------------- the child: Django set up on one database


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main_measure(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings

    # The test Client's host. Not setup_test_environment(): its instrumented template
    # rendering would add to every page's time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The API's per-token limit would answer 429 to the bench's repeated requests.
    settings.ARRAIGO_API_RATE = "1000000/min"
    # As a web process does (deploy/gunicorn.conf.py): once it has loaded the app, and again
    # after its first requests, what it keeps for good is left out of garbage collection,
    # whose full passes would otherwise walk it in some requests' times.
    import gc

    from bench._web_pages_measure import bench_users, measure_pages, warm_pages, who
    from django.core.handlers.wsgi import WSGIHandler

    WSGIHandler()
    gc.freeze()
    users = bench_users()
    warm_pages(users=users, only=args.only)
    gc.freeze()
    pages = measure_pages(users=users, repeats=args.repeats, warmup=WARMUP, only=args.only)
    for page in pages.values():
        samples = page.pop("samples_ms", [])
        if samples:
            page["median_ms"] = round(statistics.median(samples), 2)
            page["p95_ms"] = round(_percentile(samples, 0.95), 2)
            page["min_ms"] = round(min(samples), 2)
            page["max_ms"] = round(max(samples), 2)
    print(json.dumps({"users": who(users), "pages": pages}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="households per run, e.g. 1000,5000")
    parser.add_argument("--repeats", type=int, default=20, help="timed requests per page")
    parser.add_argument("--keep-db", action="store_true", help="keep the databases")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server (postgresql://user@host:port) to build the databases on",
    )
    parser.add_argument("--only", default="", help="only the pages whose key contains this")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.measure:
        main_measure(args)
    else:
        main_parent(args)


if __name__ == "__main__":
    main()

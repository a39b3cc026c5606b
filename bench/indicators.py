"""Indicators and the results report over a year of survey answers (issue 12's scale target).

Builds a fresh SQLite database (`arraigo migrate`, `arraigo seed --households 300` for the
cities, offices, plan templates and accounts), then adds --households synthetic households
(about 3.3 members each) that arrived in the first half of 2026, with their integration plan,
seven milestones for the head, a specific need for one in ten, and their baseline, one-month
and six-month interviews until --answers answers are written (all dated in 2026). Then, each
in its own process so peak memory is its own:

- `arraigo indicators --from 2026-01-01 --to 2026-12-31 --json` (the command, start-up
  included);
- the results report page for the year as the M&E officer (Django's test Client), with no
  breakdown and by host city;
- a plain pandas computation of the same numbers from the same database (one read of the
  answers joined to birth dates and household sizes, then grouped frames), checked equal to
  the command's output.

Results: bench/out/indicators.json and bench/out/indicators.md (seconds and peak resident
memory of each process; indicators-postgresql.* with --database-url). The target is the
whole year's report in under 10 seconds.

    .venv/bin/python bench/indicators.py [--households 125000] [--answers 1000000]
        [--database-url postgres://postgres@127.0.0.1:5432/arraigo_bench] [--keep-db]

With --database-url the same data is built in that (empty, existing) database instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
SETTINGS = "arraigo.settings.local"
YEAR = ("2026-01-01", "2026-12-31")


# ---------------------------------------------------------------- the parent: build and report


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        ARRAIGO_HOME=str(ROOT),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    return env


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run `command`; return its wall time (s), its peak resident memory (MB) and stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"indicators bench: {' '.join(command[:4])} failed:\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024, stdout


def _arraigo(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    return _timed([sys.executable, "-m", "arraigo.cli", *args], env)


def _child(step: str, env: dict[str, str], *extra: str) -> tuple[float, int, str]:
    return _timed([sys.executable, __file__, "--child", step, *extra], env)


def run(args: argparse.Namespace) -> dict[str, Any]:
    db_path: Path | None = None
    if args.database_url:
        database_url = args.database_url
    else:
        db_path = Path(tempfile.gettempdir()) / f"arraigo-bench-indicators-{os.getpid()}.sqlite3"
        database_url = f"sqlite:///{db_path}"
    env = _env(database_url)
    try:
        print("migrate and seed 300 households ...", flush=True)
        _arraigo(["migrate", "--noinput"], env)
        _arraigo(["seed", "--households", "300", "--seed", "1"], env)
        print(f"build {args.answers:,} answers ...", flush=True)
        build_s, _mb, built = _child("build", env, str(args.households), str(args.answers))
        counts = json.loads(built)
        print(f"built in {build_s:.0f}s: {counts}", flush=True)
        results: dict[str, Any] = {"build_s": round(build_s, 1), "data": counts}
        command = ["indicators", "--from", YEAR[0], "--to", YEAR[1], "--json"]
        steps: list[tuple[str, Any]] = [
            ("command", lambda: _arraigo(command, env)),
            ("startup", lambda: _arraigo(["check", "--help"], env)),
            ("report_page", lambda: _child("page", env, "")),
            ("report_page_by_city", lambda: _child("page", env, "city")),
            ("pandas", lambda: _child("pandas", env)),
        ]
        outputs: dict[str, str] = {}
        for name, step in steps:
            print(f"{name} ...", flush=True)
            seconds, peak_mb, output = step()
            outputs[name] = output
            results[name] = {"seconds": round(seconds, 2), "peak_mb": peak_mb}
            if name.startswith("report_page"):
                results[name]["request_s"] = json.loads(output)["request_s"]
            print(f"  {seconds:.2f}s, peak {peak_mb} MB", flush=True)
        ours = json.loads(outputs["command"])["indicators"]
        theirs = json.loads(outputs["pandas"])
        results["pandas_equal"] = _counts(ours) == _counts(theirs)
        if not results["pandas_equal"]:
            print("pandas and the command disagree", file=sys.stderr)
        return results
    finally:
        if db_path is not None and args.keep_db:
            print(f"kept {db_path}", flush=True)
        elif db_path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _counts(values: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(v["code"], v["round"]): (v["numerator"], v["denominator"]) for v in values}


def write_report(results: dict[str, Any], database: str) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load": [round(x, 1) for x in os.getloadavg()],
        "database": database,
    }
    stem = "indicators" if database == "SQLite" else "indicators-postgresql"
    (OUT_DIR / f"{stem}.json").write_text(json.dumps(stamp | results, indent=2) + "\n")
    data = results["data"]
    pandas_s = results["pandas"]["seconds"]
    lines = [
        "# Indicators and the results report over a year of answers",
        "",
        f"{stamp['date']}, {stamp['cpus']} CPUs, load {stamp['load']}, {database}.",
        f"{data['answers']:,} answers of {data['households']:,} households "
        f"({data['people']:,} people, {data['milestones']:,} milestones), built in "
        f"{results['build_s']} s. pandas gives the same numbers: {results['pandas_equal']}.",
        "",
        "| What | Seconds (process) | Seconds (request) | Peak memory (MB) | Against pandas |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("command", "startup", "report_page", "report_page_by_city", "pandas"):
        seconds, peak = results[name]["seconds"], results[name]["peak_mb"]
        request = results[name].get("request_s", "")
        lines.append(f"| {name} | {seconds} | {request} | {peak} | {seconds / pandas_s:.2f}x |")
    lines += [
        "",
        "Seconds (process): the whole process, Python and Django start-up included; `startup`",
        "is `arraigo check --help`, what any process pays before its work. Seconds (request):",
        "the page's request alone, as a signed-in user waits for it. Against pandas: process",
        "seconds over the pandas process's. Target: the whole year's report in under 10 s.",
        "",
    ]
    (OUT_DIR / f"{stem}.md").write_text("\n".join(lines))
    print("\n".join(lines))


# ---------------------------------------------------------------- children (Django set up)


def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def child_build(households: int, answers: int) -> None:
    _django()
    from _indicators_data import build

    print(json.dumps(build(households, answers)))


def child_page(by: str) -> None:
    _django()
    from django.conf import settings
    from django.test import Client

    from arraigo.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username="demo-me"))
    query = {"date_from": YEAR[0], "date_to": YEAR[1]} | ({"by": by} if by else {})
    started = time.perf_counter()
    response = client.get("/monitoring/results/", query)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"the report page answered {response.status_code}")
    print(json.dumps({"request_s": round(seconds, 2), "bytes": len(response.content)}))


def child_pandas() -> None:
    _django()
    from _indicators_pandas import compute

    print(json.dumps(compute(*YEAR)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=125_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, *rest = args.child
        if step == "build":
            child_build(int(rest[0]), int(rest[1]))
        elif step == "page":
            child_page(rest[0] if rest else "")
        else:
            child_pandas()
        return
    results = run(args)
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    write_report(results, database)


if __name__ == "__main__":
    main()

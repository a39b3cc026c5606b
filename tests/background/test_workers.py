"""Workers as separate processes sharing one database queue, on the suite's engine (a SQLite
file, or a fresh PostgreSQL database beside the suite's): a worker killed in the middle of a
matching run, and the run completes on another worker, or, with no attempt left, fails
visibly; two workers share a queue and run each task once.

These tests start real `arraigo worker` processes and read the database with plain SQL: the
suite's own test database (SQLite in memory) is not reachable from another process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BEAT, STALE = "0.3", "2"


class Database:
    """A fresh database of the suite's engine, reached by URL from other processes."""

    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.home = home

    def env(self, **extra: str) -> dict[str, str]:
        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        return environment | {
            "DATABASE_URL": self.url,
            "ARRAIGO_HOME": str(self.home),
            "PYTHONPATH": str(ROOT),  # the workers import the tests' own tasks
            "ARRAIGO_WORKER_BEAT_SECONDS": BEAT,
            "ARRAIGO_WORKER_STALE_SECONDS": STALE,
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def arraigo(self, *args: str, **env: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "arraigo.cli", *args],
            env=self.env(**env),
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def worker(self, name: str, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "arraigo.cli", "worker", "--worker-id", name, *args],
            env=self.env(**env),
            cwd=self.home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def python(self, code: str) -> Any:
        """Run `code` (setting `out`) in a Django shell against this database; its JSON."""
        script = f"import json\nout = None\n{code}\nprint(json.dumps(out))"
        return json.loads(self.arraigo("shell", "-c", script).strip().splitlines()[-1])


def _server_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Migrated and seeded with a small demo (60 households) once for the module."""
    home = tmp_path_factory.mktemp("workers")
    (home / "var").mkdir()
    name = f"arraigo_workers_{uuid.uuid4().hex[:10]}"
    if connection.vendor == "postgresql":
        with psycopg.connect(_server_url("postgres"), autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        url = _server_url(name)
    else:
        url = f"sqlite:///{home / 'var' / 'queue.sqlite3'}"
    db = Database(url, home)
    db.arraigo("migrate", "-v0")
    db.arraigo("seed", "--households", "60", "--employers", "10", "--vacancies", "60")
    yield db
    if connection.vendor == "postgresql":
        with psycopg.connect(_server_url("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait(what: str, check: Callable[[], Any], seconds: float = 120) -> Any:
    # A deadline, not a measure: the workers start Django beside two busy test processes.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _queue_gated_run(db: Database, gate: Path) -> tuple[int, str]:
    """A matching run queued as the gated task: it waits at its solving step until `gate`."""
    out = db.python(
        "import datetime as dt\n"
        "from arraigo.accounts.actor import command_actor\n"
        "from arraigo.background.services import enqueue\n"
        "from arraigo.matching.services import matching_run_create\n"
        "from tests.background.tasks import gated_matching_run\n"
        "run = matching_run_create(actor=command_actor(None), period_start=dt.date(2020, 1, 1),"
        " period_end=dt.date(2030, 12, 31), parameters={})\n"
        f"task = enqueue(gated_matching_run, run.pk, {str(gate)!r})\n"
        "out = [run.pk, str(task.id)]"
    )
    return int(out[0]), str(out[1])


def _task(db: Database, task_id: str) -> tuple[str, list[str]]:
    status, workers = db.rows(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
        task_id if db.url.startswith("postgres") else task_id.replace("-", ""),
    )[0]
    return status, workers if isinstance(workers, list) else json.loads(workers)


def _run(db: Database, run_id: int) -> tuple[str, int, str]:
    rows = db.rows("SELECT status, progress, error FROM matching_matchingrun WHERE id = %s", run_id)
    return rows[0]


def _kill_in_the_middle(db: Database, run_id: int, task_id: str, name: str) -> None:
    first = db.worker(name)
    try:
        _wait("the run to reach its solving step", lambda: _run(db, run_id)[:2] == ("running", 60))
        assert _task(db, task_id) == ("RUNNING", [name])
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()


def test_a_run_whose_worker_is_killed_completes_on_another_worker(database: Database, tmp_path):
    gate = tmp_path / "gate"
    run_id, task_id = _queue_gated_run(database, gate)
    _kill_in_the_middle(database, run_id, task_id, "worker-a")

    second = database.worker("worker-b")
    try:
        # worker-b finds worker-a silent, requeues its task and takes it up
        _wait("the requeue", lambda: _task(database, task_id)[1] == ["worker-a", "worker-b"])
        gate.touch()
        _wait("the run to finish", lambda: _run(database, run_id)[0] == "done")
    finally:
        _stop(second)

    assert _task(database, task_id) == ("SUCCESSFUL", ["worker-a", "worker-b"])
    assert _run(database, run_id) == ("done", 100, "")
    assert database.rows(
        "SELECT stop_reason FROM background_workerbeat WHERE worker_id = %s", "worker-a"
    ) == [("dejó de responder",)]  # in the programme's language (Spanish)


def test_with_no_attempt_left_the_run_fails_visibly(database: Database, tmp_path):
    run_id, task_id = _queue_gated_run(database, tmp_path / "never")
    _kill_in_the_middle(database, run_id, task_id, "worker-c")

    second = database.worker("worker-d", ARRAIGO_TASK_ATTEMPTS="1")
    try:
        _wait("the run to fail", lambda: _run(database, run_id)[0] == "failed")
    finally:
        _stop(second)

    assert _task(database, task_id) == ("FAILED", ["worker-c"])
    assert _run(database, run_id) == (
        "failed",
        100,
        "El proceso trabajador que lo ejecutaba (worker-c) dejó de responder; intento 1 de 1.",
    )


def test_two_workers_share_the_queue_and_run_each_task_once(database: Database):
    ids = database.python(
        "from arraigo.background.services import enqueue\n"
        "from tests.background.tasks import nap\n"
        "out = [str(enqueue(nap, 0.1).id) for _ in range(40)]"
    )
    workers = [database.worker(f"share-{n}", "--batch", "--interval", "0") for n in (1, 2)]
    for worker in workers:
        worker.wait(timeout=120)
        assert worker.returncode == 0, worker.stderr.read() if worker.stderr else ""

    taken = [_task(database, task_id) for task_id in ids]
    assert {status for status, _ in taken} == {"SUCCESSFUL"}
    assert {len(ran_by) for _, ran_by in taken} == {1}  # each task once
    assert {ran_by[0] for _, ran_by in taken} == {"share-1", "share-2"}

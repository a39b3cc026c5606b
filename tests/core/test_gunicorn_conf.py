"""deploy/gunicorn.conf.py: what each web process sets aside from garbage collection."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_a_process_freezes_once_loaded_and_once_more_after_its_first_requests(monkeypatch):
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    conf = runpy.run_path(str(CONF))
    post_request = conf["post_request"]

    conf["post_worker_init"](object())
    assert len(frozen) == 1
    for _ in range(conf["FREEZE_AFTER_REQUESTS"] - 1):
        post_request(object(), object(), {}, object())
    assert len(frozen) == 1
    post_request(object(), object(), {}, object())
    assert len(frozen) == 2
    for _ in range(500):
        post_request(object(), object(), {}, object())
    assert len(frozen) == 2

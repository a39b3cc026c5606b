"""Webhook tests send nothing by themselves: the queue records what would go to the workers
(`queued`), and each test sends through `delivery_attempt` with its own clock and transport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from arraigo.accounts.models import Role, User
from arraigo.webhooks import queue
from arraigo.webhooks.transport import Answer
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def queued() -> Iterator[list[tuple[int, dt.datetime | None]]]:
    calls: list[tuple[int, dt.datetime | None]] = []
    saved = list(queue._queues)
    queue.queue_set(lambda delivery_id, run_after: calls.append((delivery_id, run_after)))
    yield calls
    queue._queues[:] = saved


@dataclass
class FakePost:
    """A subscriber's answers in turn (status codes or errors), and what it was sent."""

    answers: list[Answer]
    sent: list[tuple[str, bytes, dict[str, str], float]] = field(default_factory=list)

    def __call__(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
        self.sent.append((url, body, headers, timeout))
        return self.answers.pop(0)


OK = Answer(200, "")
BROKEN = Answer(500, "answered 500")


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(role=Role.COORDINATOR)

"""Drafting the households in a second process while this one writes them.

Drafting is pure Python on one random stream (no database), so it cannot be split, but it can
run beside the writer: a forked child draws the households chunk by chunk and hands each
over through a queue (which buffers, so the child never waits for the writer; the drafts go
as plain lists, drafts.drafts_packed, which pickle faster), while this process creates the
demo accounts and inserts the chunks that have come. On two cores that hides most of the
writing: the child, which drafts, is the one the seed waits for. Where processes cannot be
forked (Windows), the chunks are drafted here, one after the other; the data is the same
either way.

The child inherits the seed's open database connection and must not use it (the parent's
transaction is not the child's): every query it might attempt fails instead.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

from .drafts import HouseholdDraft, drafts_packed, drafts_unpacked
from .households import HouseholdMaker

# How long the writer waits for a chunk before it checks that the child is still there (s).
POLL_SECONDS = 1.0


class DraftingFailed(RuntimeError):
    """The drafting process stopped with an error (its traceback is the message)."""


def background_available() -> bool:
    """Whether this platform can fork the drafting process."""
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def drafted_chunks(
    maker: HouseholdMaker, count: int, *, background: bool
) -> Iterator[Iterator[list[HouseholdDraft]]]:
    """The chunks of `maker.chunks(count)`, drafted by a forked child if `background`.

    The child starts on entering the block, so work done before the first chunk is read
    overlaps with the drafting; on leaving, a child still running is stopped.
    """
    if not background:
        yield maker.chunks(count)
        return
    context = multiprocessing.get_context("fork")
    channel: Any = context.Queue()
    child = context.Process(target=_draft, args=(maker, count, channel), daemon=True)
    child.start()
    try:
        yield _received(channel, child)
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        channel.close()


def _draft(maker: HouseholdMaker, count: int, channel: Any) -> None:
    """The child: draft and send each chunk, then ("done", None) or ("error", traceback)."""
    for alias in connections:
        connections[alias].execute_wrappers.append(_no_queries)
    try:
        for chunk in maker.chunks(count):
            channel.put(("chunk", drafts_packed(chunk)))
    except BaseException:
        channel.put(("error", traceback.format_exc()))
    else:
        channel.put(("done", None))


def _no_queries(*args: Any) -> None:
    raise RuntimeError("The drafting process must not use the seed's database connection.")


def _received(channel: Any, child: Any) -> Iterator[list[HouseholdDraft]]:
    while True:
        try:
            kind, payload = channel.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if child.is_alive():
                continue
            try:  # it may have sent its last message just before it ended
                kind, payload = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                raise DraftingFailed(f"The drafting process ended ({child.exitcode}).") from None
        if kind == "done":
            return
        if kind == "error":
            raise DraftingFailed(payload)
        yield drafts_unpacked(payload)

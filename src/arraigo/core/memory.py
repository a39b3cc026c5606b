"""Python's memory management around work that builds millions of objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs, then as it was.

    The demo seed and a large import keep millions of objects alive (drafts, checked rows,
    the rows of a table before they go in), and every full collection walks all of them: at
    50,000 households that was a quarter of the seed's time, and at 100,000 a quarter of an
    import's checking. Such work makes little cyclic garbage (the seed's peak memory is the
    same either way); what it makes is collected once the collector is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""A HiGHS solver object that prints nothing.

highspy prints its banner on standard output when the first `Highs` object is made, before
any option can switch output off; `arraigo solve` promises exactly one JSON line there.
The banner is therefore swallowed at the file-descriptor level while the object is made.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import highspy


def _c_stdout_flush() -> None:
    with suppress(OSError, AttributeError):  # a platform without a C library handle
        ctypes.CDLL(None).fflush(None)


@contextmanager
def _stdout_swallowed() -> Iterator[None]:
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
    except (OSError, ValueError):  # pragma: no cover - no real stdout (embedded interpreter)
        yield
        return
    if sys.stdout is not None:
        sys.stdout.flush()
    _c_stdout_flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        _c_stdout_flush()
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def highs_new() -> highspy.Highs:
    """A `Highs` object with its banner swallowed and all solver output off."""
    make: Callable[[], highspy.Highs] = highspy.Highs  # highspy's constructor is untyped
    with _stdout_swallowed():
        h = make()
        h.setOptionValue("output_flag", False)
    return h


_scheduler_lock = threading.Lock()
_scheduler_threads: list[int] = []  # the thread count HiGHS's pool was last used with


def threads_set(h: highspy.Highs, threads: int) -> None:
    """Ask for `threads` (0: HiGHS decides). HiGHS keeps one thread pool per process, sized
    by its first solve; a later solve asking for another size ends with an error status
    instead of solving, so the pool is reset whenever the size asked for changes."""
    with _scheduler_lock:
        if _scheduler_threads and _scheduler_threads[0] != threads:
            highspy.Highs.resetGlobalScheduler(True)
        _scheduler_threads[:] = [threads]
    if threads:
        h.setOptionValue("threads", int(threads))

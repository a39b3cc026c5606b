"""Reading a programme folder's YAML files: a file `arraigo check` cannot use is reported with
the file's own error type, never a traceback.

A parser checks the keys it knows, but a value of another kind where it expects one (a list
where a name was, text where a number was, a mapping where a list was) can still surface as
Python's TypeError, AttributeError, KeyError, IndexError or ValueError deep inside it; and a
file saved in another encoding than UTF-8 raises UnicodeDecodeError while it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

WRONG_KIND = (TypeError, AttributeError, KeyError, IndexError, ValueError)


@contextmanager
def wrong_kinds_as(error: Callable[[str], Exception]) -> Iterator[None]:
    """Inside, a value of the wrong kind raises `error` (the loader's own type, a ValueError
    subclass, which passes through as it is) instead of Python's own exceptions."""
    try:
        yield
    except WRONG_KIND as exc:
        if isinstance(error, type) and isinstance(exc, error):
            raise
        if isinstance(exc, UnicodeDecodeError):
            raise error(f"the file is not UTF-8 text: {exc.reason}") from None
        raise error(f"a value of the wrong kind: {type(exc).__name__}: {exc}") from None

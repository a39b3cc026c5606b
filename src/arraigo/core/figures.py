"""Figures counted over every household in a scope, kept a few minutes for everyone in it.

A dashboard, the workload, turnover or the results report reads every household, milestone or
placement the user may see: at 100,000 households that is seconds of work, the same for every
coordinator. So such a page asks `kept(name, user, count)`: the figures are counted once per
scope (role, office, city, company, partner) and kept in the shared cache for
ARRAIGO_FIGURES_CACHE_SECONDS (5 minutes; 0 counts every time). The page says when they were
counted. `arraigo figures` (a timer, every few minutes) counts them again for every scope
of an active user before they expire, so nobody waits for them.

What is kept holds no names of people: counts, ids and the names of cities, offices, companies
and staff. Figures with words in them (a report's labels) are kept per language (`worded`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

if TYPE_CHECKING:
    from arraigo.accounts.models import User

T = TypeVar("T")

VERSION = "v2"


@dataclass(frozen=True)
class Kept(Generic[T]):
    """Figures and when they were counted."""

    value: T
    counted_at: dt.datetime


def keep_seconds() -> int:
    return int(getattr(settings, "ARRAIGO_FIGURES_CACHE_SECONDS", 300))


def scope_key(user: User) -> str:
    """Users who see the same rows share their figures: the key names the role and every
    scope the selectors read (office, city, company, partner)."""
    return (
        f"{user.role}:{user.office_id}:{user.city_id}:"
        f"{user.employer_id}:{user.provider_id}:{user.is_superuser}"
    )


def _key(name: str, user: User, params: Iterable[Any]) -> str:
    text = "|".join(str(param) for param in params)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"figures:{VERSION}:{name}:{scope_key(user)}:{digest}"


def kept(
    name: str,
    user: User,
    count: Callable[[], T],
    *,
    params: Iterable[Any] = (),
    worded: bool = False,
    recount: bool = False,
) -> Kept[T]:
    """`count()`'s figures for `user`'s scope (and `params`, e.g. a period; and the active
    language if `worded`), from the cache when they are there, else counted and kept.
    `recount` counts them again whatever is kept (`arraigo figures`)."""
    seconds = keep_seconds()
    if not seconds:
        return Kept(count(), timezone.now())
    params = [*params, translation.get_language() if worded else ""]
    key = _key(name, user, params)
    found = None if recount else cache.get(key)
    if isinstance(found, Kept):
        return found
    figures = Kept(count(), timezone.now())
    # kept a little longer than the recount's period, so the timer renews them in time
    cache.set(key, figures, seconds + 60)
    return figures


# ---------------------------------------------------------------- the recount

Recount = Callable[["User"], None]


@dataclass(frozen=True)
class Counted:
    """Figures a page keeps: who sees them and how to count them again for one user."""

    name: str
    applies: Callable[[User], bool]
    recount: Recount
    worded: bool  # kept per language: counted again in each of settings.LANGUAGES


_counted: dict[str, Counted] = {}


def figures_register(
    name: str, applies: Callable[[User], bool], recount: Recount, *, worded: bool = False
) -> None:
    """Let `arraigo figures` count `name` again for every scope where `applies(user)` (core
    imports no app: apps register in `ready`)."""
    _counted[name] = Counted(name, applies, recount, worded)


def registered() -> list[Counted]:
    return [_counted[name] for name in sorted(_counted)]

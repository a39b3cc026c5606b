"""One way to paginate every list page.

A list counts its rows to say how many there are and how many pages; on a programme of
100,000 households that count alone would cost more than the page (700,000 open milestones on
the coordinator's work list). So the count stops at `COUNT_CAP` + 1 rows: up to the cap the
page says exactly how many, beyond it "more than 1,000" and "page 3 of more than 40", and a
search or a filter narrows the list. The work is bounded whatever the size: counting a city's
1,001 open steps among 700,000 costs what it does among 7,000, where 10,001 cost five times
more at 100,000 households than at 1,000. The exact totals are the dashboards' and the
workload's (core/figures.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest

COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """Django's paginator whose count of a query stops after `cap` + 1 rows.

    `counted`: the same rows as the list, written as the database finds them fastest when
    nothing needs their order (the list's own query when not given). `total`: how many rows
    there are, when the page has counted them already (then nothing is counted again)."""

    cap = COUNT_CAP

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        counted: QuerySet[Any] | None = None,
        total: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.counted = counted
        self.total = total

    @cached_property
    def count(self) -> int:
        if self.total is not None:
            return min(self.total, self.cap + 1)  # what counting would have found
        rows = self.counted if self.counted is not None else self.object_list
        if isinstance(rows, QuerySet):
            # SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1): the database stops early
            return capped_count(rows, self.cap)
        return len(rows)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.count > self.cap

    @property
    def pages_cap(self) -> int:
        """The pages the counted rows fill ("page 3 of more than 400")."""
        return self.cap // self.per_page


def capped_count(rows: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """How many `rows`, counting at most `cap` + 1.

    Any cap + 1 rows count the same, so PostgreSQL counts them in no order (nothing sorted to
    be counted; a city's work list went from 119 to 43 ms at 100,000 households). SQLite keeps
    the list's order: without statistics, the order is what leads it to walk the ordering
    index and stop at the cap (without it, the same count took 560 ms instead of 40)."""
    if connections[rows.db].vendor != "sqlite":
        rows = rows.order_by()
    return rows[: cap + 1].count()


def paginate(
    request: HttpRequest,
    items: Any,
    per_page: int | None = None,
    *,
    counted: QuerySet[Any] | None = None,
    total: int | None = None,
) -> Page:
    paginator = CappedPaginator(
        items, per_page or settings.ARRAIGO_PAGE_SIZE, counted=counted, total=total
    )
    return paginator.get_page(request.GET.get("page"))


def paginate_keys(
    request: HttpRequest,
    keys: QuerySet[Any],
    rows: Callable[[list[Any]], list[Any]],
    per_page: int | None = None,
    *,
    counted: QuerySet[Any] | None = None,
    total: int | None = None,
) -> Page:
    """Page through a query of keys (no joins: cheap to count and to order), then read the
    page's rows whole with `rows(keys_of_the_page)`, which returns them in that order.
    `counted`, `total`: see CappedPaginator."""
    keys_only = keys.values_list("pk", flat=True)
    page = paginate(request, keys_only, per_page, counted=counted, total=total)
    page.object_list = rows(list(page.object_list))
    return page


def paginate_found(
    request: HttpRequest,
    keys: QuerySet[Any],
    rows: Callable[[list[Any]], list[Any]],
    per_page: int | None = None,
) -> Page:
    """`paginate_keys` for a search: its keys, up to the cap + 1, read in one query in the
    list's order, give both the count and the page (an office's 369 "Casséus" among 33,000
    households: 4 ms, where counting them and then reading the page's keys took 9)."""
    found = list(keys.values_list("pk", flat=True)[: CappedPaginator.cap + 1])
    page = paginate(request, found, per_page)
    page.object_list = rows(list(page.object_list))
    return page

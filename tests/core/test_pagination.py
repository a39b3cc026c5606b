"""Lists count at most COUNT_CAP + 1 rows: exact below the cap, "more than" beyond it."""

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from arraigo.core import pagination
from arraigo.core.pagination import CappedPaginator, paginate, paginate_found, paginate_keys

pytestmark = pytest.mark.django_db


def test_below_the_cap_the_count_is_exact():
    paginator = CappedPaginator(Group.objects.order_by("pk"), 3)

    assert (paginator.count, paginator.capped) == (Group.objects.count(), False)


def test_beyond_the_cap_the_count_stops_and_says_so(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    paginator = CappedPaginator(Group.objects.order_by("pk"), 2)

    assert Group.objects.count() > 5
    assert (paginator.count, paginator.capped, paginator.pages_cap) == (5, True, 2)


def test_the_page_says_more_than_when_capped(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    request = RequestFactory().get("/?page=2")
    page = paginate(request, Group.objects.order_by("pk"), 2)

    with translation.override("en"):
        nav = render_to_string("includes/pagination.html", {"page_obj": page, "request": request})
        said = render_to_string("includes/count_capped.html", {"page_obj": page})

    assert "Page 2 of more than 2" in nav
    assert "More than 4: a search or a filter narrows the list." in said


def test_a_page_of_keys_is_read_whole_in_order():
    groups = list(Group.objects.order_by("-pk"))
    seen: list[list[int]] = []

    def rows(keys: list[int]) -> list[Group]:
        seen.append(keys)
        return sorted(Group.objects.filter(pk__in=keys), key=lambda g: keys.index(g.pk))

    page = paginate_keys(RequestFactory().get("/"), Group.objects.order_by("-pk"), rows, 3)

    assert seen == [[g.pk for g in groups[:3]]]
    assert list(page.object_list) == groups[:3]


def test_a_search_reads_its_keys_once_up_to_the_cap(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    groups = list(Group.objects.order_by("-pk"))
    assert len(groups) > 5

    def rows(keys: list[int]) -> list[Group]:
        return sorted(Group.objects.filter(pk__in=keys), key=lambda g: keys.index(g.pk))

    with django_assert_num_queries(2):  # the keys, then the page's rows
        page = paginate_found(
            RequestFactory().get("/?page=2"), Group.objects.order_by("-pk"), rows, 2
        )
        shown = list(page.object_list)

    assert shown == groups[2:4]
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (5, True, 3)


def test_the_cap_is_a_thousand():
    assert pagination.COUNT_CAP == 1_000

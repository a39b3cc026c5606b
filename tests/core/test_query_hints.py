"""Planner hints: `+column` and literal IN lists mean the same rows on every database, and on
SQLite they let the work list read its page from the partial index in due order."""

import datetime as dt

import pytest
from django.db import connection

from arraigo.accounts.models import Role
from arraigo.casework.models import Milestone
from arraigo.casework.selectors import WorklistFilters, worklist_keys
from arraigo.core.query_hints import in_literals, unindexed
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_in_literals_takes_codes_only():
    with pytest.raises(ValueError, match="lower-case codes only"):
        in_literals("status", ["pending", "x'); DROP TABLE casework_milestone; --"])
    with pytest.raises(ValueError):
        in_literals("status", [])


def test_the_hints_select_the_same_rows():
    plain = Milestone.objects.filter(status__in=["pending"], plan_id__in=[1, 2]).query
    hinted = (
        Milestone.objects.alias(plan_ref=unindexed("plan_id"))
        .filter(in_literals("status", ["pending"]), plan_ref__in=[1, 2])
        .query
    )
    assert "IN ('pending')" in str(hinted)
    where = str(hinted).split("WHERE", 1)[1]
    if connection.vendor == "sqlite":
        assert '+"casework_milestone"."plan_id"' in where
    else:  # PostgreSQL plans from its statistics: the plain column
        assert '+"casework_milestone"' not in where
    assert list(Milestone.objects.filter(pk__in=[])) == []  # both run
    assert str(plain) != str(hinted)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_on_sqlite_the_work_list_reads_the_open_steps_in_due_order_from_their_index():
    coordinator = UserFactory(role=Role.COORDINATOR)
    keys = worklist_keys(coordinator, WorklistFilters(), dt.date(2026, 6, 1))
    sql, params = keys.values_list("pk", flat=True)[:25].query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[3] for row in cursor.fetchall())

    assert "USING INDEX milestone_open_by_due" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan


def test_open_and_closed_steps_are_every_status():
    from arraigo.casework.models import CLOSED_MILESTONE, OPEN_MILESTONE, MilestoneStatus

    assert set(OPEN_MILESTONE) | set(CLOSED_MILESTONE) == set(MilestoneStatus.values)
    assert not set(OPEN_MILESTONE) & set(CLOSED_MILESTONE)

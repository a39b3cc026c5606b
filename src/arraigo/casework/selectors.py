"""Reads on integration plans, milestones and workloads, scoped like the households."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import Role, User
from arraigo.core.figures import kept
from arraigo.core.query_hints import in_literals, unindexed
from arraigo.places.models import City
from arraigo.registry.models import HouseholdStatus

from .models import (
    CLOSED_MILESTONE,
    OPEN_MILESTONE,
    IntegrationPlan,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    milestone_overdue,
)

SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "household": ("plan__household__code", "due_on"),
    "milestone": ("code", "due_on"),
}


def plans_visible_to(user: User) -> QuerySet[IntegrationPlan]:
    if not user.is_authenticated or not user.has_perm("casework.view_integrationplan"):
        return IntegrationPlan.objects.none()
    return scope.scope_filter(
        IntegrationPlan.objects.all(),
        user,
        scope.Kind.HOUSEHOLDS,
        office="household__origin_office",
        city="household__host_city",
    )


def plan_get_for(user: User, pk: int) -> IntegrationPlan:
    return get_object_or_404(
        plans_visible_to(user).select_related(
            "household", "household__host_city", "caseworker", "template"
        ),
        pk=pk,
    )


def household_plan(user: User, household_id: int) -> IntegrationPlan | None:
    """The household's open plan, else its latest."""
    return (
        plans_visible_to(user)
        .filter(household_id=household_id)
        .order_by("-status", "-started_on", "-id")  # "open" sorts after "closed"
        .first()
    )


def case_team(plan: IntegrationPlan) -> QuerySet[User]:
    """Who may be responsible for the plan's milestones: the coordinators and the caseworkers
    of the household's host city."""
    household = plan.household
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.COORDINATOR) | Q(role=Role.HOST_CASEWORKER, city_id=household.host_city_id)
        )
        .order_by("last_name", "first_name", "username")
    )


def _with_overdue(qs: QuerySet[Milestone], today: dt.date) -> QuerySet[Milestone]:
    """Each milestone with `is_overdue` (models.milestone_overdue) worked out by the database."""
    return qs.annotate(
        is_overdue=ExpressionWrapper(milestone_overdue(today), output_field=BooleanField())
    )


def plan_milestones(plan: IntegrationPlan, today: dt.date) -> list[Milestone]:
    """The plan's milestones in order, each with `is_overdue` on `today`."""
    qs = plan.milestones.select_related("person", "responsible").order_by("position", "id")
    return list(_with_overdue(qs, today))


@dataclass(frozen=True)
class WorklistFilters:
    mine: bool = False
    when: str = ""  # "overdue", "week" or ""
    status: str = ""
    code: str = ""
    q: str = ""
    sort: str = "due"
    responsible: int | None = None  # a caseworker's id; 0: nobody assigned
    city: int | None = None  # the household's host city


def _live_plans(user: User) -> QuerySet[IntegrationPlan]:
    """Open plans of households still accompanied: a closed case leaves the work list (its
    plan is kept as it was, and comes back if the case is reopened)."""
    return (
        plans_visible_to(user)
        .filter(status=PlanStatus.OPEN)
        .exclude(household__status=HouseholdStatus.CLOSED)
    )


def _in_live_plans(user: User) -> QuerySet[Milestone]:
    """Open milestones of open plans `user` may see.

    Each milestone's plan is looked up by its key as the milestones are read (EXISTS), so the
    databases read the milestones through the index that the rest of the query needs (their
    due order, their responsible person) and stop at the page's last row. `plan_id IN (the
    live plans)` had SQLite first gather every live plan in scope (30,000 at 100,000
    households) for a page of 25."""
    live = _live_plans(user).filter(pk=OuterRef("plan_id"))
    return Milestone.objects.filter(
        in_literals("status", CLOSED_MILESTONE, negate=True), Exists(live)
    )


def _in_live_plans_by_plan(user: User) -> QuerySet[Milestone]:
    """The same milestones as `_in_live_plans`, found from the plans: for counting them in no
    order when the user sees one office or city. Walking every open milestone in due order to
    find the 1,001 of one city read 16,000 at 100,000 households (60 ms); from the city's
    plans it reads about what it counts (8 ms)."""
    return Milestone.objects.filter(
        in_literals("status", CLOSED_MILESTONE, negate=True),
        plan__in=_live_plans(user).values("id"),
    )


def _worklist_filter(
    qs: QuerySet[Milestone], user: User, filters: WorklistFilters, today: dt.date
) -> QuerySet[Milestone]:
    if filters.mine:
        qs = qs.filter(responsible=user)
    if filters.responsible is not None:
        qs = qs.filter(responsible_id=filters.responsible or None)
    if filters.city is not None:
        qs = qs.filter(plan__household__host_city_id=filters.city)
    if filters.when == "overdue":
        qs = qs.filter(milestone_overdue(today))
    elif filters.when == "week":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.code:
        qs = qs.filter(code=filters.code)
    if filters.q:
        qs = qs.filter(plan__household__code__icontains=filters.q)
    return qs


def worklist_keys(user: User, filters: WorklistFilters, today: dt.date) -> QuerySet[Milestone]:
    """The work list's milestones, filtered and sorted, without the rows they join: cheap to
    page through (in due order it reads the partial index `milestone_open_by_due` from its
    start). `worklist_rows` reads a page's rows whole; `worklist_counted` counts them."""
    qs = _worklist_filter(_in_live_plans(user), user, filters, today)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def worklist_counted(
    keys: QuerySet[Milestone], user: User, filters: WorklistFilters, today: dt.date
) -> QuerySet[Milestone]:
    """The milestones `keys` (`worklist_keys` with the same arguments), as the database counts
    them fastest: in due order for those who see every household (the first 1,001 open steps
    are nearly all theirs), from their plans for those who see one office or city."""
    if scope.reaches_all(user, scope.Kind.HOUSEHOLDS):
        return keys
    return _worklist_filter(_in_live_plans_by_plan(user), user, filters, today).order_by()


def worklist_rows(ids: list[int], today: dt.date) -> list[Milestone]:
    """The milestones `ids` (a page of `worklist_keys`), in that order, with their household,
    person and responsible person, and `is_overdue`."""
    rows = _with_overdue(
        Milestone.objects.filter(pk__in=ids).select_related(
            "plan__household", "person", "responsible"
        ),
        today,
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def worklist(user: User, filters: WorklistFilters, today: dt.date) -> QuerySet[Milestone]:
    """Open milestones of open plans `user` may see, filtered and sorted, with `is_overdue`
    and their household, person and responsible person."""
    keys = worklist_keys(user, filters, today)
    return _with_overdue(keys.select_related("plan__household", "person", "responsible"), today)


def worklist_people(user: User) -> list[tuple[int, str]]:
    """Who is responsible for open milestones the user may see, for the work list's filter.

    Asked of the staff (a few dozen), each through the index on the responsible person and
    stopping at the first open step, not by reading every open step for its person; still, a
    caseworker's done steps come first there, so the list is kept a few minutes per scope
    (core/figures.py)."""
    return kept("worklist_people", user, lambda: _worklist_people(user)).value


def _worklist_people(user: User) -> list[tuple[int, str]]:
    open_steps = Milestone.objects.alias(
        plan_ref=unindexed("plan_id"), status_ref=unindexed("status", CharField())
    ).filter(
        responsible=OuterRef("pk"),
        status_ref__in=OPEN_MILESTONE,
        plan_ref__in=_live_plans(user).values("id"),
    )
    rows = (
        User.objects.filter(Exists(open_steps))
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


def worklist_cities(user: User) -> list[tuple[int, str]] | None:
    """The host cities of the user's open plans, for those who see every household
    (coordinators, auditors); None for a city's own team."""
    if not scope.reaches_all(user, scope.Kind.HOUSEHOLDS):
        return None
    return kept("worklist_cities", user, lambda: _worklist_cities(user)).value


def _worklist_cities(user: User) -> list[tuple[int, str]]:
    return list(
        City.objects.filter(pk__in=_live_plans(user).values("household__host_city_id"))
        .order_by("name")
        .values_list("id", "name")
    )


def overdue_count(user: User, today: dt.date) -> int:
    return worklist(user, WorklistFilters(mine=True, when="overdue"), today).count()


@dataclass(frozen=True)
class LoadRow:
    name: str
    query: str  # the work list's filter for this row ("responsible=5", "city=3")
    open_plans: int
    open_milestones: int
    overdue: int
    done_30_days: int


LOAD_COUNTS = ("open_plans", "open_milestones", "overdue", "done_30_days")


@dataclass(frozen=True)
class LoadCounts:
    """The workload's figures without words: (responsible id, username, first name, last
    name, *LOAD_COUNTS) per person and (city id, city name, *LOAD_COUNTS) per city."""

    people: list[tuple[Any, ...]]
    cities: list[tuple[Any, ...]]


def workload(
    user: User, today: dt.date, *, recount: bool = False
) -> tuple[list[LoadRow], list[LoadRow], dt.datetime]:
    """Per caseworker (the milestones they are responsible for) and per city, and when they
    were counted: every milestone of every live plan in scope is read, so the counts are kept
    per scope for a few minutes (core/figures.py)."""
    counts = kept(
        "workload", user, lambda: _load_counts(user, today), params=[today], recount=recount
    )
    by_person = [
        LoadRow(
            " ".join(filter(None, (first, last))) or username or _("Nobody assigned"),
            f"responsible={pk or 0}",
            *numbers,
        )
        for pk, username, first, last, *numbers in counts.value.people
    ]
    by_city = [
        LoadRow(name or "—", f"city={pk}", *numbers) for pk, name, *numbers in counts.value.cities
    ]
    return by_person, by_city, counts.counted_at


def workload_recount(user: User) -> None:
    workload(user, timezone.localdate(), recount=True)


def _load_counts(user: User, today: dt.date) -> LoadCounts:
    milestones = Milestone.objects.filter(plan__in=_live_plans(user))
    month_ago = today - dt.timedelta(days=30)
    aggregates = {
        "open_plans": Count("plan", distinct=True, filter=Q(status__in=OPEN_MILESTONE)),
        "open_milestones": Count("id", filter=Q(status__in=OPEN_MILESTONE)),
        "overdue": Count("id", filter=milestone_overdue(today)),
        "done_30_days": Count("id", filter=Q(status=MilestoneStatus.DONE, done_on__gte=month_ago)),
    }
    people = (
        milestones.values_list(
            "responsible_id",
            "responsible__username",
            "responsible__first_name",
            "responsible__last_name",
        )
        .annotate(**aggregates)
        .order_by("-overdue", "responsible__username")
    )
    cities = (
        milestones.values_list("plan__household__host_city_id", "plan__household__host_city__name")
        .annotate(**aggregates)
        .order_by("-overdue", "plan__household__host_city__name")
    )
    return LoadCounts(people=[tuple(p) for p in people], cities=[tuple(c) for c in cities])

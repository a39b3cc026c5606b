"""Reads on households, always scoped to what the asking user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import (
    Exists,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.codelists.models import Occupation, Skill
from arraigo.core.fieldkeys import lookup_hash
from arraigo.core.figures import kept
from arraigo.core.query_hints import unindexed
from arraigo.places.models import City, CityKind, Office

from .models import (
    CityPreference,
    Consent,
    ConsentPurpose,
    EligibilityDecision,
    Household,
    IdentityDocument,
    Person,
    PersonLanguage,
    Relationship,
    SpecificNeed,
    StatusChange,
)
from .name_search import codes_containing, people_named


def households_visible_to(user: User) -> QuerySet[Household]:
    """Every household `user` may see (accounts.scope): national roles all, caseworkers their
    office's or city's; out of scope gets an empty set (and 404 on a case).

    Merged-away duplicates are hidden from lists; they stay reachable through `merged_into`.
    """
    qs = Household.objects.all()
    if (
        not user.is_authenticated
        or not user.is_active
        or not user.has_perm("registry.view_household")
    ):
        return qs.none()
    return scope.scope_filter(
        qs, user, scope.Kind.HOUSEHOLDS, office="origin_office", city="host_city"
    )


def household_get_for(user: User, pk: int) -> Household:
    """One household in the user's scope, or 404 (never 403: out of scope looks like absent)."""
    try:
        # with who approved an exception, in the same query: the case page reads as many
        # queries whether there is one or not
        return (
            households_visible_to(user)
            .select_related(
                "origin_office", "origin_office__city", "host_city", "exception_approved_by"
            )
            .get(pk=pk)
        )
    except Household.DoesNotExist as exc:
        raise Http404("No such household.") from exc


# --- the household list --------------------------------------------------------------------


class HouseholdSort(models.TextChoices):
    NEWEST = "-registered", _("Newest first")
    OLDEST = "registered", _("Oldest first")
    CODE = "code", _("Code")
    CODE_DESC = "-code", _("Code (descending)")


_SORT_ORDER: dict[str, tuple[str, ...]] = {
    HouseholdSort.NEWEST: ("-registered_at", "-id"),
    HouseholdSort.OLDEST: ("registered_at", "id"),
    HouseholdSort.CODE: ("code",),
    HouseholdSort.CODE_DESC: ("-code",),
}


@dataclass(frozen=True)
class HouseholdListFilters:
    """What the list was asked for; empty values mean no filter."""

    q: str = ""
    status: str = ""
    office_id: int | None = None
    host_city_id: int | None = None
    nationality: str = ""
    need: str = ""
    modality: str = ""
    eligibility: str = ""
    sort: str = HouseholdSort.NEWEST


def _search(qs: QuerySet[Household], user: User, q: str) -> QuerySet[Household]:
    """Case code, member names and exact document numbers (for those who see names); a
    number is found by its keyed hash (encrypted at rest: docs/security.md), so case and
    white space aside it must be typed whole.

    The households found by each, gathered in one UNION of subqueries that each read their
    own index (the codes' and names' trigram indexes, the document numbers'), then looked up
    in the user's scope: neither database tests every household of the scope against an OR
    of the three (on PostgreSQL that OR was a scan of every household, 240 ms at 100,000).
    """
    q = " ".join(q.split())
    if not q:
        return qs
    if not sees_names(user):
        return qs  # a pseudonymised reader cannot look a case code up (the form has no box)
    found: list[QuerySet[Any, Any]] = [
        Household.objects.filter(codes_containing(qs, q)).order_by().values("pk")
    ]
    found.append(
        IdentityDocument.objects.filter(number_hash=lookup_hash(q))
        .order_by()
        .values("person__household_id")
    )
    if not any(character.isdigit() for character in q):
        # A name has no digits: a case code or a document number is not looked for among
        # the names.
        found.append(people_named(Person.objects.all(), q).order_by().values("household_id"))
    return qs.filter(pk__in=found[0].union(*found[1:]))


def household_list(user: User, filters: HouseholdListFilters) -> QuerySet[Household]:
    """The households `user` may see, searched, filtered and sorted, each with
    `head_nationality` and its office and host city (`household_rows` of every key)."""
    return _with_heads(household_list_keys(user, filters))


def household_list_keys(user: User, filters: HouseholdListFilters) -> QuerySet[Household]:
    """The households `user` may see, searched, filtered and sorted, ready to paginate with
    `paginate_keys` and `household_rows`: no join and no subquery per row, so counting them
    and finding a page read an index, not every household.

    Households merged into another are left out (their page stays reachable); the merge
    column is read without its index (nearly every household has none), so that SQLite walks
    the index of the list's order and stops at the page's last row.
    """
    visible = (
        households_visible_to(user)
        .alias(merged_ref=unindexed("merged_into_id"))
        .filter(merged_ref__isnull=True)
    )
    qs = _search(visible, user, filters.q)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.office_id is not None:
        qs = qs.filter(origin_office_id=filters.office_id)
    if filters.host_city_id is not None:
        qs = qs.filter(host_city_id=filters.host_city_id)
    if filters.modality:
        qs = qs.filter(modality=filters.modality)
    if filters.eligibility:
        qs = qs.filter(eligibility=filters.eligibility)
    if filters.nationality:
        qs = qs.filter(
            Exists(
                Person.objects.filter(
                    household=OuterRef("pk"),
                    relationship=Relationship.HEAD,
                    nationality=filters.nationality,
                )
            )
        )
    if filters.need:
        qs = qs.filter(
            Exists(SpecificNeed.objects.filter(household=OuterRef("pk"), code=filters.need))
        )
    order = _SORT_ORDER.get(filters.sort, _SORT_ORDER[HouseholdSort.NEWEST])
    if _names_only(user, filters.q):
        return qs.select_related(None).order_by(*_from_the_found(order))
    return qs.select_related(None).order_by(*order)


def _names_only(user: User, q: str) -> bool:
    """Whether the search looks up names (no digit: no case code, no document number)."""
    return bool(q.split()) and sees_names(user) and not any(c.isdigit() for c in q)


def _from_the_found(order: tuple[str, ...]) -> list[OrderBy]:
    """`order`, through no index on SQLite: a search by name finds a few hundred households
    at most, which SQLite then sorts, instead of walking the office's 33,000 in the list's
    order to test each against what was found (an office's 369 "Casséus": 8 ms against 15).
    A case code's part ("2026") can find every household: that search keeps the index, and
    stops at the page's last row."""
    fields: dict[str, models.Field[Any, Any]] = {
        "registered_at": models.DateTimeField(),
        "code": models.CharField(),
    }
    return [
        OrderBy(
            unindexed(name.lstrip("-"), fields.get(name.lstrip("-"))),
            descending=name.startswith("-"),
        )
        for name in order
    ]


def household_list_searches(user: User, filters: HouseholdListFilters) -> bool:
    """Whether `household_list_keys` looks something up (then its keys are few and read
    at once, core.pagination.paginate_found): a pseudonymised reader's search is ignored."""
    return bool(filters.q.split()) and sees_names(user)


def household_rows(ids: list[int]) -> list[Household]:
    """The households `ids` (a page of `household_list_keys`), in that order, each with
    `head_nationality` and its office and host city."""
    by_id = {
        household.pk: household for household in _with_heads(Household.objects.filter(pk__in=ids))
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def _with_heads(qs: QuerySet[Household]) -> QuerySet[Household]:
    head_nationality = (
        Person.objects.filter(household=OuterRef("pk"), relationship=Relationship.HEAD)
        .order_by()
        .values("nationality")[:1]
    )
    return qs.select_related("origin_office", "host_city").annotate(
        head_nationality=Subquery(head_nationality)
    )


@dataclass(frozen=True)
class HouseholdFilterChoices:
    offices: list[tuple[int, str]]
    host_cities: list[tuple[int, str]]


def household_filter_choices(user: User) -> HouseholdFilterChoices:
    """Offices and host cities to filter by: national roles all, others only their own scope.

    A caseworker's choices read every household of their office or city, so they are kept a
    few minutes per scope (core/figures.py), like the dashboard's figures."""
    return kept("household_filter_choices", user, lambda: _filter_choices(user)).value


def _filter_choices(user: User) -> HouseholdFilterChoices:
    offices = Office.objects.order_by("name")
    cities = City.objects.filter(kind__in=[CityKind.HOST, CityKind.BOTH]).order_by("name")
    if not scope.reaches_all(user, scope.Kind.HOUSEHOLDS):
        visible = households_visible_to(user)
        own_office = Q(pk=user.office_id) if user.office_id is not None else Q(pk__in=[])
        own_city = Q(pk=user.city_id) if user.city_id is not None else Q(pk__in=[])
        offices = offices.filter(Q(pk__in=visible.values("origin_office_id")) | own_office)
        cities = City.objects.filter(
            Q(pk__in=visible.filter(host_city__isnull=False).values("host_city_id")) | own_city
        ).order_by("name")
    return HouseholdFilterChoices(
        offices=[(office.pk, office.name) for office in offices.only("pk", "name")],
        host_cities=[(city.pk, city.name) for city in cities.only("pk", "name")],
    )


# --- the household page --------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    label: str
    current: Consent | None
    history: list[Consent]


@dataclass(frozen=True)
class MemberLine:
    person: Person
    age: int


@dataclass(frozen=True)
class HouseholdPage:
    """Everything the household page shows, loaded in a fixed number of queries."""

    household: Household
    members: list[MemberLine]
    needs: list[SpecificNeed]
    consents: list[ConsentLine]
    preferences: list[CityPreference]
    decision: EligibilityDecision | None
    history: list[StatusChange]
    today: dt.date

    @property
    def eligibility_results(self) -> list[dict[str, Any]]:
        """The decision's rules, and its exceptions only when they apply: when some rule is
        not met (an eligible household has no exception to show)."""
        results = list(self.decision.results) if self.decision else []
        rules = [r for r in results if r.get("kind", "rule") != "exception"]
        if any(r.get("result") == "not_met" for r in rules):
            return results
        return rules


def household_page(user: User, pk: int) -> HouseholdPage:
    """One household in `user`'s scope with its members, documents, needs, consent,
    preferences, latest eligibility decision and status history; 404 out of scope."""
    household = household_get_for(user, pk)
    prefetch_related_objects(
        [household],
        Prefetch(
            "members",
            queryset=Person.objects.order_by("date_of_birth", "id").prefetch_related(
                Prefetch(
                    "documents",
                    queryset=IdentityDocument.objects.select_related("document_type").order_by(
                        "document_type__sort_order", "id"
                    ),
                ),
                Prefetch("languages", queryset=PersonLanguage.objects.order_by("language")),
                Prefetch("occupations", queryset=Occupation.objects.order_by("isco_code")),
                Prefetch("skills", queryset=Skill.objects.order_by("name_es")),
            ),
        ),
        Prefetch("needs", queryset=SpecificNeed.objects.select_related("person", "recorded_by")),
        Prefetch("consents", queryset=Consent.objects.select_related("recorded_by", "given_by")),
        Prefetch("preferences", queryset=CityPreference.objects.select_related("city")),
        Prefetch("history", queryset=StatusChange.objects.select_related("changed_by")),
    )
    members = list(household.members.all())
    # Head first, then the others oldest first.
    members.sort(key=lambda person: person.relationship != Relationship.HEAD)
    by_purpose: dict[str, list[Consent]] = {}
    for consent in household.consents.all():
        by_purpose.setdefault(consent.purpose, []).append(consent)
    consents = []
    for purpose in ConsentPurpose:
        rows = sorted(
            by_purpose.get(purpose.value, []),
            key=lambda row: (row.recorded_at, row.pk),
            reverse=True,
        )
        consents.append(
            ConsentLine(
                purpose=purpose.value,
                label=str(purpose.label),
                current=rows[0] if rows else None,
                history=rows[1:],
            )
        )
    today = timezone.localdate()
    return HouseholdPage(
        household=household,
        members=[MemberLine(person=person, age=person.age_on(today)) for person in members],
        needs=list(household.needs.all()),
        consents=consents,
        preferences=list(household.preferences.all()),
        decision=household.eligibility_decisions.select_related("decided_by").first(),
        history=list(household.history.all()),
        today=today,
    )

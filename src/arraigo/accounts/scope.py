"""Need to know: which households, placements, referrals, companies, service providers, cities
and matching runs each role reaches. The one place the rule is written.

`SCOPE` is the policy as data: for each role and each kind of record, whether the role reaches
all of them, only those of its own office, city, company or organisation (`OWN`; which of the
four is `ROLE_ANCHOR`, the field that `User.clean` requires), or none. Every `*_visible_to`
selector filters through `scope_q` / `scope_filter`, naming the path from the model it reads to
each anchor (for example `office="household__origin_office"`); a view that needs to know
whether a user is confined to their own company or city asks `confined` or `own_id`.

Scope is one of two locks. The other is the role's permissions (`accounts.roles`): a selector
first checks the permission to read that kind of record at all, then narrows by scope. The
table in docs/architecture.md shows both together (`scope_table`) and a test keeps it equal
to this module.

The M&E officer is a national role (DESIGN.md section 1: they work from the national office,
on indicators of every area): their scope is the whole programme. What they read is cut down
by their permissions (no relocation, referrals, placements, plans or feedback records; counts
of those come through the monitoring app) and by pseudonymisation (`sees_names`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from .models import ROLE_SCOPE_FIELD, Role
from .roles import ROLE_PERMISSIONS

_M = TypeVar("_M", bound=Model)


class Reach(enum.Enum):
    ALL = "all"
    OWN = "own"  # rows of the user's own office, city, company or organisation
    NONE = "none"


class Kind(enum.Enum):
    """The kinds of record a scope is stated for (the columns of the documentation's table;
    KIND_PERMISSIONS names the permission to read each)."""

    # Households and the case records that hang off them: trips, grants, integration plans,
    # proposals, feedback, follow-ups, ledger entries, transfers.
    HOUSEHOLDS = "households"
    PLACEMENTS = "placements"
    REFERRALS = "referrals"
    EMPLOYERS = "employers"  # companies and their vacancies
    PROVIDERS = "providers"  # the service directory
    CITIES = "cities"  # cities and offices
    RUNS = "runs"  # matching runs (programme-wide parameters; their proposals are households)


class Anchor(enum.Enum):
    """What a user with a scoped role is attached to (the user's field of the same name)."""

    OFFICE = "office"
    CITY = "city"
    EMPLOYER = "employer"
    PROVIDER = "provider"


# The role's anchor, from the field each role must have (accounts.models.ROLE_SCOPE_FIELD).
ROLE_ANCHOR: dict[str, Anchor | None] = {
    role: Anchor(field) if field else None for role, field in ROLE_SCOPE_FIELD.items()
}

ALL, OWN, NONE = Reach.ALL, Reach.OWN, Reach.NONE
H, P, R, E, S, C, MR = (
    Kind.HOUSEHOLDS,
    Kind.PLACEMENTS,
    Kind.REFERRALS,
    Kind.EMPLOYERS,
    Kind.PROVIDERS,
    Kind.CITIES,
    Kind.RUNS,
)

# The policy. Cities, offices and matching runs are programme facts: every role that may read
# them reads them all. Placements of the origin office's households are not its business (the
# case has left for its host city). A service partner reaches the referrals made to it; a
# company's HR user its own company, vacancies and hires.
SCOPE: dict[str, dict[Kind, Reach]] = {
    Role.COORDINATOR: {H: ALL, P: ALL, R: ALL, E: ALL, S: ALL, C: ALL, MR: ALL},
    Role.ORIGIN_CASEWORKER: {H: OWN, P: NONE, R: OWN, E: ALL, S: ALL, C: ALL, MR: ALL},
    Role.HOST_CASEWORKER: {H: OWN, P: OWN, R: OWN, E: ALL, S: ALL, C: ALL, MR: ALL},
    Role.EMPLOYER_LIAISON: {H: NONE, P: ALL, R: NONE, E: ALL, S: ALL, C: ALL, MR: ALL},
    Role.EMPLOYER: {H: NONE, P: OWN, R: NONE, E: OWN, S: NONE, C: ALL, MR: ALL},
    Role.SERVICE_PARTNER: {H: NONE, P: NONE, R: OWN, E: NONE, S: OWN, C: ALL, MR: ALL},
    Role.ME_OFFICER: {H: ALL, P: ALL, R: ALL, E: ALL, S: ALL, C: ALL, MR: ALL},
    Role.AUDITOR: {H: ALL, P: ALL, R: ALL, E: ALL, S: ALL, C: ALL, MR: ALL},
}

# The permission needed to read any record of a kind, and the one to change them (for the
# documentation's "read-only" marks).
KIND_PERMISSIONS: dict[Kind, tuple[str, tuple[str, ...]]] = {
    H: ("registry.view_household", ("registry.change_household",)),
    P: ("jobs.view_placement", ("jobs.change_placement",)),
    R: ("referrals.view_referral", ("referrals.add_referral", "referrals.answer_referral")),
    E: ("jobs.view_employer", ("jobs.change_employer", "jobs.change_vacancy")),
    S: ("places.view_serviceprovider", ("places.change_serviceprovider",)),
    C: ("places.view_city", ("places.change_city",)),
    MR: ("matching.view_matchingrun", ("matching.add_matchingrun",)),
}

_NOTHING = Q(pk__in=[])


def reach(user: Any, kind: Kind) -> Reach:
    """How far `user`'s role reaches records of `kind`: nothing for anonymous, inactive or
    role-less users (permissions are checked by the selectors, not here)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Reach.NONE
    return SCOPE.get(user.role, {}).get(kind, Reach.NONE)


def anchor(user: Any) -> Anchor | None:
    """The office, city, company or organisation kind the user is attached to, by role."""
    return ROLE_ANCHOR.get(getattr(user, "role", ""))


def own_id(user: Any, kind: Kind) -> int | None:
    """The id of the office, city, company or organisation to which `user` is confined for
    `kind`; None when the role reaches all or none of them, or lacks its anchor."""
    where = anchor(user)
    if where is None or reach(user, kind) is not Reach.OWN:
        return None
    value = getattr(user, f"{where.value}_id", None)
    return int(value) if value is not None else None


def confined(user: Any, kind: Kind) -> bool:
    """Whether `user` reaches only their own office's, city's, company's or organisation's
    records of `kind` (for example a company's HR user and employers)."""
    return reach(user, kind) is Reach.OWN


def reaches_all(user: Any, kind: Kind) -> bool:
    return reach(user, kind) is Reach.ALL


def anchor_object(user: Any) -> Any:
    """The user's own office, city, company or organisation (by role), or None."""
    where = anchor(user)
    return getattr(user, where.value, None) if where is not None else None


@dataclass(frozen=True)
class Paths:
    """From the model a selector reads to each anchor: a lookup path ending at the office,
    city, employer or provider (e.g. "household__host_city", or "pk" on that model itself).
    An anchor without a path means no record of this model belongs to it."""

    office: str | None = None
    city: str | None = None
    employer: str | None = None
    provider: str | None = None


def _own_match(user: Any, kind: Kind, paths: Paths) -> Q | None:
    """For a user confined to their own anchor: the match on it, or None when the model has no
    path to that anchor or the user lacks it (then nothing is theirs)."""
    where = anchor(user)
    path = getattr(paths, where.value) if where is not None else None
    own = own_id(user, kind)
    if path is None or own is None:
        return None
    return Q(**{path: own})


def scope_q(
    user: Any,
    kind: Kind,
    *,
    office: str | None = None,
    city: str | None = None,
    employer: str | None = None,
    provider: str | None = None,
) -> Q:
    """The condition on a model's rows for the records of `kind` that `user` reaches: Q() for
    all, a match on the user's own anchor for OWN, nothing for none. Each keyword is the path
    from the model to that anchor (see Paths)."""
    how = reach(user, kind)
    if how is Reach.ALL:
        return Q()
    paths = Paths(office=office, city=city, employer=employer, provider=provider)
    match = _own_match(user, kind, paths) if how is Reach.OWN else None
    return _NOTHING if match is None else match


def scope_filter(
    qs: QuerySet[_M],
    user: Any,
    kind: Kind,
    *,
    office: str | None = None,
    city: str | None = None,
    employer: str | None = None,
    provider: str | None = None,
) -> QuerySet[_M]:
    """`qs` narrowed to the records of `kind` that `user` reaches (see scope_q)."""
    how = reach(user, kind)
    if how is Reach.ALL:
        return qs
    paths = Paths(office=office, city=city, employer=employer, provider=provider)
    match = _own_match(user, kind, paths) if how is Reach.OWN else None
    return qs.none() if match is None else qs.filter(match)


def in_scope(
    user: Any,
    kind: Kind,
    *,
    office: int | None = None,
    city: int | None = None,
    employer: int | None = None,
    provider: int | None = None,
) -> bool:
    """Whether one record of `kind`, attached to these office/city/employer/provider ids, is
    in `user`'s scope: the same rule as scope_q, for a record already in hand."""
    how = reach(user, kind)
    if how is not Reach.OWN:
        return how is Reach.ALL
    where = anchor(user)
    ids = {Anchor.OFFICE: office, Anchor.CITY: city, Anchor.EMPLOYER: employer}
    ids[Anchor.PROVIDER] = provider
    own = own_id(user, kind)
    return where is not None and own is not None and ids[where] == own


def users_reaching(
    kind: Kind,
    *,
    office: int | None = None,
    city: int | None = None,
    employer: int | None = None,
    provider: int | None = None,
) -> Q:
    """The users (a condition on accounts.User) whose scope reaches a record of `kind` attached
    to these office/city/employer/provider ids: in_scope the other way round. Permissions are
    the caller's to add."""
    ids = {Anchor.OFFICE: office, Anchor.CITY: city, Anchor.EMPLOYER: employer}
    ids[Anchor.PROVIDER] = provider
    who = _NOTHING
    for role, row in SCOPE.items():
        where = ROLE_ANCHOR[role]
        if row[kind] is Reach.ALL:
            who |= Q(role=role)
        elif row[kind] is Reach.OWN and where is not None and ids[where] is not None:
            who |= Q(role=role, **{f"{where.value}_id": ids[where]})
    return who


# --- the documentation's table ---------------------------------------------------------------

COLUMNS: list[tuple[Kind, str]] = [
    (H, "households"),
    (P, "placements"),
    (R, "referrals"),
    (E, "employers and vacancies"),
    (S, "service directory"),
    (C, "cities and offices"),
    (MR, "matching runs"),
]
ROLE_NAMES: dict[str, str] = {
    Role.COORDINATOR: "coordinator",
    Role.ORIGIN_CASEWORKER: "origin caseworker",
    Role.HOST_CASEWORKER: "host-city caseworker",
    Role.EMPLOYER_LIAISON: "employer liaison",
    Role.EMPLOYER: "employer (company HR)",
    Role.SERVICE_PARTNER: "service partner",
    Role.ME_OFFICER: "M&E officer",
    Role.AUDITOR: "auditor",
}
_OWN_WORDS = {
    Anchor.OFFICE: "their office's",
    Anchor.CITY: "their city's",
    Anchor.EMPLOYER: "their company's",
    Anchor.PROVIDER: "their organisation's",
}


def scope_cell(role: str, kind: Kind, permissions: set[str]) -> str:
    """What `role` reads of `kind`: its scope, unless its permissions give it none at all;
    "read-only" when it may not change them; households without names when pseudonymised."""
    view, change = KIND_PERMISSIONS[kind]
    how = SCOPE[role][kind]
    if view not in permissions or how is Reach.NONE:
        return "none"
    role_anchor = ROLE_ANCHOR[role]
    text = "all" if how is Reach.ALL or role_anchor is None else _OWN_WORDS[role_anchor]
    if kind is Kind.HOUSEHOLDS and "registry.view_names" not in permissions:
        text += ", pseudonymised"
    if not any(perm in permissions for perm in change):
        text += ", read-only"
    return text


def scope_table() -> str:
    """The scope table of docs/architecture.md, in Markdown, from SCOPE and the roles'
    permissions (accounts.roles.ROLE_PERMISSIONS)."""
    head = ["role", *(title for _kind, title in COLUMNS)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for role in Role:
        perms = set(ROLE_PERMISSIONS[role])
        cells = [ROLE_NAMES[role], *(scope_cell(role, kind, perms) for kind, _t in COLUMNS)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

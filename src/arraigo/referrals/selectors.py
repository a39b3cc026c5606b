"""Reads on referrals: staff by role and office or city, a service partner its own only."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.places.models import City, Service, ServiceCategory
from arraigo.registry.consent import consent_annotate
from arraigo.registry.models import ConsentPurpose, Household

from .models import Referral

# Referring someone to a shelter for survivors of violence says what happened to them: such
# referrals are protection-sensitive, like protection notes, and need the same tier (the
# shelter itself sees the referrals made to it).
PROTECTED_CATEGORIES = (ServiceCategory.VIOLENCE_SHELTER,)
PROTECTED_TIER = "casefile.view_protected_note"


def may_see_protected(user: User) -> bool:
    return user.has_perm(PROTECTED_TIER)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Staff: the referrals of households in their scope (accounts.scope); a service partner:
    those made to their organisation, protection-sensitive ones included (it is the service)."""
    qs = Referral.objects.all()
    if not user.is_authenticated or not user.has_perm("referrals.view_referral"):
        return qs.none()
    qs = scope.scope_filter(
        qs,
        user,
        scope.Kind.REFERRALS,
        office="household__origin_office",
        city="household__host_city",
        provider="provider",
    )
    if not may_see_protected(user) and scope.anchor(user) is not scope.Anchor.PROVIDER:
        qs = qs.exclude(service__category__in=PROTECTED_CATEGORIES)
    return qs


def referrals_list(
    user: User, *, q: str = "", status: str = "", category: str = "", city: int | None = None
) -> QuerySet[Referral]:
    """The keys of the referrals `user` may see, filtered, latest first: read in the order of
    the (sent at, id) index without the consent columns, so a page costs the same at any
    size; `referral_rows` reads the page's rows."""
    qs = referrals_visible_to(user).select_related(None)
    if q:
        qs = qs.filter(
            Q(household__code__icontains=q)
            | Q(service__name__icontains=q)
            | Q(provider__name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(service__category=category)
    if city:
        qs = qs.filter(provider__city_id=city)
    return qs.order_by("-sent_at", "-id")


def referral_rows(ids: list[int]) -> list[Referral]:
    """The referrals `ids` (a page of `referrals_list`), in that order, with what the list
    shows of them and the household's consent to share with service partners."""
    rows = _with_consent(Referral.objects.filter(pk__in=ids)).select_related(
        "household", "service", "provider", "provider__city", "sent_by"
    )
    by_id = {referral.pk: referral for referral in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _with_consent(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The partner portal is an exit: `Referral.shared_now` reads these annotations."""
    return consent_annotate(qs, ConsentPurpose.SERVICE_PARTNERS)


def referral_get_for(user: User, pk: int) -> Referral:
    return get_object_or_404(
        _with_consent(referrals_visible_to(user)).select_related(
            "household", "person", "service", "provider", "sent_by", "answered_by"
        ),
        pk=pk,
    )


def household_referrals(user: User, household_id: int) -> list[Referral]:
    return list(
        referrals_visible_to(user)
        .filter(household_id=household_id)
        .select_related("person", "service", "provider")
        .order_by("-sent_at", "-id")
    )


def household_city(household: Household) -> City | None:
    """Where the household lives now: its host city, else its origin office's city."""
    if household.host_city_id is not None:
        return household.host_city
    return household.origin_office.city if household.origin_office_id else None


def services_for(household: Household, user: User) -> QuerySet[Service]:
    """The active services of active providers in the city where the household lives that
    `user` may refer to (protection-sensitive ones only with that tier)."""
    city = household_city(household)
    qs = Service.objects.filter(active=True, provider__active=True, provider__city=city)
    if not may_see_protected(user):
        qs = qs.exclude(category__in=PROTECTED_CATEGORIES)
    return qs.select_related("provider").order_by("category", "provider__name", "name")


def referral_counts(qs: QuerySet[Referral]) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))

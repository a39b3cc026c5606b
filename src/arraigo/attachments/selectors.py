"""Reads on files, always through the scope of the record each file is attached to.

A file is seen by who sees its record, with the permission to read files
(`attachments.view_attachment`):
- files of a case's identity documents, consent answers and milestones: roles that read that
  household with names (`households_visible_to`, `registry.view_names`; documents also
  `registry.view_person`; milestones through `casework.plans_visible_to`). The M&E officer,
  who works pseudonymised, reads none; nor do employers or employer liaisons.
- files of a referral: who sees the referral (`referrals_visible_to`): staff by office or
  city, protection-sensitive services only with that tier, and a service partner the
  referrals made to its own organisation, and nothing else of the case.

A partner is an exit: it may download a referral's file only while the household consents to
sharing with service partners (`withheld_from`).
"""

from __future__ import annotations

from typing import TypeAlias
from uuid import UUID

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.casework.models import IntegrationPlan, Milestone
from arraigo.casework.selectors import plans_visible_to
from arraigo.referrals.models import Referral
from arraigo.referrals.selectors import referrals_visible_to
from arraigo.registry.consent import consent_answer, consent_withheld_label
from arraigo.registry.models import Consent, ConsentPurpose, Household, IdentityDocument
from arraigo.registry.selectors import households_visible_to

from .models import Attachment, AttachmentKind
from .rules import VIEW, is_partner

Target: TypeAlias = IdentityDocument | Consent | Milestone | Referral


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    """Every file `user` may see (the module's docstring says whose)."""
    qs = Attachment.objects.all()
    if not (user.is_authenticated and user.is_active and user.has_perm(VIEW)):
        return qs.none()
    seen = Q(referral__in=referrals_visible_to(user))
    if sees_names(user):
        households = households_visible_to(user)
        seen |= Q(consent__isnull=False, household__in=households)
        if user.has_perm("registry.view_person"):
            seen |= Q(document__isnull=False, household__in=households)
        seen |= Q(milestone__plan__in=plans_visible_to(user))
    return qs.filter(seen)


def attachment_get_for(user: User, public_id: UUID) -> Attachment:
    """One file `user` may see, by its public id; 404 otherwise (as if it did not exist)."""
    return get_object_or_404(
        attachments_visible_to(user).select_related(
            "household", "referral", "milestone", "document__person", "consent"
        ),
        public_id=public_id,
    )


def withheld_from(user: User, attachment: Attachment) -> str:
    """Why the file may not leave the case for `user`, or "" when it may. Only a service
    partner is an exit here, and reads a referral's files while the household's latest answer
    on sharing with service partners is yes (a coordinator's override lets a referral go
    without consent, not the files on it). One query for a partner, none for staff."""
    if not is_partner(user):
        return ""
    given = consent_answer(attachment.household, ConsentPurpose.SERVICE_PARTNERS)
    return "" if given is True else consent_withheld_label(given)


def household_files(user: User, household: Household) -> list[Attachment]:
    """The files on the household's identity documents and consent answers that `user` may
    see, oldest first, with what their lists show."""
    return list(
        attachments_visible_to(user)
        .filter(household=household)
        .filter(Q(document__isnull=False) | Q(consent__isnull=False))
        .select_related("uploaded_by", "document__document_type", "consent")
        .order_by("uploaded_at", "id")
    )


def plan_files(user: User, plan: IntegrationPlan) -> list[Attachment]:
    """The files on the plan's milestones that `user` may see."""
    return list(
        attachments_visible_to(user)
        .filter(milestone__plan=plan)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )


def referral_files(user: User, referral: Referral) -> list[Attachment]:
    """The referral's files that `user` may see."""
    return list(
        attachments_visible_to(user)
        .filter(referral=referral)
        .select_related("uploaded_by", "referral")
        .order_by("uploaded_at", "id")
    )


def target_get_for(user: User, kind: str, pk: int) -> Target:
    """The record of `kind` a file is to be attached to, among those `user` sees; 404
    otherwise."""
    households = households_visible_to(user)
    if kind == AttachmentKind.DOCUMENT:
        return get_object_or_404(
            IdentityDocument.objects.filter(person__household__in=households).select_related(
                "person"
            ),
            pk=pk,
        )
    if kind == AttachmentKind.CONSENT:
        return get_object_or_404(Consent.objects.filter(household__in=households), pk=pk)
    if kind == AttachmentKind.MILESTONE:
        return get_object_or_404(
            Milestone.objects.filter(plan__in=plans_visible_to(user)).select_related("plan"),
            pk=pk,
        )
    if kind == AttachmentKind.REFERRAL:
        return get_object_or_404(referrals_visible_to(user), pk=pk)
    raise ValueError(kind)


def kind_of(target: Target) -> str:
    if isinstance(target, IdentityDocument):
        return AttachmentKind.DOCUMENT
    if isinstance(target, Consent):
        return AttachmentKind.CONSENT
    if isinstance(target, Milestone):
        return AttachmentKind.MILESTONE
    return AttachmentKind.REFERRAL


def household_id_of(target: Target) -> int:
    """The household a record belongs to (a document through its person, a milestone through
    its plan)."""
    if isinstance(target, IdentityDocument):
        return int(target.person.household_id)
    if isinstance(target, Milestone):
        return int(target.plan.household_id)
    return int(target.household_id)


def target_in_scope(user: User, target: Target) -> bool:
    """Whether the record is one `user` sees: its household, plan or referral in scope."""
    if isinstance(target, Milestone):
        return plans_visible_to(user).filter(pk=target.plan_id).exists()
    if isinstance(target, Referral):
        return referrals_visible_to(user).filter(pk=target.pk).exists()
    return households_visible_to(user).filter(pk=household_id_of(target)).exists()

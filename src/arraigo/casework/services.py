"""Writes on integration plans: open a plan from the template, update and assign milestones,
and (coordinators) edit the template for new plans."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.registry.models import (
    Household,
    HouseholdStatus,
    IdentityDocument,
    Modality,
    NeedCode,
    Relationship,
    SpecificNeed,
    StatusChange,
)
from arraigo.registry.selectors import households_visible_to

from .models import (
    OPEN_MILESTONE,
    IntegrationPlan,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    PlanTemplate,
    TemplateMilestone,
)
from .rows import milestone_row, plan_row
from .rules import (
    Member,
    MilestoneRule,
    PlanRules,
    milestone_due_on,
    naturalisation_date,
    plan_items,
    plan_rules,
)

EVIDENCE_MAX = 300
# Households that live where they are accompanied: relocated ones after arrival, in-place ones.
PLAN_STATUSES = (HouseholdStatus.ARRIVED, HouseholdStatus.INTEGRATING, HouseholdStatus.FOLLOWED_UP)


def template_current() -> PlanTemplate:
    """The stored template of the rules' version (stored, with its milestones, on first use)."""
    rules = plan_rules()
    template, created = PlanTemplate.objects.get_or_create(version=rules.version)
    if created:
        TemplateMilestone.objects.bulk_create(
            TemplateMilestone(
                template=template,
                code=rule.code,
                applies=rule.applies,
                title_en=rule.title_en,
                title_es=rule.title_es,
                due_days=rule.due_days,
                position=index,
            )
            for index, rule in enumerate(rules.milestones)
        )
    return template


def _members(household: Household, on: dt.date) -> tuple[list[Member], bool]:
    disabled = set(
        SpecificNeed.objects.filter(household=household, code=NeedCode.DISABILITY).values_list(
            "person_id", flat=True
        )
    )
    single_parent = SpecificNeed.objects.filter(
        household=household, code=NeedCode.SINGLE_PARENT
    ).exists()
    members = [
        Member(
            id=p.pk,
            age=p.age_on(on),
            willing_and_able=p.willing_to_work and p.able_to_work,
            spanish=p.spanish_level,
            education=p.education_level,
            disability=p.pk in disabled,
        )
        for p in household.members.order_by("id")
    ]
    return members, single_parent


def plan_start_day(household: Household) -> dt.date:
    """The arrival (or, in place, the move to integrating); today if the history has neither.

    The arrival is the day the relocation recorded the household arrived (check-in asks for
    it, and it can be corrected), not the moment the check-in was entered."""
    arrived_on = (
        household.relocation_plans.filter(status="arrived", arrived_on__isnull=False)
        .order_by("-arrived_on")
        .values_list("arrived_on", flat=True)
        .first()
    )
    if arrived_on is not None:
        return arrived_on
    moved = (
        StatusChange.objects.filter(
            household=household,
            to_status__in=(HouseholdStatus.ARRIVED, HouseholdStatus.INTEGRATING),
        )
        .order_by("changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    return timezone.localdate(moved) if moved else timezone.localdate()


@transaction.atomic
def plan_open(*, actor: User, household: Household) -> IntegrationPlan:
    """Make the household's integration plan from the template in use, adapted to its members."""
    require_perm(actor, "casework.add_integrationplan")
    if not households_visible_to(actor).filter(pk=household.pk).exists():
        raise NotPermitted()
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.status not in PLAN_STATUSES:
        what = (
            _("%(code)s has not arrived yet: its plan starts on arrival.")
            if locked.modality == Modality.RELOCATION
            else _("%(code)s is not being accompanied yet: move it to integrating first.")
        )
        raise ValidationFailed({None: [what % {"code": locked.code}]})
    current = IntegrationPlan.objects.filter(household=locked, status=PlanStatus.OPEN).first()
    if current is not None:
        raise ValidationFailed(
            {
                None: [
                    _("%(code)s already has an open integration plan (plan %(plan)s).")
                    % {"code": locked.code, "plan": current.pk}
                ]
            }
        )
    template = template_current()
    started = plan_start_day(locked)
    members, single_parent = _members(locked, started)
    rules = plan_rules()
    in_use = list(template.milestones.filter(active=True).order_by("position", "id"))
    caseworker = actor if actor.role == Role.HOST_CASEWORKER else None
    plan = plan_row(
        household_id=locked.pk,
        template_id=template.pk,
        started_on=started,
        caseworker_id=caseworker.pk if caseworker is not None else None,
        created_by_id=actor.pk,
    )
    plan.household = locked
    plan.save()
    items = plan_items(
        rules, [milestone_rule(t) for t in in_use], members, single_parent=single_parent
    )
    positions = {t.code: t.position for t in in_use}
    eligible_on = plan_naturalisation_day(plan, rules)
    Milestone.objects.bulk_create(
        milestone_row(
            plan_id=plan.pk,
            rule=rule,
            person_id=person,
            position=positions[rule.code],
            due_on=milestone_due_on(rules, rule, started=started, eligible_on=eligible_on),
            responsible_id=caseworker.pk if caseworker is not None else None,
        )
        for rule, person in items
    )
    return plan


def milestone_rule(item: TemplateMilestone) -> MilestoneRule:
    """The template row as the rules read it (the coordinator's edits included)."""
    return MilestoneRule(
        code=item.code,
        applies=item.applies,
        due_days=item.due_days,
        role="host_caseworker",
        title_en=item.title_en,
        title_es=item.title_es,
    )


def plan_naturalisation_day(
    plan: IntegrationPlan, rules: PlanRules | None = None
) -> dt.date | None:
    """When the household meets the residence rule: from the permanent residence card of the
    household's head (not of the first member registered), for the head's nationality."""
    rules = rules or plan_rules()
    head = plan.household.members.filter(relationship=Relationship.HEAD).first()
    if head is None:
        return None
    card = (
        IdentityDocument.objects.filter(person=head, document_type__code="permanent_residence")
        .exclude(issued_on=None)
        .order_by("issued_on")
        .values_list("issued_on", flat=True)
        .first()
    )
    return naturalisation_date(rules, residency_from=card, nationality=str(head.nationality))


def _milestone_lock(actor: User, milestone: Milestone) -> Milestone:
    require_perm(actor, "casework.change_milestone")
    visible = households_visible_to(actor).filter(pk=milestone.plan.household_id).exists()
    if not visible:
        raise NotPermitted()
    return Milestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)


@transaction.atomic
def milestone_update(
    *,
    actor: User,
    milestone: Milestone,
    status: str,
    evidence: str = "",
    done_on: dt.date | None = None,
    responsible: User | None = None,
) -> Milestone:
    """Move a milestone on. Done needs the evidence (what shows it, e.g. the CURP number or the
    school's letter) and the day; not applicable needs the reason in the evidence. A
    `responsible` given hands the milestone to that person (who must work on the case)."""
    locked = _milestone_lock(actor, milestone)
    errors: Errors = {}
    if responsible is not None and not _on_the_case(responsible, locked):
        add_error(errors, "responsible", _("This person does not work on this household's case."))
    evidence = evidence.strip()
    if locked.plan.status != PlanStatus.OPEN:
        add_error(errors, None, _("This plan is closed."))
    if status not in MilestoneStatus.values:
        add_error(errors, "status", _("Unknown status."))
    if len(evidence) > EVIDENCE_MAX:
        add_error(errors, "evidence", _("At most %(max)d characters.") % {"max": EVIDENCE_MAX})
    if status in (MilestoneStatus.DONE, MilestoneStatus.NOT_APPLICABLE) and not evidence:
        add_error(errors, "evidence", _("Say what shows it (a number, a document, a reason)."))
    if status == MilestoneStatus.DONE:
        if done_on is None:
            add_error(errors, "done_on", _("Give the day it was done."))
        elif done_on > timezone.localdate():
            add_error(errors, "done_on", _("The day cannot be in the future."))
    if errors:
        raise ValidationFailed(errors)
    locked.status = status
    locked.evidence = evidence
    locked.done_on = done_on if status == MilestoneStatus.DONE else None
    locked.responsible = responsible or locked.responsible
    locked.updated_by = actor
    locked.save(
        update_fields=["status", "evidence", "done_on", "responsible", "updated_by", "updated_at"]
    )
    return locked


@transaction.atomic
def milestone_done_by_record(
    *, actor: User, person_id: int, code: str, done_on: dt.date, evidence: str
) -> Milestone | None:
    """A fact recorded in another part of the case (a job start, an IMSS registration)
    completes the person's milestone of `code` in their open plan, with `evidence` saying where
    it is recorded. Nothing happens when there is no such milestone still to do."""
    milestone = (
        Milestone.objects.select_for_update()
        .filter(
            person_id=person_id, code=code, status__in=OPEN_MILESTONE, plan__status=PlanStatus.OPEN
        )
        .order_by("id")
        .first()
    )
    if milestone is None:
        return None
    milestone.status = MilestoneStatus.DONE
    milestone.done_on = done_on
    milestone.evidence = evidence[:EVIDENCE_MAX]
    milestone.updated_by = actor
    milestone.save(update_fields=["status", "evidence", "done_on", "updated_by", "updated_at"])
    return milestone


def _on_the_case(user: User, milestone: Milestone) -> bool:
    return user.has_perm("casework.change_milestone") and (
        households_visible_to(user).filter(pk=milestone.plan.household_id).exists()
    )


@transaction.atomic
def milestone_assign(*, actor: User, milestone: Milestone, responsible: User) -> Milestone:
    locked = _milestone_lock(actor, milestone)
    if not _on_the_case(responsible, locked):
        raise ValidationFailed(
            {"responsible": [_("This person does not work on this household's case.")]}
        )
    locked.responsible = responsible
    locked.updated_by = actor
    locked.save(update_fields=["responsible", "updated_by", "updated_at"])
    return locked


@transaction.atomic
def plan_hand_over(*, household: Household, to: User) -> int:
    """A case transferred to another host city: its open plan and every milestone still to do
    go to the receiving caseworker, who answered the transfer (the sender no longer sees the
    case). Called by the transfer service on acceptance; returns the milestones moved."""
    plan = (
        IntegrationPlan.objects.select_for_update()
        .filter(household=household, status=PlanStatus.OPEN)
        .first()
    )
    if plan is None:
        return 0
    plan.caseworker = to
    plan.save(update_fields=["caseworker"])
    moved = 0
    for milestone in plan.milestones.filter(status__in=OPEN_MILESTONE).order_by("id"):
        milestone.responsible = to
        milestone.updated_by = to
        milestone.save(update_fields=["responsible", "updated_by", "updated_at"])  # audited
        moved += 1
    return moved


@transaction.atomic
def template_milestone_update(
    *,
    actor: User,
    item: TemplateMilestone,
    title_en: str,
    title_es: str,
    due_days: int,
    active: bool,
) -> TemplateMilestone:
    """Coordinators edit the template; plans already made keep their milestones."""
    require_perm(actor, "casework.change_templatemilestone")
    errors: Errors = {}
    if not title_en.strip():
        add_error(errors, "title_en", _("A title is needed."))
    if not title_es.strip():
        add_error(errors, "title_es", _("A title is needed."))
    if not 0 <= due_days <= 3650:
        add_error(errors, "due_days", _("Between 0 and 3,650 days."))
    if errors:
        raise ValidationFailed(errors)
    locked = TemplateMilestone.objects.select_for_update().get(pk=item.pk)
    locked.title_en, locked.title_es = title_en.strip(), title_es.strip()
    locked.due_days, locked.active = due_days, active
    locked.save(update_fields=["title_en", "title_es", "due_days", "active"])
    return locked

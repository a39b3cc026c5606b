"""Roles as Django groups, each with the permissions its work needs (DESIGN.md section 1).

Scope (which office, city, company or partner) is applied by the selectors on top of these.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import Group, Permission

from .models import Role

_VIEW_PLACES = [
    "places.view_city",
    "places.view_office",
    "places.view_capacity",
    "places.view_serviceprovider",
    "places.view_service",
]
_VIEW_JOBS = ["jobs.view_employer", "jobs.view_vacancy"]
_EDIT_PLACES = [
    "places.add_city",
    "places.change_city",
    "places.add_capacity",
    "places.change_capacity",
    "places.add_serviceprovider",
    "places.change_serviceprovider",
    "places.add_service",
    "places.change_service",
    "places.add_office",
    "places.change_office",
]
_EDIT_JOBS = [
    "jobs.add_employer",
    "jobs.change_employer",
    "jobs.add_vacancy",
    "jobs.change_vacancy",
]
_NOTES = ["casefile.view_casenote", "casefile.add_casenote"]
# Protection-sensitive notes (violence, health): the coordinator and the host-city caseworkers
# who accompany the household; not origin offices, auditors or anyone outside the programme.
_PROTECTED_NOTES = "casefile.view_protected_note"

_CASEWORK = [
    *_NOTES,
    "registry.view_household",
    "registry.add_household",
    "registry.change_household",
    "registry.view_person",
    "registry.add_person",
    "registry.change_person",
    "registry.view_names",
]

_VIEW_RELOCATION = [
    "relocation.view_relocationplan",
    "relocation.view_departure",
    "relocation.view_ticket",
    "relocation.view_lodgingstay",
    "relocation.view_grant",
]
_ORIGIN_RELOCATION = [
    *_VIEW_RELOCATION,
    "relocation.add_relocationplan",
    "relocation.change_relocationplan",
    "relocation.add_grant",
    "relocation.view_followuprequest",
    "relocation.change_followuprequest",
]
_HOST_RELOCATION = [
    *_VIEW_RELOCATION,
    "relocation.change_ticket",  # check-in on arrival
    "relocation.add_lodgingstay",
    "relocation.change_lodgingstay",
    "relocation.add_grant",
]
_MONEY_VIEW = [
    "relocation.view_budgetline",
    "relocation.view_ledgerentry",
    "relocation.export_ledger",
    "relocation.view_granttable",
]
_COORDINATOR_RELOCATION = [
    *_ORIGIN_RELOCATION,
    *_HOST_RELOCATION,
    *_MONEY_VIEW,
    "relocation.add_departure",
    "relocation.change_departure",
    "relocation.add_lodgingextension",
    "relocation.approve_grant",
    "relocation.disburse_grant",
    "relocation.change_grant",
    "relocation.add_budgetline",
    "relocation.change_budgetline",
]

_PLANS = [
    "casework.view_integrationplan",
    "casework.add_integrationplan",
    "casework.change_milestone",
]

_FEEDBACK = [
    "feedback.view_feedbackcase",
    "feedback.add_feedbackcase",
    "feedback.change_feedbackcase",
]
# The designated focal point for sexual exploitation and abuse reports: the coordinator.
_SEA = "feedback.view_sea"

_REFER = ["referrals.view_referral", "referrals.add_referral"]

_PLACEMENTS = ["jobs.view_placement", "jobs.add_placement", "jobs.change_placement"]

_VIEW_MATCHING = ["matching.view_matchingrun", "matching.view_proposal"]

# Figures over the whole programme (monitoring app): counts and charts, never names.
_AGGREGATES = "monitoring.view_aggregates"
# Survey answers from files (the interchange format, KoboToolbox exports): no names shown.
_IMPORT_SURVEYS = "monitoring.import_surveys"
_REVIEW_MATCHING = [*_VIEW_MATCHING, "matching.change_proposal"]

# Follow-up surveys entered on the web (monitoring: a household's interview and its members'
# answers): the coordinator and the host-city caseworkers who accompany the household; the
# auditor reads them. Not the M&E officer: the entry pages carry names (M&E reads indicators).
_VIEW_SURVEYS = ["monitoring.view_interview", "monitoring.view_followupanswer"]
_SURVEYS = [
    *_VIEW_SURVEYS,
    "monitoring.add_interview",
    "monitoring.change_interview",
    "monitoring.add_followupanswer",
    "monitoring.change_followupanswer",
]

# KoboToolbox forms posting through REST Services, their submissions, and outgoing webhooks:
# the coordinator connects other systems (codes and ids cross, never names).
_KOBO_HOOKS = [
    "monitoring.view_koboform",
    "monitoring.add_koboform",
    "monitoring.change_koboform",
    "monitoring.view_kobosubmission",
    "monitoring.retry_kobosubmission",
]
_WEBHOOKS = [
    "webhooks.view_subscriber",
    "webhooks.add_subscriber",
    "webhooks.change_subscriber",
    "webhooks.view_delivery",
    "webhooks.retry_delivery",
]

# Files on cases (arraigo.attachments): attached and removed by who changes the record (the
# record's own permission is checked too), read by who reads the case with names, and by a
# service partner on the referrals made to it. The auditor reads them.
_FILES = [
    "attachments.view_attachment",
    "attachments.add_attachment",
    "attachments.delete_attachment",
]

# Erasure of a household or member (arraigo.privacy): one coordinator asks, another approves.
_ERASURE = [
    "privacy.view_erasurerequest",
    "privacy.request_erasure",
    "privacy.approve_erasure",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: [
        *_CASEWORK,
        *_VIEW_PLACES,
        *_VIEW_JOBS,
        *_EDIT_PLACES,
        *_EDIT_JOBS,
        "registry.approve_exception",
        "registry.resolve_duplicate",
        "accounts.view_audit_trail",
        # sign-in locks: see them and lift them (accounts.locks)
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        # a lost phone: remove another user's second factor, who enrols again (accounts)
        "accounts.reset_second_factor",
        *_REVIEW_MATCHING,
        "matching.add_matchingrun",
        *_COORDINATOR_RELOCATION,
        *_PLACEMENTS,
        *_REFER,
        "referrals.answer_referral",
        "referrals.override_referral_consent",
        *_PLANS,
        "casework.change_templatemilestone",
        _PROTECTED_NOTES,
        *_FEEDBACK,
        _SEA,
        _AGGREGATES,
        *_SURVEYS,
        _IMPORT_SURVEYS,
        "monitoring.export_records",
        "background.view_task",
        "background.retry_task",
        *_KOBO_HOOKS,
        *_WEBHOOKS,
        *_FILES,
        *_ERASURE,
    ],
    Role.ORIGIN_CASEWORKER: [
        *_CASEWORK,
        *_VIEW_PLACES,
        *_VIEW_JOBS,
        *_REVIEW_MATCHING,
        *_ORIGIN_RELOCATION,
        *_REFER,
        *_PLANS,
        *_FEEDBACK,
        *_FILES,
    ],
    Role.HOST_CASEWORKER: [
        *_CASEWORK,
        *_VIEW_PLACES,
        *_VIEW_JOBS,
        *_VIEW_MATCHING,
        *_HOST_RELOCATION,
        *_PLACEMENTS,
        *_REFER,
        *_PLANS,
        _PROTECTED_NOTES,
        *_FEEDBACK,
        *_SURVEYS,
        *_FILES,
    ],
    Role.EMPLOYER_LIAISON: [*_VIEW_PLACES, *_VIEW_JOBS, *_EDIT_JOBS, *_PLACEMENTS],
    Role.EMPLOYER: [
        "jobs.view_employer",
        "jobs.view_vacancy",
        "jobs.add_vacancy",
        "jobs.change_vacancy",
        *_PLACEMENTS,
    ],
    Role.SERVICE_PARTNER: [
        "places.view_serviceprovider",
        "places.view_service",
        "referrals.view_referral",
        "referrals.answer_referral",
        *_FILES,
    ],
    # Counts and charts of every area, and a pseudonymised export; no list of people.
    Role.ME_OFFICER: [
        "registry.view_household",
        *_VIEW_PLACES,
        *_VIEW_JOBS,
        *_VIEW_MATCHING,
        _AGGREGATES,
        "monitoring.export_pseudonymised",
        _IMPORT_SURVEYS,
    ],
    Role.AUDITOR: [
        "registry.view_household",
        "registry.view_person",
        "registry.view_names",
        *_VIEW_PLACES,
        *_VIEW_JOBS,
        "accounts.view_audit_trail",
        *_VIEW_MATCHING,
        *_VIEW_RELOCATION,
        *_MONEY_VIEW,
        "relocation.view_followuprequest",
        "jobs.view_placement",
        "referrals.view_referral",
        "casework.view_integrationplan",
        "casefile.view_casenote",
        "feedback.view_feedbackcase",
        _AGGREGATES,
        *_VIEW_SURVEYS,
        "attachments.view_attachment",
    ],
}


def roles_sync() -> None:
    """Create one group per role and give it exactly its permissions. Idempotent.

    Reads the groups, the permissions the roles name and the groups' current permissions in
    one query each, and writes only what differs: when nothing changed it costs three queries
    (it runs after every app's migrations, and before tests that empty the database).
    """
    apps = {dotted.split(".")[0] for perms in ROLE_PERMISSIONS.values() for dotted in perms}
    codenames = {dotted.split(".")[1] for perms in ROLE_PERMISSIONS.values() for dotted in perms}
    by_dotted: dict[str, set[int]] = defaultdict(set)
    for pk, app_label, codename in Permission.objects.filter(
        content_type__app_label__in=apps, codename__in=codenames
    ).values_list("pk", "content_type__app_label", "codename"):
        by_dotted[f"{app_label}.{codename}"].add(pk)

    groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_PERMISSIONS)}
    for role in ROLE_PERMISSIONS:
        if str(role) not in groups:
            groups[str(role)], _created = Group.objects.get_or_create(name=str(role))

    wanted = {
        (groups[str(role)].pk, pk)
        for role, perms in ROLE_PERMISSIONS.items()
        for dotted in perms
        for pk in by_dotted.get(dotted, ())
    }
    links = Group.permissions.through
    held = set(
        links.objects.filter(group__in=groups.values()).values_list("group_id", "permission_id")
    )
    if missing := wanted - held:
        links.objects.bulk_create(
            [links(group_id=group, permission_id=perm) for group, perm in sorted(missing)]
        )
    extra: dict[int, list[int]] = defaultdict(list)
    for group, perm in held - wanted:
        extra[group].append(perm)
    for group, perms in extra.items():
        links.objects.filter(group_id=group, permission_id__in=perms).delete()

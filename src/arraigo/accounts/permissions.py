"""What a role may reach: navigation entries and small predicates used by views."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role, User

AGGREGATES = "monitoring.view_aggregates"  # the programme's figures, no one's record

NAV: list[tuple[str, Any, str | None]] = [
    # (url name, label, permission needed or None for everyone signed in)
    ("home:dashboard", _("Dashboard"), "registry.view_household"),
    ("registry:household_list", _("Households"), "registry.view_household"),
    ("registry:duplicate_list", _("Duplicates"), "registry.resolve_duplicate"),
    ("casefile:transfer_list", _("Transfers"), "registry.change_household"),
    ("places:city_list", _("Cities"), "places.view_city"),
    ("places:provider_list", _("Services"), "places.view_serviceprovider"),
    ("jobs:employer_list", _("Employers"), "jobs.view_employer"),
    ("jobs:vacancy_list", _("Vacancies"), "jobs.view_vacancy"),
    ("jobs:placement_list", _("Placements"), "jobs.view_placement"),
    ("matching:run_list", _("Matching"), "matching.view_matchingrun"),
    ("relocation:plan_list", _("Relocation"), "relocation.view_relocationplan"),
    ("casework:work_list", _("Tasks"), "casework.change_milestone"),
    ("casework:workload", _("Workload"), "casework.change_templatemilestone"),
    ("monitoring:survey_list", _("Surveys"), "monitoring.add_interview"),
    ("referrals:referral_list", _("Referrals"), "referrals.view_referral"),
    ("feedback:feedback_list", _("Feedback"), "feedback.view_feedbackcase"),
    ("relocation:grant_list", _("Grants"), "relocation.view_grant"),
    ("relocation:budget", _("Budget"), "relocation.view_budgetline"),
    ("accounts:audit_list", _("Audit trail"), "accounts.view_audit_trail"),
    ("accounts:lock_list", _("Sign-in locks"), "axes.view_accessattempt"),
    ("privacy:request_list", _("Erasure requests"), "privacy.view_erasurerequest"),
    ("background:task_list", _("Background jobs"), "background.view_task"),
    ("bulk:import_list", _("Import"), "registry.add_household"),
    ("monitoring:kobo_submissions", _("KoboToolbox"), "monitoring.view_kobosubmission"),
    ("webhooks:subscriber_list", _("Webhooks"), "webhooks.view_subscriber"),
    ("monitoring:index", _("Monitoring"), AGGREGATES),
    ("monitoring:results", _("Results report"), AGGREGATES),
]


def navigation_for(user: User) -> list[dict[str, str]]:
    items = []
    for url_name, label, perm in NAV:
        if perm is None or user.has_perm(perm):
            try:
                items.append({"url": reverse(url_name), "label": str(label), "name": url_name})
            except NoReverseMatch:
                continue
    return items


def sees_names(user: User) -> bool:
    """M&E officers work on pseudonymised data: no names, documents or phones."""
    return user.has_perm("registry.view_names") and user.role != Role.ME_OFFICER


def figures_only(user: User, perm: str) -> bool:
    """Whether `user` reads the programme's figures but not the records behind `perm`: a list
    page then sends them to its monitoring page (figures, not the list of people)."""
    return not user.has_perm(perm) and user.has_perm(AGGREGATES)

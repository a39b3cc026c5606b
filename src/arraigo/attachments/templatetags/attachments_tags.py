"""The files of a case's records, on the pages that show those records: a member's identity
documents and the consent answers (household page), each milestone (plan page), a referral
(referral page). The other apps' templates load these tags, so they do not import this app.

Each list is read once per page: the household's or plan's files in one query, kept on the
page's household or plan object for the other members' or milestones' tags.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.permissions import sees_names
from arraigo.casework.models import IntegrationPlan, Milestone
from arraigo.casework.rules import in_active_language
from arraigo.referrals.models import Referral
from arraigo.registry.consent import consent_withheld_label
from arraigo.registry.models import Consent, Household, IdentityDocument, Person

from ..content import KNOWN_TYPES
from ..models import Attachment, AttachmentKind
from ..rules import VIEW, is_partner, may_attach, may_remove
from ..selectors import household_files, plan_files, referral_files, withheld_from
from ..services import allowed_types, allowed_types_label, max_bytes

register = template.Library()

_CACHE = "_attachments_by_user"


def _once(owner: Model, user: Any, load: Callable[[], list[Attachment]]) -> list[Attachment]:
    """`load()` the first time a page asks for `owner`'s files, the same list afterwards."""
    cache: dict[int, list[Attachment]] = owner.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = load()
    return cache[user.pk]


def _upload(user: Any, kind: str, key: str, choices: list[tuple[int, str]]) -> dict[str, Any]:
    """What the upload form needs: where it posts, what it may attach to, what it accepts."""
    accept = [
        extension
        for content_type in allowed_types()
        for extension in KNOWN_TYPES.get(content_type, ((), ""))[0]
    ]
    return {
        "action": reverse("attachments:add", args=[kind]),
        "key": key,
        "choices": choices,
        "accept": ",".join([*accept, *allowed_types()]),
        "hint": _("%(types)s, at most %(max)d MB.")
        % {"types": allowed_types_label(), "max": max_bytes() // (1024 * 1024)},
    }


def _section(
    user: Any, files: list[Attachment], upload: dict[str, Any] | None, **extra: Any
) -> dict[str, Any]:
    return {
        "shown": bool(files or upload),
        "files": files,
        "removable": {f.pk for f in files if may_remove(user, f)},
        "upload": upload,
        **extra,
    }


def _document_label(document: IdentityDocument) -> str:
    kind = document.document_type
    return in_active_language(kind.name_en, kind.name_es)


def _consent_label(consent: Consent) -> str:
    answer = _("given") if consent.given else _("refused")
    when = (consent.given_on or timezone.localdate(consent.recorded_at)).isoformat()
    return f"{consent.get_purpose_display()} ({answer}, {when})"


@register.inclusion_tag("attachments/includes/document_files.html", takes_context=True)
def document_files(context: template.Context, person: Person) -> dict[str, Any]:
    """The scans of `person`'s identity documents, and the form to attach one. The household
    page has fetched the household (context["household"]) within the user's scope."""
    user = context["request"].user
    household: Household = context.get("household") or person.household
    if not (user.has_perm(VIEW) and sees_names(user)):
        return {"shown": False}
    documents = list(person.documents.all())
    ids = {document.pk: document for document in documents}
    files = []
    for f in _once(household, user, lambda: household_files(user, household)):
        document = ids.get(f.document_id or 0)
        if document is not None:
            f.label = _document_label(document)  # type: ignore[attr-defined]
            files.append(f)
    upload = None
    if documents and may_attach(user, AttachmentKind.DOCUMENT):
        choices = [(d.pk, _document_label(d)) for d in documents]
        upload = _upload(user, AttachmentKind.DOCUMENT, f"person{person.pk}", choices)
    return _section(user, files, upload, person=person)


@register.inclusion_tag("attachments/includes/consent_files.html", takes_context=True)
def consent_files(context: template.Context, household: Household) -> dict[str, Any]:
    """The signed forms of the household's consent answers, and the form to attach one to a
    current answer."""
    user = context["request"].user
    if not (user.has_perm(VIEW) and sees_names(user)):
        return {"shown": False}
    answers = sorted(household.consents.all(), key=lambda c: (c.recorded_at, c.pk), reverse=True)
    by_id = {consent.pk: consent for consent in answers}
    files = []
    for f in _once(household, user, lambda: household_files(user, household)):
        consent = by_id.get(f.consent_id or 0) or f.consent
        if consent is not None:
            f.label = _consent_label(consent)  # type: ignore[attr-defined]
            files.append(f)
    upload = None
    if answers and may_attach(user, AttachmentKind.CONSENT):
        current: dict[str, Consent] = {}
        for consent in answers:
            current.setdefault(consent.purpose, consent)
        choices = [(c.pk, _consent_label(c)) for c in current.values()]
        upload = _upload(user, AttachmentKind.CONSENT, "consent", choices)
    return _section(user, files, upload, household=household, asked=bool(answers))


@register.inclusion_tag("attachments/includes/milestone_files.html", takes_context=True)
def milestone_files(context: template.Context, milestone: Milestone) -> dict[str, Any]:
    """The evidence files of one milestone of the plan page (context["plan"])."""
    user = context["request"].user
    if not user.has_perm(VIEW):
        return {"shown": False}
    plan: IntegrationPlan = context.get("plan") or milestone.plan
    files = [
        f
        for f in _once(plan, user, lambda: plan_files(user, plan))
        if f.milestone_id == milestone.pk
    ]
    upload = None
    if may_attach(user, AttachmentKind.MILESTONE):
        upload = _upload(
            user, AttachmentKind.MILESTONE, f"m{milestone.pk}", [(milestone.pk, milestone.title)]
        )
    return _section(user, files, upload, milestone=milestone)


@register.inclusion_tag("attachments/includes/referral_files.html", takes_context=True)
def referral_files_section(context: template.Context, referral: Referral) -> dict[str, Any]:
    """The referral's files; a service partner without the household's consent to share with
    service partners sees that they are withheld, not their names."""
    user = context["request"].user
    if not user.has_perm(VIEW):
        return {"shown": False}
    files = referral_files(user, referral)
    withheld = ""
    if is_partner(user) and files:
        given = getattr(referral, "consent_given", None)
        withheld = (
            ("" if given is True else consent_withheld_label(given))
            if hasattr(referral, "consent_given")
            else withheld_from(user, files[0])
        )
    upload = None
    if may_attach(user, AttachmentKind.REFERRAL, provider_id=referral.provider_id):
        upload = _upload(user, AttachmentKind.REFERRAL, "referral", [(referral.pk, "")])
    section = _section(user, [] if withheld else files, upload, referral=referral)
    return {**section, "shown": True, "withheld": withheld, "withheld_count": len(files)}

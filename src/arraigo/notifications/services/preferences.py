"""A user's choice of which emails they get."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed

from ..models import NotificationPreference
from ..selectors import kinds_for


@transaction.atomic
def preference_set(*, actor: User, choices: Mapping[str, bool]) -> NotificationPreference:
    """Turn each kind of email in `choices` on or off for `actor` themself. Only the kinds
    that concern the actor's role may be chosen; the others keep their value."""
    if not (actor.is_authenticated and actor.is_active):
        raise NotPermitted()
    offered = {kind.value for kind in kinds_for(actor)}
    if set(choices) - offered:
        raise ValidationFailed({None: [_("Choose only among the emails offered to you.")]})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=actor
    )
    changed = [kind for kind, wanted in choices.items() if preference.wants(kind) != bool(wanted)]
    for kind in changed:
        setattr(preference, kind, bool(choices[kind]))
    if changed:
        preference.save(update_fields=[*changed, "updated_at"])
    return preference

"""Adding a case note from the household page (the notes are listed on that page).

A note to correct is looked up among those the user may read (else 404, as if absent); the
service's refusals of what was written come back as messages on the household page; a note the
user may not write at all (the protection tier without its permission) is refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import Household
from arraigo.registry.views.case import back_to, case_view

from ..forms import NoteForm
from ..models import NoteTier
from ..selectors import note_get_for
from ..services import note_add


@require_POST
@case_view("casefile.add_casenote")
def note_create(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    protected = user.has_perm("casefile.view_protected_note")
    if request.POST.get("tier") == NoteTier.PROTECTION and not protected:
        # The tier is not offered to them: a post that names it is a refused attempt (403,
        # on the audit trail), not a form to correct.
        raise PermissionDenied
    form = NoteForm(request.POST, protected=protected)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back_to(household)
    supersedes = None
    if form.cleaned_data.get("supersedes"):
        supersedes = note_get_for(user, household, form.cleaned_data["supersedes"])
    try:
        note_add(
            actor=user,
            household=household,
            text=form.cleaned_data["text"],
            tier=form.cleaned_data["tier"],
            supersedes=supersedes,
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Note added."))
    return back_to(household)

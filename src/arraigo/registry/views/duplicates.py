"""Likely-duplicate review pages (coordinators only; everyone else gets 404)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.pagination import paginate
from arraigo.places.models import Office

from ..duplicates import (
    RESOLVE_PERMISSION,
    duplicate_dismiss,
    duplicate_get_for,
    duplicate_merge,
    duplicates_open_list,
)
from ..models import DuplicateStatus

NOTE_HELP = gettext_lazy("Required: what you checked and why you decided this.")


class DuplicateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *DuplicateStatus.choices],
    )
    office = forms.TypedChoiceField(
        label=gettext_lazy("Office"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = list(Office.objects.order_by("name").values_list("id", "name"))
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ChoiceField)
        office_field.choices = [("", _("Any office")), *offices]


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label=gettext_lazy("Household to keep"),
        choices=[
            ("other", gettext_lazy("The one registered first")),
            ("person", gettext_lazy("The newly registered one")),
        ],
        initial="other",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


class DismissForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


def _require_reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm(RESOLVE_PERMISSION):
        raise Http404("No such page.")


def _apply_errors(form: forms.Form, error: ValidationFailed) -> None:
    for field, texts in error.errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    data = request.GET.copy()
    data.setdefault("status", DuplicateStatus.OPEN)
    form = DuplicateFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"status": DuplicateStatus.OPEN}
    user: Any = request.user
    page = paginate(request, duplicates_open_list(user, filters))
    return render(
        request,
        "registry/duplicate_list.html",
        {"filter_form": form, "page_obj": page, "candidates": page.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    user: Any = request.user
    candidate = duplicate_get_for(user, pk)
    merge_form = MergeForm(prefix="merge")
    dismiss_form = DismissForm(prefix="dismiss")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "merge":
                merge_form = MergeForm(request.POST, prefix="merge")
                if merge_form.is_valid():
                    kept = duplicate_merge(
                        actor=user,
                        candidate=candidate,
                        keep=merge_form.cleaned_data["keep"],
                        note=merge_form.cleaned_data["note"],
                    )
                    messages.success(
                        request, _("Merged into household %(code)s.") % {"code": kept.code}
                    )
                    return redirect("registry:duplicate_list")
            elif action == "dismiss":
                dismiss_form = DismissForm(request.POST, prefix="dismiss")
                if dismiss_form.is_valid():
                    duplicate_dismiss(
                        actor=user, candidate=candidate, note=dismiss_form.cleaned_data["note"]
                    )
                    messages.success(request, _("Marked as not a duplicate."))
                    return redirect("registry:duplicate_list")
        except ValidationFailed as error:
            for text in error.errors.pop(None, []):
                messages.error(request, text)
            _apply_errors(merge_form if action == "merge" else dismiss_form, error)
        except NotPermitted as error:
            raise Http404("No such page.") from error
    else:
        audit_event(actor=user, obj=candidate, event="view", request=request)
    return render(
        request,
        "registry/duplicate_detail.html",
        {
            "candidate": candidate,
            "merge_form": merge_form,
            "dismiss_form": dismiss_form,
            "is_open": candidate.status == DuplicateStatus.OPEN,
        },
    )

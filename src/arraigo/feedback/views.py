"""Feedback list with its counts, the record form, a report's page, and the public form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.core.charts import bar_chart
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate
from arraigo.registry.selectors import household_get_for

from . import services
from .forms import FeedbackFilterForm, FeedbackForm, PublicFeedbackForm, RespondForm
from .selectors import feedback_get_for, feedback_list, feedback_summary, feedback_visible_to


@login_required
@require_GET
def feedback_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "feedback.view_feedbackcase")
    form = FeedbackFilterForm(request.GET or None, sea=user.has_perm("feedback.view_sea"))
    today = timezone.localdate()
    qs = feedback_list(user, today=today, **form.filters())
    summary = feedback_summary(feedback_visible_to(user), today)
    context = {
        "form": form,
        "page_obj": paginate(request, qs),
        "summary": summary,
        "category_chart": bar_chart(_("Reports by category"), summary.by_category),
        "status_chart": bar_chart(_("Reports by status"), summary.by_status),
        "today": today,
    }
    return render(request, "feedback/feedback_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "feedback.add_feedbackcase")
    household_pk = request.GET.get("household", "")
    household = household_get_for(user, int(household_pk)) if household_pk.isdigit() else None
    form = FeedbackForm(request.POST or None)
    case = submit(
        request,
        form,
        lambda: services.feedback_record(
            actor=user,
            household=household,
            category=form.cleaned_data["category"],
            channel=form.cleaned_data["channel"],
            description=form.cleaned_data["description"],
            contact=form.cleaned_data.get("contact") or "",
        ),
    )
    if case is not None:
        messages.success(request, _("Report recorded: %(ref)s.") % {"ref": case.reference})
        return redirect("feedback:feedback_detail", pk=case.pk)
    return render(request, "feedback/feedback_form.html", {"form": form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = feedback_get_for(user, pk)
    respond_form = RespondForm(request.POST if request.POST.get("action") == "respond" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "take":
                services.feedback_assign(actor=user, case=case, assignee=user)
            elif action == "respond":
                if not respond_form.is_valid():
                    raise ValidationFailed(
                        {"resolution": [_("Write the answer given to the person.")]}
                    )
                services.feedback_respond(
                    actor=user, case=case, resolution=respond_form.cleaned_data["resolution"]
                )
            elif action == "close":
                services.feedback_close(actor=user, case=case)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except (InvalidTransition, ValidationFailed) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Report updated."))
            return redirect("feedback:feedback_detail", pk=case.pk)
    else:
        audit_event(actor=user, obj=case, event="view", request=request)
    context = {
        "case": case,
        "respond_form": respond_form,
        "can_change": user.has_perm("feedback.change_feedbackcase"),
        "overdue": case.status in ("received", "in_progress")
        and case.due_on < timezone.localdate(),
    }
    return render(request, "feedback/feedback_detail.html", context)


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """For participants, without an account: a reference to quote is shown after sending.

    Sending redirects (so reloading the page does not send it twice); the reference travels
    in the session, not the address."""
    form = PublicFeedbackForm(request.POST or None)
    if request.method == "GET":
        reference = request.session.pop("feedback_reference", None)
        return render(request, "feedback/public_form.html", {"form": form, "reference": reference})
    if form.is_valid():
        try:
            case = services.feedback_submit(
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                city=form.cleaned_data.get("city"),
                office=None,
                contact=form.cleaned_data.get("contact") or "",
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            request.session["feedback_reference"] = case.reference
            return redirect("feedback:public_form")
    return render(request, "feedback/public_form.html", {"form": form, "reference": None})

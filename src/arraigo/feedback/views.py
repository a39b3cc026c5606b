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
from arraigo.accounts.models import User
from arraigo.accounts.permissions import figures_only
from arraigo.core.charts import bar_chart
from arraigo.core.digits import whole_number
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import request_user, require_perm, submit
from arraigo.core.pagination import paginate
from arraigo.registry.selectors import household_get_for

from . import services
from .forms import AssignForm, FeedbackFilterForm, FeedbackForm, PublicFeedbackForm, RespondForm
from .guard import throttled, ticket_new
from .models import FeedbackCase
from .selectors import (
    feedback_assignees,
    feedback_get_for,
    feedback_list,
    feedback_summary,
    feedback_visible_to,
)


@login_required
@require_GET
def feedback_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if figures_only(user, "feedback.view_feedbackcase"):
        return redirect("monitoring:feedback")  # figures, not the list of reports
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
    }
    return render(request, "feedback/feedback_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "feedback.add_feedbackcase")
    household_pk = request.GET.get("household", "")
    number = whole_number(household_pk)
    household = household_get_for(user, number) if number is not None else None
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
    if case is None:
        return render(
            request, "feedback/feedback_form.html", {"form": form, "household": household}
        )
    if feedback_visible_to(user).filter(pk=case.pk).exists():
        messages.success(request, _("Report recorded: %(ref)s.") % {"ref": case.reference})
        return redirect("feedback:feedback_detail", pk=case.pk)
    # A tier the recorder may not read (an SEA report): its page would be a 404 to them.
    messages.success(
        request,
        _(
            "Report recorded: %(ref)s. It has been sent to the programme's designated focal "
            "point, who alone can see it."
        )
        % {"ref": case.reference},
    )
    return redirect("feedback:feedback_list")


def _act(
    user: User, case: FeedbackCase, action: str, respond_form: RespondForm, assign_form: AssignForm
) -> None:
    """Run the service call of the button pressed; its refusals propagate."""
    if action == "take":
        services.feedback_assign(actor=user, case=case, assignee=user)
    elif action == "assign":
        if not assign_form.is_valid():
            raise ValidationFailed({"assignee": [str(e) for e in assign_form["assignee"].errors]})
        services.feedback_assign(
            actor=user, case=case, assignee=assign_form.cleaned_data["assignee"]
        )
    elif action == "respond":
        if not respond_form.is_valid():
            raise ValidationFailed({"resolution": [_("Write the answer given to the person.")]})
        services.feedback_respond(
            actor=user, case=case, resolution=respond_form.cleaned_data["resolution"]
        )
    elif action == "close":
        services.feedback_close(actor=user, case=case)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = feedback_get_for(user, pk, today=timezone.localdate())
    action = request.POST.get("action", "")
    respond_form = RespondForm(request.POST if action == "respond" else None)
    can_change = user.has_perm("feedback.change_feedbackcase")
    assign_form = AssignForm(
        request.POST if action == "assign" else None,
        assignees=feedback_assignees(case) if can_change else User.objects.none(),
        initial={"assignee": case.assigned_to_id},
    )
    if request.method == "POST":
        try:
            _act(user, case, action, respond_form, assign_form)
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
        "assign_form": assign_form,
        "can_change": can_change,
    }
    return render(request, "feedback/feedback_detail.html", context)


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """For participants, without an account: a reference to quote is shown after sending.

    Sending redirects (so reloading the page does not send it twice); the reference travels
    in the session, not the address. Posts pass feedback.guard first (limits per address and
    session, a honeypot, a signed ticket with a sum); a refused one writes nothing and the
    form comes back as typed."""
    if request.method == "GET":
        form = PublicFeedbackForm(ticket=ticket_new())
        reference = request.session.pop("feedback_reference", None)
        return render(request, "feedback/public_form.html", {"form": form, "reference": reference})
    form = PublicFeedbackForm(request.POST, ticket=ticket_new())
    wait = throttled(request)
    if wait is not None:
        form.errors.clear()  # the limit is the one thing to say; the post is not read
        form.add_error(
            None,
            _(
                "Too many reports were sent from here in a short time. Wait a minute and send "
                "it again; we kept what you wrote."
            ),
        )
        form.ticket_renew(ticket_new())
        response = render(
            request, "feedback/public_form.html", {"form": form, "reference": None}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
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
    form.ticket_renew(ticket_new())
    return render(request, "feedback/public_form.html", {"form": form, "reference": None})

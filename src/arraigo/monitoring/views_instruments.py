"""The survey instruments page (questions and XLSForm downloads) and the KoboToolbox import
(the caseworkers' survey pages are in views_surveys)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts.models import User
from arraigo.core.formflow import request_user, submit

from .forms_kobo import KoboImportForm
from .instruments import Instruments, Question, survey_instruments
from .selectors import VIEW_PERM
from .services_kobo import IMPORT_PERM, kobo_import
from .xlsform import form_id, language_column, relevance, xlsform_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def who_is_asked(question: Question) -> str:
    """Whom a member question is asked, in words: "aged 6 to 17", "if works: yes"."""
    parts = []
    if question.ages is not None:
        low, high = question.ages
        if high is None:
            parts.append(_("aged %(low)d or over") % {"low": low})
        else:
            parts.append(_("aged %(low)d to %(high)d") % {"low": low, "high": high})
    if question.if_yes:
        parts.append(_("if “%(field)s” is yes") % {"field": question.if_yes})
    return ", ".join(parts) or _("every member")


def _require_surveys(user: User) -> None:
    if not (user.has_perm(VIEW_PERM) or user.has_perm(IMPORT_PERM)):
        raise PermissionDenied


@login_required
@require_GET
def instruments(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require_surveys(user)
    data = survey_instruments()
    rows = [
        {
            "instrument": item,
            "form_id": form_id(item.round),
            "household": len(item.household_questions),
            "members": len(item.member_questions),
        }
        for item in data.instruments
    ]
    return render(
        request,
        "monitoring/instruments.html",
        {
            "data": data,
            "rows": rows,
            "questions": _questions(data),
            "languages": [language_column(code) for code in data.languages],
            "can_import": user.has_perm(IMPORT_PERM),
        },
    )


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    who: str
    rule: str  # the XLSForm's relevance
    rounds: list[str]


def _questions(data: Instruments) -> list[QuestionRow]:
    """Each question once, in the order the instruments ask them, with the rounds that do."""
    found: dict[str, QuestionRow] = {}
    for item in data.instruments:
        for question in item.questions:
            if question.field not in found:
                who = who_is_asked(question) if question.level == "member" else ""
                found[question.field] = QuestionRow(question, who, relevance(question), [])
            found[question.field].rounds.append(item.round)
    return list(found.values())


@login_required
@require_GET
def xlsform(request: HttpRequest, round_code: str) -> HttpResponse:
    _require_surveys(request_user(request))
    data = survey_instruments()
    try:
        content = xlsform_bytes(data, round_code)
    except KeyError:
        raise Http404 from None
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{form_id(round_code)}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def kobo_upload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.has_perm(IMPORT_PERM):
        raise PermissionDenied
    items = survey_instruments().instruments
    chosen = request.GET.get("round")
    initial = {"round": chosen} if chosen in {item.round for item in items} else {}
    form = KoboImportForm(
        request.POST or None, request.FILES or None, instruments=items, initial=initial
    )
    report = submit(
        request,
        form,
        lambda: kobo_import(
            actor=user,
            round=form.cleaned_data["round"],
            file=form.cleaned_data["file"],
            filename=form.cleaned_data["file"].name,
        ),
    )
    if report is not None and not report.refused:
        messages.success(
            request,
            _(
                "%(file)s: %(imported)d submissions imported (%(answers)d members' answers); "
                "%(skipped)d had been imported before and were left as they are."
            )
            % {
                "file": report.filename,
                "imported": report.imported,
                "answers": report.answers,
                "skipped": report.skipped,
            },
        )
        return redirect(f"{reverse('monitoring:kobo_import')}?round={report.round}")
    return render(request, "monitoring/kobo_import.html", {"form": form, "report": report})

"""Relocation pages: the budget (positions, burn charts, tables by month and by city), budget lines,
the ledger and its CSV and XLSX exports.

Only those who hold the budget see these pages (coordinators and auditors); for everyone else
they do not exist (404), like the audit trail. Every export goes on the audit trail first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arraigo.accounts.audit import audit_event
from arraigo.accounts.models import User
from arraigo.core.charts import line_chart
from arraigo.core.digits import whole_number
from arraigo.core.formflow import request_user, require_perm, submit_redirect
from arraigo.core.numbers import money
from arraigo.core.pagination import paginate

from .. import ledger_export
from ..budget_report import (
    CategoryBudget,
    budget_overview,
    budget_years,
    cumulative,
    ledger_entries,
    ledger_totals,
    month_labels,
)
from ..forms.budget import ALL_MONTHS, BudgetLineForm, LedgerFilterForm, month_shift
from ..models import BudgetLine, CostCategory, LedgerEntry
from ..services.budget import budget_line_set

VIEW_PERMS = ("relocation.view_budgetline", "relocation.view_ledgerentry")
EXPORT_PERM = "relocation.export_ledger"


def _money_reader(request: HttpRequest, *perms: str) -> User:
    user = request_user(request)
    if not all(user.has_perm(perm) for perm in perms or VIEW_PERMS):
        raise Http404("No such page.")
    return user


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _month(request: HttpRequest) -> int | None:
    """The month the city table covers (1-12), or None for the whole year."""
    month = whole_number(request.GET.get("month"))
    return month if month is not None and 1 <= month <= 12 else None


def _burn_chart(item: CategoryBudget, year: int, through: int) -> dict[str, Any]:
    reference = None if item.budget is None else (_("Budget"), item.budget)
    return line_chart(
        _("%(category)s %(year)s: committed and spent, month by month")
        % {"category": item.label, "year": year},
        month_labels(year),
        [
            (_("Committed (cumulative)"), cumulative(item.committed_by_month, through)),
            (_("Spent (cumulative)"), cumulative(item.spent_by_month, through)),
        ],
        reference=reference,
        chart_id=f"burn-{item.category}",
        description=_("Cumulative commitments and expenditure by month against the budget line."),
    )


@login_required
@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    user = _money_reader(request)
    today = timezone.localdate()
    year = _year(request, today.year)
    years = budget_years(user, today=today)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    month = _month(request)
    overview = budget_overview(user, year=year, today=today, month=month)
    context = {
        "overview": overview,
        "year": year,
        "years": years,
        "category_labels": [str(label) for _code, label in CostCategory.choices],
        "month_names": list(enumerate(month_labels(year), start=1)),
        "city_period": (
            formats.date_format(dt.date(year, month, 1), "F Y") if month else str(year)
        ),
        "charts": [
            (item, _burn_chart(item, year, overview.through_month)) for item in overview.categories
        ],
        "can_set": user.has_perm("relocation.add_budgetline"),
    }
    return render(request, "relocation/budget.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest) -> HttpResponse:
    user = _money_reader(request)
    require_perm(user, "relocation.add_budgetline")
    initial: dict[str, Any] = {
        "year": _year(request, timezone.localdate().year),
        "category": request.GET.get("category", CostCategory.TRANSPORT),
    }
    line = BudgetLine.objects.filter(**initial).first()
    if line is not None:
        initial.update(amount=line.amount, note=line.note)
    form = BudgetLineForm(request.POST or None, initial=initial)

    def set_to(line: BudgetLine) -> str:
        return _("Budget for %(category)s in %(year)s set to %(amount)s MXN.") % {
            "category": line.get_category_display(),
            "year": line.year,
            "amount": money(line.amount),
        }

    return submit_redirect(
        request,
        form,
        lambda: budget_line_set(actor=user, **form.cleaned_data),
        message=set_to,
        redirect_to=lambda line: f"{reverse('relocation:budget')}?year={line.year}",
    ) or render(request, "relocation/budget_line_form.html", {"form": form})


def _ledger_form(request: HttpRequest) -> LedgerFilterForm:
    """The ledger's filters from the query; without a month, the current month."""
    return LedgerFilterForm(request.GET, default_month=f"{timezone.localdate():%Y-%m}")


def _period_links(form: LedgerFilterForm) -> dict[str, Any]:
    """The period selector: the month shown, the months before and after, every month."""
    period = form.period()
    if period is None:
        return {"period": None, "this_month": form.query(month=form.default_month)}

    def label(month: tuple[int, int]) -> str:
        return formats.date_format(dt.date(month[0], month[1], 1), "F Y")

    before, after = month_shift(period, -1), month_shift(period, 1)
    return {
        "period": label(period),
        "previous": (label(before), form.query(month=f"{before[0]:04d}-{before[1]:02d}")),
        "next": (label(after), form.query(month=f"{after[0]:04d}-{after[1]:02d}")),
        "all_months": form.query(month=ALL_MONTHS),
    }


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    """The ledger of one month (the current one unless another is chosen) or of every month."""
    user = _money_reader(request)
    form = _ledger_form(request)
    entries = ledger_entries(user, form.filters())
    context = {
        "filter_form": form,
        "page_obj": paginate(request, entries),
        "totals": ledger_totals(entries),
        "export_query": form.query(),
        "period_links": _period_links(form),
        "can_export": user.has_perm(EXPORT_PERM),
    }
    return render(request, "relocation/ledger.html", context)


def _export(request: HttpRequest, fmt: str) -> tuple[User, QuerySet[LedgerEntry], str]:
    """Check, audit and select the entries of one export (the period as on the page: the
    current month unless the query says otherwise); returns the file name too."""
    user = _money_reader(request, *VIEW_PERMS, EXPORT_PERM)
    form = _ledger_form(request)
    filters = form.filters()
    period = form.period()
    audit_event(
        actor=user,
        obj=user,
        event="export",
        request=request,
        details={
            "export": "ledger",
            "format": fmt,
            "filters": {
                "month": ALL_MONTHS if period is None else f"{period[0]:04d}-{period[1]:02d}",
                **{key: request.GET.get(key, "") for key in filters if key != "month"},
            },
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return user, ledger_entries(user, filters), f"ledger-{stamp}.{fmt}"


@login_required
@require_GET
def ledger_csv(request: HttpRequest) -> StreamingHttpResponse:
    _user, entries, filename = _export(request, "csv")
    response = StreamingHttpResponse(
        ledger_export.csv_lines(entries), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    _user, entries, filename = _export(request, "xlsx")
    response = HttpResponse(
        ledger_export.xlsx_bytes(entries), content_type=ledger_export.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("budget/", budget, name="budget"),
    path("budget/line/", budget_line_edit, name="budget_line_set"),
    path("ledger/", ledger, name="ledger"),
    path("ledger/export.csv", ledger_csv, name="ledger_csv"),
    path("ledger/export.xlsx", ledger_xlsx, name="ledger_xlsx"),
]

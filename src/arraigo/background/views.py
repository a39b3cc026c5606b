"""The background jobs page: what is queued, running and failed, the workers, and retry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arraigo.core.charts import bar_chart
from arraigo.core.errors import InvalidTransition
from arraigo.core.formflow import request_user, require_perm
from arraigo.core.pagination import paginate

from . import services
from .forms import TaskFilterForm
from .models import STATUS_LABELS, Task
from .selectors import task_counts, task_get_for, task_rows, tasks_for, workers_recent


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "background.view_task")
    form = TaskFilterForm(request.GET or None)
    page_obj = paginate(request, tasks_for(user, **form.filters()))
    counts = task_counts(user)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": task_rows(list(page_obj.object_list)),
        "counts": counts,
        "status_chart": bar_chart(
            _("Jobs by status"), [(str(STATUS_LABELS[status]), n) for status, n in counts.items()]
        ),
        "workers": workers_recent(user),
        "now": timezone.now(),
    }
    return render(request, "background/task_list.html", context)


@login_required
@require_POST
def task_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "background.retry_task")
    try:
        task_get_for(user, task_id)
        services.task_retry(actor=user, task_id=task_id)
    except (Task.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The job is queued again."))
    after = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        after = ""  # only back to a page of this site
    return redirect(after or "background:task_list")

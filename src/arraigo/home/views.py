from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .selectors import dashboard_for
from .todo import todo_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Household counts in the user's scope; a welcome page for roles without households."""
    user: Any = request.user
    todo = todo_for(user, timezone.localdate())
    if not user.has_perm("registry.view_household"):
        return render(request, "home/welcome.html", {"todo": todo})
    data = dashboard_for(user)
    return render(
        request,
        "home/dashboard.html",
        {
            "dashboard": data,
            "todo": todo,
            "distributions": [
                data.by_status,
                data.by_host_city,
                data.by_origin_office,
                data.by_protection,
            ],
        },
    )

"""`arraigo figures`: count the figures the pages keep (dashboards, workload, turnover, the
results report...) again for every scope of an active user, before they expire, so that no
one waits for them (core/figures.py). A timer runs it every 4 minutes (docs/operations.md)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import translation

from arraigo.core.figures import keep_seconds, registered, scope_key


class Command(BaseCommand):
    help = "Count the kept figures again for every scope of an active user."

    def handle(self, *args: Any, **options: Any) -> None:
        if not keep_seconds():
            self.stdout.write("Figures are not kept (ARRAIGO_FIGURES_CACHE_SECONDS=0).")
            return
        # one user per scope: users who see the same rows share their figures
        scopes: dict[str, Any] = {}
        for user in get_user_model().objects.filter(is_active=True).order_by("id"):
            scopes.setdefault(scope_key(user), user)
        started = time.perf_counter()
        counted = 0
        languages = [code for code, _name in settings.LANGUAGES]
        for figures in registered():
            for language in languages if figures.worded else languages[:1]:
                with translation.override(language):
                    for user in scopes.values():
                        if figures.applies(user):
                            figures.recount(user)
                            counted += 1
        self.stdout.write(
            f"Counted {counted} sets of figures for {len(scopes)} scopes "
            f"in {time.perf_counter() - started:.1f} s."
        )

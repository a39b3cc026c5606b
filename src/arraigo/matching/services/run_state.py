"""What the background queue tells a run: queued again, or lost with its worker."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import MatchingRun, RunStatus


def matching_run_requeued(*, run_id: int) -> None:
    """The run's task is queued again (its worker died, or a coordinator retried it): the run
    shows as queued until a worker takes it."""
    MatchingRun.objects.filter(pk=run_id, status__in=[RunStatus.RUNNING, RunStatus.FAILED]).update(
        status=RunStatus.QUEUED, progress=0, progress_message=_("Queued again"), error=""
    )


def matching_run_lost(*, run_id: int, error: str) -> None:
    """The run's task failed without the run recording it (its worker died on the last
    attempt): the run fails, visibly, with the reason."""
    MatchingRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED,
        progress=100,
        progress_message=_("Failed"),
        error=error[:500],
        finished_at=timezone.now(),
    )

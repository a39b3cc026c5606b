"""Every write of the matching app."""

from .replay import RunReplay, matching_run_replay
from .review import proposal_accept, proposal_approve, proposal_decline, proposal_override
from .runs import matching_run_create, matching_run_execute, matching_run_start

__all__ = [
    "RunReplay",
    "matching_run_create",
    "matching_run_execute",
    "matching_run_replay",
    "matching_run_start",
    "proposal_accept",
    "proposal_approve",
    "proposal_decline",
    "proposal_override",
]

"""Every write of the privacy app. Import services from here."""

from .erasure import erasure_refusal, household_erase, person_erase, search_index_compact
from .requests import erasure_approve, erasure_refuse, erasure_request, erasure_withdraw
from .retention import RetentionResult, retention_apply

__all__ = [
    "RetentionResult",
    "erasure_approve",
    "erasure_refusal",
    "erasure_refuse",
    "erasure_request",
    "erasure_withdraw",
    "household_erase",
    "person_erase",
    "retention_apply",
    "search_index_compact",
]

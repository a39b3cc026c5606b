"""Every write on the registry. Import services from here.

All are keyword-only, run in one transaction, check the actor's permission and scope, and
raise arraigo.core.errors types (ValidationFailed, NotPermitted, InvalidTransition).
Reads of current consent: registry.consent.consent_current.
"""

from .consent import consent_givers, consent_record, consent_record_all
from .documents import document_add, document_remove
from .eligibility import eligibility_exception_approve, eligibility_recompute
from .households import UNSET, household_register, household_update, household_version
from .needs import need_add, need_remove
from .people import person_add, person_remove, person_update, person_version
from .preferences import preference_remove, preference_set
from .reassign import household_reassign
from .transitions import household_transition

__all__ = [
    "UNSET",
    "consent_givers",
    "consent_record",
    "consent_record_all",
    "document_add",
    "document_remove",
    "eligibility_exception_approve",
    "eligibility_recompute",
    "household_reassign",
    "household_register",
    "household_transition",
    "household_update",
    "household_version",
    "need_add",
    "need_remove",
    "person_add",
    "person_remove",
    "person_update",
    "person_version",
    "preference_remove",
    "preference_set",
]

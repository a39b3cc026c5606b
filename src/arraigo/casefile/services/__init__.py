"""Every write on the case file (notes, transfers). Import services from here.

Like the registry's, all are keyword-only, run in one transaction, check the actor's
permission and scope, and raise arraigo.core.errors types.
"""

from .notes import note_add
from .transfers import transfer_answer, transfer_request

__all__ = ["note_add", "transfer_answer", "transfer_request"]

"""Case-file models, one module per part; import them from here.

They keep the tables they had in the registry (`Meta.db_table`), so moving them here kept
every row, permission and audit-trail entry."""

from .notes import CaseNote, NoteTier
from .transfers import CaseTransfer, TransferStatus

__all__ = ["CaseNote", "CaseTransfer", "NoteTier", "TransferStatus"]

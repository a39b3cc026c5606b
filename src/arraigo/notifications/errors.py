"""Why a run of notifications ended in failure."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arraigo.core.errors import ArraigoError


class DeliveryFailed(ArraigoError):
    """Some messages of a run could not be handed to the mail server; the others went out.

    Raised once the run has tried every message, so the job is marked failed and can be
    retried: a retry sends only what is missing (the sent-log holds what went)."""

    def __init__(self, failed: int, total: int) -> None:
        super().__init__(
            _(
                "%(failed)d of %(total)d email messages could not be sent; the others went "
                "out. Retrying sends only the missing ones."
            )
            % {"failed": failed, "total": total}
        )
        self.failed = failed
        self.total = total

"""Labels of the audited columns that have no verbose name of their own.

Django names such a column after its attribute ("answered_by" reads "answered by"), in English
whatever the reader's language. The trail shows these labels instead; a test keeps every
audited column either with a translated verbose name or listed here, so a new column without
one is noticed. (Giving each model field a verbose name would need a migration per app.)
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# By Django's automatic verbose name of the column.
FIELD_LABELS: dict[str, Promise] = {
    "ID": _("Id"),
    "answered at": _("answered at"),
    "answered by": _("answered by"),
    "approved by": _("approved by"),
    "author": _("author"),
    "changed at": _("changed at"),
    "changed by": _("changed by"),
    "checked in by": _("checked in by"),
    "closed by": _("closed by"),
    "completed by": _("completed by"),
    "corrected by": _("corrected by"),
    "created at": _("created at"),
    "created by": _("created by"),
    "decided at": _("decided at"),
    "decided by": _("decided by"),
    "destination city": _("destination city"),
    "disbursed by": _("disbursed by"),
    "exception approved at": _("exception approved at"),
    "exception approved by": _("exception approved by"),
    "found at": _("found at"),
    "from city": _("from city"),
    "from office": _("from office"),
    "from status": _("from status"),
    "host city": _("host city"),
    "merged into": _("merged into"),
    "other": _("other record"),
    "override city": _("override city"),
    "plan": _("plan"),
    "position": _("position"),
    "prepared by": _("prepared by"),
    "provider": _("provider"),
    "reasons": _("reasons"),
    "registered by": _("registered by"),
    "requested at": _("requested at"),
    "requested by": _("requested by"),
    "resolution note": _("resolution note"),
    "resolved by": _("resolved by"),
    "results": _("results"),
    "reviewed by": _("reviewed by"),
    "run": _("run"),
    "sent by": _("sent by"),
    "sort order": _("sort order"),
    "table": _("table"),
    "template": _("template"),
    "title en": _("title in English"),
    "title es": _("title in Spanish"),
    "to city": _("to city"),
    "to office": _("to office"),
    "to status": _("to status"),
    "updated by": _("updated by"),
}

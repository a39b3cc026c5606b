"""The audit trail's filter form (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from arraigo.core.search import SearchField

from .selectors import ACTIONS, EVENTS, audit_content_types

ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "access": _("Any read or sign-in"),
    "view": _("Viewed"),
    "export": _("Exported"),
    "login": _("Signed in"),
    "logout": _("Signed out"),
    "login_failed": _("Failed sign-in"),
    "login_locked": _("Locked after failed sign-ins"),
    "sign_in_unlocked": _("Sign-in lock lifted"),
    "password_changed": _("Password changed"),
    "password_reset": _("Password reset by email"),
    "duplicate_merge": _("Duplicates merged"),
    "duplicate_dismiss": _("Duplicate dismissed"),
    "consent_override": _("Referral sent without consent"),
    "task_retry": _("Background job retried"),
    "refused": _("Refused"),
    "followups_import": _("Survey answers imported from a file"),
    "kobo_import": _("Survey answers imported from KoboToolbox"),
    "import": _("Records imported from a file"),
    "download": _("File downloaded"),
    "kobo_submission": _("Survey answers received from KoboToolbox"),
    "kobo_retry": _("KoboToolbox submission processed again"),
    "kobo_secret_renewed": _("KoboToolbox form secret renewed"),
    "webhook_retry": _("Webhook delivery sent again"),
    "webhook_secret_renewed": _("Webhook secret renewed"),
}


class AuditFilterForm(forms.Form):
    actor = SearchField(label=_("Who (username)"))
    action = forms.ChoiceField(label=_("Action"), required=False)
    content_type = forms.TypedChoiceField(
        label=_("Object type"), required=False, coerce=int, empty_value=None
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        content_type = self.fields["content_type"]
        assert isinstance(action, forms.ChoiceField)
        assert isinstance(content_type, forms.ChoiceField)
        action.choices = [
            ("", _("Any")),
            *((key, ACTION_LABELS.get(key, key)) for key in (*ACTIONS, *EVENTS)),
        ]
        content_type.choices = [
            ("", _("Any")),
            *sorted(
                ((ct.pk, capfirst(str(ct.name))) for ct in audit_content_types()),
                key=lambda choice: str(choice[1]),
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

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
    "second_factor_enrolled": _("Two-step sign-in set up"),
    "second_factor_verified": _("Second factor passed"),
    "second_factor_failed": _("Wrong second-factor code"),
    "second_factor_reset": _("Second factor reset by a coordinator"),
    "recovery_codes_renewed": _("New recovery codes made"),
    "erasure": _("People's data erased"),
    "retention": _("Retention rules applied"),
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


# --- the second factor --------------------------------------------------------------------------


class OneTimeCodeInput(forms.TextInput):
    """A code box that never writes back what was typed: a refused code stays out of the page
    that refused it."""

    def format_value(self, value: Any) -> str | None:
        return None


class AppCodeForm(forms.Form):
    """Enrolment: the six digits the app shows for the new key."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("Six digits; the app shows a new one every 30 seconds."),
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class SignInCodeForm(forms.Form):
    """Signing in: a code of the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=OneTimeCodeInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )


class SecondFactorResetForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("The account whose phone was lost or replaced."),
    )

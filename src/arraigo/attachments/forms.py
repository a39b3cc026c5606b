"""The upload form: it parses the request; the service checks type, size and name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
            "invalid": _("No file was received: choose it again."),
        },
    )

"""People's protection status: the programme's list (ARRAIGO_PROGRAMME_DIR /
protection_status.yaml), its labels in the reader's language, and the one place reports turn
a stored code into words. The status is recorded on the person, never guessed from documents.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FILENAME = "protection_status.yaml"


@dataclass(frozen=True)
class ProtectionStatus:
    code: str
    name_es: str
    name_en: str

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es


@functools.cache
def _load(path: Path) -> tuple[ProtectionStatus, ...]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        ProtectionStatus(str(r["code"]), str(r["name_es"]), str(r["name_en"])) for r in rows
    )


def protection_statuses() -> tuple[ProtectionStatus, ...]:
    """The programme's statuses, in the order reports list them."""
    return _load(Path(settings.ARRAIGO_PROGRAMME_DIR) / FILENAME)


def protection_codes() -> list[str]:
    return [status.code for status in protection_statuses()]


def protection_choices() -> list[tuple[str, str]]:
    return [(status.code, status.label) for status in protection_statuses()]


def protection_label(code: str) -> str:
    """A stored status in words; "Not recorded" when empty (or no longer in the list)."""
    for status in protection_statuses():
        if status.code == code:
            return status.label
    return code if code else _("Not recorded")

"""The shipped eligibility rules' texts, for translation.

eligibility.yaml is written in English and decisions store its texts as they are; pages show
them in the reader's language through `rule_text`. The catalogue learns them from the list
below (makemessages reads Python, not YAML); a test keeps it equal to the shipped file. Another
programme's rules show as written until its texts are added to the catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

SHIPPED_TEXTS = (
    gettext_noop("Recognised by COMAR as a refugee or with complementary protection"),
    gettext_noop("A member holds a COMAR recognition certificate."),
    gettext_noop("No member holds a COMAR recognition certificate."),
    gettext_noop("No documents are recorded for this household yet."),
    gettext_noop("Holds permanent residency"),
    gettext_noop("A member holds a permanent residence card."),
    gettext_noop("No member holds a permanent residence card."),
    gettext_noop("Holds a CURP"),
    gettext_noop("A member holds a CURP."),
    gettext_noop("No member holds a (permanent) CURP."),
    gettext_noop("At least one member aged 18 or over, willing and able to work"),
    gettext_noop("At least one adult is willing and able to work."),
    gettext_noop("No member aged 18 or over is both willing and able to work."),
    gettext_noop("Age or willingness and ability to work are not recorded for the members."),
    gettext_noop("Speaks Spanish"),
    gettext_noop("At least one adult speaks Spanish at an intermediate level or better."),
    gettext_noop("No adult speaks Spanish at an intermediate level or better."),
    gettext_noop("The Spanish level or the age of the adults is not recorded."),
    gettext_noop("Recognised by COMAR, permanent residency not yet obtained"),
    gettext_noop("COMAR recognition without permanent residency yet; the other rules are met."),
    gettext_noop(
        "Does not apply: needs COMAR recognition without permanent residency, "
        "and the work and Spanish rules met."
    ),
    gettext_noop("Not enough information to decide this exception."),
    gettext_noop("Asylum seeker with a humanitarian visitor card (TVRH) and a temporary CURP"),
    gettext_noop("Holds a TVRH and a temporary CURP; the other rules are met."),
    gettext_noop(
        "Does not apply: needs a valid TVRH and a temporary CURP, "
        "and the work and Spanish rules met."
    ),
)


def rule_text(text: str) -> str:
    """A stored rule label or reason in the active language (as stored when unknown)."""
    return gettext(text) if text else text

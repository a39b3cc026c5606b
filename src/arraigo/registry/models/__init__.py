"""Registry models, one module per part; import them (and the registry's code lists) from here."""

from ..choices import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    DuplicateStatus,
    EligibilityOutcome,
    HouseholdStatus,
    Modality,
    NeedCode,
    PreferenceKind,
    Relationship,
    ValidatorKind,
)
from .circumstances import CityPreference, Consent, SpecificNeed
from .households import EligibilityDecision, Household, StatusChange
from .people import DocumentType, DuplicateCandidate, IdentityDocument, Person, PersonLanguage

__all__ = [
    "CityPreference",
    "ClosureReason",
    "Consent",
    "ConsentMethod",
    "ConsentPurpose",
    "DocumentType",
    "DuplicateCandidate",
    "DuplicateStatus",
    "EligibilityDecision",
    "EligibilityOutcome",
    "Household",
    "HouseholdStatus",
    "IdentityDocument",
    "Modality",
    "NeedCode",
    "Person",
    "PersonLanguage",
    "PreferenceKind",
    "Relationship",
    "SpecificNeed",
    "StatusChange",
    "ValidatorKind",
]

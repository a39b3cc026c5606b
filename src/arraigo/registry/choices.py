"""Code lists of the registry: journey statuses, relationships, needs, consent purposes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    RELOCATION = "relocation", _("Relocation")
    IN_PLACE = "in_place", _("Integration support where the household lives")


class HouseholdStatus(models.TextChoices):
    """The journey of DESIGN.md section 2, in order."""

    IDENTIFIED = "identified", _("Identified")
    REGISTERED = "registered", _("Registered")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    PROFILED = "profiled", _("Profiled")
    PROPOSED = "proposed", _("Proposed")
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
    OFFER_DECLINED = "offer_declined", _("Offer declined")
    TRIP_BOOKED = "trip_booked", _("Trip booked")
    TRAVELLED = "travelled", _("Travelled")
    ARRIVED = "arrived", _("Arrived")
    INTEGRATING = "integrating", _("Integrating")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


class EligibilityOutcome(models.TextChoices):
    PENDING = "pending", _("Not decided")
    ELIGIBLE = "eligible", _("Eligible")
    BY_EXCEPTION = "by_exception", _("Eligible by exception")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Father or mother")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NON_RELATIVE = "non_relative", _("Not related")


class ValidatorKind(models.TextChoices):
    NONE = "none", _("No check")
    CURP = "curp", _("CURP (Mexico)")
    RFC = "rfc", _("RFC (Mexico)")
    NSS = "nss", _("NSS (IMSS, 11 digits)")


class ClosureReason(models.TextChoices):
    SELF_RELIANT = "self_reliant", _("Self-reliant")
    NATURALISING = "naturalising", _("Naturalising")
    MOVED_ON = "moved_on", _("Moved on")
    WITHDREW = "withdrew", _("Withdrew")
    LOST_CONTACT = "lost_contact", _("Lost contact")


class NeedCode(models.TextChoices):
    DISABILITY = "disability", _("Disability")
    SERIOUS_MEDICAL = "serious_medical", _("Serious medical condition")
    SINGLE_PARENT = "single_parent", _("Single parent")
    OLDER_AT_RISK = "older_at_risk", _("Older person at risk")
    WOMAN_AT_RISK = "woman_at_risk", _("Woman at risk")
    LGBTIQ = "lgbtiq", _("LGBTIQ+")
    CHILD_AT_RISK = "child_at_risk", _("Child at risk")
    SURVIVOR_OF_VIOLENCE = "survivor_violence", _("Survivor of violence")


class ConsentPurpose(models.TextChoices):
    RELOCATION = "relocation", _("Relocation")
    EMPLOYERS = "employers", _("Sharing with employers")
    SERVICE_PARTNERS = "service_partners", _("Sharing with service partners")
    SURVEYS = "surveys", _("Follow-up surveys")


class ConsentMethod(models.TextChoices):
    """How a member gave (or withdrew) consent."""

    SIGNED_PAPER = "signed_paper", _("Signed paper")
    VERBAL_WITNESS = "verbal_witness", _("Verbal, with a witness")
    DIGITAL = "digital", _("Digital")


class PreferenceKind(models.TextChoices):
    PREFERRED = "preferred", _("Preferred city")
    EXCLUDED = "excluded", _("Excluded city")
    RELATIVES = "relatives", _("Has relatives in the city")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")

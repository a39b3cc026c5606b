"""The passenger manifest a carrier needs for a group departure, as CSV or PDF.

Only what the carrier needs: the departure (route, date, carrier) and per traveller the full
name, one identity document (type and number) and the seat. No birth date, phone, nationality,
needs or household status. Who may export it: coordinators, and the origin caseworkers of the
departure's office (their own households); host-city caseworkers and auditors see the
departure but do not hand passenger lists to carriers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.core.csv_safety import csv_lines
from arraigo.core.errors import NotPermitted
from arraigo.core.pdf import FONT_FAMILY, unicode_pdf
from arraigo.core.service_checks import require_perm
from arraigo.registry.consent import (
    consent_annotate,
    consent_given_on,
    consent_withheld_label,
)
from arraigo.registry.models import ConsentPurpose, IdentityDocument

from ..models import Departure, PlanStatus, Ticket

TRAVELLING = (PlanStatus.PLANNED, PlanStatus.DEPARTED, PlanStatus.ARRIVED)


@dataclass(frozen=True)
class Passenger:
    name: str
    document_type: str
    document_number: str
    seat: str


@dataclass(frozen=True)
class Manifest:
    departure: Departure
    passengers: list[Passenger]


def manifest_check(actor: User, departure: Departure) -> None:
    require_perm(actor, "relocation.view_departure")
    if actor.role == Role.COORDINATOR:
        return
    if actor.role == Role.ORIGIN_CASEWORKER and actor.office_id == departure.origin_office_id:
        return
    raise NotPermitted(_("Only coordinators and the origin office can export a manifest."))


def manifest_build(*, actor: User, departure: Departure) -> Manifest:
    """The departure's travellers in household and ticket order (the caller has checked that
    the departure is in the actor's scope; this checks who may export).

    The manifest leaves the programme: a household whose relocation consent no longer holds
    keeps its rows and seats (the count stays true) without names or documents."""
    manifest_check(actor, departure)
    documents = IdentityDocument.objects.select_related("document_type").order_by(
        "document_type__sort_order", "id"
    )
    tickets = (
        consent_annotate(
            Ticket.objects.filter(plan__departure=departure, plan__status__in=TRAVELLING),
            ConsentPurpose.RELOCATION,
            household="plan__household",
        )
        .select_related("person", "plan__household")
        .prefetch_related(Prefetch("person__documents", queryset=documents))
        .order_by("plan__household__code", "id")
    )
    passengers = []
    for ticket in tickets:
        person = ticket.person
        given = consent_given_on(ticket)
        if not given:
            withheld = consent_withheld_label(given)
            passengers.append(Passenger(withheld, "", "", ticket.seat))
            continue
        document = next(iter(person.documents.all()), None)
        passengers.append(
            Passenger(
                name=person.full_name,
                document_type=document.document_type.name_es if document else "",
                document_number=document.number if document else "",
                seat=ticket.seat,
            )
        )
    return Manifest(departure=departure, passengers=passengers)


def _head(manifest: Manifest) -> list[tuple[str, str]]:
    departure = manifest.departure
    return [
        (_("Departure"), str(departure.pk)),
        (_("Route"), departure.route),
        (_("Date"), f"{departure.date:%Y-%m-%d}"),
        (_("Carrier"), departure.carrier),
    ]


def _columns() -> list[str]:
    return [_("Passenger"), _("Document"), _("Document number"), _("Seat")]


def manifest_csv_lines(manifest: Manifest) -> Iterator[str]:
    """The departure's details on the first lines, then one line per traveller."""
    head = _head(manifest)
    rows: list[list[str]] = [[label, value] for label, value in head[1:]]
    rows.append([])
    rows.append(_columns())
    rows.extend([p.name, p.document_type, p.document_number, p.seat] for p in manifest.passengers)
    yield from csv_lines(head[0], rows)


def manifest_pdf(manifest: Manifest) -> bytes:
    """The manifest as a PDF in a Unicode font: names, routes and dashes print as written."""
    pdf = unicode_pdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_("Passenger manifest"))
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 14)
    pdf.cell(0, 10, _("Passenger manifest"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 10)
    for label, value in _head(manifest):
        pdf.cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (80, 40, 45, 20)
    pdf.set_font(FONT_FAMILY, "B", 10)
    for width, title in zip(widths, _columns(), strict=True):
        pdf.cell(width, 7, title, border=1)
    pdf.ln()
    pdf.set_font(FONT_FAMILY, "", 10)
    for p in manifest.passengers:
        for width, text in zip(
            widths, (p.name, p.document_type, p.document_number, p.seat), strict=True
        ):
            pdf.cell(width, 7, text[:60], border=1)
        pdf.ln()
    pdf.ln(4)
    pdf.cell(
        0,
        6,
        _("%(n)d passengers") % {"n": len(manifest.passengers)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())

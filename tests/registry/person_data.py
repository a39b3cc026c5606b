"""Inputs for the registry services in tests: PersonData and DocumentData with real numbers."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from stdnum.mx import curp as stdnum_curp

from arraigo.registry.types import DocumentData, PersonData

_serial = itertools.count()
_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"


def curp_make(born: dt.date = dt.date(1990, 5, 17), sex: str = "M") -> str:
    """A CURP with a correct check digit, different at each call (foreign-born: state NE)."""
    n = next(_serial)
    a, b = _LETTERS[n % 20], _LETTERS[(n // 20) % 20]
    letters = f"PE{a}{b}"
    digit = "0" if born.year < 2000 else "A"
    base = f"{letters}{born:%y%m%d}{sex}NE{a}{b}R{digit}"
    return base + stdnum_curp.calc_check_digit(base)


def number_make(prefix: str = "DOC") -> str:
    return f"{prefix}{next(_serial):07d}"


def eligible_documents() -> tuple[DocumentData, ...]:
    """COMAR recognition, permanent residence and a CURP: the three document rules met."""
    return (
        DocumentData(type_code="comar_recognition", number=number_make("COMAR")),
        DocumentData(type_code="permanent_residence", number=number_make("RP")),
        DocumentData(type_code="curp", number=curp_make()),
    )


def head_data(**changes: object) -> PersonData:
    """An adult head, willing and able to work, native Spanish, with the eligible documents."""
    base = PersonData(
        first_names="María José",
        last_names="Hernández Castro",
        sex="F",
        date_of_birth=dt.date(1990, 5, 17),
        nationality="HN",
        relationship="head",
        spanish_level="native",
        education_level="upper_secondary",
        years_experience=6,
        willing_to_work=True,
        able_to_work=True,
        phone="+52 55 1234 5678",
        documents=eligible_documents(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def child_data(**changes: object) -> PersonData:
    base = PersonData(
        first_names="Luis",
        last_names="Hernández Castro",
        sex="M",
        date_of_birth=dt.date(2016, 3, 2),
        nationality="HN",
        relationship="child",
        spanish_level="native",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def register(actor, office, *, head=None, members=(), modality="relocation", host_city=None):
    """household_register with the defaults above (an eligible household of two)."""
    from arraigo.registry.services import household_register

    return household_register(
        actor=actor,
        origin_office=office,
        modality=modality,
        head=head if head is not None else head_data(),
        members=members,
        host_city=host_city,
    )

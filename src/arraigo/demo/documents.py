"""The identity documents a demo household holds, by its legal situation (programme.yaml).

resident: COMAR recognition, permanent residence card and CURP for everyone;
recognised_no_residency: COMAR recognition, often a temporary CURP;
asylum_tvrh: humanitarian visitor card (TVRH) and temporary CURP;
asylum_pending: at most a passport.
Children born in Mexico have a Mexican birth certificate and CURP (their state's code).
Adults who looked for work once the household was integrating have an RFC and often an NSS.
Every date is after the holder's birth and never after the demo's reference date.
"""

from __future__ import annotations

import datetime as dt
import random

from .drafts import DocumentDraft, PersonDraft
from .identifiers import Issuer
from .reference import between, chance

_YEAR = dt.timedelta(days=365)


class DocumentMaker:
    def __init__(
        self, rng: random.Random, issuer: Issuer, today: dt.date, passports: dict[str, str]
    ) -> None:
        self.rng = rng
        self.issuer = issuer
        self.today = today
        self.passports = passports

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=between(self.rng, (low, max(low, high))))

    def _on(self, person: PersonDraft, day: dt.date) -> dt.date:
        """`day`, moved to after the holder's birth and not after the reference date."""
        return min(max(day, person.date_of_birth + dt.timedelta(days=5)), self.today)

    def household(
        self,
        members: list[PersonDraft],
        legal_status: str,
        in_mexico: dt.date,
        registered: dt.date,
        nationality: str,
        birth_state: str,
    ) -> None:
        """Give each member the documents of the household's situation on registering."""
        span = (registered - in_mexico).days
        recognised = in_mexico + self._days(min(45, span), span - 7)
        for person in members:
            if person.born_in_mexico:
                self._mexican_child(person, birth_state)
                continue
            if legal_status in {"resident", "recognised_no_residency"}:
                self._comar(person, recognised)
            if legal_status == "resident":
                self._residence(person, recognised, registered)
            elif legal_status == "recognised_no_residency" and chance(self.rng, 0.6):
                self._temporary(person, in_mexico, registered)
            elif legal_status == "asylum_tvrh":
                self._tvrh(person, in_mexico, registered)
                self._temporary(person, in_mexico, registered)
            adult = person.age_on(registered) >= 18
            passport_share = 0.55 if legal_status == "asylum_pending" else 0.35
            if adult and chance(self.rng, passport_share):
                self._passport(person, nationality, in_mexico)
            if not adult and chance(self.rng, 0.4):
                issued = self._on(person, person.date_of_birth + self._days(3, 60))
                self._add(person, "birth_certificate", "birth_certificate", "AN########", issued)

    def _add(
        self,
        person: PersonDraft,
        type_code: str,
        kind: str,
        template: str,
        issued: dt.date | None,
        expires: dt.date | None = None,
    ) -> None:
        number = self.issuer.serial(kind, template)
        person.documents.append(DocumentDraft(type_code, number, issued, expires))

    def _comar(self, person: PersonDraft, recognised: dt.date) -> None:
        issued = self._on(person, recognised)
        self._add(person, "comar_recognition", "comar", f"COMAR-{issued:%Y}-######", issued)

    def _curp(
        self,
        person: PersonDraft,
        type_code: str,
        issued: dt.date,
        expires: dt.date | None,
        state: str = "NE",
    ) -> None:
        number = self.issuer.curp(
            first_names=person.first_names,
            last_names=person.last_names,
            born=person.date_of_birth,
            sex=person.sex,
            state=state,
            kind=type_code,
        )
        person.documents.append(DocumentDraft(type_code, number, issued, expires))

    def _residence(self, person: PersonDraft, recognised: dt.date, registered: dt.date) -> None:
        issued = self._on(person, min(recognised + self._days(20, 120), registered))
        self._add(person, "permanent_residence", "residence", "#########", issued)
        self._curp(
            person, "curp", self._on(person, min(issued + self._days(0, 30), registered)), None
        )

    def _tvrh(self, person: PersonDraft, in_mexico: dt.date, registered: dt.date) -> None:
        # Valid for a year and renewed: the card held on registering is at most 300 days old.
        start = max(in_mexico + dt.timedelta(days=20), registered - dt.timedelta(days=300))
        issued = self._on(person, start + self._days(0, (registered - start).days))
        self._add(person, "tvrh", "tvrh", "TVRH#######", issued, issued + _YEAR)

    def _temporary(self, person: PersonDraft, in_mexico: dt.date, registered: dt.date) -> None:
        start = max(in_mexico + dt.timedelta(days=10), registered - dt.timedelta(days=280))
        issued = self._on(person, start + self._days(0, (registered - start).days))
        self._curp(person, "temporary_curp", issued, issued + _YEAR)

    def _passport(self, person: PersonDraft, nationality: str, in_mexico: dt.date) -> None:
        issued = self._on(person, in_mexico - self._days(60, 3000))
        template = self.passports.get(person.nationality) or self.passports.get(nationality, "")
        template = template or "@#######"
        self._add(person, "passport", "passport", template, issued, issued + 5 * _YEAR)

    def _mexican_child(self, person: PersonDraft, state: str) -> None:
        recorded = self._on(person, person.date_of_birth + self._days(3, 40))
        self._add(person, "birth_certificate", "birth_certificate", "MX-####-#####", recorded)
        self._curp(person, "curp", recorded, None, state=state)

    def work(self, members: list[PersonDraft], arrived: dt.date, legal_status: str) -> None:
        """RFC and NSS for adults who looked for work once the household was integrating."""
        for person in members:
            if person.age_on(arrived) >= 18 and person.willing_to_work:
                self._work_documents(person, arrived, legal_status)

    def _work_documents(self, person: PersonDraft, arrived: dt.date, legal_status: str) -> None:
        rfc_share = 0.75 if legal_status == "resident" else 0.45
        if not chance(self.rng, rfc_share):
            return
        on = self._on(person, arrived + self._days(4, 35))
        number = self.issuer.rfc_person(
            first_names=person.first_names, last_names=person.last_names, born=person.date_of_birth
        )
        person.documents.append(DocumentDraft("rfc", number, on))
        if chance(self.rng, 0.85):
            nss_on = self._on(person, on + self._days(1, 25))
            number = self.issuer.nss(born=person.date_of_birth, registered_year=nss_on.year)
            person.documents.append(DocumentDraft("nss", number, nss_on))

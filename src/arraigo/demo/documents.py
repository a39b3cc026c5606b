"""The identity documents a demo household holds, by its legal situation (programme.yaml).

resident: COMAR recognition, permanent residence card and CURP for everyone;
recognised_no_residency: COMAR recognition, often a temporary CURP;
asylum_tvrh: humanitarian visitor card (TVRH) and temporary CURP;
asylum_pending: at most a passport. Children born in Mexico have a Mexican CURP and birth
certificate. Adults in work after arrival have an RFC and an NSS. Every document was issued
before the household registered (RFC and NSS: after it arrived), never after the demo's today.
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

    def _before(self, day: dt.date, low: int, high: int) -> dt.date:
        return day - dt.timedelta(days=between(self.rng, (low, high)))

    def household(
        self, members: list[PersonDraft], legal_status: str, registered: dt.date, nationality: str
    ) -> None:
        """Give each member the documents of the household's situation."""
        recognised = self._before(registered, 30, 700)
        for person in members:
            if person.born_in_mexico:
                self._mexican_child(person, registered)
                continue
            if legal_status in {"resident", "recognised_no_residency"}:
                self._comar(person, recognised)
            if legal_status == "resident":
                self._residence(person, recognised, registered)
            elif legal_status == "recognised_no_residency" and chance(self.rng, 0.6):
                self._temporary(person, registered)
            elif legal_status == "asylum_tvrh":
                self._tvrh(person, registered)
                self._temporary(person, registered)
            adult = person.age_on(registered) >= 18
            passport_share = 0.55 if legal_status == "asylum_pending" else 0.35
            if adult and chance(self.rng, passport_share):
                self._passport(person, nationality, registered)
            if not adult and chance(self.rng, 0.4):
                issued = person.date_of_birth + dt.timedelta(days=between(self.rng, (3, 60)))
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
        template = f"COMAR-{recognised:%Y}-######"
        self._add(person, "comar_recognition", "comar", template, recognised)

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
        issued = min(recognised + dt.timedelta(days=between(self.rng, (20, 120))), registered)
        self._add(person, "permanent_residence", "residence", "#########", issued)
        curp_on = min(issued + dt.timedelta(days=between(self.rng, (0, 30))), registered)
        self._curp(person, "curp", curp_on, None)

    def _tvrh(self, person: PersonDraft, registered: dt.date) -> None:
        issued = self._before(registered, 10, 300)
        self._add(person, "tvrh", "tvrh", "TVRH#######", issued, issued + _YEAR)

    def _temporary(self, person: PersonDraft, registered: dt.date) -> None:
        issued = self._before(registered, 5, 280)
        self._curp(person, "temporary_curp", issued, issued + _YEAR)

    def _passport(self, person: PersonDraft, nationality: str, registered: dt.date) -> None:
        issued = max(self._before(registered, 120, 3000), person.date_of_birth)
        template = self.passports.get(person.nationality, self.passports.get(nationality, ""))
        template = template or "@#######"
        self._add(person, "passport", "passport", template, issued, issued + 5 * _YEAR)

    def _mexican_child(self, person: PersonDraft, registered: dt.date) -> None:
        registered_birth = person.date_of_birth + dt.timedelta(days=between(self.rng, (3, 40)))
        self._add(
            person, "birth_certificate", "birth_certificate", "07###-####-#####", registered_birth
        )
        self._curp(person, "curp", min(registered_birth, registered), None, state="CS")

    def work(self, members: list[PersonDraft], arrived: dt.date, legal_status: str) -> None:
        """RFC and NSS for adults who looked for work after the household arrived."""
        for person in members:
            if person.age_on(arrived) >= 18 and person.willing_to_work:
                self._work_documents(person, arrived, legal_status)

    def _work_documents(self, person: PersonDraft, arrived: dt.date, legal_status: str) -> None:
        rfc_share = 0.75 if legal_status == "resident" else 0.45
        if chance(self.rng, rfc_share):
            on = min(arrived + dt.timedelta(days=between(self.rng, (4, 35))), self.today)
            number = self.issuer.rfc_person(
                first_names=person.first_names,
                last_names=person.last_names,
                born=person.date_of_birth,
            )
            person.documents.append(DocumentDraft("rfc", number, on))
            if chance(self.rng, 0.85):
                nss_on = min(on + dt.timedelta(days=between(self.rng, (1, 25))), self.today)
                number = self.issuer.nss(born=person.date_of_birth, registered_year=nss_on.year)
                person.documents.append(DocumentDraft("nss", number, nss_on))

"""Identity numbers for demo people and companies: valid by the official check rules.

CURP: the RENAPO construction (letters from the names, birth date, sex, state, internal
consonants, a differentiator) and the check digit python-stdnum verifies; "NE" is the state
of people born abroad. RFC: the SAT construction for people (13) and companies (12) with the
check digit stdnum verifies. NSS: 11 digits with a Luhn check digit (IMSS).
Each `Issuer` keeps what it handed out, so numbers are unique per document type.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import unicodedata

from stdnum import luhn
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

_PARTICLES = {
    "DA",
    "DAS",
    "DE",
    "DEL",
    "DER",
    "DI",
    "DIE",
    "DD",
    "EL",
    "LA",
    "LOS",
    "LAS",
    "LE",
    "LES",
    "MAC",
    "MC",
    "VAN",
    "VON",
    "Y",
}
_SKIPPED_FIRST_NAMES = {"MARIA", "MA", "JOSE", "J"}
_VOWELS = "AEIOU"
_CURP_BLOCKED = stdnum_curp._name_blacklist
_RFC_BLOCKED = stdnum_rfc._name_blacklist
_HOMOCLAVE_FIRST = "123456789ABCDEFGHIJKLMNPQRSTUV"
_HOMOCLAVE_SECOND = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
_DIGITS = "0123456789"
_SERIAL_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@functools.cache  # the demo's names come from short lists: each is read once
def _plain(text: str) -> str:
    """Upper case, Ñ kept as X (as RENAPO does), accents and punctuation off."""
    text = text.upper().replace("Ñ", "X").replace("-", "")  # Saint-Fleur is one surname
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Z ]", " ", text)


def _given_name(text: str) -> str:
    """The given name RENAPO reads: the second one when the first is María or José."""
    words = [w for w in _plain(text).split() if w not in _PARTICLES]
    if len(words) > 1 and words[0] in _SKIPPED_FIRST_NAMES:
        return words[1]
    return words[0] if words else "X"


def _internal(word: str, letters: str, vowels: bool) -> str:
    for char in word[1:]:
        if (char in letters) == vowels and char.isalpha():
            return char
    return "X"


def name_key(first_names: str, last_names: str) -> tuple[str, str, str]:
    """(paternal surname, maternal surname or "", given name) as RENAPO reads them."""
    surnames = [w for w in _plain(last_names).split() if w not in _PARTICLES]
    paternal = surnames[0] if surnames else "X"
    maternal = surnames[1] if len(surnames) > 1 else ""
    given = _given_name(first_names)
    return paternal, maternal, given


def _four_letters(paternal: str, maternal: str, given: str, blocked: set[str]) -> str:
    letters = paternal[0] + _internal(paternal, _VOWELS, True) + (maternal[:1] or "X") + given[0]
    if letters in blocked:
        letters = letters[0] + "X" + letters[2:]
    return letters


class Issuer:
    """Hands out unique, valid numbers; one instance per seed run."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, set[str]] = {}

    def _unique(self, kind: str, number: str) -> bool:
        seen = self.used.setdefault(kind, set())
        if number in seen:
            return False
        seen.add(number)
        return True

    def curp(
        self,
        *,
        first_names: str,
        last_names: str,
        born: dt.date,
        sex: str,
        state: str = "NE",
        kind: str = "curp",
    ) -> str:
        paternal, maternal, given = name_key(first_names, last_names)
        head = _four_letters(paternal, maternal, given, _CURP_BLOCKED)
        body = (
            f"{head}{born:%y%m%d}{'M' if sex == 'F' else 'H'}{state}"
            f"{_internal(paternal, _VOWELS, False)}"
            f"{_internal(maternal, _VOWELS, False) if maternal else 'X'}"
            f"{_internal(given, _VOWELS, False)}"
        )
        alphabet = "0123456789" if born.year < 2000 else "ABCDEFGHIJKLMNPQRSTUVWXYZ"
        # The differentiator tells apart people whose first 16 characters coincide.
        first = self.rng.randrange(len(alphabet))
        for differentiator in alphabet[first:] + alphabet[:first]:
            number = body + differentiator
            number += stdnum_curp.calc_check_digit(number)
            if self._unique(kind, number):
                return number
        raise RuntimeError("More than 25 people share the same CURP stem.")  # pragma: no cover

    def rfc_person(self, *, first_names: str, last_names: str, born: dt.date) -> str:
        paternal, maternal, given = name_key(first_names, last_names)
        body = _four_letters(paternal, maternal, given, _RFC_BLOCKED) + f"{born:%y%m%d}"
        while True:
            clave = self.rng.choice(_HOMOCLAVE_FIRST) + self.rng.choice(_HOMOCLAVE_SECOND)
            number = body + clave + stdnum_rfc.calc_check_digit(body + clave)
            if self._unique("rfc", number):
                return number

    def rfc_company(self, *, name: str, founded: dt.date) -> str:
        # SAT: initials of the first three words, legal form left out; with fewer words,
        # the first word's initial and the next letters of the last word.
        words = [w for w in _plain(name).split() if w not in _PARTICLES and len(w) > 1]
        if len(words) >= 3:
            letters = "".join(w[0] for w in words[:3])
        elif len(words) == 2:
            letters = words[0][0] + words[1][:2]
        else:
            letters = (words[0] if words else "XXX")[:3]
        letters = letters.ljust(3, "X")
        body = letters + f"{founded:%y%m%d}"
        while True:
            clave = self.rng.choice(_HOMOCLAVE_FIRST) + self.rng.choice(_HOMOCLAVE_SECOND)
            number = body + clave + stdnum_rfc.calc_check_digit(body + clave)
            if self._unique("rfc_company", number):
                return number

    def nss(self, *, born: dt.date, registered_year: int) -> str:
        """Subdelegation (2), year of affiliation (2), birth year (2), serial (4), Luhn (1)."""
        while True:
            stem = (
                f"{self.rng.randint(1, 99):02d}{registered_year % 100:02d}"
                f"{born.year % 100:02d}{self.rng.randint(0, 9999):04d}"
            )
            number = stem + luhn.calc_check_digit(stem)
            if self._unique("nss", number):
                return number

    def serial(self, kind: str, template: str) -> str:
        """A unique number from a template: # = a digit, @ = a capital letter, else literal."""
        choice = self.rng.choice  # a digit: the same draw as randint(0, 9)
        while True:
            number = "".join(
                choice(alphabet) if alphabet else c for c, alphabet in _serial_parts(template)
            )
            if self._unique(kind, number):
                return number


@functools.cache
def _serial_parts(template: str) -> tuple[tuple[str, str], ...]:
    """Each character of a serial template with the alphabet it is drawn from ("": literal)."""
    alphabets = {"#": _DIGITS, "@": _SERIAL_LETTERS}
    return tuple((c, alphabets.get(c, "")) for c in template)

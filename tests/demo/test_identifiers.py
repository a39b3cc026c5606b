"""Identity numbers of the demo: built by the official rules, valid by python-stdnum."""

from __future__ import annotations

import datetime as dt
import random

from stdnum import luhn
from stdnum.mx import curp, rfc

from arraigo.demo.identifiers import Issuer, name_key


def _issuer() -> Issuer:
    return Issuer(random.Random(11))


def test_a_curp_is_built_from_names_birth_date_sex_and_state() -> None:
    number = _issuer().curp(
        first_names="Wilson", last_names="Pierre", born=dt.date(1990, 5, 17), sex="M"
    )
    # P + first inner vowel I, no second surname X, W; then date, H, born abroad NE, inner
    # consonants R (Pierre), X (no second surname), L (Wilson), a digit, the check digit.
    assert number[:16] == "PIXW900517HNERXL"
    assert number[16].isdigit()
    assert number[17] == curp.calc_check_digit(number[:17])
    assert curp.is_valid(number)


def test_curp_rules_for_maria_jose_enye_and_blocked_words() -> None:
    issuer = _issuer()
    maria = issuer.curp(
        first_names="María José", last_names="Núñez Peña", born=dt.date(2004, 1, 9), sex="F"
    )
    assert maria[:4] == "NUPJ"  # José, not María; Ñ read as X
    assert maria[10] == "M"
    assert maria[13:16] == "XXS"  # Núñez -> X (from Ñ), Peña -> X (from Ñ), José -> S
    assert maria[16].isalpha()  # born in 2000 or later: a letter
    blocked = issuer.curp(
        first_names="Yolanda", last_names="Buendía Estrada", born=dt.date(1985, 2, 1), sex="F"
    )
    assert blocked[:4] == "BXEY"  # BUEY is a blocked word: the vowel becomes X
    assert curp.is_valid(maria)
    assert curp.is_valid(blocked)


def test_the_same_person_twice_gets_two_different_valid_curps() -> None:
    issuer = _issuer()
    person = {"first_names": "Jean", "last_names": "Joseph", "born": dt.date(1988, 3, 3)}
    first = issuer.curp(sex="M", **person)  # type: ignore[arg-type]
    second = issuer.curp(sex="M", **person)  # type: ignore[arg-type]
    assert first != second
    assert first[:16] == second[:16]
    assert curp.is_valid(first)
    assert curp.is_valid(second)


def test_mexican_born_children_carry_their_state() -> None:
    number = _issuer().curp(
        first_names="Ximena",
        last_names="Joseph Pierre",
        born=dt.date(2024, 7, 1),
        sex="F",
        state="CS",
    )
    assert number[11:13] == "CS"
    assert curp.is_valid(number)


def test_generated_rfcs_and_nss_pass_their_check_digits() -> None:
    issuer = _issuer()
    rng = random.Random(5)
    for _ in range(300):
        born = dt.date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
        person = issuer.rfc_person(first_names="Ana Lucía", last_names="Cáceres", born=born)
        assert len(person) == 13
        assert rfc.is_valid(person, validate_check_digits=True)
        nss = issuer.nss(born=born, registered_year=2025)
        assert len(nss) == 11
        assert luhn.is_valid(nss)
    company = issuer.rfc_company(
        name="Autopartes del Norte S.A. de C.V.", founded=dt.date(2001, 4, 5)
    )
    assert company.startswith("ANO010405")
    assert rfc.is_valid(company, validate_check_digits=True)


def test_serial_numbers_follow_their_template_and_never_repeat() -> None:
    issuer = _issuer()
    numbers = [issuer.serial("tvrh", "TVRH##") for _ in range(100)]
    assert len(set(numbers)) == 100
    assert all(n.startswith("TVRH") and n[4:].isdigit() for n in numbers)
    letters = issuer.serial("passport", "@@#")
    assert letters[:2].isalpha()
    assert letters[2].isdigit()


def test_name_key_reads_paternal_maternal_and_given_names() -> None:
    assert name_key("Jean-Baptiste", "Saint-Fleur") == ("SAINTFLEUR", "", "JEANBAPTISTE")
    assert name_key("Luis", "de la Cruz Pérez") == ("CRUZ", "PEREZ", "LUIS")

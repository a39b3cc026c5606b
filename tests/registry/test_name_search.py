"""Accent- and case-insensitive name search, in Python and in SQL."""

from __future__ import annotations

import pytest

from arraigo.registry.models import Person
from arraigo.registry.name_search import fold_text, people_named, prefilter_pattern
from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_fold_text_removes_accents_and_case():
    assert fold_text("JOSÉ Ñúñez Çà Hélène Ÿ") == "jose nunez ca helene y"


def test_prefilter_pattern_makes_foldable_letters_wildcards_and_escapes():
    assert prefilter_pattern("jose") == "%j_s_%"
    assert prefilter_pattern("5%_x\\") == "%5\\%\\_x\\\\%"
    assert prefilter_pattern("ø") == "%_%"


@pytest.mark.parametrize(
    ("stored", "searched"),
    [
        ("José Ñúñez", "jose nunez"),
        ("JOSÉ ÑÚÑEZ", "José Núñez"),
        ("Hélène Saint-Cyr", "HELENE saint-cyr"),
        ("Ana 100% O_Brien", "100% o_brien"),
    ],
)
def test_people_named_finds_across_accents_and_case(stored, searched):
    first, last = stored.split(" ", 1)
    person = PersonFactory(first_names=first, last_names=last)
    PersonFactory(first_names="Otra", last_names="Persona")

    assert list(people_named(Person.objects.all(), searched)) == [person]


def test_people_named_needs_every_word():
    PersonFactory(first_names="Ana", last_names="Ruiz")

    assert list(people_named(Person.objects.all(), "ana gomez")) == []
    assert list(people_named(Person.objects.all(), "ana_ruiz")) == []

"""The shipped eligibility rules' texts are in the catalogue, and pages show them translated."""

from pathlib import Path

import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.registry.eligibility.texts import SHIPPED_TEXTS, rule_text
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.person_data import register


def _yaml_texts() -> list[str]:
    path = Path(settings.ARRAIGO_PROGRAMME_DIR) / "eligibility.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts: list[str] = []
    for item in [*data["rules"], *data.get("exceptions", [])]:
        for text in (item["label"], *(item["reasons"][k] for k in ("met", "not_met", "missing"))):
            if text not in texts:
                texts.append(text)
    return texts


def test_the_list_for_the_catalogue_is_the_shipped_rules_texts():
    assert list(SHIPPED_TEXTS) == _yaml_texts()


def test_every_shipped_text_has_a_spanish_translation():
    with translation.override("es"):
        untranslated = [text for text in SHIPPED_TEXTS if rule_text(text) == text]
    assert untranslated == []


def test_a_text_the_catalogue_does_not_know_shows_as_written():
    with translation.override("es"):
        assert rule_text("Lives in the programme's area") == "Lives in the programme's area"
        assert rule_text("") == ""


def test_the_household_page_shows_the_rules_in_the_readers_language(db):
    coordinator = UserFactory(role=Role.COORDINATOR)
    with translation.override("en"):
        household = register(coordinator, OfficeFactory(code="tap"))
    spanish = Client()  # a new browser: Spanish, the programme's default
    spanish.force_login(coordinator)

    html = spanish.get(reverse("registry:household_detail", args=[household.pk])).content.decode()

    assert "Cuenta con CURP" in html
    assert "Un integrante tiene CURP." in html
    assert "Holds a CURP" not in html

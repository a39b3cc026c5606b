"""The ISCO-08 and skills code lists: the shipped files, the loaders and the data migration."""

import importlib
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from arraigo.codelists import loading as codelists
from arraigo.codelists.models import Occupation, Skill
from arraigo.codelists.services import occupations_load, skills_load
from arraigo.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

OCCUPATIONS = settings.ARRAIGO_PROGRAMME_DIR / codelists.OCCUPATIONS_FILE
SKILLS = settings.ARRAIGO_PROGRAMME_DIR / codelists.SKILLS_FILE

# Unit groups per ISCO-08 major group (ILO, ISCO-08 structure: 436 unit groups in all).
ISCO08_UNIT_GROUPS = {
    "0": 3,
    "1": 31,
    "2": 92,
    "3": 84,
    "4": 29,
    "5": 40,
    "6": 18,
    "7": 66,
    "8": 40,
    "9": 33,
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped files ----------------------------------------------------------------------


def test_every_occupation_code_has_four_digits_and_is_unique() -> None:
    rows = codelists.occupations_read(OCCUPATIONS)

    codes = [row.isco_code for row in rows]
    assert all(re.fullmatch(r"[0-9]{4}", code) for code in codes)
    assert len(codes) == len(set(codes)) == 436


def test_the_occupation_file_covers_every_isco08_unit_group() -> None:
    rows = codelists.occupations_read(OCCUPATIONS)

    assert Counter(row.isco_code[0] for row in rows) == ISCO08_UNIT_GROUPS


@pytest.mark.parametrize(
    ("code", "title_en", "title_es"),
    [
        ("8322", "Car, taxi and van drivers", "Conductores de automóviles, taxis y camionetas"),
        (
            "9329",
            "Manufacturing labourers not elsewhere classified",
            "Peones de la industria manufacturera no clasificados bajo otros epígrafes",
        ),
        ("8153", "Sewing machine operators", "Operadores de máquinas de coser"),
        ("7212", "Welders and flamecutters", "Soldadores y oxicortadores"),
        ("8344", "Lifting truck operators", "Operadores de autoelevadoras"),
        ("2211", "Generalist medical practitioners", "Médicos generales"),
    ],
)
def test_known_occupations_are_loaded_with_both_titles(code, title_en, title_es) -> None:
    occupation = Occupation.objects.get(isco_code=code)

    assert (occupation.title_en, occupation.title_es) == (title_en, title_es)


def test_the_common_professional_and_technician_codes_are_present() -> None:
    wanted = {"2211", "2221", "2310", "2330", "2341", "2512", "3112", "3115", "3221", "3256",
              "3313", "3343", "3412", "3434", "3512"}  # fmt: skip

    assert (
        set(Occupation.objects.filter(isco_code__in=wanted).values_list("isco_code", flat=True))
        == wanted
    )


def test_the_skills_file_loads_with_unique_codes_and_both_names() -> None:
    rows = codelists.skills_read(SKILLS)

    assert len(rows) == len({row.code for row in rows}) == Skill.objects.count()
    forklift = Skill.objects.get(code="forklift-operation")
    assert (forklift.name_en, forklift.name_es) == (
        "Forklift operation",
        "Operación de montacargas",
    )
    assert {"welding-mig", "welding-tig", "driving-licence-b", "driving-licence-c",
            "haitian-creole-interpretation"} <= {row.code for row in rows}  # fmt: skip


def test_the_migration_loaded_exactly_the_files() -> None:
    assert Occupation.objects.count() == len(codelists.occupations_read(OCCUPATIONS))
    assert Skill.objects.count() == len(codelists.skills_read(SKILLS))


def test_titles_follow_the_active_language() -> None:
    from django.utils import translation

    occupation = Occupation.objects.get(isco_code="5120")
    skill = Skill.objects.get(code="cooking")

    with translation.override("es"):
        assert (occupation.title, skill.name) == ("Cocineros", "Cocina")
    with translation.override("en"):
        assert (occupation.title, skill.name) == ("Cooks", "Cooking")


# --- readers refuse broken files ------------------------------------------------------------


def test_occupations_read_refuses_a_wrong_header(tmp_path) -> None:
    path = _write(tmp_path / "o.csv", "code,title_en,title_es\n8322,Drivers,Conductores\n")

    with pytest.raises(ValidationFailed) as refused:
        codelists.occupations_read(path)

    assert refused.value.errors == {
        None: ["o.csv: the header must be isco_code,title_en,title_es."]
    }


def test_occupations_read_reports_every_bad_row(tmp_path) -> None:
    path = _write(
        tmp_path / "o.csv",
        "isco_code,title_en,title_es\n832,Drivers,Conductores\n8322,Drivers,\n8322,Drivers,Conductores\n",
    )

    with pytest.raises(ValidationFailed) as refused:
        codelists.occupations_read(path)

    assert refused.value.errors == {
        None: [
            "o.csv line 3: empty title_es.",
            "o.csv line 4: code 8322 repeats line 3.",
            "o.csv line 2: '832' is not a 4-digit code.",
        ]
    }


def test_skills_read_refuses_a_code_that_is_not_a_slug(tmp_path) -> None:
    path = _write(tmp_path / "s.csv", "code,name_en,name_es\nForklift Op,Forklift,Montacargas\n")

    with pytest.raises(ValidationFailed) as refused:
        codelists.skills_read(path)

    assert refused.value.errors == {
        None: [
            "s.csv line 2: 'Forklift Op' is not a code "
            "(lower-case letters, digits and hyphens, up to 60)."
        ]
    }


# --- loaders --------------------------------------------------------------------------------


def test_occupations_load_updates_titles_and_adds_codes(tmp_path) -> None:
    path = _write(
        tmp_path / "o.csv",
        "isco_code,title_en,title_es\n8322,Car and van drivers,Choferes\n5120,Cooks,Cocineros\n",
    )

    result = occupations_load(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Occupation.objects.get(isco_code="8322").title_es == "Choferes"


def test_loading_the_shipped_files_twice_changes_nothing() -> None:
    occupations = occupations_load()
    skills = skills_load()

    assert (occupations.created, occupations.updated) == (0, 0)
    assert occupations.unchanged == 436
    assert (skills.created, skills.updated) == (0, 0)


def test_skills_load_adds_a_new_skill(tmp_path) -> None:
    path = _write(tmp_path / "s.csv", "code,name_en,name_es\ntile-grouting,Grouting,Emboquillado\n")

    result = skills_load(path=path)

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    assert Skill.objects.get(code="tile-grouting").name_es == "Emboquillado"


def test_the_data_migration_reverses_and_reapplies() -> None:
    migration = importlib.import_module("arraigo.jobs.migrations.0002_load_codelists")
    # The models as that migration knew them (in jobs; they moved to codelists later).
    apps = MigrationLoader(connection).project_state(("jobs", "0002_load_codelists")).apps

    migration.unload(apps, None)
    emptied = (Occupation.objects.count(), Skill.objects.count())
    migration.load(apps, None)

    assert emptied == (0, 0)
    assert Occupation.objects.count() == 436
    assert Skill.objects.filter(code="cooking").exists()

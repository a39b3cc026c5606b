"""Load the occupation and skill code lists from the programme's CSV files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import loading as codelists
from .models import Occupation, Skill


@transaction.atomic
def occupations_load(*, path: Path | None = None) -> codelists.LoadResult:
    """Create or update the ISCO-08 occupations from `path` (default: the programme's file)."""
    source = path or settings.ARRAIGO_PROGRAMME_DIR / codelists.OCCUPATIONS_FILE
    return codelists.occupations_upsert(Occupation, codelists.occupations_read(source))


@transaction.atomic
def skills_load(*, path: Path | None = None) -> codelists.LoadResult:
    """Create or update the skills from `path` (default: the programme's file)."""
    source = path or settings.ARRAIGO_PROGRAMME_DIR / codelists.SKILLS_FILE
    return codelists.skills_upsert(Skill, codelists.skills_read(source))

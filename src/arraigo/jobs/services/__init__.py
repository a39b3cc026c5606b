"""Every write on employers, vacancies and placements. Import services from here."""

from .employers import employer_create, employer_update, rfc_normalise
from .placements import (
    HireData,
    placement_hire,
    placement_imss_register,
    placement_separate,
    placement_start,
)
from .vacancies import vacancy_close, vacancy_create, vacancy_update

__all__ = [
    "HireData",
    "employer_create",
    "employer_update",
    "placement_hire",
    "placement_imss_register",
    "placement_separate",
    "placement_start",
    "rfc_normalise",
    "vacancy_close",
    "vacancy_create",
    "vacancy_update",
]

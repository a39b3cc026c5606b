"""The worker-vacancy fit q[w, v]: requirements are hard, occupation and skills score."""

import pytest

from arraigo.matching.fit import VacancyProfile, WorkerProfile, best_vacancies, fit


def worker(**kw: object) -> WorkerProfile:
    data = {
        "id": "w",
        "education": "upper_secondary",
        "years_experience": 3,
        "spanish": "native",
        "isco_codes": frozenset({"7231"}),
        "skills": frozenset({"welding"}),
    }
    data.update(kw)
    return WorkerProfile(**data)  # type: ignore[arg-type]


def vacancy(**kw: object) -> VacancyProfile:
    data = {
        "id": "v",
        "city": "1",
        "min_education": "primary",
        "min_experience_years": 1,
        "min_spanish": "basic",
        "isco_code": "7231",
        "skills": frozenset(),
    }
    data.update(kw)
    return VacancyProfile(**data)  # type: ignore[arg-type]


def test_same_unit_group_and_no_skills_listed_is_the_full_fit() -> None:
    assert fit(worker(), vacancy()) == pytest.approx(0.1)


def test_same_major_group_scores_0_6_of_the_occupation_part() -> None:
    assert fit(worker(), vacancy(isco_code="7212")) == pytest.approx(0.1 * (0.7 * 0.6 + 0.3))


def test_other_occupation_and_half_the_skills() -> None:
    v = vacancy(isco_code="9329", skills=frozenset({"welding", "forklift"}))
    assert fit(worker(), v) == pytest.approx(0.1 * (0.7 * 0.2 + 0.3 * 0.5))


@pytest.mark.parametrize(
    "requirement",
    [
        {"min_education": "tertiary"},
        {"min_experience_years": 4},
        {"min_spanish": "fluent"},
    ],
)
def test_a_missed_requirement_makes_the_pair_incompatible(requirement: dict[str, object]) -> None:
    assert fit(worker(spanish="intermediate"), vacancy(**requirement)) is None


def test_best_vacancies_keeps_the_best_per_city() -> None:
    vacancies = [
        vacancy(id="1", city="a", isco_code="7231"),
        vacancy(id="2", city="a", isco_code="7212"),
        vacancy(id="3", city="a", isco_code="9329"),
        vacancy(id="4", city="b", isco_code="9329"),
        vacancy(id="5", city="b", min_spanish="native", isco_code="7231"),
    ]
    chosen = best_vacancies(worker(spanish="fluent"), vacancies, per_city=2)
    assert sorted(chosen) == ["1", "2", "4"]

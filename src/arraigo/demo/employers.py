"""Demo partner employers and their vacancies (data/employers.yaml).

Employers are spread over the host cities by population; each vacancy's occupation fits the
employer's sector. Occupations and skills are the rows the jobs app loaded (ISCO-08 and the
programme's skills list): a code the database does not have is left out.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from arraigo.codelists.models import Occupation, Skill
from arraigo.jobs.models import Employer, Vacancy
from arraigo.jobs.rows import employer_row, vacancy_row
from arraigo.jobs.types import EmployerData, VacancyData

from .bulk import objects_insert, rows_insert
from .identifiers import Issuer
from .places import Places, phone_number
from .reference import chance, pick, quotas, reference


def employers_create(
    rng: random.Random, issuer: Issuer, places: Places, count: int, today: dt.date
) -> list[Employer]:
    """`count` employers (the demo employer first, in Saltillo), weighted by city size."""
    data = reference("employers")
    demo = data["demo_employer"]
    rows = [
        demo_employer_row(
            EmployerData(
                name=demo["name"],
                sector=demo["sector"],
                city=places.cities[demo["city"]],
                size=demo["size"],
                partner_since=demo["partner_since"],
                trained_on_refugee_hiring=True,
                contact_name=demo["contact"],
                contact_email="rh.componentes-desierto@example.com",
                contact_phone=phone_number(rng, places.area_codes[demo["city"]]),
                rfc=issuer.rfc_company(name=demo["name"], founded=dt.date(2009, 6, 2)),
                notes=(
                    "Plant on the Saltillo-Ramos Arizpe industrial corridor; hires in every shift."
                ),
            )
        )
    ]
    used_names = {demo["name"]}
    sectors = {code: spec["share"] for code, spec in data["sectors"].items()}
    cities = quotas(rng, places.host_weights, max(0, count - 1))
    for city_code in cities:
        sector = str(pick(rng, sectors))
        name = _company_name(rng, data, sector, used_names)
        since = _partner_since(rng, data, today)
        founded = dt.date(rng.randint(1975, 2015), rng.randint(1, 12), rng.randint(1, 28))
        contact = f"{rng.choice(data['contact_first'])} {rng.choice(data['contact_last'])}"
        slug = slugify(name.rsplit(" S.", 1)[0])[:30].strip("-")
        rows.append(
            demo_employer_row(
                EmployerData(
                    name=name,
                    sector=sector,
                    city=places.cities[city_code],
                    size=str(pick(rng, data["sizes"])),
                    partner_since=since,
                    trained_on_refugee_hiring=chance(rng, data["trained_share"]),
                    contact_name=contact,
                    contact_email=f"rh.{slug}@example.com",
                    contact_phone=phone_number(rng, places.area_codes[city_code]),
                    rfc=issuer.rfc_company(name=name, founded=founded),
                )
            )
        )
    return objects_insert(Employer, rows)


def demo_employer_row(data: EmployerData) -> Employer:
    """The row employer_create would store; the issuer's RFCs are valid and normalised."""
    return employer_row(data, data.rfc)


def _company_name(rng: random.Random, data: dict[str, Any], sector: str, used: set[str]) -> str:
    stems = data["sectors"][sector]["stems"]
    for _attempt in range(40):
        stem, place = rng.choice(stems), rng.choice(data["place_words"])
        name = f"{stem} {place} {pick(rng, data['legal_forms'])}"
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(stems)} {rng.choice(data['place_words'])} {len(used)} S.A. de C.V."
    used.add(name)
    return name


def _partner_since(rng: random.Random, data: dict[str, Any], today: dt.date) -> dt.date:
    spec = data["partner_since"]
    year = rng.randint(spec["first_year"], spec["last_year"])
    since = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    return min(since, today - dt.timedelta(days=rng.randint(15, 120)))


def vacancies_create(
    rng: random.Random, employers: list[Employer], count: int, today: dt.date
) -> list[Vacancy]:
    """About `count` vacancies over the employers, more for larger companies."""
    occupations = Occupation.objects.in_bulk(field_name="isco_code")
    if not occupations or not employers:
        return []
    skills = Skill.objects.in_bulk(field_name="code")
    data = reference("employers")
    skill_map = reference("skills")["by_occupation"]
    weights = {i: float(data["vacancies_per_size"][e.size]) for i, e in enumerate(employers)}
    owners = [employers[0]] * min(6, count) + [
        employers[i] for i in quotas(rng, weights, max(0, count - 6))
    ]
    drafts: list[_VacancyDraft] = []
    links: list[list[Skill]] = []
    for employer in owners:
        spec = data["sectors"][employer.sector]
        job = _job(rng, spec, occupations)
        occupation = occupations.get(job["isco"])
        if occupation is None:
            continue  # the sector's occupations are not loaded in this database
        drafts.append(_vacancy(rng, data, spec, employer, job, occupation, today))
        options = [skills[c] for c in skill_map.get(job["isco"], []) if c in skills]
        links.append(rng.sample(options, min(len(options), rng.randint(0, 2))))
    rows = [
        vacancy_row(
            employer=draft.employer,
            data=replace(draft.data, site=site),
            occupation=draft.occupation,
            opened_on=opened_on,
            status=draft.status,
        )
        for draft, (site, opened_on) in zip(drafts, _sites_and_opening(drafts, today), strict=True)
    ]
    created = objects_insert(Vacancy, rows)
    rows_insert(
        Vacancy.skills.through,
        ("vacancy_id", "skill_id"),
        (
            (vacancy.pk, skill.pk)
            for vacancy, chosen in zip(created, links, strict=True)
            for skill in chosen
        ),
    )
    return created


# Where in a company the job is: vacancies with the same title differ by site and shift.
SITES = ("Planta 1", "Planta 2", "Nave norte", "Nave sur", "Centro de distribución", "Oficinas")


@dataclass(frozen=True)
class _VacancyDraft:
    """What vacancy_create would be given, and the status the demo's history left it in."""

    employer: Employer
    data: VacancyData
    occupation: Occupation
    status: str


def _sites_and_opening(drafts: list[_VacancyDraft], today: dt.date) -> list[tuple[str, dt.date]]:
    """Each vacancy's work site and opening date, from a generator of its own so the rest
    of the demo draws the same numbers as before these fields existed."""
    local = random.Random(f"vacancy-sites-{len(drafts)}")
    result = []
    for draft in drafts:
        site = local.choice(SITES)
        start = draft.data.start_date or today
        result.append((site, min(today, start - dt.timedelta(days=local.randint(7, 60)))))
    return result


def _job(rng: random.Random, spec: dict[str, Any], occupations: dict[str, Occupation]) -> Any:
    jobs = [job for job in spec["occupations"] if job["isco"] in occupations] or spec["occupations"]
    return jobs[rng.choices(range(len(jobs)), weights=[j["weight"] for j in jobs])[0]]


def _vacancy(
    rng: random.Random,
    data: dict[str, Any],
    spec: dict[str, Any],
    employer: Employer,
    job: dict[str, Any],
    occupation: Occupation,
    today: dt.date,
) -> _VacancyDraft:
    low, high = spec["wage"]
    city_wage = float(employer.city.average_monthly_wage_mxn or 16000)
    factor = 0.85 + 0.3 * (city_wage - 14000) / 7000  # richer cities pay a little more
    wage = round(rng.uniform(low, high) * factor / 50) * 50
    wage = max(8000, min(18000, wage + 400 * int(job.get("experience", 0))))
    status = str(pick(rng, data["vacancy_status"]))
    if status == "open":
        start = today + dt.timedelta(days=rng.randint(0, 75))
    else:
        start = today - dt.timedelta(days=rng.randint(10, 240))
    benefits = rng.sample(data["other_benefits"], rng.randint(0, 3))
    spanish = job.get("spanish") or str(pick(rng, data["spanish_default"]))
    return _VacancyDraft(
        employer=employer,
        data=VacancyData(
            city=employer.city,
            title=job["title"],
            occupation_code=occupation.isco_code,
            seats=int(pick(rng, data["seats"])),
            min_education=job.get("education") or ("primary" if chance(rng, 0.5) else "none"),
            min_experience_years=int(job.get("experience", 0)) + (1 if chance(rng, 0.15) else 0),
            shift=str(pick(rng, data["shifts"])),
            physical_demands=job["demand"],
            min_spanish_level=spanish,
            monthly_wage_mxn=Decimal(wage),
            benefit_transport=chance(rng, 0.55 if employer.size in {"medium", "large"} else 0.2),
            benefit_daycare=chance(rng, 0.12 if employer.size == "large" else 0.03),
            benefit_training=chance(rng, 0.6),
            other_benefits=", ".join(benefits),
            start_date=start,
        ),
        occupation=occupation,
        status=status,
    )

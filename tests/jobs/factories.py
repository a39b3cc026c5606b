from decimal import Decimal

import factory

from arraigo.jobs.models import CompanySize, Employer, Occupation, Sector, Skill, Vacancy
from tests.places.factories import CityFactory


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("isco_code",)

    isco_code = factory.Sequence(lambda n: f"{9000 + n % 999}")
    title_en = factory.Sequence(lambda n: f"Occupation {n}")
    title_es = factory.Sequence(lambda n: f"Ocupación {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")
    name_es = factory.Sequence(lambda n: f"Habilidad {n}")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Empresa {n} S.A. de C.V.")
    sector = Sector.AUTOMOTIVE
    city = factory.SubFactory(CityFactory)
    size = CompanySize.LARGE


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    city = factory.SelfAttribute("employer.city")
    title = "Operador de producción"
    occupation = factory.SubFactory(OccupationFactory)
    seats = 3
    monthly_wage_mxn = Decimal("9500.00")

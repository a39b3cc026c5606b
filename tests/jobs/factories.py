import datetime as dt
from decimal import Decimal

import factory

from arraigo.codelists.models import Occupation, Skill
from arraigo.jobs.models import (
    CompanySize,
    ContractType,
    Employer,
    Placement,
    Sector,
    Vacancy,
)
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


class PlacementFactory(factory.django.DjangoModelFactory):
    """A started, open placement of an adult of an integrating household in the job's city."""

    class Meta:
        model = Placement

    employer = factory.SubFactory(EmployerFactory)
    vacancy = None
    person = factory.SubFactory(
        "tests.registry.factories.PersonFactory",
        household__status="integrating",
        household__host_city=factory.SelfAttribute("...employer.city"),
    )
    household = factory.SelfAttribute("person.household")
    hired_on = dt.date(2026, 1, 5)
    started_on = dt.date(2026, 1, 12)
    monthly_wage_mxn = Decimal("9500.00")
    contract_type = ContractType.INDEFINITE

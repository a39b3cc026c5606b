import datetime as dt

import factory

from arraigo.places.models import (
    Capacity,
    CapacityDimension,
    City,
    CityKind,
    Office,
    OfficeKind,
    ProviderKind,
    Service,
    ServiceCategory,
    ServiceProvider,
)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Ciudad {n}")
    code = factory.Sequence(lambda n: f"city-{n}")
    state = "Coahuila"
    kind = CityKind.HOST


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Oficina {n}")
    code = factory.Sequence(lambda n: f"of{n}")
    kind = OfficeKind.ORIGIN
    city = factory.SubFactory(CityFactory, kind=CityKind.ORIGIN, state="Chiapas")


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capacity

    city = factory.SubFactory(CityFactory)
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 12, 31)
    dimension = CapacityDimension.HOUSING_UNITS
    amount = 50


class ServiceProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceProvider

    name = factory.Sequence(lambda n: f"Proveedor {n}")
    kind = ProviderKind.NGO
    city = factory.SubFactory(CityFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    provider = factory.SubFactory(ServiceProviderFactory)
    category = ServiceCategory.DAYCARE
    name = factory.Sequence(lambda n: f"Servicio {n}")

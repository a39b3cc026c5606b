import factory

from arraigo.accounts.models import Role, User
from arraigo.accounts.services import user_set_role
from tests.jobs.factories import EmployerFactory
from tests.places.factories import CityFactory, OfficeFactory, ServiceProviderFactory


class UserFactory(factory.django.DjangoModelFactory):
    """A user in a role, with the scope that role needs and its group set."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")
    role = Role.COORDINATOR
    office = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.ORIGIN_CASEWORKER),
        yes_declaration=factory.SubFactory(OfficeFactory),
        no_declaration=None,
    )
    city = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.HOST_CASEWORKER),
        yes_declaration=factory.SubFactory(CityFactory),
        no_declaration=None,
    )
    employer = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.EMPLOYER),
        yes_declaration=factory.SubFactory(EmployerFactory),
        no_declaration=None,
    )
    provider = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.SERVICE_PARTNER),
        yes_declaration=factory.SubFactory(ServiceProviderFactory),
        no_declaration=None,
    )

    @factory.post_generation
    def groups_for_role(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            user_set_role(user=self, role=self.role)

import datetime as dt

import factory
from django.utils import timezone

from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Round


class FollowUpAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAnswer

    person = factory.SubFactory("tests.registry.factories.PersonFactory")
    household = factory.LazyAttribute(lambda o: o.person.household)
    round = Round.MONTH6
    date = dt.date(2026, 6, 30)
    source = AnswerSource.FILE
    recorded_at = factory.LazyFunction(timezone.now)

import pytest

from arraigo.accounts.models import Role
from arraigo.registry.models import Relationship
from tests.accounts.factories import UserFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

from .factories import FollowUpAnswerFactory
from .known_answers import ANSWERS, HOUSEHOLDS


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def known_answers(db):
    """known_answers.py in the database: households H1-H4, their members and answers."""
    people = {}
    for code, (size, members) in HOUSEHOLDS.items():
        household = HouseholdFactory(code=code, size=size)
        for number, born in members:
            relationship = Relationship.HEAD if number == 1 else Relationship.CHILD
            people[code, number] = PersonFactory(
                household=household, date_of_birth=born, relationship=relationship
            )
    for code, member, round_code, day, *answers in ANSWERS:
        names = ("works", "formal", "income", "job_satisfied", "in_school", "bank_account")
        FollowUpAnswerFactory(
            person=people[code, member],
            round=round_code,
            date=day,
            **dict(zip(names, answers, strict=True)),
        )
    return people

from __future__ import annotations

from arraigo.accounts.models import Role
from arraigo.webhooks.models import Subscriber
from arraigo.webhooks.services import SubscriberData, subscriber_create
from tests.accounts.factories import UserFactory


def subscriber(
    events: list[str], *, name: str = "Partner CRM", url: str = "https://partner.example/hook"
) -> tuple[Subscriber, str]:
    """A subscriber made as a coordinator makes one, and its secret."""
    actor = UserFactory(role=Role.COORDINATOR)
    return subscriber_create(actor=actor, data=SubscriberData(name=name, url=url, events=events))

"""Every write on cities, offices, capacities and the service directory. Import from here."""

from .capacities import capacity_set
from .cities import city_create, city_update, office_create, office_update
from .providers import provider_create, provider_update, service_create, service_update

__all__ = [
    "capacity_set",
    "city_create",
    "city_update",
    "office_create",
    "office_update",
    "provider_create",
    "provider_update",
    "service_create",
    "service_update",
]

"""The placement optimiser: plain Python, no Django. Data in, typed result out."""

from .instance import City, GroupFloor, Household, Instance, InstanceError, Vacancy, instance_check
from .placement import place
from .result import Params, Result, Status
from .solve import solve

__all__ = [
    "City",
    "GroupFloor",
    "Household",
    "Instance",
    "InstanceError",
    "Params",
    "Result",
    "Status",
    "Vacancy",
    "instance_check",
    "place",
    "solve",
]

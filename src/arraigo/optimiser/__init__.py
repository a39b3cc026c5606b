"""The placement optimiser: plain Python, no Django. Data in, typed result out."""

from .check import ResultError, result_check
from .instance import City, GroupFloor, Household, Instance, InstanceError, Vacancy, instance_check
from .placement import Method, place
from .result import Params, Result, Status
from .solve import solve

__all__ = [
    "City",
    "GroupFloor",
    "Household",
    "Instance",
    "InstanceError",
    "Method",
    "Params",
    "Result",
    "ResultError",
    "Status",
    "Vacancy",
    "instance_check",
    "place",
    "result_check",
    "solve",
]

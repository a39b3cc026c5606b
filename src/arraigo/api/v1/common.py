"""What every endpoint module shares: the answers each operation documents, id and text types
that refuse what the database could not hold, and the request's user."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from arraigo.accounts.models import User
from arraigo.core.formflow import request_user

from .errors import ErrorOut

# Ids are 64-bit in the database; a larger number is refused as invalid (422), never sent on.
MAX_ID = 2**53


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("NUL characters are not allowed")
    return text


_NO_NUL = AfterValidator(_no_nul)
# Strings of at most N characters, without NUL characters (PostgreSQL refuses them); the
# "Required" ones need at least one character.
Text40 = Annotated[str, StringConstraints(max_length=40), _NO_NUL]
Text120 = Annotated[str, StringConstraints(max_length=120), _NO_NUL]
Text200 = Annotated[str, StringConstraints(max_length=200), _NO_NUL]
RequiredText160 = Annotated[str, StringConstraints(min_length=1, max_length=160), _NO_NUL]
RequiredText300 = Annotated[str, StringConstraints(min_length=1, max_length=300), _NO_NUL]
RequiredText500 = Annotated[str, StringConstraints(min_length=1, max_length=500), _NO_NUL]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40), _NO_NUL]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _date_written(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise ValueError("write the date as YYYY-MM-DD")
    return value


# A date as the schema documents it (YYYY-MM-DD): pydantic would also read a number as Unix
# time, so that 0 started a matching run on 1970-01-01.
Date = Annotated[dt.date, BeforeValidator(_date_written)]

# Every operation may answer these, in the one error shape (errors.py).
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422, 429, 500})


def answers(ok: dict[int, Any]) -> dict[Any, Any]:
    """An operation's documented answers: its successes, and every error in the error shape."""
    return {**ok, ERROR_CODES: ErrorOut}


def caller(request: HttpRequest) -> User:
    """The token's owner (auth.TokenAuth made it the request's user)."""
    return request_user(request)

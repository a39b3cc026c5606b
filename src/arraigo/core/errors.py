"""Project error types. Services raise these, never HTTP errors; views translate them."""

from __future__ import annotations


class ArraigoError(Exception):
    """A domain rule refused an action. `message` is safe to show to the user."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ValidationFailed(ArraigoError):
    """Input broke a rule; `errors` maps field names to messages (None for the whole form)."""

    def __init__(self, errors: dict[str | None, list[str]]) -> None:
        first = next(iter(errors.values()), [""])
        super().__init__(first[0] if first else "", code="validation")
        self.errors = errors


class NotPermitted(ArraigoError):
    """The user's role does not allow this action."""

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message, code="not_permitted")


class InvalidTransition(ArraigoError):
    """A household cannot move from its current status to the one asked for."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_transition")

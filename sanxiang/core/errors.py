"""Coded domain errors.

Every refusal carries a stable ``code`` (for the API and tests), a message for people (Chinese via
gettext), the ``field`` it concerns when there is one, and the ``citation`` of the rule that produced
it when a rule did. Each class maps to exactly one HTTP status (ARCHITECTURE rule 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils.functional import Promise


@dataclass(frozen=True)
class FieldError:
    field: str | None
    code: str
    message: str | Promise
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "code": self.code, "message": str(self.message)}
        if self.row is not None:
            data["row"] = self.row
        return data


class DomainError(Exception):
    status: ClassVar[int] = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        field: str | None = None,
        citation: str | Promise | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.citation = citation
        self.errors = errors or [FieldError(field, code, message)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "field": self.field,
            "citation": str(self.citation) if self.citation else None,
            "errors": [error.as_dict() for error in self.errors],
        }

    def __str__(self) -> str:
        prefix = f"{self.field}: " if self.field else ""
        return f"[{self.code}] {prefix}{self.message}"


class Invalid(DomainError):
    """The input breaks a rule (400)."""

    status = 400

    @classmethod
    def many(cls, errors: list[FieldError]) -> Invalid:
        first = errors[0]
        return cls(first.code, first.message, field=first.field, errors=errors)


class NotAllowed(DomainError):
    """The actor may see the object but may not do this (403)."""

    status = 403


class NotVisible(DomainError):
    """The object does not exist for this actor (404): deny by default, reveal nothing."""

    status = 404


class WrongState(DomainError):
    """The object is not in a state that allows this (409), e.g. a revoked certificate."""

    status = 409


class Conflict(WrongState):
    """Someone else changed the object first (409)."""

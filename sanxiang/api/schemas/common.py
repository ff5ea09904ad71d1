from __future__ import annotations

from ninja import Schema


class FieldErrorOut(Schema):
    field: str | None
    code: str
    message: str
    row: int | None = None


class ErrorOut(Schema):
    """Every refusal has this shape (ARCHITECTURE rule 7): a stable ``code`` for programs, a Chinese
    ``message`` for people, the ``field`` it concerns, the ``citation`` of the rule that produced it,
    and one entry per bad field in ``errors``."""

    code: str
    message: str
    field: str | None = None
    citation: str | None = None
    errors: list[FieldErrorOut] = []


class ReasonIn(Schema):
    """Every change to a published list or a certificate says why (动态调整 must be explained)."""

    reason: str

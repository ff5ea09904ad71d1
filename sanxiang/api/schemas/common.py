from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema

# Bounds every list endpoint declares, so that clients generated from the OpenAPI document know them
# and an out-of-range value is a 400 in the error shape, never a database error: SQLite and
# PostgreSQL refuse an OFFSET beyond a signed 64-bit integer, which surfaced as a 500 (review F7).
MAX_PAGE = 100
MAX_OFFSET = 2_147_483_647
# The largest primary key any table can hold (a signed 64-bit bigint); a larger id names nothing.
MAX_ID = 9_223_372_036_854_775_807

# An id sent in a body (a list of legal bases, say): positive and within the database's range, so a
# huge number is refused as invalid input instead of overflowing the database driver.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A SHA-256 digest as 64 lower- or upper-case hexadecimal digits.
SHA256_HEX = r"^[0-9a-fA-F]{64}$"


def checked_here(
    default: Any, *, minimum: int | None = None, maximum: int | None = None, pattern: str | None = None
) -> Any:
    """A field whose bounds the handler checks itself, to answer with its own error code and message
    (``recordlog_negative``, ``publication_offset``…): the bounds are stated in the OpenAPI document
    only, so that clients know them, while pydantic leaves the value to the handler."""
    extra: dict[str, Any] = {}
    if minimum is not None:
        extra["minimum"] = minimum
    if maximum is not None:
        extra["maximum"] = maximum
    if pattern is not None:
        extra["pattern"] = pattern
    return Field(default, json_schema_extra=extra)


class PageIn(Schema):
    """Paging of every list: ``limit`` rows (1–100) from ``offset`` (0 or more)."""

    limit: int = Field(20, ge=1, le=MAX_PAGE, description="每页条数（1–100）")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="从第几条开始（0 起）")


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


class AgencyRef(Schema):
    """An agency named inside another object (the catalog's entrusting agency, a case's agency)."""

    id: int
    name: str


class ReasonIn(Schema):
    """Every change to a published list or a certificate says why (动态调整 must be explained)."""

    reason: str


def binary_200(media_type: str, description: str) -> dict[str, Any]:
    """``openapi_extra`` for a download: the 200 answer is a file of ``media_type``, not JSON, so
    that generated clients (and schemathesis) expect bytes (review F10)."""
    content = {media_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {"200": {"description": description, "content": content}}}

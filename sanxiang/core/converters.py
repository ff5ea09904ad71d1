"""A bounded integer for URLs.

Django's ``int`` converter accepts any run of digits, and a primary key like
99999999999999999999 then overflows the database driver (SQLite raises OverflowError, PostgreSQL a
numeric error) and the page is a 500. Every ``<int:...>`` in our URLs is a database id or a year, so
``<id:...>`` takes what fits a signed 64-bit integer and anything larger is simply no match: a 404.
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest BIGINT in PostgreSQL and SQLite


class BoundedIntConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # Django treats this as "no match": a 404
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


# Registered when the URL modules import this one (each does, so the order they load in does not matter).
register_converter(BoundedIntConverter, "id")

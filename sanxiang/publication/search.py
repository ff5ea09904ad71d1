"""The portal's word index: character bigrams of the searchable text (ADR 0014).

Chinese has no spaces to split words on, and the terms people type are often two characters long
(处罚, 罚款, 食品). A trigram index cannot serve a 2-character term, so each published item also
keeps ``search_grams``: the distinct character bigrams of its normalised text. On PostgreSQL a GIN
index on ``to_tsvector('simple', search_grams)`` (migration 0006) finds the items holding every
bigram of a term; ``search_text`` then rechecks the exact substring, since bigrams that all occur
need not occur side by side. SQLite (the demo database) runs only the substring match.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Model, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

# Letters and digits of any script; everything else (punctuation, spaces, symbols) splits runs.
_RUN = re.compile(r"[^\W_]+")

M = TypeVar("M", bound=Model)


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII, compatibility forms folded), lower-cased: the
    form both ``search_text`` and a search term are stored and compared in."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def grams(text: str) -> str:
    """Space-separated distinct character bigrams of the normalised text's letter/digit runs; a run
    of one character is kept as a unigram (a lone 号 or 5 still appears in the index)."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(normalise(text)):
        for gram in _bigrams(run) if len(run) > 1 else [run]:
            seen.setdefault(gram, None)
    return " ".join(seen)


def term_grams(word: str) -> list[str]:
    """The bigrams every item containing ``word`` must hold; empty when the word has none (one
    character, or single characters between punctuation) and only the substring match can answer."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(normalise(word)):
        for gram in _bigrams(run):
            seen.setdefault(gram, None)
    return list(seen)


def tsquery(lexemes: list[str]) -> str:
    """A tsquery text requiring every lexeme, each quoted: passed as a query parameter, never spliced
    into SQL, and quoted so that no lexeme can be read as an operator."""
    quoted = ("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)
    return " & ".join(quoted)


class _GramsMatch(Func):
    """``to_tsvector('simple', search_grams) @@ to_tsquery('simple', %s)``: the indexed expression of
    migration 0006 exactly (the planner uses the index only for that expression); the tsquery text
    is a parameter."""

    output_field = BooleanField()

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: object
    ) -> tuple[str, tuple[object, ...]]:
        (column, column_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, {query})"
        return sql, (*column_params, *query_params)


def match(queryset: QuerySet[M], word: str) -> QuerySet[M]:
    """Rows whose ``search_text`` contains ``word`` (normalised). On PostgreSQL, a word of two or more
    adjacent letters/digits goes through the bigram index first; the substring recheck stays."""
    word = normalise(word)
    if not word:
        return queryset
    rows = queryset.filter(search_text__contains=word)
    lexemes = term_grams(word)
    if not lexemes or connections[queryset.db].vendor != "postgresql":
        return rows
    return rows.filter(_GramsMatch(F("search_grams"), Value(tsquery(lexemes))))

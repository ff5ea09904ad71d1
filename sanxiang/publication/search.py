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
import threading
import time
import unicodedata
from typing import TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Model, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.db.models.sql.compiler import SQLCompiler

# Letters and digits of any script; everything else (punctuation, spaces, symbols) splits runs.
_RUN = re.compile(r"[^\W_]+")

M = TypeVar("M", bound=Model)

# A term estimated in more than this share of the rows is "common" (ADR 0014): its items are many
# and spread over every date, so the portal's order index reaches the first page after a few hundred
# rows, checking only the cheap substring, while the GIN index would gather, recheck and sort every
# match. Below it the index is cheaper. The crossover is near sqrt(page / rows) (0.5% at 1,000,000
# items and a page of 20): measured with bench/publication.py.
COMMON_SHARE = 0.005
# The GIN index is asked for the rarest few bigrams only: the substring recheck is exact anyway, and
# each frequent bigram added to the AND costs a walk through a long posting list for little gain
# (adding bigrams until the estimate fell under 10 per million was measured slower, not faster).
INDEX_LEXEMES = 4
STATS_TTL = 600.0  # seconds the planner statistics read are reused
_stats: dict[str, tuple[float, dict[str, float]]] = {}
_stats_lock = threading.Lock()


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


def _gram_shares(alias: str) -> dict[str, float]:
    """Share of rows holding each frequent bigram, from the statistics ANALYZE keeps for the GIN
    index's expression (most common elements of the tsvector); empty before the first ANALYZE."""
    now = time.monotonic()
    with _stats_lock:
        cached = _stats.get(alias)
        if cached and now - cached[0] < STATS_TTL:
            return cached[1]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'publication_search_grams' AND schemaname = current_schema()"
        )
        row = cursor.fetchone()
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    with _stats_lock:
        _stats[alias] = (now, shares)
    return shares


def index_lexemes(alias: str, lexemes: list[str]) -> list[str]:
    """The rarest INDEX_LEXEMES bigrams of the term, or none when the term is common: its share
    estimated as the product of its bigrams' shares (a bigram not among the most common elements
    counts as rarer than all of them), as the planner estimates it."""
    shares = _gram_shares(alias)
    estimate = 1.0
    for lexeme in lexemes:
        estimate *= shares.get(lexeme, 0.0)
    if not lexemes or estimate > COMMON_SHARE:
        return []
    return sorted(lexemes, key=lambda lexeme: shares.get(lexeme, 0.0))[:INDEX_LEXEMES]


def match(queryset: QuerySet[M], word: str) -> QuerySet[M]:
    """Rows whose ``search_text`` contains ``word`` (normalised). On PostgreSQL, a word of two or more
    adjacent letters/digits that is not common goes through the bigram index; the substring match
    is always the exact check. A common word, one character, or SQLite: the substring match alone."""
    word = normalise(word)
    if not word:
        return queryset
    lexemes = []
    if connections[queryset.db].vendor == "postgresql":
        lexemes = index_lexemes(queryset.db, term_grams(word))
    if not lexemes:
        return queryset.filter(search_text__contains=word)
    # The recheck as strpos, not LIKE: LIKE would also draw the trigram index into a BitmapAnd, and
    # for a long term of frequent trigrams (a document number) that index costs more than it saves.
    return queryset.filter(
        _GramsMatch(F("search_grams"), Value(tsquery(lexemes))),
        GreaterThan(StrIndex(F("search_text"), Value(word)), 0),
    )

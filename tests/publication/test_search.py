"""Portal search through the bigram word index (ADR 0014): 1-, 2- and 4-character terms, mixed ASCII
and CJK, full-width digits, credit codes; no false positive where every bigram of a term occurs but
not side by side; hostile input answered safely. Run on SQLite (substring match) and on PostgreSQL,
where the query must go through the ``@@`` index path."""

from __future__ import annotations

import importlib
import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.publication import queries, search
from sanxiang.publication.models import Record, RecordState
from tests.publication.conftest import ORGANISATION

FACTS = "当事人经营超过保质期的食品，处理罚款已缴，存款处另行通知。涉案设备型号ＫＸ２０２６，批次abc与cab。"
OTHER = {"kind": "organisation", "name": "西山建材有限公司", "credit_code": ORGANISATION["credit_code"]}


@pytest.fixture
def items(world: Any, published: Any) -> tuple[Record, Record]:
    """Two published items: ``first`` holds FACTS; ``second`` only the default facts."""
    first = published(facts=FACTS)
    second = published(parties=[OTHER])
    assert first.state == second.state == RecordState.PUBLISHED
    return first, second


def found(client: Any, q: str) -> set[int]:
    response = client.get("/publication/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    return {pk for pk in Record.objects.values_list("pk", flat=True) if f"/publication/item/{pk}/" in page}


def test_grams_are_distinct_bigrams_of_the_normalised_text_with_lone_characters_kept() -> None:
    assert search.grams("处罚：罚款 处罚") == "处罚 罚款"
    assert search.grams("ＫＸ２０２６号") == "kx x2 20 02 26 6号"
    assert search.grams("甲、乙 A-b") == "甲 乙 a b"
    assert search.term_grams("处罚许可") == ["处罚", "罚许", "许可"]
    assert search.term_grams("罚") == [] and search.term_grams("〔2") == []
    # A lexeme can never close its quotes and inject an operator.
    assert search.tsquery(["a'b", "c\\d"]) == "'a''b' & 'c\\\\d'"


def test_published_items_store_their_grams(items: tuple[Record, Record]) -> None:
    first, _ = items
    first.refresh_from_db()
    assert first.search_text == search.normalise(first.search_text)
    assert "kx2026" in first.search_text  # full-width folded at publication
    assert set(search.grams(first.search_text).split()) == set(first.search_grams.split())
    assert {"处理", "理罚", "罚款", "kx", "20"} <= set(first.search_grams.split())


@pytest.mark.parametrize(
    ("q", "expect"),
    [
        ("保质", "both"),  # 2 characters, every item (default facts hold it too)
        ("处理罚款", "first"),  # 4 characters
        ("批", "first"),  # 1 character: substring fallback
        ("东湖某某", "first"),  # 4-character party-name term
        ("西山建材", "second"),
        ("kx2026", "first"),  # ASCII typed against full-width text
        ("ＫＸ２０２６", "first"),  # full-width typed
        ("型号kx", "first"),  # mixed CJK and ASCII
        ("KX２０", "first"),
        ("保质 型号", "first"),  # every word required
        ("许可", "none"),
    ],
)
def test_terms_find_exactly_the_items_that_contain_them(client: Any, items: Any, q: str, expect: str) -> None:
    first, second = items
    wanted = {"both": {first.pk, second.pk}, "first": {first.pk}, "second": {second.pk}, "none": set()}
    assert found(client, q) == wanted[expect]


def test_credit_code_whole_or_in_part(client: Any, items: Any) -> None:
    first, second = items
    code = ORGANISATION["credit_code"]
    assert found(client, code) == {first.pk, second.pk}
    assert found(client, code.lower()[-8:]) == {first.pk, second.pk}
    assert found(client, code[:-1] + ("0" if code[-1] != "0" else "1")) == set()


def test_all_bigrams_present_but_not_adjacent_is_no_match(client: Any, items: Any) -> None:
    first, _ = items
    # 罚款 and 款处 both occur in FACTS (罚款已缴 / 存款处), 罚款处 does not; ab, bc, ca occur (abc, cab),
    # abca does not. The index alone would answer yes: the substring recheck must say no.
    grams = set(Record.objects.get(pk=first.pk).search_grams.split())
    for q in ("罚款处", "abca"):
        assert set(search.term_grams(q)) <= grams
        assert found(client, q) == set()
    assert found(client, "存款处") == {first.pk}


@pytest.mark.parametrize(
    "q",
    [
        "' OR 1=1 --",
        "处罚' & '罚款",
        "保质 | 许可",
        "!保质",
        "保质:*",
        "'); DROP TABLE publication_record; --",
        "<script>alert(1)</script>",
        "\\'\\\\",
        "保质" * 5000,
        "\x00保质\x07",
    ],
)
def test_hostile_input_is_answered_safely(client: Any, items: Any, q: str) -> None:
    start = time.perf_counter()
    response = client.get("/publication/", {"q": q})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert Record.objects.filter(state=RecordState.PUBLISHED).count() == 2
    # Operators are text, not tsquery syntax: "保质 | 许可" needs 许可 too, so nothing is found.
    if q in {"保质 | 许可", "处罚' & '罚款"}:
        assert found(client, q) == set()
    if q.startswith("\x00"):
        assert found(client, q) == {r.pk for r in items}
    assert elapsed < 10  # a generous bound: the cut keeps a 10,000-character query one short query


def test_postgresql_goes_through_the_bigram_index_and_sqlite_through_the_substring(items: Any) -> None:
    postgres = connection.vendor == "postgresql"
    for q, indexed in (("保质", True), ("型号kx", True), ("罚", False)):
        with CaptureQueriesContext(connection) as captured:
            rows = list(queries.search(queries.Search(q=q)))
        sql = " ".join(query["sql"] for query in captured.captured_queries)
        assert rows
        assert ("@@ to_tsquery('simple'::regconfig" in sql) == (postgres and indexed), sql
        # The exact check: LIKE (SQLite, PostgreSQL without the index) or strpos (with it).
        assert ("STRPOS(" if postgres and indexed else "LIKE") in sql.upper()
        # The user's text is a parameter, never part of the statement.
        statement, params = queries.search(queries.Search(q=q)).query.sql_with_params()
        assert q not in statement and any(q in str(param) for param in params)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_index_exists_on_the_grams_expression(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'publication_search_grams'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "to_tsvector('simple'::regconfig, search_grams)" in definition


def test_the_migration_fills_grams_of_items_published_before_it(
    client: Any, items: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = items
    # Simulate rows published before migration 0006: old-style text (not folded), no grams.
    Record.objects.filter(pk=first.pk).update(
        search_grams="", search_text=first.search_text.replace("kx", "ＫＸ")
    )
    assert found(client, "kx2026") == set()
    migration = importlib.import_module("sanxiang.publication.migrations.0006_search_grams_index")
    monkeypatch.setattr(migration, "BATCH", 1)  # several batches over two rows
    migration.fill(apps, SimpleNamespace(connection=connection))
    first.refresh_from_db()
    assert first.search_grams == search.grams(first.search_text) and "kx2026" in first.search_text
    assert found(client, "kx2026") == {first.pk}
    assert Record.objects.get(pk=second.pk).search_grams


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics exist on PostgreSQL only")
def test_a_common_term_skips_the_index_and_a_rare_one_uses_it(client: Any, items: Any) -> None:
    first, second = items
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publication_record")  # 保质 is now known to be in every row
    search._stats.clear()  # the statistics read are cached for STATS_TTL; read them afresh
    try:
        assert search.index_lexemes(connection.alias, ["保质"]) == []  # common: no index
        assert search.index_lexemes(connection.alias, ["冷链"]) == ["冷链"]  # not seen: rare
        for q, indexed, expect in (("保质", False, {first.pk, second.pk}), ("冷链", True, set())):
            with CaptureQueriesContext(connection) as captured:
                assert found(client, q) == expect
            sql = " ".join(query["sql"] for query in captured.captured_queries)
            assert ("@@ to_tsquery" in sql) == indexed
    finally:
        search._stats.clear()

"""Portal search benchmark (issue 7): 1,000,000 published items on PostgreSQL, searched through the
portal page with the Django test client: p50 / p95 latency and pages per second of each search, next
to a trivial page (the login form) served the same way in the same run — the ratio is what the search
costs over Django's fixed cost. Peak Python memory of each case is measured in a separate pass with
tracemalloc (it slows Python down, so it does not run during the timed rounds).

    .venv/bin/python -m bench.publication
    BENCH_PUB_ROWS=100000 BENCH_PUB_KEEP=1 .venv/bin/python -m bench.publication

The database ``sanxiang_bench_h5`` on 127.0.0.1:5432 is created, migrated and filled here and dropped
at the end (``BENCH_PUB_KEEP=1`` keeps it, and a second run with the same row count only measures).
Rows are generated in SQL and loaded with COPY: cases by ``INSERT ... SELECT generate_series`` from one
template case, records by COPY with ``search_grams`` computed by ``publication.search.grams`` itself.
The GIN indexes are dropped for the load and rebuilt after it, as a bulk import would do. Names are
generated from a pool of characters (invented places and trades); no real party appears.

Term frequencies are chosen: 处罚 is in every item (common), 过期 and 过期食品 in one in six, 许可 in
5 items (rare), 冷链 in none; a 4-character party-name term (place + trade) matches 1 in 12,800 items.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROWS = int(os.environ.get("BENCH_PUB_ROWS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_PUB_ROUNDS", "200"))
KEEP = os.environ.get("BENCH_PUB_KEEP", "") == "1"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "sanxiang_bench_h5"
# Invented place names: two characters of this pool; 40 × 40 places, each with one of 8 trades.
PLACE_CHARS = "东西南北临青白红金银龙凤山水湖江河海松竹梅兰春夏秋冬华兴安宁泰和顺德福旺云石林丰"
TRADES = ("食品", "药品", "餐饮", "超市", "五金", "服装", "建材", "电器")
VIOLATIONS = ("经营过期食品", "虚假宣传", "无照经营", "销售假冒商品", "计量违法", "价格违法")
RARE_EVERY = max(ROWS // 5, 1)  # 许可 appears in 5 items


def place(i: int) -> str:
    return PLACE_CHARS[i % 40] + PLACE_CHARS[(i // 40) % 40]


def party(i: int) -> str:
    return f"{place(i)}{TRADES[(i // 1600) % 8]}{i}号有限公司"


def credit_code(i: int) -> str:
    # Unique (an odd multiplier is a bijection modulo 16**8) and scattered like real organisation
    # codes, not 0000000D, 0000000E, ... in a row.
    return f"91330101MA{i * 2654435761 % 16**8:08X}"


def document_number(i: int) -> str:
    return f"东市监罚〔{2020 + i % 7}〕{i}号"


def decided_on(i: int) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=(i * 7919) % 2500)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def database() -> Iterator[None]:
    import psycopg

    exists = False
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        exists = bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone())
    if not (KEEP and exists):
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        yield
    finally:
        if not KEEP:
            from django.db import connections

            connections.close_all()
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def setup() -> None:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SANXIANG_DEBUG", "false")  # as in production: no statement log in memory
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


# The GIN indexes of migrations 0003 and 0006 (with the statistics target of 0007), rebuilt after the
# load: a GIN index takes a bulk load far faster as one build than row by row.
GIN_INDEXES = {
    "publication_search_trgm": "USING gin (search_text gin_trgm_ops)",
    "publication_search_grams": "USING gin (to_tsvector('simple'::regconfig, search_grams))",
}
GIN_AFTER = ["ALTER INDEX publication_search_grams ALTER COLUMN 1 SET STATISTICS 1000"]


def fill(rows: int) -> None:
    from django.db import connection

    from sanxiang.cases.models import Case
    from sanxiang.catalog.models import Agency
    from sanxiang.core import clock
    from sanxiang.publication import search
    from sanxiang.publication.models import Record

    present = Record.objects.count()
    if present == rows:
        return
    if present:
        raise SystemExit(f"{PG_DATABASE} holds {present} items, not {rows}: drop it or unset BENCH_PUB_KEEP")
    start = time.perf_counter()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.world import build_world

    world = build_world()
    agencies = list(Agency.objects.order_by("pk").values_list("pk", "name"))
    user = world.user("officer")
    now = clock.now()
    template = Case.objects.create(
        agency_id=agencies[0][0],
        procedure="general",
        state="decided",
        title="经营过期食品案",
        source="inspection",
        created_at=now,
        created_by=user,
    )
    columns = [str(f.column) for f in Case._meta.concrete_fields if f.column != "id"]
    picked = ", ".join(f"t.{c}" for c in columns)
    with connection.cursor() as cursor:
        # One case per item, copies of the template: only the record reads its case's key.
        cursor.execute(
            f"INSERT INTO cases_case ({', '.join(columns)}) SELECT {picked} FROM cases_case t, "
            "generate_series(2, %s) WHERE t.id = %s",
            (rows, template.pk),
        )
        cursor.execute("SELECT id FROM cases_case WHERE id >= %s ORDER BY id LIMIT %s", (template.pk, rows))
        case_ids = [row[0] for row in cursor.fetchall()]
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    print(f"  {rows:,} cases in {time.perf_counter() - start:.0f} s", flush=True)
    fields = [f for f in Record._meta.concrete_fields if f.column != "id"]
    # Every column not set per item below keeps its model default, computed once.
    constant = {
        "decision_kind": "penalty",
        "state": "published",
        "entered_by_id": user.pk,
        "masks": "[]",
        "private_values": "[]",
        "published_digest": "0" * 64,
        "due_rule": "A-14",
        "due_citation": "118号",
        "due_explanation": "",
        "period_rule": "36",
        "published_at": now,
        "created_at": now,
        "version": 1,
        "content": "summary",
    }
    template_row: list[Any] = []
    for f in fields:
        value = constant[f.attname] if f.attname in constant else f.get_default()
        if f.get_internal_type() == "JSONField" and not isinstance(value, str):
            value = json.dumps(value)
        template_row.append("" if value is None and not f.null else value)
    slot = {f.attname: n for n, f in enumerate(fields)}

    def record(i: int) -> list[Any]:
        name, number, code = party(i), document_number(i), credit_code(i)
        agency_id, agency_name = agencies[i % len(agencies)]
        violation = VIOLATIONS[i % len(VIOLATIONS)]
        extra = "，另查无许可证经营" if i % RARE_EVERY == 7 else ""
        text = (
            f"决定书文号：{number}\n当事人：{name}\n统一社会信用代码：{code}\n违法事实：{violation}{extra}\n"
            f"处罚内容：罚款人民币{1000 + i % 90000}元"
        )
        search_text = search.normalise("\n".join([name, code, number, agency_name, text]))
        day = decided_on(i)
        row = list(template_row)
        for attname, value in (
            ("agency_id", agency_id),
            ("case_id", case_ids[i]),
            ("summary", json.dumps({"violation": violation, "party": name, "document_number": number})),
            ("original_text", text),
            ("published_text", text),
            ("party_name", name),
            ("credit_code", code),
            ("document_number", number),
            ("search_text", search_text),
            ("search_grams", search.grams(search_text)),
            ("decided_on", day),
            ("due", day),
            ("public_until", day + dt.timedelta(days=1095)),
        ):
            row[slot[attname]] = value
        return row

    start = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3: COPY FROM STDIN
        names = ", ".join(str(f.column) for f in fields)
        with raw.copy(f"COPY publication_record ({names}) FROM STDIN") as copy:
            for i in range(rows):
                copy.write_row(record(i))
    print(f"  {rows:,} records copied in {time.perf_counter() - start:.0f} s", flush=True)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in GIN_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON publication_record {definition}")
        for statement in GIN_AFTER:
            cursor.execute(statement)
        # Fresh planner statistics after the bulk load, as autovacuum would give a live database.
        cursor.execute("VACUUM ANALYZE publication_record")
    print(f"  GIN indexes and statistics in {time.perf_counter() - start:.0f} s", flush=True)


def pad(text: str, width: int) -> str:
    """Left-justify counting a CJK character as two columns, as a terminal shows it."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def measure(fn: Callable[[int], object], rounds: int) -> list[float]:
    for i in range(5):
        fn(i)
    timings = []
    for i in range(rounds):
        start = time.perf_counter()
        fn(i)
        timings.append(time.perf_counter() - start)
    return sorted(timings)


def peak_memory(fn: Callable[[int], object], rounds: int = 20) -> float:
    tracemalloc.start()
    for i in range(rounds):
        fn(i)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def cases(get: Callable[[str], object]) -> dict[str, Callable[[int], object]]:
    from sanxiang.catalog.models import Agency

    agency = Agency.objects.order_by("pk").first()
    assert agency is not None

    def pick(i: int) -> int:
        return (i * 7919 + 13) % ROWS

    return {
        "baseline: login form": lambda i: get("/accounts/login/"),
        "2 chars, rare: 许可 (5 items)": lambda i: get("/publication/?q=许可"),
        "2 chars, none: 冷链": lambda i: get("/publication/?q=冷链"),
        "2 chars, common: 处罚 (all)": lambda i: get("/publication/?q=处罚"),
        "2 chars, 1 in 6: 过期": lambda i: get("/publication/?q=过期"),
        "4 chars, 1 in 6: 过期食品": lambda i: get("/publication/?q=过期食品"),
        "4 chars, party name": lambda i: get(
            f"/publication/?q={place(pick(i))}{TRADES[(pick(i) // 1600) % 8]}"
        ),
        "credit code": lambda i: get(f"/publication/?q={credit_code(pick(i))}"),
        "document number": lambda i: get(f"/publication/?q={document_number(pick(i))}"),
        "agency + 1 month": lambda i: get(
            f"/publication/?agency={agency.pk}&from={decided_on(pick(i)):%Y-%m-01}"
            f"&to={decided_on(pick(i)):%Y-%m-28}"
        ),
        "agency + 1 month + 过期": lambda i: get(
            f"/publication/?q=过期&agency={agency.pk}&from={decided_on(pick(i)):%Y-%m-01}"
            f"&to={decided_on(pick(i)):%Y-%m-28}"
        ),
        "no term, first page": lambda i: get("/publication/"),
    }


def run() -> str:
    started = time.perf_counter()
    try:
        _pg_admin("SELECT 1")
    except Exception as exc:  # no server: say so and skip, as the record log bench does
        print(f"publication bench skipped: no PostgreSQL on 127.0.0.1:5432 ({type(exc).__name__})")
        return ""
    with database():
        setup()
        print(f"portal search bench: filling {ROWS:,} published items", flush=True)
        fill(ROWS)
        from django.test import Client

        client = Client()

        def get(url: str) -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        lines = []
        baseline = None
        for name, fn in cases(get).items():
            timings = measure(fn, ROUNDS)
            p50 = statistics.median(timings)
            p95 = timings[int(len(timings) * 0.95) - 1]
            rate = 1 / statistics.mean(timings)
            baseline = baseline or rate
            peak = peak_memory(fn)
            lines.append(
                f"{pad(name, 32)} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  {rate:7.1f} pages/s"
                f"  x{baseline / rate:5.1f}  peak {peak:5.2f} MiB"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = "\n".join(
        [
            f"portal search over {ROWS:,} published items, PostgreSQL, {ROUNDS} rounds each "
            "(xN: the baseline's pages per second over the case's)",
            *lines,
            f"peak resident memory of the bench process {rss:.0f} MiB; run time "
            f"{time.perf_counter() - started:.0f} s",
        ]
    )
    print(report)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "publication.txt").write_text(report + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    run()

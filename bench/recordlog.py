"""Record log benchmarks (issue 3), run by `make bench` after the portal cases.

Each case runs in a child process with its own fresh database, so that the figures do not depend on
the demo data or on what the portal cases left in memory:

(a) append rate, single writer, each append its own transaction (``actions.append`` is called outside
    any other transaction), on SQLite and, when a server answers on 127.0.0.1:5432, on PostgreSQL
    (database ``sanxiang_bench``, created and dropped here). Baseline: the same number of plain rows
    (an integer key and the same number of bytes as a canonical entry) inserted into a trivial table
    of the same database, each in its own transaction. Both pay one commit per row, so the ratio is
    the cost of the log's own work (reading the tree size and the left siblings, hashing, the
    entry's indexes, the subtree rows). The statements of one append are counted and shown.
(b) full verification of N entries (env BENCH_LOG_ENTRIES, default 1,000,000) by
    ``sanxiang.recordlog.verify.verify_log``. The log is built quickly by a bench-only bulk loader
    that hashes exactly as ``actions.append`` does (its first entries are appended by
    ``actions.append`` itself, so the two are proved to join into one tree) and is then verified
    with zero problems, which proves the load equivalent. The physical limit is hashing the same
    canonical bytes (``sha256(0x00 || entry)``) with hashlib in a tight loop over bytes in memory;
    a second, I/O-inclusive limit streams the canonical column from the database and hashes it; a
    floor reads (only) every column verify compares. Verification runs in a fresh process at N/10
    and at N; its peak resident memory shows whether memory is flat as the log grows. The same
    cases run on PostgreSQL with BENCH_LOG_PG_ENTRIES entries (default N/10; 0 skips them).
(c) inclusion-proof latency at N entries: median of ``queries.inclusion_proof`` over 1,000 random
    entries against the tree of size N, each proof checked with ``merkle.verify_inclusion``.
    Baseline: fetching one entry's leaf hash by its sequence number (one indexed row).

Children run with SANXIANG_DEBUG=false, as in production (the debug cursor would log every
statement of the log and of the baselines).

    .venv/bin/python -m bench.recordlog           # only these cases
    BENCH_LOG_ENTRIES=100000 make bench           # smaller log
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "sanxiang_bench"
APPENDS = int(os.environ.get("BENCH_LOG_APPENDS", "2000"))
ENTRIES = int(os.environ.get("BENCH_LOG_ENTRIES", "1000000"))
# PostgreSQL's bulk load is slower: by default its verify and proof cases use a tenth of the entries.
PG_ENTRIES = int(os.environ.get("BENCH_LOG_PG_ENTRIES", str(max(ENTRIES // 10, 1))))
BATCH = 20000
PREFIX_BY_APPEND = 37  # entries written by actions.append before the bulk loader takes over
T0 = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
RESULTS = Path(__file__).parent / "results" / "recordlog.txt"


# --- child processes ------------------------------------------------------------------------------


def _django(database_url: str, data_dir: str) -> None:
    os.environ["SANXIANG_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ["RECORDLOG_SIGNING_KEY_FILE"] = str(Path(data_dir) / "recordlog-ed25519.key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # As in production: no debug cursor logging every statement (it costs the log and the baseline).
    os.environ.setdefault("SANXIANG_DEBUG", "false")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sanxiang.recordlog import signing

    signing.ensure_dev_key()


def _rss_mib() -> float:
    """Peak resident set size of this process so far (VmHWM; ru_maxrss would carry the parent's
    peak across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _payload(seq: int) -> dict[str, Any]:
    return {
        "digest": hashlib.sha256(seq.to_bytes(8, "big")).hexdigest(),
        "amount": str(seq % 100000),
        "note": "现场检查笔录已制作，当事人签字确认",
    }


def child_append(database_url: str, data_dir: str, count: int) -> dict[str, Any]:
    _django(database_url, data_dir)
    _migrate()
    from django.db import connection, transaction

    from sanxiang.recordlog import actions

    def appender(start: int) -> Callable[[int], object]:
        def run(i: int) -> object:
            seq = start + i
            return actions.append(
                kind="bench.recorded",
                subject=("bench.thing", seq),
                actor=None,
                payload=_payload(seq),
                occurred_at=T0 + dt.timedelta(seconds=seq),
                agency_id=1,
            )

        return run

    sample = bytes(appender(0)(0).canonical)  # one warm-up entry; its size sets the plain rows'
    with connection.cursor() as cursor:
        body_type = "bytea" if connection.vendor == "postgresql" else "blob"
        cursor.execute(f"CREATE TABLE bench_plain (id bigint PRIMARY KEY, body {body_type})")

    def plain(i: int) -> object:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_plain (id, body) VALUES (%s, %s)", [i, sample])
        return None

    def rate(fn: Callable[[int], object], n: int, offset: int = 0) -> float:
        start = time.perf_counter()
        for i in range(n):
            fn(offset + i)
        return n / (time.perf_counter() - start)

    def peak(fn: Callable[[int], object], n: int, offset: int) -> float:
        tracemalloc.start()
        for i in range(n):
            fn(offset + i)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top / 1024 / 1024

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        appender(1)(0)  # a second warm-up entry, counted: statements per append, BEGIN/COMMIT included
    append = appender(2)
    plain_rate = rate(plain, count)
    append_rate = rate(append, count)
    plain_peak = peak(plain, 200, count)
    append_peak = peak(append, 200, count)
    return {
        "vendor": connection.vendor,
        "count": count,
        "entry_bytes": len(sample),
        "queries": len(captured.captured_queries),
        "statements": [query["sql"][:60] for query in captured.captured_queries],
        "plain_rate": plain_rate,
        "append_rate": append_rate,
        "plain_peak": plain_peak,
        "append_peak": append_peak,
    }


class BulkLoader:
    """Writes entries and subtree nodes exactly as ``actions.append`` would, thousands per statement.

    Bench-only: it bypasses the append lock and the per-entry transaction, which is the point."""

    def __init__(self) -> None:
        from django.db import connection

        from sanxiang.recordlog import merkle, queries
        from sanxiang.recordlog.models import Entry, Node

        self.connection = connection
        self.log = queries.get_log()
        self.alg = self.log.hash_alg
        self.range = merkle.CompactRange(self.alg)
        # Rebuild the right edge of the tree from the entries already appended by actions.append.
        for leaf in Entry.objects.filter(log=self.log).order_by("seq").values_list("leaf_hash", flat=True):
            self.range.append(bytes(leaf))
        self.payload_field = Entry._meta.get_field("payload")
        quote = connection.ops.quote_name
        entry_columns = [
            "log_id",
            "seq",
            "kind",
            "agency_id",
            "subject_type",
            "subject_id",
            "actor_id",
            "actor_label",
            "occurred_at",
            "recorded_at",
            "payload",
            "digest",
            "canonical",
            "leaf_hash",
        ]
        self.entry_sql = (
            f"INSERT INTO {quote(Entry._meta.db_table)} ({', '.join(quote(c) for c in entry_columns)}) "
            f"VALUES ({', '.join(['%s'] * len(entry_columns))})"
        )
        node_columns = ["log_id", "level", "index", "hash"]
        self.node_sql = (
            f"INSERT INTO {quote(Node._meta.db_table)} ({', '.join(quote(c) for c in node_columns)}) "
            f"VALUES ({', '.join(['%s'] * len(node_columns))})"
        )

    @property
    def size(self) -> int:
        return self.range.size

    def _rows(self, start: int, end: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        from sanxiang.recordlog import merkle, signing
        from sanxiang.recordlog.actions import FORMAT, SYSTEM_ACTOR
        from sanxiang.recordlog.canonical import canonical_json

        adapt_time = self.connection.ops.adapt_datetimefield_value
        entries, nodes = [], []
        log_id = self.log.pk
        for seq in range(start, end):
            payload = _payload(seq)
            occurred_at = T0 + dt.timedelta(seconds=seq)
            recorded_at = occurred_at + dt.timedelta(microseconds=1500 + seq % 1000)
            document = {
                "format": FORMAT,
                "hash_alg": self.alg,
                "seq": seq,
                "kind": "bench.recorded",
                "agency_id": 1,
                "subject": {"type": "bench.thing", "id": str(seq)},
                "actor": {"id": None, "label": SYSTEM_ACTOR},
                "occurred_at": signing.format_time(occurred_at),
                "recorded_at": signing.format_time(recorded_at),
                "payload": payload,
            }
            canonical = canonical_json(document)
            leaf = merkle.leaf_hash(canonical, self.alg)
            entries.append(
                (
                    log_id,
                    seq,
                    "bench.recorded",
                    1,
                    "bench.thing",
                    str(seq),
                    None,
                    SYSTEM_ACTOR,
                    adapt_time(occurred_at),
                    adapt_time(recorded_at),
                    self.payload_field.get_db_prep_save(payload, self.connection),
                    payload["digest"],
                    canonical,
                    leaf,
                )
            )
            nodes.extend((log_id, level, index, value) for level, index, value in self.range.append(leaf))
        return entries, nodes

    def load_to(self, target: int) -> None:
        from django.db import transaction

        while self.size < target:
            start = self.size
            entries, nodes = self._rows(start, min(target, start + BATCH))
            with transaction.atomic(), self.connection.cursor() as cursor:
                cursor.executemany(self.entry_sql, entries)
                cursor.executemany(self.node_sql, nodes)


def child_verify(database_url: str, data_dir: str) -> dict[str, Any]:
    """Verify the log in the database, in this fresh process; report time, problems and peak RSS."""
    _django(database_url, data_dir)
    from django.db import connection

    from sanxiang.recordlog import merkle
    from sanxiang.recordlog.verify import verify_log

    connection.ensure_connection()
    rss_before = _rss_mib()
    start = time.perf_counter()
    report = verify_log()
    elapsed = time.perf_counter() - start
    rss_peak = _rss_mib()

    # The limits: hash sha256(0x00 || canonical) for every entry, timing only the hashing of each
    # chunk (tight loop over bytes in memory), and the whole stream (reading included). Both read
    # in seq order down the (log_id, seq) index, as verify does, through a streaming cursor.
    from django.db import transaction

    hash_time = 0.0
    total_bytes = 0
    stream_start = time.perf_counter()
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute("SELECT canonical FROM recordlog_entry WHERE log_id = 1 ORDER BY seq")
        while rows := cursor.fetchmany(10000):
            chunk = [bytes(row[0]) for row in rows]
            sha256 = hashlib.sha256
            tick = time.perf_counter()
            for data in chunk:
                sha256(b"\x00" + data).digest()
            hash_time += time.perf_counter() - tick
            total_bytes += sum(map(len, chunk))
    stream_time = time.perf_counter() - stream_start
    # A floor for any verifier that compares columns: only read every column verify reads.
    read_start = time.perf_counter()
    from sanxiang.recordlog import verify as verify_module

    sql = verify_module._ENTRY_SQL_SQLITE if connection.vendor == "sqlite" else verify_module._ENTRY_SQL
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, [1])
        while cursor.fetchmany(10000):
            pass
    read_time = time.perf_counter() - read_start
    assert merkle.HASH_SIZE == 32
    return {
        "entries": report.entries,
        "nodes": report.nodes,
        "checkpoints": report.checkpoints,
        "problems": report.problem_count,
        "first_problems": [str(p) for p in report.problems[:5]],
        "verify_seconds": elapsed,
        "hash_seconds": hash_time,
        "stream_seconds": stream_time,
        "read_seconds": read_time,
        "bytes": total_bytes,
        "rss_before": rss_before,
        "rss_peak": rss_peak,
    }


def child_build(database_url: str, data_dir: str, total: int) -> dict[str, Any]:
    """Build the log to N/10 and N, verifying each in a fresh process; then time inclusion proofs."""
    _django(database_url, data_dir)
    _migrate()
    from django.db import connection

    from sanxiang.recordlog import actions, merkle, queries
    from sanxiang.recordlog.models import Entry

    for seq in range(min(PREFIX_BY_APPEND, total)):
        _append_one(seq)
    loader = BulkLoader()
    result: dict[str, Any] = {"verify": []}
    for size in (max(total // 10, 1), total):
        start = time.perf_counter()
        loader.load_to(size)
        checkpoint = actions.make_checkpoint(force=True)
        assert checkpoint is not None and checkpoint.tree_size == size
        result.setdefault("load_seconds", []).append(time.perf_counter() - start)
        verified = _run_child("verify", database_url, data_dir)
        verified["size"] = size
        result["verify"].append(verified)

    log = queries.get_log()
    checkpoint = queries.latest_checkpoint()
    assert checkpoint is not None
    size, root = checkpoint.tree_size, bytes(checkpoint.root_hash)
    rng = random.Random(20260301)
    seqs = [rng.randrange(size) for _ in range(1000)]

    def one_row(seq: int) -> object:
        return Entry.objects.filter(log_id=log.pk, seq=seq).values_list("leaf_hash", flat=True).first()

    def prove(seq: int) -> object:
        proof = queries.inclusion_proof(seq, size, log=log)
        leaf = bytes(one_row(seq))  # type: ignore[arg-type]
        merkle.verify_inclusion(leaf, seq, size, proof, root, log.hash_alg)
        return proof

    # As shipped there are no planner statistics (SQLite once planned proofs as a scan of every node
    # then): time a few proofs and appends that way, then ANALYZE.
    result["proof_unanalyzed"] = _few(prove, seqs[:5])
    result["append_unanalyzed"] = _few(lambda i: _append_one(size + i), range(5))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result["append_analyzed"] = _few(lambda i: _append_one(size + 5 + i), range(200))
    result["row"] = _latency(one_row, seqs)
    result["proof"] = _latency(prove, seqs)
    result["proof_length"] = len(queries.inclusion_proof(seqs[0], size, log=log))
    return result


def _append_one(seq: int) -> object:
    from sanxiang.recordlog import actions

    return actions.append(
        kind="bench.recorded",
        subject=("bench.thing", seq),
        actor=None,
        payload=_payload(seq),
        occurred_at=T0 + dt.timedelta(seconds=seq),
        agency_id=1,
    )


def _few(fn: Callable[[int], object], items: Iterable[int]) -> float:
    """Median seconds of ``fn`` over ``items`` (no warm-up: for slow cases)."""
    timings = []
    for item in items:
        tick = time.perf_counter()
        fn(item)
        timings.append(time.perf_counter() - tick)
    return statistics.median(timings)


def _latency(fn: Callable[[int], object], seqs: list[int]) -> dict[str, float]:
    for seq in seqs[:20]:
        fn(seq)
    timings = []
    for seq in seqs:
        tick = time.perf_counter()
        fn(seq)
        timings.append(time.perf_counter() - tick)
    tracemalloc.start()
    for seq in seqs[:200]:
        fn(seq)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"median": statistics.median(timings), "p95": sorted(timings)[949], "peak": peak / 1024 / 1024}


def _run_child(task: str, database_url: str, data_dir: str, *extra: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SANXIANG_DATA_DIR"}}
    done = subprocess.run(
        [sys.executable, "-m", "bench.recordlog", task, database_url, data_dir, *extra],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.recordlog {task} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def _postgres_reachable() -> str:
    """'' when PostgreSQL can be used, else why not."""
    try:
        _pg_admin("SELECT 1")
    except Exception as exc:  # any failure means: skip PostgreSQL, and say why
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return ""


@contextlib.contextmanager
def _postgres_database() -> Iterator[str]:
    _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        yield f"{PG_SERVER}/{PG_DATABASE}"
    finally:
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


# --- the report -------------------------------------------------------------------------------------


def run() -> str:
    """Run every record log case; print and return the report, and write bench/results/recordlog.txt."""
    lines = [
        "record log                                   figure        ratio   peak memory",
    ]

    def emit(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    print(lines[0], flush=True)
    appends: list[tuple[str, str]] = []
    work = tempfile.mkdtemp(prefix="sanxiang-bench-log-")
    try:
        appends.append(("SQLite", f"sqlite:///{work}/append.sqlite3"))
        unreachable = _postgres_reachable()
        for name, url in appends:
            _append_case(name, url, work, emit)
        if unreachable:
            emit(f"append on PostgreSQL: skipped, {PG_SERVER} not reachable ({unreachable})")
        else:
            with _postgres_database() as url:
                _append_case("PostgreSQL", url, work, emit)

        _build_case("SQLite", f"sqlite:///{work}/log.sqlite3", work, emit, ENTRIES)
        if unreachable:
            emit(f"verify and proofs on PostgreSQL: skipped, {PG_SERVER} not reachable ({unreachable})")
        elif PG_ENTRIES > 0:
            with _postgres_database() as url:
                _build_case("PostgreSQL", url, work, emit, PG_ENTRIES)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = "\n".join(lines)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report + "\n", encoding="utf-8")
    return report


def _build_case(name: str, url: str, work: str, emit: Callable[[str], None], entries: int) -> None:
    built = _run_child("build", url, work, str(entries))
    for load, verified in zip(built["load_seconds"], built["verify"], strict=True):
        n = verified["size"]
        seconds = verified["verify_seconds"]
        emit(
            f"verify {n:>9,} entries ({name:<10})    {seconds:8.1f} s  "
            f"{n / seconds:>9,.0f} entries/s, {verified['problems']} problems, "
            f"bulk load {load:.0f} s"
        )
        emit(
            f"  limit: hashlib over the same bytes       {verified['hash_seconds']:8.2f} s  "
            f"x{verified['hash_seconds'] / seconds:6.3f}  "
            f"({verified['bytes'] / 1e6:,.0f} MB of canonical entries)"
        )
        emit(
            f"  limit: read + hash from the database     {verified['stream_seconds']:8.2f} s  "
            f"x{verified['stream_seconds'] / seconds:6.3f}  "
            f"peak RSS {verified['rss_peak']:6.1f} MiB "
            f"(+{verified['rss_peak'] - verified['rss_before']:.1f} MiB while verifying)"
        )
        emit(
            f"  floor: read the columns verify compares  {verified['read_seconds']:8.2f} s  "
            f"x{verified['read_seconds'] / seconds:6.3f}"
        )
        for problem in verified["first_problems"]:
            emit(f"  PROBLEM {problem}")
    emit(
        f"as shipped (no ANALYZE), at {entries:,} ({name}): proof {built['proof_unanalyzed'] * 1000:.1f} ms, "
        f"append {built['append_unanalyzed'] * 1000:.1f} ms (median of 5)"
    )
    emit(
        f"append at {entries:,} after ANALYZE ({name:<10}) {1 / built['append_analyzed']:9,.0f} entries/s "
        f"(median {built['append_analyzed'] * 1000:.2f} ms of 200)"
    )
    row, proof = built["row"], built["proof"]
    emit(
        f"baseline: one entry by seq at {entries:,} ({name:<10}) {row['median'] * 1000:8.3f} ms  x 1.00  "
        f"peak {row['peak']:6.2f} MiB"
    )
    emit(
        f"inclusion proof at {entries:,} ({name:<10}) median {proof['median'] * 1000:8.3f} ms  "
        f"x{proof['median'] / row['median']:5.2f}  peak {proof['peak']:6.2f} MiB  "
        f"(p95 {proof['p95'] * 1000:.3f} ms, {built['proof_length']} hashes, 1 query)"
    )


def _append_case(name: str, url: str, work: str, emit: Callable[[str], None]) -> None:
    result = _run_child("append", url, work, str(APPENDS))
    emit(
        f"baseline: plain row insert ({name:<10}) {result['plain_rate']:9,.0f} rows/s    x 1.00  "
        f"peak {result['plain_peak']:6.2f} MiB"
    )
    emit(
        f"append, own transaction ({name:<10})    {result['append_rate']:9,.0f} entries/s "
        f"x{result['append_rate'] / result['plain_rate']:5.2f}  peak {result['append_peak']:6.2f} MiB  "
        f"({result['count']} each, {result['entry_bytes']} B entries, "
        f"{result['queries']} statements per append)"
    )


def main(argv: list[str]) -> int:
    if not argv:
        run()
        return 0
    task, database_url, data_dir, *extra = argv
    if task == "append":
        result = child_append(database_url, data_dir, int(extra[0]))
    elif task == "verify":
        result = child_verify(database_url, data_dir)
    elif task == "build":
        result = child_build(database_url, data_dir, int(extra[0]))
    else:
        print(f"unknown task {task}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

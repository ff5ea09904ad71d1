"""Portal search benchmark (issue 7): published items on PostgreSQL, searched through the portal page
with the Django test client, p50 / p95 latency and pages per second, next to a trivial page (the
login form) served the same way — the ratio is what the search costs over Django's fixed cost.

    createdb -h 127.0.0.1 -U postgres sanxiang_pub
    BENCH_PUB_ROWS=100000 .venv/bin/python -m bench.publication

``BENCH_PUB_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/sanxiang_pub) is migrated and
filled once with ``BENCH_PUB_ROWS`` published items (bulk inserts of minimal cases and records; the
rows are kept between runs, so a second run only measures). The search is the substring match of
``queries.search`` (every word must occur in ``search_text``) with the paginator's count.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROWS = int(os.environ.get("BENCH_PUB_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_PUB_ROUNDS", "100"))
URL = os.environ.get("BENCH_PUB_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanxiang_pub")
NAMES = ("东湖", "西山", "临江", "南岭", "北辰", "青石", "白沙", "红叶")
TRADES = ("食品", "药品", "餐饮", "超市", "五金", "服装", "建材", "电器")
VIOLATIONS = ("经营过期食品", "虚假宣传", "无照经营", "销售假冒商品", "计量违法", "价格违法")


def setup() -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


def fill(rows: int) -> None:
    from django.db import transaction

    from sanxiang.cases.models import Case
    from sanxiang.catalog.models import Agency
    from sanxiang.core import clock
    from sanxiang.publication.models import Record

    present = Record.objects.count()
    if present >= rows:
        _analyze()
        return
    agency = Agency.objects.order_by("pk").first()
    if agency is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.world import build_world

        agency = build_world().agency
    from sanxiang.accounts.models import User

    user = User.objects.order_by("pk").first()
    now = clock.now()
    start = time.perf_counter()
    batch = 5000
    for offset in range(present, rows, batch):
        size = min(batch, rows - offset)
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    agency=agency,
                    procedure="general",
                    state="decided",
                    title=VIOLATIONS[i % len(VIOLATIONS)] + "案",
                    source="inspection",
                    created_at=now,
                    created_by=user,
                )
                for i in range(offset, offset + size)
            )
            records = []
            for i, case in zip(range(offset, offset + size), cases, strict=True):
                party = f"{NAMES[i % 8]}{TRADES[(i // 8) % 8]}{i}号有限公司"
                number = f"东市监罚〔{2020 + i % 7}〕{i}号"
                violation = VIOLATIONS[i % len(VIOLATIONS)]
                text = f"决定书文号：{number}\n当事人：{party}\n违法事实：{violation}\n处罚内容：罚款人民币{1000 + i % 90000}元"
                decided = dt.date(2020, 1, 1) + dt.timedelta(days=i % 2500)
                records.append(
                    Record(
                        agency=agency,
                        case=case,
                        decision_kind="penalty",
                        state="published",
                        entered_by=user,
                        summary={"violation": violation, "party": party, "document_number": number},
                        original_text=text,
                        published_text=text,
                        published_digest="0" * 64,
                        party_name=party,
                        credit_code=f"91330101MA{i:08d}",
                        document_number=number,
                        search_text="\n".join([party, number, agency.name, text]).lower(),
                        decided_on=decided,
                        due=decided,
                        due_rule="A-14",
                        due_citation="118号",
                        due_explanation="",
                        public_until=decided + dt.timedelta(days=1095),
                        period_rule="36",
                        published_at=now,
                        created_at=now,
                    )
                )
            Record.objects.bulk_create(records)
    print(f"filled {rows - present} items in {time.perf_counter() - start:.0f} s")
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would give a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publication_record")


def measure(fn: Callable[[int], object], rounds: int) -> list[float]:
    for i in range(5):
        fn(i)
    timings = []
    for i in range(rounds):
        start = time.perf_counter()
        fn(i)
        timings.append(time.perf_counter() - start)
    return timings


def run() -> str:
    setup()
    fill(ROWS)
    from django.test import Client

    client = Client()

    def get(url: str) -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    queries: dict[str, Callable[[int], object]] = {
        "baseline: login form": lambda i: get("/accounts/login/"),
        "search 4 chars 处罚许可 (no hit)": lambda i: get("/publication/?q=处罚许可"),
        "search 2 chars 许可 (no hit)": lambda i: get("/publication/?q=许可"),
        "search 2 chars 过期 (many)": lambda i: get("/publication/?q=过期"),
        "search party name": lambda i: get(
            f"/publication/?q={NAMES[i % 8]}{TRADES[(i // 8) % 8]}{i * 7919 % ROWS}号"
        ),
        "search credit code": lambda i: get(f"/publication/?q=91330101MA{i * 7919 % ROWS:08d}"),
        "no term, first page": lambda i: get("/publication/"),
    }
    rows = []
    baseline = None
    for name, fn in queries.items():
        timings = sorted(measure(fn, ROUNDS))
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        baseline = baseline or p50
        rows.append(
            f"{name:<30} p50 {p50 * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms  {1 / statistics.mean(timings):7.1f} pages/s  x{p50 / baseline:6.1f}"
        )
    report = "\n".join(
        [f"portal search over {ROWS:,} published items, PostgreSQL, {ROUNDS} rounds each", *rows]
    )
    print(report)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "publication.txt").write_text(report + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    run()

"""Benchmarks: `make bench`.

Each figure is a ratio against a baseline measured in the same run on the same machine (a request to
the cheapest page, the login form), so the numbers compare across machines; peak Python memory is
measured with tracemalloc. Results go to stdout and to bench/results/latest.txt; the record log cases
(bench/recordlog.py) follow, into bench/results/recordlog.txt. Nothing here asserts
a time: a slower ratio is something to look at, not a test failure.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def setup() -> None:
    data_dir = tempfile.mkdtemp(prefix="sanxiang-bench-")
    os.environ["SANXIANG_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(fn: Callable[[], object], rounds: int = 200) -> tuple[float, float]:
    for _ in range(10):
        fn()
    tracemalloc.start()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings), peak / 1024 / 1024


def main() -> int:
    setup()
    from django.test import Client

    from sanxiang.catalog.models import Agency, Certificate
    from sanxiang.catalog.verification import verification_path

    client = Client()
    agency = Agency.objects.filter(officers__isnull=False).order_by("pk").first()
    assert agency is not None
    cert = Certificate.objects.order_by("pk").first()
    assert cert is not None

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url, REMOTE_ADDR=f"10.0.{time.perf_counter_ns() % 250}.1")
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    cases = {
        "baseline: login form": get("/accounts/login/"),
        "portal home": get("/"),
        "agency page": get(f"/agencies/{agency.pk}/"),
        "officer list": get(f"/agencies/{agency.pk}/officers/"),
        "search 市场": get("/search/?q=市场"),
        "certificate verification": get(verification_path(cert)),
        "API agency list": get("/api/v1/catalog/agencies"),
    }
    rows = []
    baseline = None
    for name, fn in cases.items():
        median, peak = measure(fn)
        baseline = baseline or median
        rows.append(f"{name:<28} {median * 1000:8.2f} ms  x{median / baseline:5.2f}  peak {peak:6.2f} MiB")
    report = "\n".join(["case                          median     ratio   peak memory", *rows])
    print(report)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.txt").write_text(report + "\n", encoding="utf-8")
    print()
    from bench import recordlog

    recordlog.run()  # its own child processes and databases; writes bench/results/recordlog.txt
    print()
    from bench import documents

    documents.run()  # PDF and Word rendering of a decision; writes bench/results/documents.txt
    print()
    from bench import evidence

    evidence.run()  # 256 MiB and 1 GiB uploads over HTTP to gunicorn; writes bench/results/evidence.txt
    print()
    # Its own process: it needs PostgreSQL (BENCH_PUB_DATABASE_URL); writes bench/results/publication.txt
    subprocess.run([sys.executable, "-m", "bench.publication"], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

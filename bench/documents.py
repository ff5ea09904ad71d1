"""Document rendering benchmark (issue 5), run by `make bench` after the record log cases.

PDF rendering of a 行政处罚决定书 — the GB/T 9704 layout, the decision's body template with a demo
case's values, WeasyPrint with the Noto CJK fonts subset and embedded — in documents per second.
Baseline, measured in the same run: WeasyPrint rendering a one-line HTML page in the same body font,
so the ratio is the cost of the decision's own layout and text over WeasyPrint's fixed cost per
document. The Word file (docxtpl) is measured too, and the PDF once more with a full garbage
collection after each document. Memory: the peak of Python allocations for one document
(tracemalloc, in a run of its own) and the largest resident size seen during the timed rounds.

    .venv/bin/python -m bench.documents        # only these cases
    BENCH_DOC_ROUNDS=50 .venv/bin/python -m bench.documents
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_DOC_ROUNDS", "20"))
TRIVIAL = (
    '<!DOCTYPE html><html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\'; font-size: 16pt">'
    "一行文字</body></html>"
)


def resident_mib() -> float:
    """The process's resident memory now (Linux); tracemalloc's own tables are not in it yet."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _collected(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        result = fn()
        gc.collect()
        return result

    return run


def _measure(fn: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    gc.collect()
    fn()  # warm: fonts loaded, templates compiled
    timings = []
    resident = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
        resident.append(resident_mib())
    # Memory in a run of its own: tracemalloc slows WeasyPrint's many small allocations several-fold.
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings), peak / 1024 / 1024, max(resident)


def run(rounds: int = ROUNDS) -> str:
    from sanxiang.cases.models import Case
    from sanxiang.documents import rendering
    from sanxiang.documents.fields import case_values
    from sanxiang.documents.kinds import KINDS

    rss_before = resident_mib()
    kind = KINDS["decision"]
    case = Case.objects.filter(procedure="general").exclude(decided_penalty={}).order_by("pk").first()
    case = case or Case.objects.order_by("pk").first()
    assert case is not None, "the demo data has no case"
    values = case_values(case, title=str(kind.title), number="东市监罚〔2026〕1号")
    values.update(evidence="1. 现场检查笔录；2. 询问笔录；3. 现场照片6张", penalty_basis="")
    pages = len(rendering.pdf(rendering.html(kind, values)))

    cases: dict[str, Callable[[], object]] = {
        "baseline: one-line PDF": lambda: rendering.pdf(TRIVIAL),
        "decision PDF": lambda: rendering.pdf(rendering.html(kind, values)),
        "decision PDF + gc.collect": _collected(lambda: rendering.pdf(rendering.html(kind, values))),
        "decision DOCX": lambda: rendering.docx(kind, values),
    }
    rows = []
    baseline = None
    for name, fn in cases.items():
        median, peak, resident = _measure(fn, rounds)
        baseline = baseline or median
        rows.append(
            f"{name:<26} {median * 1000:8.1f} ms  {1 / median:6.2f} docs/s  x{median / baseline:5.2f}"
            f"  {peak:6.2f} MiB  {resident:6.0f} MiB"
        )
    report = "\n".join(
        [
            f"documents: {rounds} rounds each, median; decision PDF {pages:,} bytes",
            "case                           median      rate    ratio   peak Python  resident (max)",
            *rows,
            f"resident memory before these cases: {rss_before:.0f} MiB. WeasyPrint leaves reference cycles;"
            " without a full collection after each document the resident size follows the collector.",
        ]
    )
    print(report)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "documents.txt").write_text(report + "\n", encoding="utf-8")
    return report


def main() -> int:
    from bench.__main__ import setup

    setup()
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

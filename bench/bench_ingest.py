"""Time report ingest: reading, the text guard and extraction, per report and on large inputs.

    python bench/bench_ingest.py

The development set (ingest/tests/corpus, ≈40 real reports) is extracted 20 times and the median per
report printed; then the seed report repeated to 150,000 characters, 150,000 characters of one
character and a list of 30,000 names, to show that no rule backtracks badly. Target: under 50 ms a
report, under 2 s for the largest text the page accepts (200,000 characters).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def main() -> None:
    _setup()
    from zhibu.ingest.extract import extract
    from zhibu.ingest.tests.evaluation import CORPUS, report_text
    from zhibu.textguard import scan_text

    texts = [report_text(p) for p in sorted(CORPUS.glob("*.txt"))]
    seed = (ROOT / "src/zhibu/ingest/tests/seed-symposium-report.txt").read_text(encoding="utf-8")
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        for text in texts:
            extract(text, scan_text(text))
        runs.append((time.perf_counter() - start) / len(texts))
    print(f"development set: {len(texts)} reports, median {statistics.median(runs) * 1000:.1f} ms a report")
    for label, text in [
        ("seed ×60", (seed + "\n") * 60),
        ("one character ×150,000", "会议由" + "啊" * 150_000),
        ("30,000 names", "、".join(["王明"] * 30_000) + "参加会议。"),
    ]:
        start = time.perf_counter()
        extract(text, scan_text(text))
        print(f"{label}: {len(text):,} characters, {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

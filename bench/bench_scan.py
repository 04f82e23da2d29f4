"""The text guard on a megabyte: scanning stays well under a second.

    python bench/bench_scan.py [--megabytes 1] [--runs 5]

Builds ~1 MB of party-building prose from the clean test corpus (real reports) with a spam phrase
planted every ~20 KB, once as plain text and once as HTML (paragraphs, links, a few hidden blocks),
then times scan_text and scan_html (median and worst of the runs) and checks every planted phrase
was found. Exits 1 when the median for the text goes over the bound (1 s per MB).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from zhibu.textguard.html import scan_html  # noqa: E402
from zhibu.textguard.lexicon import load_lexicon  # noqa: E402
from zhibu.textguard.scanner import scan_text  # noqa: E402

CLEAN = Path(__file__).resolve().parent.parent / "src/zhibu/textguard/tests/corpus/clean"
PLANTED = ["全球最大的赌钱网", "澳博官方网站app", "永利官网", "金沙8888js官方", "开云体育(中国)官方网站"]
BOUND_SECONDS_PER_MB = 1.0


def corpus_paragraphs() -> list[str]:
    out = []
    for path in sorted(CLEAN.glob("*.txt")):
        out += [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return out


def build(megabytes: float) -> tuple[list[str], int]:
    paragraphs = corpus_paragraphs()
    target = int(megabytes * 1024 * 1024)
    out, size, planted, i = [], 0, 0, 0
    while size < target:
        text = paragraphs[i % len(paragraphs)]
        if i % 40 == 39:
            text = text[:10] + PLANTED[planted % len(PLANTED)] + "党委" + text[10:]
            planted += 1
        out.append(text)
        size += len(text.encode("utf-8")) + 1
        i += 1
    return out, planted


def timed(function, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    load_lexicon()
    print(f"lexicon compiled once in {(time.perf_counter() - started) * 1000:.0f} ms")

    paragraphs, planted = build(args.megabytes)
    text = "\n".join(paragraphs)
    size = len(text.encode("utf-8")) / 1024 / 1024
    median, worst, findings = timed(lambda: scan_text(text), args.runs)
    print(f"scan_text: {size:.2f} MB, {len(text):,} characters: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms, "
          f"{len(findings)} findings for {planted} planted")

    blocks = []
    for i, paragraph in enumerate(paragraphs):
        blocks.append(f'<p class="p{i % 3}">{paragraph} <a href="/news/{i}.htm">阅读全文</a></p>')
        if i % 200 == 199:
            blocks.append('<div style="display:none"><a href="http://www.2138vns.com/">威尼斯人</a></div>')
    source = "<html><body>" + "\n".join(blocks) + "</body></html>"
    html_size = len(source.encode("utf-8")) / 1024 / 1024
    html_median, html_worst, html_findings = timed(lambda: scan_html(source), args.runs)
    print(f"scan_html: {html_size:.2f} MB: median {html_median * 1000:.0f} ms, worst {html_worst * 1000:.0f} ms, "
          f"{len(html_findings)} findings")

    ok = median <= BOUND_SECONDS_PER_MB * max(size, 1) and len(findings) == planted
    print("OK" if ok else "TOO SLOW or MISSED", f"(bound {BOUND_SECONDS_PER_MB:.1f} s per MB for text)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The development set: real published reports (short attributed excerpts, the source URL on the first
line) with hand-checked expected JSON next to each. `python -m zhibu.ingest.tests.evaluation` prints
every field that differs and the exact-field rate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
FIELDS = ("date", "date_text", "time", "place", "type", "organizer_units", "chair", "attendees", "agenda", "work_method")


def report_text(path: Path) -> str:
    """The excerpt without its attribution line (which is not part of the report)."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first.startswith("# 来源") else text


def predict(path: Path) -> dict:
    from zhibu.ingest.extract import extract
    from zhibu.textguard import scan_text

    text = report_text(path)
    findings = scan_text(text)
    return extract(text, findings).to_json(findings)


def flat(data: dict) -> dict:
    out = {k: data["event"].get(k) for k in FIELDS if k != "work_method"}
    out["work_method"] = data.get("work_method")
    return out


def evaluate(verbose: bool = False) -> tuple[int, int, list[str]]:
    right = total = 0
    misses = []
    for expected_path in sorted(CORPUS.glob("*.json")):
        expected = flat(json.loads(expected_path.read_text(encoding="utf-8")))
        got = flat(predict(expected_path.with_suffix(".txt")))
        for key in FIELDS:
            total += 1
            if got[key] == expected[key]:
                right += 1
            else:
                misses.append(f"{expected_path.stem}.{key}: expected {expected[key]!r}, got {got[key]!r}")
    return right, total, misses


if __name__ == "__main__":
    import django

    django.setup()
    right, total, misses = evaluate()
    for m in misses:
        print(m)
    print(f"{right}/{total} = {right / total:.1%}", file=sys.stderr)

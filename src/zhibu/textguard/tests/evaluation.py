"""Precision on the clean corpus and recall on the injected one.

    python -m zhibu.textguard.tests.evaluation      # prints the numbers and every miss

corpus/clean/      real published party-building reports (excerpts, source URL in the first line)
corpus/injected/   real defaced pages (real_*, planted phrases listed in real.json) and the clean
                   passages defaced by build_injected.py (gen_*, listed in generated.json)

A planted item counts as caught when a finding of an expected category overlaps it. A finding
that overlaps nothing planted is a false alarm; on the clean corpus every finding is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from zhibu.textguard.files import read_document, scan_document
from zhibu.textguard.scanner import Finding

CORPUS = Path(__file__).resolve().parent / "corpus"
SPAM = ["gambling", "porn", "seo_spam", "org_name_replaced"]
EXPECT_ALIASES = {"org": ["org_name_replaced"], "spam": SPAM}


@dataclass
class Planted:
    file: str
    needle: str
    start: int
    end: int
    expect: list[str]
    caught_as: str | None = None
    org_expected: bool = False


@dataclass
class Report:
    clean_files: int = 0
    clean_alarms: list[tuple[str, Finding]] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)
    injected_alarms: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(1 for p in self.planted if p.caught_as) / len(self.planted)

    @property
    def org_recall(self) -> float:
        org = [p for p in self.planted if p.org_expected]
        return sum(1 for p in org if p.caught_as) / len(org)

    @property
    def clean_precision(self) -> float:
        """Share of clean files with no finding at all."""
        bad = {name for name, _ in self.clean_alarms}
        return (self.clean_files - len(bad)) / self.clean_files

    def misses(self) -> list[Planted]:
        return [p for p in self.planted if not p.caught_as]


def manifest() -> dict[str, list[dict]]:
    entries: dict[str, list[dict]] = {}
    for name in ("real.json", "generated.json"):
        data = json.loads((CORPUS / "injected" / name).read_text(encoding="utf-8"))
        entries.update({k: v for k, v in data.items() if not k.startswith("_")})
    return entries


def _occurrences(text: str, entry: dict) -> list[tuple[int, int]]:
    spans = []
    within = entry.get("within", entry["needle"])
    position = text.find(within)
    while position != -1:
        inner = text.find(entry["needle"], position, position + len(within))
        spans.append((inner, inner + len(entry["needle"])))
        position = text.find(within, position + len(within))
    return spans


def evaluate(known_names: tuple[str, ...] = ()) -> Report:
    report = Report()
    for path in sorted((CORPUS / "clean").iterdir()):
        document = read_document(path)
        report.clean_files += 1
        report.clean_alarms += [(path.name, f) for f in scan_document(document, known_names=known_names)]
    for name, entries in sorted(manifest().items()):
        document = read_document(CORPUS / "injected" / name)
        findings = scan_document(document, known_names=known_names)
        planted = []
        for entry in entries:
            expect = entry["expect"]
            expect = EXPECT_ALIASES[expect] if isinstance(expect, str) else expect
            spans = _occurrences(document.text, entry)
            if len(spans) != entry["count"]:
                raise AssertionError(f"{name}: “{entry['needle']}” occurs {len(spans)} times, manifest says {entry['count']}")
            for start, end in spans:
                planted.append(Planted(name, entry["needle"], start, end, expect, org_expected=expect == ["org_name_replaced"]))
        for item in planted:
            for f in findings:
                if f.category in item.expect and f.start < item.end and f.end > item.start:
                    item.caught_as = f.category
                    break
        report.planted += planted
        report.injected_alarms += [
            (name, f) for f in findings if not any(f.start < p.end and f.end > p.start for p in planted)
        ]
    return report


def main() -> None:
    report = evaluate()
    alarms = len(report.clean_alarms)
    print(f"clean corpus: {report.clean_files} files, {alarms} findings, precision {report.clean_precision:.0%}")
    caught = sum(1 for p in report.planted if p.caught_as)
    print(f"injected corpus: {caught}/{len(report.planted)} planted items caught, recall {report.recall:.1%}")
    org = [p for p in report.planted if p.org_expected]
    print(f"  organisation-name replacements: {sum(1 for p in org if p.caught_as)}/{len(org)} ({report.org_recall:.1%})")
    print(f"  findings outside anything planted: {len(report.injected_alarms)}")
    for item in report.misses():
        print(f"  missed {item.file}: {item.needle!r} (expected {'/'.join(item.expect)})")
    for name, f in report.clean_alarms + report.injected_alarms:
        print(f"  false alarm {name}: {f.category} {f.phrase!r}")


if __name__ == "__main__":
    main()

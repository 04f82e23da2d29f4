"""The text extraction reads: spam taken out (or the official name it replaced put back), with a map
from every character back to the source, so that every extracted field keeps its span in the source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zhibu.textguard import Finding
from zhibu.textguard.scanner import SPAM_CATEGORIES, Category

_ZW = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")


@dataclass
class Cleaned:
    text: str
    origin: list[int]  # origin[i]: index in the source of text[i]; one extra entry for the end
    origin_end: list[int]
    replaced: list[tuple[int, int, Finding]]  # spans in `text` that stand for a spam phrase

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of text[start:end]."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin_end[end - 1]

    def touches_spam(self, start: int, end: int) -> Finding | None:
        for s, e, finding in self.replaced:
            if s <= end and e >= start and (s < end or start == end == s):
                return finding
        return None


def clean(text: str, findings: Iterable[Finding]) -> Cleaned:
    """Like textguard's `without_spam`, keeping the map back to `text`."""
    out: list[str] = []
    origin: list[int] = []
    origin_end: list[int] = []
    replaced: list[tuple[int, int, Finding]] = []
    position = 0

    def copy(upto: int) -> None:
        for i in range(position, upto):
            out.append(text[i])
            origin.append(i)
            origin_end.append(i + 1)

    for f in sorted(findings, key=lambda f: f.start):
        if f.start < position or f.category not in SPAM_CATEGORIES | {Category.ZERO_WIDTH}:
            continue
        copy(f.start)
        if f.category == Category.ZERO_WIDTH:
            for i in range(f.start, f.end):
                if text[i] not in _ZW:
                    out.append(text[i])
                    origin.append(i)
                    origin_end.append(i + 1)
        else:
            start = len(out)
            for ch in f.replaces or "":
                out.append(ch)
                origin.append(f.start)
                origin_end.append(f.end)
            replaced.append((start, len(out), f))
        position = f.end
    copy(len(text))
    origin.append(len(text))
    origin_end.append(len(text))
    return Cleaned("".join(out), origin, origin_end, replaced)

"""The date and time of the event: "2022年7月14日上午8:30" → 2022-07-14, 08:30.

A date without a year keeps its text and gets no date, unless the report's dateline (发布时间：2021-09-22,
a date on a line of its own) gives the year. Offsets are into the text given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# typography: ascii (regular expressions)
_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_FULL = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d年.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DAY_ONLY = re.compile(r"(?:^|[，,。\s])(\d{1,2}[日号])(?=\s*(?:上午|下午|晚上|中午|早上|晚|[，,]|\d))")
_RANGE = re.compile(r"\s*(?:[-—–~～至到、]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*[日号])")
# a page's dateline written day first, on a line of its own ("11.12.2018  12:54")
_DOTTED_LINE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_META = re.compile(r"发布|时间|日期|浏览|点击|来源|作者|编辑|审核|更新")
_TIME = re.compile(
    r"\s*(?:[(（][^)）]{1,6}[)）])?\s*(上午|下午|晚上|中午|早上|傍晚|晚)?\s*(?:(\d{1,2})\s*[:：]\s*(\d{2})|(\d{1,2})\s*[时点](?:\s*(\d{1,2})\s*分|(半))?)?"
)
_DATE_ONLY_LINE = re.compile(r"[(（]?\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[)）]?")
_TIME_AT = re.compile(r"(上午|下午|晚上|中午|早上|傍晚)?\s*(?<!\d)(\d{1,2})\s*[:：]\s*(\d{2})(?!\d)")


@dataclass
class When:
    date: dt.date | None = None
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    time: str | None = None
    time_span: tuple[int, int] | None = None


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return int("".join(str(_CN[c]) for c in text))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def dateline(text: str) -> dt.date | None:
    """The publication date: a full date on a metadata line (发布时间、日期 …) or on a short line of its own."""
    for line in text.splitlines():
        stripped = line.strip()
        dotted = _DOTTED_LINE.fullmatch(stripped)
        if dotted and _safe_date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1))):
            return _safe_date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        for m in _FULL.finditer(stripped):
            if _META.search(stripped) or len(stripped) <= 40 and not re.search(r"[召开举行开展参加]", stripped):
                y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
                found = _safe_date(int(y), int(mo), int(d))
                if found:
                    return found
    return None


def _is_meta_line(text: str, index: int) -> bool:
    """A metadata line (发布时间：…), or a line with nothing but a date and a clock time (the page's dateline)."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)]
    if _DATE_ONLY_LINE.fullmatch(line.strip()):
        return True
    return bool(_META.search(line)) and len(line.strip()) <= 80 or line.lstrip().startswith("#")


def _time_after(text: str, pos: int) -> tuple[str | None, tuple[int, int] | None, int]:
    m = _TIME.match(text, pos)
    if not m or not m.group(0).strip():
        return None, None, pos
    part, h, mi = m.group(1), None, 0
    if m.group(2):
        h, mi = int(m.group(2)), int(m.group(3))
    elif m.group(4):
        h = int(m.group(4))
        mi = int(m.group(5)) if m.group(5) else (30 if m.group(6) else 0)
    if h is None:
        return None, None, m.end()
    if part in ("下午", "晚上", "傍晚", "晚") and h < 12:
        h += 12
    if part == "中午" and h < 11:
        h += 12
    if h > 23 or mi > 59:
        return None, None, m.end()
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    return f"{h:02d}:{mi:02d}", (start, m.end()), m.end()


def when(text: str) -> When:
    """The first event date of the text (metadata lines skipped) and the clock time that follows it."""
    line_date = dateline(text)
    candidates = []
    for m in _FULL.finditer(text):
        if not _is_meta_line(text, m.start()):
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
            candidates.append((m.start(), m.end(), _safe_date(int(y), int(mo), int(d)), True))
    for m in _MONTH_DAY.finditer(text):
        if not _is_meta_line(text, m.start()):
            candidates.append((m.start(), m.end(), (int(m.group(1)), int(m.group(2))), False))
    if not candidates:
        for m in _DAY_ONLY.finditer(text):
            if not _is_meta_line(text, m.start(1)):
                candidates.append((m.start(1), m.end(1), None, False))
                break
    if not candidates:
        m = _TIME_AT.search(text)
        result = When()
        if m:
            result.time, result.time_span, _ = _time_after(text, m.start())
        return result
    start, end, value, full = min(candidates, key=lambda c: c[0])
    r = _RANGE.match(text, end)
    if r:
        end = r.end()
    result = When(date_text=text[start:end], date_span=(start, end))
    if full:
        result.date = value
    elif isinstance(value, tuple):
        month, day = value
        if line_date is not None:
            year = line_date.year if (month, day) <= (line_date.month, line_date.day) else line_date.year - 1
            result.date = _safe_date(year, month, day)
    result.time, result.time_span, _ = _time_after(text, end)
    return result

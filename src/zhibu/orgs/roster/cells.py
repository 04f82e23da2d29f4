"""One cell's value as people type it into Excel: dates, choices, years, names, offices.

Each `parse_*` returns (value, None) or (None, problem), the problem in Chinese for the preview.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from ..models import Member, Position
from .columns import COLUMN_BY_KEY, POSITION_CHOICES

_CHOICES: dict[str, dict[str, str]] = {
    "gender": {**{label: v for v, label in Member.Gender.choices}, "男性": "male", "女性": "female"},
    "status": {
        **{label: v for v, label in Member.Status.choices},
        "积极分子": Member.Status.ACTIVIST,
        "中共预备党员": Member.Status.PROBATIONARY,
        "中共党员": Member.Status.FULL,
    },
    "occupation": {
        **{label: v for v, label in Member.Occupation.choices},
        "管理人员": Member.Occupation.STAFF, "服务人员": Member.Occupation.STAFF,
        "本科生": Member.Occupation.STUDENT, "研究生": Member.Occupation.STUDENT,
        "离退休": Member.Occupation.RETIRED, "退休": Member.Occupation.RETIRED, "离休": Member.Occupation.RETIRED,
    },
}
for _key, _model in (("gender", Member.Gender), ("status", Member.Status), ("occupation", Member.Occupation)):
    _CHOICES[_key].update({v: v for v in _model.values})

_POSITION_WORDS = {
    **{label: (k, "") for k, label in Position.Kind.choices},
    **{k: (k, "") for k in Position.Kind.values},
    "支部书记": (Position.Kind.SECRETARY, ""),
    "支部副书记": (Position.Kind.DEPUTY_SECRETARY, ""),
    "支委": (Position.Kind.COMMITTEE_MEMBER, ""),
    "支部委员": (Position.Kind.COMMITTEE_MEMBER, ""),
    "组长": (Position.Kind.GROUP_LEADER, ""),
    "小组长": (Position.Kind.GROUP_LEADER, ""),
}
_POSITION_SPLIT = re.compile(r"[、,,;;/\s]+")
_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}委员$")
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_CJK_SPACED = re.compile(r"^[\u4e00-\u9fff\s]+$")


def cell_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_text(value: Any) -> str:
    return unicodedata.normalize("NFKC", cell_display(value)).strip()


def parse_date(value: Any, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """A date from an Excel date cell or the ways people type dates; (None, problem) when it is not one."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            return parse_date(str(int(value)), today)
        if not 1 <= value < 2958466:
            return None, "无法识别的日期，请按2022-07-14的格式填写"
        day = from_excel(value).date()
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            return None, None
        m = _DATE_RE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
        if not m:
            if _MONTH_RE.match(text):
                return None, "日期须精确到日，请按2022-07-14的格式填写"
            return None, "无法识别的日期，请按2022-07-14的格式填写"
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, "不是有效的日期"
    if day.year < 1900:
        return None, "日期早于1900年，请核对"
    if day > (today or timezone.localdate()):
        return None, "日期不能晚于今天"
    return day, None


def parse_choice(key: str, value: Any) -> tuple[str | None, str | None]:
    text = cell_text(value)
    if not text:
        return None, None
    found = _CHOICES[key].get(text) or _CHOICES[key].get(text.lower())
    if found is None:
        return None, "应为以下之一：" + "、".join(COLUMN_BY_KEY[key].choices)
    return str(found), None


def parse_year(value: Any) -> tuple[int | None, str | None]:
    text = cell_text(value)
    if not text:
        return None, None
    m = re.match(r"^(\d{4})\s*(?:级|年级|年)?$", text)
    if not m:
        return None, "年级应为入学年份，如2021"
    year = int(m.group(1))
    if not 1950 <= year <= timezone.localdate().year + 1:
        return None, "年级不合理，请填写入学年份，如2021"
    return year, None


def parse_name(value: Any) -> str:
    text = cell_text(value)
    # Offices pad two-character names for alignment (“张 三”); a name of Chinese characters has no spaces.
    if _CJK_SPACED.match(text):
        text = re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text)


def parse_positions(value: Any) -> tuple[list[tuple[str, str]], str | None]:
    text = cell_text(value)
    if not text:
        return [], None
    found: list[tuple[str, str]] = []
    for word in filter(None, _POSITION_SPLIT.split(text)):
        if word in _POSITION_WORDS:
            kind, title = _POSITION_WORDS[word]
        elif _TITLE_RE.match(word):
            kind, title = Position.Kind.COMMITTEE_MEMBER, word
        else:
            return [], f"无法识别的职务“{word}”，应为{'、'.join(POSITION_CHOICES)}或其他“…委员”"
        if any(k == kind and t == title for k, t in found):
            continue
        found.append((kind, title))
    kinds = [k for k, _ in found]
    if Position.Kind.SECRETARY in kinds and Position.Kind.DEPUTY_SECRETARY in kinds:
        return [], "不能同时担任书记和副书记"
    return found, None

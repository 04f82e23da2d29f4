"""The default points scheme. Migration 0002 stores it as data; `points.rules_for_year` falls back on it when
the rules table is empty (a fresh database flushed by a test run, say), so points never silently read 0."""

from decimal import Decimal

from .models import PointRule

CITATION = "参照《中国共产党党员教育管理工作条例》和高校党员积分管理的通行做法，各校可调整"
DEFAULT_RULES = [
    ("base", "base", "基础分", "60", None),
    ("attend-general-meeting", "general_meeting", "参加支部党员大会", "2", "12"),
    ("attend-committee-meeting", "committee_meeting", "参加支部委员会会议", "1", "12"),
    ("attend-group-meeting", "group_meeting", "参加党小组会", "1", "12"),
    ("attend-party-lecture", "party_lecture", "参加党课", "2", "8"),
    ("deed-hour", "deed_hour", "办实事（每小时）", "0.5", "20"),
    ("cobuild-outcome", "cobuild_outcome", "登记共建成果", "2", "10"),
    ("badge-pledge", "badge_pledge", "戴党徽、亮身份承诺", "2", "2"),
    ("absence", "absence", "无故缺席三会一课", "-3", "15"),
]


def default_rules() -> list[PointRule]:
    """The defaults as unsaved rules."""
    return [PointRule(code=code, kind=kind, label=label, points=Decimal(points), cap=Decimal(cap) if cap else None,
                      year_from=2000, citation=CITATION) for code, kind, label, points, cap in DEFAULT_RULES]

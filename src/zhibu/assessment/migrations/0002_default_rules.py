"""The default points scheme (admins change it as data; see PointRule)."""

from decimal import Decimal

from django.db import migrations

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


def load_defaults(apps, schema_editor):
    PointRule = apps.get_model("assessment", "PointRule")
    existing = set(PointRule.objects.values_list("code", flat=True))
    PointRule.objects.bulk_create([
        PointRule(code=code, kind=kind, label=label, points=Decimal(points), cap=Decimal(cap) if cap else None,
                  year_from=2000, citation=CITATION)
        for code, kind, label, points, cap in DEFAULT_RULES if code not in existing
    ])


def remove_defaults(apps, schema_editor):
    PointRule = apps.get_model("assessment", "PointRule")
    PointRule.objects.filter(code__in=[r[0] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]

"""The default standardisation rules, from 《中国共产党支部工作条例（试行）》 (2018).

Codes are stable: reports, exports, the API and history refer to them. Admins may change everything
else (the party lecture's period differs between localities: quarterly by default). Rules already
present (by code) are left as they are, so re-running never overwrites an admin's edits.
"""

from decimal import Decimal

from django.db import migrations

REGULATION = "《中国共产党支部工作条例（试行）》"
BRANCH = ["branch"]

DEFAULT_RULES = [
    {
        "code": "general_meeting", "name": "支部党员大会每季度至少召开1次",
        "check_type": "meeting_count", "meeting_kind": "general_meeting", "period": "quarter",
        "citation": f"{REGULATION}第十一条：党支部党员大会……一般每季度召开1次",
    },
    {
        "code": "committee_meeting", "name": "支部委员会会议每月至少召开1次，须有半数以上委员到会",
        "check_type": "meeting_count", "meeting_kind": "committee_meeting", "period": "month",
        "attendance_threshold": Decimal("0.500"), "attendance_base": "committee",
        "parameters": {"requires_committee": True},
        "citation": f"{REGULATION}第十二条：党支部委员会会议一般每月召开1次……须有半数以上委员到会方可进行",
    },
    {
        "code": "group_meeting", "name": "党小组会每月至少召开1次（设党小组的支部，每个党小组）",
        "check_type": "meeting_count", "meeting_kind": "group_meeting", "period": "month",
        "parameters": {"per_group": True},
        "citation": f"{REGULATION}第十三条：党小组会一般每月召开1次",
    },
    {
        "code": "party_lecture", "name": "党课每季度至少1次",
        "check_type": "meeting_count", "meeting_kind": "party_lecture", "period": "quarter",
        "parameters": {"count_co_hosted": True},
        "citation": f"{REGULATION}第五章“三会一课”；党课频次各地规定不一，默认每季度1次",
    },
    {
        "code": "theme_day", "name": "每月开展1次主题党日",
        "check_type": "meeting_count", "meeting_kind": "theme_day", "period": "month",
        "parameters": {"count_co_hosted": True},
        "citation": f"{REGULATION}第五章：党支部每月相对固定1天开展主题党日",
    },
    {
        "code": "org_life_meeting", "name": "每年至少召开1次组织生活会",
        "check_type": "meeting_count", "meeting_kind": "org_life_meeting", "period": "year",
        "citation": f"{REGULATION}第十七条：党支部每年至少召开1次组织生活会",
    },
    {
        "code": "appraisal", "name": "每年开展1次民主评议党员",
        "check_type": "meeting_count", "meeting_kind": "appraisal", "period": "year",
        "citation": f"{REGULATION}第五章：党支部一般每年开展1次民主评议党员",
    },
    {
        "code": "talks", "name": "支委与每名党员每年至少谈心谈话1次",
        "check_type": "talk_coverage", "meeting_kind": "talk", "period": "year",
        "citation": f"{REGULATION}第五章：党支部委员之间、党支部委员和党员之间……每年谈心谈话一般不少于1次",
    },
    {
        "code": "committee_required", "name": "正式党员7人以上的支部应设立支部委员会（3至5人，最多7人）",
        "check_type": "committee_required",
        "parameters": {"min_full_members": 7, "min_size": 3, "max_size": 7},
        "citation": f"{REGULATION}第六章：有正式党员7人以上的党支部，应当设立党支部委员会……由3至5人组成，一般不超过7人",
    },
    {
        "code": "committee_term", "name": "支部委员会每届任期3年，届满前90天提醒换届",
        "check_type": "term_expiry",
        "parameters": {"term_years": 3, "warn_days": 90},
        "citation": f"{REGULATION}第六章：党支部委员会……每届任期一般为3年；任期届满应当按期进行换届选举",
    },
    {
        "code": "branch_size", "name": "支部党员人数一般不超过50人",
        "check_type": "branch_size",
        "parameters": {"max_members": 50},
        "citation": f"{REGULATION}第四条：党支部党员人数一般不超过50人",
    },
]


def load_defaults(apps, schema_editor):
    Rule = apps.get_model("meetings", "Rule")
    existing = set(Rule.objects.values_list("code", flat=True))
    Rule.objects.bulk_create([
        Rule(applies_to_kinds=BRANCH, applies_to_categories=[], min_count=1, **spec)
        for spec in DEFAULT_RULES
        if spec["code"] not in existing
    ])


def remove_defaults(apps, schema_editor):
    Rule = apps.get_model("meetings", "Rule")
    Rule.objects.filter(code__in=[spec["code"] for spec in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_defaults, remove_defaults),
    ]

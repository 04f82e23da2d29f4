"""The demo's branch assessment: the faculty branch's 2022 plan in the four categories the university asks
for (常规工作上台阶、重点工作求突破、考核工作争先进、特色工作出亮点) with its year-end review, a reviewer's
adjustment, and the university's 样板支部 standard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhibu.core import evidence

from . import services
from .models import Indicator, Plan

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

YEAR = 2022

GOALS = [
    ("routine", "按期开展“三会一课”，党课每季度至少1次", "party_lectures", 4),
    ("routine", "每月开展主题党日", "theme_days", 12),
    ("routine", "党员信息全部完整准确", "member_records_complete", 100),
    ("key", "围绕一流专业建设，融合事项“四同”全覆盖", "integration_rate", 100),
    ("key", "深化校企共建，开展共建活动不少于4次", "cobuild_activities", 4),
    ("key", "访企拓岗，拓展就业岗位不少于20个", "jobs_opened", 20),
    ("assessment", "按时召开组织生活会", "org_life_meeting", 1),
    ("assessment", "开展民主评议党员", "appraisal", 1),
    ("signature", "总结推广“一三三”工作法", "cases_published", 1),
    ("signature", "做好“毕业寄”打包邮寄，为毕业生办实事", "gradmail_parcels", 50),
    ("signature", "创建“全国党建工作样板支部”，做好“标杆”", "", None),
]


def present(ctx: DemoContext) -> bool:
    return "branch" in ctx.orgs and Plan.objects.filter(org=ctx.orgs["branch"], year=YEAR).exists()


def load(ctx: DemoContext) -> None:
    o, u = ctx.orgs, ctx.users
    if "branch" not in o or "secretary" not in u:
        return
    branch = o["branch"]
    plan = services.plan_save(
        by=u["secretary"], branch=branch, year=YEAR,
        summary="坚持党建引领，围绕专业建设这一中心，按照“常规工作上台阶、重点工作求突破、考核工作争先进、"
                "特色工作出亮点”的要求，以创建“全国党建工作样板支部”为契机推进“一三三”工作法。",
        goals=[{"category": c, "title": t, "indicator": i, "target_value": "" if v is None else str(v)}
               for c, t, i, v in GOALS],
    )
    services.plan_review(by=u["secretary"], plan=plan,
                         note="全年“三会一课”按期开展；7月14日接受市委组织部、市委教育工委“党支部工作法”调研；"
                              "两次毕业季打包邮寄工作中教工党员、学生党员冲锋在前。")
    if "reviewer" in u:
        meeting = next(iter(evidence.records_for(branch.path, kinds=["meeting"], q="调研座谈会", limit=1)), None)
        services.adjustment_add(
            by=u["reviewer"], branch=branch, year=YEAR, indicator=Indicator.objects.get(code="gradmail_parcels"),
            points=50, reason="“毕业寄”包裹由学院统一登记，支部党员承担打包邮寄，经调研座谈会核实",
            evidence_kind=meeting.kind if meeting else "", evidence_id=meeting.id if meeting else None,
            evidence_title="" if meeting else "2022年“党支部工作法”调研座谈会记录",
        )
    if "organiser" in u and "university" in o:
        services.standard_save(
            by=u["organiser"], org=o["university"], name="示例大学样板支部标准", min_total=60, honour_years=3,
            honour_min=1, honour_levels=["national", "provincial", "municipal"], require_clean_record=True,
            thresholds={"party_lectures": 4, "theme_days": 10, "org_life_meeting": 1, "appraisal": 1,
                        "member_records_complete": 90},
        )
    ctx.tip("secretary", "“七个有力”评估：支部的雷达图、指标明细、2022年度工作计划与对标样板支部的差距")
    ctx.tip("organiser", "“七个有力”评估：全校支部排名（可导出 Excel）与距离样板支部最近的支部")
    ctx.tip("reviewer", "“七个有力”评估：可对支部的指标得分作有佐证的调整")

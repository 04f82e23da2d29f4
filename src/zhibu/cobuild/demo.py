"""The demo's co-building: the faculty branch's three partnerships, as in the seed report.

Its major 物流管理 (国家级 and 北京市级一流本科专业建设点), the student branch of the same major, and a fictional
logistics enterprise's party branch, with joint activities (the sessions on 招不进人、留不住人) and outcomes
(technical support through the university's research platform, jobs opened …). Registered on the context:
    ctx.extra["majors"]        {"logistics": Major, "engineering": Major}
    ctx.extra["partnerships"]  {"branch_major", "faculty_student", "campus_external": Partnership}
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from zhibu.core.paths import Scope
from zhibu.orgs.selectors import member_list_for_scope

from . import services
from .creditcode import make_credit_code
from .models import ExternalUnit, Major, MajorLevel, Outcome, Partnership

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

K = Partnership.Kind
ENTERPRISE = "京畿智慧物流集团有限公司"
ENTERPRISE_BRANCH = "京畿智慧物流集团有限公司仓储事业部党支部"


def present(ctx: DemoContext) -> bool:
    if "branch" not in ctx.orgs or not Partnership.objects.filter(org=ctx.orgs["branch"]).exists():
        return False
    _register(ctx)
    return True


def _at(day: dt.date, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)), timezone.get_current_timezone())


def load(ctx: DemoContext) -> None:
    o, today = ctx.orgs, ctx.today
    logistics = services.major_create(by=None, school=o["school"], name="物流管理", code="120601",
                                      department="物流管理系",
                                      description="学校特色专业；国家级和北京市级一流本科专业建设点。")
    services.major_level_add(by=None, major=logistics, tier=MajorLevel.Tier.NATIONAL,
                             title="国家级一流本科专业建设点", year=2019)
    services.major_level_add(by=None, major=logistics, tier=MajorLevel.Tier.PROVINCIAL,
                             title="北京市级一流本科专业建设点", year=2019)
    engineering = services.major_create(by=None, school=o["school"], name="物流工程", code="120602",
                                        department="物流工程系")
    for branch, major in ((o["branch"], logistics), (o["sibling"], logistics), (o["eng_branch"], engineering)):
        services.branch_major_link(by=None, branch=branch, major=major)
    unit = services.unit_register(by=None, name=ENTERPRISE, credit_code=make_credit_code(serial=220714),
                                  kind=ExternalUnit.Kind.ENTERPRISE, city="北京市", party_branch_name=ENTERPRISE_BRANCH)
    services.unit_register(by=None, name="示例街道花园路社区", credit_code=make_credit_code(
        authority="5", category="3", area="110108", serial=31), kind=ExternalUnit.Kind.COMMUNITY, city="北京市",
        party_branch_name="花园路社区党委")

    branch = o["branch"]
    teachers = list(member_list_for_scope(Scope(everything=True), org=branch).prefetch_related(None)[:14])
    students = list(member_list_for_scope(Scope(everything=True), org=o["sibling"]).prefetch_related(None)[:25])
    bm = services.partnership_create(
        by=None, org=branch, kind=K.BRANCH_MAJOR, major=logistics, starts_on=dt.date(2019, 9, 1),
        goals="支部建在专业上：党支部围绕一流专业建设抓党建，支委与专业负责人共同研究专业建设年度目标。",
        contacts=[services.ContactRow(side="campus", name="陈立华", title="支部书记、系主任"),
                  services.ContactRow(side="partner", name="冯雅琴", title="专业负责人")],
    )
    fs = services.partnership_create(
        by=None, org=branch, kind=K.FACULTY_STUDENT, partner_org=o["sibling"], starts_on=dt.date(2018, 3, 1),
        goals="教工党员担任学生党支部的联系人和学业导师，师生联学、联建、联做。",
        contacts=[services.ContactRow(side="campus", name="林雪梅", title="副书记"),
                  services.ContactRow(side="partner", name="孙悦", title="学生党支部书记、辅导员")],
    )
    ce = services.partnership_create(
        by=None, org=branch, kind=K.CAMPUS_EXTERNAL, external_unit=unit, starts_on=dt.date(2021, 4, 15),
        goals="校企共建：依托学校科研平台和学院师资为企业提供技术支持；聚焦企业招不进人、留不住人等难点开展思想政治工作"
              "交流；拓展就业岗位信息渠道，深入开展访企拓岗促就业。",
        contacts=[services.ContactRow(side="campus", name="赵文博", title="组织委员"),
                  services.ContactRow(side="partner", name="田振华", title="企业党支部书记、人力资源部经理",
                                      phone="010-62345678")],
    )
    P = services.ParticipantRow
    activities = [
        (ce, "校企党支部共建签约暨智慧仓储技术交流", dt.date(2021, 4, 15), teachers[:8],
         [P("田振华", "党支部书记"), P("邱晓东", "仓储事业部总经理")], 6),
        (ce, "聚焦“招不进人、留不住人”：企业青年员工思想政治工作专题研讨", dt.date(2022, 6, 16), teachers[:10],
         [P("田振华", "党支部书记"), P("岳晴", "人力资源部主管")], 9),
        (ce, "访企拓岗促就业：走进共建企业仓储中心", today - dt.timedelta(days=48), teachers[:6],
         [P("田振华", "党支部书记")], 5),
        (bm, "一流专业建设研讨：年度目标与课程体系修订", today - dt.timedelta(days=95), teachers[:12],
         [P("冯雅琴", "专业负责人")], 1),
        (fs, "师生党支部联学：党的创新理论学习分享", today - dt.timedelta(days=20), teachers[:5],
         [P(m.name) for m in students[:8]], 18),
        (fs, "毕业季“毕业寄”志愿服务动员", dt.date(2022, 6, 1), teachers[:7], [P(m.name) for m in students[:6]], 12),
    ]
    for p, title, day, present_members, partner_rows, partner_count in activities:
        services.activity_record(by=None, partnership=p, title=title, starts_at=_at(day), ends_at=_at(day, 16),
                                 place="学院112会议室" if p is not ce else "共建企业会议室",
                                 attendance=[m.pk for m in present_members], partner_participants=partner_rows,
                                 partner_count=partner_count)
    for p, kind, title, quantity, day, description in [
        (ce, Outcome.Kind.TECHNICAL_SUPPORT, "依托学校科研平台为企业提供智慧仓储布局优化技术支持", 1, dt.date(2022, 5, 20),
         "学院物流实验中心与企业仓储事业部联合完成仓库布局仿真，拣货路径缩短约18%。"),
        (ce, Outcome.Kind.TRAINING, "企业青年员工思想政治工作交流（招不进人、留不住人）", 2, dt.date(2022, 6, 16),
         "围绕企业招不进人、留不住人等难点、痛点，从思想政治工作层面交流研讨。"),
        (ce, Outcome.Kind.RECRUITMENT_TALK, "共建企业校园专场招聘宣讲", 1, dt.date(2022, 10, 12), ""),
        (ce, Outcome.Kind.JOBS_OPENED, "访企拓岗新增仓储规划、供应链运营岗位", 15, dt.date(2022, 11, 1), ""),
        (ce, Outcome.Kind.PRACTICE_BASE, "挂牌“物流管理专业学生实践教学基地”", 1, dt.date(2021, 6, 30), ""),
        (bm, Outcome.Kind.RESEARCH_PROJECT, "教学改革项目：一流专业课程思政体系建设", 1, dt.date(2023, 3, 1), ""),
        (fs, Outcome.Kind.OTHER, "教工党员担任学生党员学业导师", 12, dt.date(2022, 9, 10), "一对一联系学生党员和入党积极分子。"),
    ]:
        services.outcome_record(by=None, partnership=p, kind=kind, title=title, quantity=quantity, occurred_on=day,
                                description=description)
    _register(ctx)
    ctx.tip("secretary", "“共建与融合”：三重共建、四同融合率和课程思政覆盖")
    ctx.tip("sibling", "只看得到本支部参与的教工与学生党支部共建")


def _register(ctx: DemoContext) -> None:
    ctx.extra["majors"] = {"logistics": Major.objects.filter(code="120601").first(),
                           "engineering": Major.objects.filter(code="120602").first()}
    ctx.extra["partnerships"] = {p.kind: p for p in Partnership.objects.filter(org=ctx.orgs.get("branch"))}

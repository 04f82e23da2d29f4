"""The demo's “一三三” method and its case, the whole way: written by the branch, endorsed by the university,
researched at the 2022-07-14 symposium, reviewed by the municipal reviewer, published, promoted, and adopted
by two other branches (one of them learning from the other).

Everything goes through the services, by the system, with the steps dated as the story has them. The
meetings demo's symposium is used when it is there (ctx.extra["symposium"], or found by date and kind);
without it this demo records one of its own. People are fictional: the reviewer is the demo's 郑红.

Registered on the context: ctx.extra["method"], ctx.extra["case"].
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from zhibu.meetings import services as meeting_services
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.orgs import services as org_services

from . import selectors, services
from .models import Case, WorkMethod
from .services import PillarRow

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

BRANCH_CODE = "U1-WL-JG"
CITY = "北京市"
PILLARS = [
    PillarRow("中心", 1, ["围绕专业建设"], "个"),
    PillarRow("共建工作机制", 3, ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"], "重"),
    PillarRow("任务", 3, ["教师思政", "学生思政", "课程思政"], "大"),
]
PRACTICES = [
    "凝心聚力围绕一流专业建设抓党建",
    "多措并举着力打造“大思政”格局",
    "师生联动落实立德树人根本任务",
    "内外融合贯彻全方位服务社会理念",
]
TITLE = "“一三三”工作法——打造高水平育人团队"
SECTIONS = {
    "background": (
        "物流管理专业是学校的特色专业，是国家级和市级一流本科专业建设点。物流管理专业教工党支部成立于2006年，"
        "成立之初便以“支部建在专业上”为目标特点，始终坚持立德树人根本任务，坚持党建引领，围绕中心工作，聚焦主责主业。\n"
        "支部以创建“全国党建工作样板支部”为契机，从严从细开展“七个有力”党支部建设，从教育、管理、监督党员，"
        "组织、宣传、凝聚、服务师生等方面开展有针对性的举措。"
    ),
    "practice": (
        "一是以围绕专业建设为“一”个中心，凝心聚力围绕一流专业建设抓党建，党建工作与专业建设同研究、同部署、同落实、同考核。\n"
        "二是以构建支部与专业共建、教工与学生党支部共建、校内校外支部共建为“三”重共建工作机制，"
        "与企业党支部共建中依托学校科研平台和学院师资队伍为企业提供技术支持，聚焦企业招不进人、留不住人等难点问题，"
        "从思想政治工作层面交流研讨。\n"
        "三是以开展教师思政、学生思政、课程思政建设为“三”大任务，多措并举着力打造“大思政”格局，师生联动落实立德树人根本任务。\n"
        "工作思路上坚持找抓手、建制度、抓落实；教工党员坚持“戴党徽、亮身份”，平常时候看得出来、关键时刻冲得上去。"
    ),
    "outcome": (
        "支部获评“全国党建工作样板支部”，工作经验做法已在校内、校外宣传平台广泛推广，在校企共建中成果显著。"
        "共建中不断深化校企合作、整合校内外资源，积极拓展就业岗位信息渠道，深入开展访企拓岗促就业专项工作，"
        "致力打通就业的“最后一公里”。\n"
        "2020至2022年两次毕业季，教工党员、学生党员冲锋在前，完成毕业生行李打包邮寄工作，"
        "为毕业生上了一堂“毕业季专题党课”。"
    ),
    "insight": (
        "一是党建与业务深度融合，才能真正实现同研究、同部署、同落实、同考核。\n"
        "二是共建打破支部边界，支部与专业、教工与学生、校内与校外相互促进，形成育人合力。\n"
        "三是对“毕业寄”这类无法用业绩指标衡量的工作，可以通过为群众办实事、党员干实事的方式纳入党员考核。"
    ),
}
REVIEW = (
    "充分肯定“一三三”工作法的显著成效。案例围绕中心、服务大局，凝练总结形成了可复制推广的经验做法，"
    "具有较强的辐射带动和推广借鉴作用。建议进一步对照党支部标准化、规范化建设要求，"
    "总结充分发挥基层党支部战斗堡垒作用的方式方法，突出开展好基层党建工作的示范意义；"
    "树立先进典型、打造支部品牌、优化创新经验等做法应大力推广宣传。"
)
REVIEW_SECTIONS = {
    "practice": "三重共建工作机制表述清楚，建议补充校企共建的典型项目和制度文件。",
    "outcome": "成效部分可补充就业岗位拓展、专业建设的数据，突出强化党支部作用、促进专业建设、助推行业发展的实效。",
}
VIDEO = ("https://video.example.edu.cn/zhibu/yangban-zhibu.mp4", "“全国党建工作样板支部”创建视频（示例链接）")
ADOPTIONS = [
    # (org key, adopted on, via the first adoption, adaptation, outcomes, outcomes on)
    ("other_branch", dt.date(2023, 3, 15), False,
     "结合工商管理专业实际，建立“一中心三共建三任务”：围绕一流专业建设，与专业系、学生党支部和合作企业党支部共建，"
     "推进教师思政、学生思政、课程思政。",
     "一年来建成课程思政示范课程2门，与3家企业党支部签订共建协议，新增实习就业岗位40余个。", dt.date(2024, 3, 20)),
    ("accounting_branch", dt.date(2023, 9, 12), True,
     "参照工商管理教工党支部的做法，把“校内校外支部共建”落实为与会计师事务所党支部共建，开展诚信教育进课堂。",
     "", None),
]
STEPS = [
    # (service, user key, when, extra)
    ("case_submit", "secretary", dt.datetime(2022, 6, 20, 10, 0), {"note": "申报优秀“党支部工作法”案例"}),
    ("case_endorse", "organiser", dt.datetime(2022, 6, 28, 15, 0), {"note": "经学校党委组织部审核，同意推荐"}),
]


SUBMITTED_ON = dt.date(2022, 6, 20)


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment, timezone.get_current_timezone())


def present(ctx: DemoContext) -> bool:
    method = WorkMethod.objects.filter(branch__code=BRANCH_CODE, name="一三三").first()
    if method is None:
        return False
    ctx.extra["method"] = method
    ctx.extra["case"] = Case.objects.filter(method=method).first()
    _tips(ctx)
    return True


def load(ctx: DemoContext) -> None:
    branch = ctx.orgs["branch"]
    if not ctx.orgs["municipal"].city:
        org_services.org_update(by=None, org=ctx.orgs["municipal"], city=CITY)
    method = services.method_create(
        by=None, branch=branch, name="一三三", pillars=PILLARS, slogan="打造高水平育人团队",
        approach=["找抓手", "建制度", "抓落实"], practices=PRACTICES, goals=["同研究", "同部署", "同落实", "同考核"],
        description="物流管理专业教工党支部在“全国党建工作样板支部”创建过程中凝练形成的党支部工作法。",
    )
    case = services.case_create(by=None, method=method, title=TITLE, honours=list(branch.honours.all()), **SECTIONS)
    Case.objects.filter(pk=case.pk).update(created_at=_aware(dt.datetime(2022, 6, 1, 9, 0)),
                                           created_by=ctx.users.get("secretary"))
    symposium = _symposium(ctx)
    services.case_evidence_set(by=None, case=case, records=_evidence(case, symposium))
    services.case_media_add_video(by=None, case=case, url=VIDEO[0], caption=VIDEO[1])
    for service, _user, when, extra in STEPS:
        getattr(services, service)(case=case, by=None, at=_aware(when), **extra)
    services.case_research(case=case, by=None, meeting=symposium, at=symposium.ends_at,
                           note="市委组织部、市委教育工委组织处与支部召开“党支部工作法”调研座谈会")
    services.case_review(case=case, by=None, overall=REVIEW, decision="approve", section_comments=REVIEW_SECTIONS,
                         at=_aware(dt.datetime(2022, 7, 28, 9, 30)))
    services.case_publish(case=case, by=None, at=_aware(dt.datetime(2022, 9, 1, 9, 0)))
    services.case_promote(case=case, by=None, at=_aware(dt.datetime(2022, 12, 1, 9, 0)),
                          note="列入优秀党支部工作法推广案例")
    _attribute(case, ctx)
    first = None
    for key, day, via_first, adaptation, outcomes, outcomes_on in ADOPTIONS:
        adoption = services.adoption_create(by=None, case=case, branch=ctx.orgs[key], adopted_on=day,
                                            via=first if via_first else None, adaptation=adaptation,
                                            outcomes=outcomes, outcomes_on=outcomes_on)
        first = first or adoption
    ctx.extra["method"], ctx.extra["case"] = method, case
    _tips(ctx)


def _evidence(case: Case, symposium: Meeting) -> list[tuple[str, int]]:
    """The research symposium and a few of the branch's records that show the method at work, all dated
    before the case was submitted on 2022-06-20 (the symposium came after it, on purpose)."""
    shown = {"cobuild_activity": 2, "theme_day": 2, "party_lecture": 1, "teacher_study": 1}
    per_other_kind = 2
    picked = [("meeting", symposium.pk)]
    kinds = {m.pk: m.kind for m in Meeting.objects.filter(org=case.branch)}
    others: dict[str, int] = {}
    for record in selectors.evidence_choices(case=case, limit=500):
        if record.date is None or record.date >= SUBMITTED_ON or record.id == symposium.pk:
            continue
        if record.kind == "meeting":
            kind = kinds.get(record.id)
            if shown.get(kind, 0) > 0:
                shown[kind] -= 1
                picked.append(("meeting", record.id))
        elif others.get(record.kind, 0) < per_other_kind:
            others[record.kind] = others.get(record.kind, 0) + 1
            picked.append((record.kind, record.id))
    return picked


def _symposium(ctx: DemoContext) -> Meeting:
    """The meetings demo's 2022-07-14 research symposium, or one of our own when that demo did not run."""
    found = ctx.extra.get("symposium") or Meeting.objects.filter(
        org=ctx.orgs["branch"], kind=MeetingKind.SYMPOSIUM, research=True,
        starts_at__date=dt.date(2022, 7, 14)).first()
    if found is not None:
        return found
    starts = _aware(dt.datetime(2022, 7, 14, 8, 30))
    return meeting_services.meeting_create(
        by=None, org=ctx.orgs["branch"], kind=MeetingKind.SYMPOSIUM, research=True,
        title="“党支部工作法”调研座谈会", starts_at=starts, ends_at=starts + dt.timedelta(hours=3), place="学院112会议室",
        co_hosts=[ctx.orgs["municipal"], ctx.orgs["edu"]],
    )


def _attribute(case: Case, ctx: DemoContext) -> None:
    """The steps were recorded by the system; the timeline names the demo's people who took them."""
    who = {"submit": "secretary", "endorse": "organiser", "research": "reviewer", "approve": "reviewer",
           "publish": "reviewer", "promote": "reviewer"}
    orgs = {"secretary": ctx.orgs["branch"], "organiser": ctx.orgs["university"], "reviewer": ctx.orgs["municipal"]}
    for t in case.transitions.all():
        key = who.get(t.action)
        if key and key in ctx.users:
            t.actor, t.actor_org = ctx.users[key], orgs[key]
            t.save(update_fields=["actor", "actor_org"])
    if "reviewer" in ctx.users:
        case.reviews.update(reviewer=ctx.users["reviewer"], reviewer_org=orgs["reviewer"])


def _tips(ctx: DemoContext) -> None:
    ctx.tip("secretary", "“一三三”工作法及其案例在“工作法案例”中；公开的案例库 /cases/ 无需登录")
    ctx.tip("organiser", "在“工作法案例”中查看全校已报送的案例及其流转记录")
    ctx.tip("reviewer", "查看案例的调研座谈会、点评意见和借鉴推广网络图")

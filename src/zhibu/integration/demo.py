"""The demo's integration and three tasks for the faculty branch: work items with some stages missing
(一流专业建设年度目标 still lacks 同考核), teacher study sessions, student-facing activities, and the
logistics-management major's courses with their 课程思政 elements."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from zhibu.cobuild.models import Major
from zhibu.core.paths import Scope
from zhibu.meetings import services as meeting_services
from zhibu.meetings.models import MeetingKind
from zhibu.orgs.selectors import member_list_for_scope

from . import services
from .models import StudentActivity, WorkItem

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

PARTY, BUSINESS = "陈立华、林雪梅、赵文博", "冯雅琴、刘志远"
WORK_ITEMS = [
    # (title, category, stages: (stage, month, party, business))
    ("物流管理一流专业建设年度目标", WorkItem.Category.MAJOR_BUILDING,
     [("research", 3, PARTY, BUSINESS), ("deploy", 4, PARTY, BUSINESS), ("implement", 9, PARTY, BUSINESS)]),
    ("《供应链管理》课程思政教学改革", WorkItem.Category.CURRICULUM,
     [("research", 2, "黄思琪", "林雪梅"), ("deploy", 3, "黄思琪、赵文博", "林雪梅"),
      ("implement", 5, "黄思琪", "林雪梅、唐凯"), ("assess", 7, "陈立华", "冯雅琴")]),
    ("打造高水平育人团队", WorkItem.Category.TEACHING_TEAM,
     [("research", 3, PARTY, BUSINESS), ("deploy", 4, PARTY, BUSINESS), ("implement", 6, PARTY, ""),
      ("assess", 12, PARTY, BUSINESS)]),
    ("毕业生就业“最后一公里”帮扶", WorkItem.Category.TALENT, [("research", 5, "陈立华、何建国", "")]),
]
COURSES = [
    ("WL101", "物流学概论", "陈立华、周敏", [("第一章 物流概述", "交通强国战略与现代物流业的使命", "案例教学", "教学设计第3页", "陈立华"),
                                     ("第五章 应急物流", "抗疫保供中的物流人担当", "专题研讨", "课堂讨论记录", "周敏")]),
    ("WL201", "供应链管理", "林雪梅、赵文博", [("第二章 供应链战略", "产业链供应链安全稳定与国家发展", "案例教学", "课件第12页", "林雪梅")]),
    ("WL202", "运输管理", "刘志远", []),
    ("WL203", "仓储与配送管理", "许晓燕、韩磊", [("第四章 智慧仓储", "科技自立自强：国产仓储装备的突破", "企业现场教学",
                                          "共建企业实践报告", "韩磊")]),
    ("WL301", "物流系统规划与设计", "冯雅琴、唐凯", [("第一章 系统观念", "坚持系统观念谋划物流网络", "项目驱动", "课程设计任务书", "冯雅琴")]),
    ("WL302", "采购管理", "黄思琪", []),
]


def present(ctx: DemoContext) -> bool:
    return "branch" in ctx.orgs and WorkItem.objects.filter(org=ctx.orgs["branch"]).exists()


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_current_timezone())


def load(ctx: DemoContext) -> None:
    o, today = ctx.orgs, ctx.today
    branch = o["branch"]
    year = 2022
    for title, category, stages in WORK_ITEMS:
        item = services.work_item_create(by=None, org=branch, title=title, category=category, year=year)
        for stage, month, party, business in stages:
            services.stage_record(by=None, work_item=item, stage=stage, occurred_on=dt.date(year, month, 15),
                                  party_side=party, business_side=business,
                                  document_title=f"{title}·{dict(research='研究', deploy='部署', implement='落实', assess='考核')[stage]}纪要")

    teachers = list(member_list_for_scope(Scope(everything=True), org=branch).prefetch_related(None))
    for k, topic in enumerate(["习近平新时代中国特色社会主义思想专题学习", "教师职业道德规范与师德师风",
                               "课程思政建设指导纲要研读", "党的二十大报告中的教育、科技、人才", "立德树人根本任务"]):
        day = today - dt.timedelta(days=18 + 40 * k)
        present_members = [m for i, m in enumerate(teachers) if (i + k) % 5 != 0]
        meeting_services.meeting_create(
            by=None, org=branch, kind=MeetingKind.TEACHER_STUDY, title=f"教师理论学习：{topic}", starts_at=_at(day),
            ends_at=_at(day, 17), place="学院112会议室",
            attendance=[meeting_services.AttendanceRow(member_id=m.pk) for m in present_members],
        )
    for kind, title, days, reached, who in [
        (StudentActivity.Kind.MENTORING, "教工党员学业导师见面会", 12, 48, "林雪梅、黄思琪、唐凯"),
        (StudentActivity.Kind.CAREER, "“最后一公里”就业帮扶一对一指导", 30, 22, "陈立华、何建国"),
        (StudentActivity.Kind.CLASS_MEETING, "物流管理专业新生主题班会：专业与国家战略", 70, 60, "冯雅琴"),
        (StudentActivity.Kind.TALK, "学生党员谈心谈话", 45, 24, "林雪梅"),
        (StudentActivity.Kind.LECTURE, "毕业季专题党课：功成不必在我", 160, 120, "陈立华"),
    ]:
        services.student_activity_record(by=None, org=branch, kind=kind, title=title,
                                         occurred_on=today - dt.timedelta(days=days), students_reached=reached,
                                         teachers=who)

    major = (ctx.extra.get("majors") or {}).get("logistics") or Major.objects.get(code="120601")
    for code, name, course_teachers, elements in COURSES:
        course = services.course_create(by=None, org=branch, major=major, name=name, code=code, teachers=course_teachers)
        for chapter, element, method, evidence, author in elements:
            services.element_add(by=None, course=course, chapter=chapter, element=element, method=method,
                                 evidence=evidence, author=author)

"""Methods and cases for tests, written through the real services (so history, index and timeline are real)."""

import datetime as dt

from django.utils import timezone

from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind

from . import services
from .models import Case, WorkMethod
from .services import PillarRow

REPORT_PILLARS = [
    PillarRow("中心", 1, ["围绕专业建设"], "个"),
    PillarRow("共建工作机制", 3, ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"], "重"),
    PillarRow("任务", 3, ["教师思政", "学生思政", "课程思政"], "大"),
]
SECTIONS_TEXT = {
    "background": "物流管理专业教工党支部成立于2006年，按照“支部建在专业上”设置。",
    "practice": "围绕专业建设抓党建，构建三重共建工作机制，推进教师思政、学生思政和课程思政。",
    "outcome": "获评全国党建工作样板支部，专业获批国家级一流本科专业建设点。",
    "insight": "党建与业务同研究、同部署、同落实、同考核。",
}


def make_method(*, branch, by=None, name: str = "一三三", pillars=None, **fields) -> WorkMethod:
    fields.setdefault("approach", ["找抓手", "建制度", "抓落实"])
    fields.setdefault("goals", ["同研究", "同部署", "同落实", "同考核"])
    return services.method_create(by=by, branch=branch, name=name, pillars=pillars or REPORT_PILLARS, **fields)


def make_case(*, branch=None, method=None, by=None, title: str = "“一三三”工作法——打造高水平育人团队",
              complete: bool = True, **sections) -> Case:
    method = method or make_method(branch=branch, by=by)
    values = dict(SECTIONS_TEXT) if complete else {}
    values.update(sections)
    return services.case_create(by=by, method=method, title=title, **values)


def make_symposium(*, branch, co_hosts=(), day: str = "2022-07-14", research: bool = True):
    return make_meeting(org=branch, kind=MeetingKind.SYMPOSIUM, research=research, title="“党支部工作法”调研座谈会",
                        starts_at=at(day, 8, 30), hours=3, place="学院112会议室", co_hosts=list(co_hosts))


def walk(case: Case, cast=None, *, to: str, meeting=None) -> Case:
    """Move `case` along the happy path up to status `to`, as the cast's secretary, organiser and reviewer
    (without a cast: as the system)."""
    secretary, organiser, reviewer = (cast.secretary, cast.organiser, cast.reviewer) if cast else (None, None, None)
    order = ["submitted", "endorsed", "researched", "reviewed", "published", "promoted"]
    for status in order[: order.index(to) + 1]:
        if status == "submitted":
            services.case_submit(case=case, by=secretary)
        elif status == "endorsed":
            services.case_endorse(case=case, by=organiser)
        elif status == "researched":
            meeting = meeting or make_symposium(branch=case.branch, co_hosts=[cast.municipal] if cast else [])
            services.case_research(case=case, by=reviewer, meeting=meeting)
        elif status == "reviewed":
            services.case_review(case=case, by=reviewer, overall="成效显著，同意发布。", decision="approve")
        elif status == "published":
            services.case_publish(case=case, by=reviewer)
        elif status == "promoted":
            services.case_promote(case=case, by=reviewer)
    return case


def today() -> dt.date:
    return timezone.localdate()

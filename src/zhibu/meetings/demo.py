"""The demo's organisational life: a year of the faculty branch's and its siblings' meetings, with gaps
(so that the standardisation report shows both met and missing), and the 2022-07-14 research symposium
as the seed report tells it, with fictional people.

Gaps, deliberately: the faculty branch skipped its committee meeting four months ago and held no party
lecture in one quarter; the student branch skipped a theme day; the engineering branch skipped two
committee meetings, a general meeting and has no org-life meeting or appraisal this year.

Registered on the context: ctx.extra["symposium"] (the Meeting).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.utils import timezone

from zhibu.orgs.models import Member, Org

from . import selectors, services
from .models import Attendance, Meeting, MeetingKind
from .services import AgendaRow, AttendanceRow, GuestRow

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

SYMPOSIUM_TITLE = "“党支部工作法”调研座谈会"
SYMPOSIUM_REPORT = "工作汇报《“一三三”工作法-打造高水平育人团队》"
# The representatives who sat with the secretary (the report's "9名党员代表"), from the faculty branch.
REPRESENTATIVES = ("林雪梅", "赵文博", "黄思琪", "何建国", "周敏", "刘志远", "许晓燕", "钱丽娟", "冯雅琴")
# Fictional stand-ins for the report's guests; never the report's real names.
SYMPOSIUM_GUESTS = [
    GuestRow("贺明远", unit="市委组织部", title="组织二处一级主任科员", chair=True),
    GuestRow("沈佳宁", unit="市委教育工委组织一处", title="干部"),
    GuestRow("梁振华", unit="中共示例大学委员会组织部", title="部长"),
    GuestRow("宋文清", unit="中共示例大学物流学院委员会", title="党委书记"),
    GuestRow("顾立新", unit="中共示例大学物流学院委员会", title="原党委书记"),
    GuestRow("苏德明", unit="中共示例大学物流学院委员会", title="党委副书记"),
]
SYMPOSIUM_MINUTES = """\
会议由市委组织部贺明远同志主持。

一、工作汇报。支部书记陈立华同志以“全国党建工作样板支部”视频开场，汇报了“一三三”党支部工作法：以围绕专业建设为“一”个中心，以支部与专业共建、教工与学生党支部共建、校内校外支部共建为“三”重共建工作机制，以教师思政、学生思政、课程思政建设为“三”大任务；以找抓手、建制度、抓落实为工作思路，推动党建工作与业务工作同研究、同部署、同落实、同考核。支部在校企共建中依托科研平台为企业提供技术支持，拓展就业岗位信息渠道，开展访企拓岗促就业，打通就业的“最后一公里”。

二、座谈交流。与会党员就支部工作中的难点和支部作用发挥展开交流。党员们谈到两次毕业季“毕业寄”打包邮寄工作中教工党员、学生党员冲锋在前，建议将此类难以用业绩指标衡量的工作，通过为群众办实事、党员干实事的方式纳入党员考核；坚持把“戴党徽、亮身份”贯穿日常教学和工作。

学院党委负责同志对上级单位的指导表示感谢，希望支部持续加强组织力提升，当好“样板”、做好“标杆”。

贺明远同志充分肯定了“一三三”工作法的成效，并就党支部标准化、规范化建设，发挥基层党支部战斗堡垒作用的方式方法等进行了点评指导，强调树立先进典型、打造支部品牌、优化创新经验等做法应大力推广宣传。"""
SYMPOSIUM_RESOLUTIONS = """\
一、进一步凝练“一三三”工作法，形成《“一三三”工作法-打造高水平育人团队》案例材料，按程序报送。
二、将“毕业寄”等志愿服务纳入党员为群众办实事记录，作为党员考核的依据。
三、在校内、校外宣传平台推广支部工作经验，发挥样板支部辐射带动作用。"""

PLACES = ("学院112会议室", "学院305室", "图书馆研讨间", "物流实验中心会议室")
COMMITTEE_TOPICS = (
    "研究发展党员工作", "部署本月主题党日活动", "研究课程思政示范课建设", "讨论党员积分与办实事记录",
    "研究校企共建工作计划", "部署毕业季“毕业寄”志愿服务", "研究访企拓岗促就业安排", "研究支部年度工作总结",
    "讨论教师思政专题学习安排", "研究预备党员转正事宜", "部署“戴党徽、亮身份”活动", "研究组织生活会准备工作",
)
THEMES = (
    "重温入党誓词", "参观红色教育基地", "“毕业寄”志愿服务", "走访共建企业党支部", "学习党的创新理论",
    "师生党支部联学共建", "“戴党徽、亮身份”承诺践诺", "社区志愿服务", "观看主题教育专题片",
    "专业建设研讨", "为群众办实事", "党史学习分享会",
)
LECTURES = ("立德树人与课程思政", "党建引领专业建设", "新时代高校党支部的组织力", "发扬斗争精神")
LEAVE_REASONS = ("外出授课", "出差", "参加学术会议", "病假", "带学生实习", "公派访学")
SCHEDULE_GAPS = {
    # (org key, kind) → month indexes (0 = eleven months ago … 11 = this month) without that meeting
    ("branch", MeetingKind.COMMITTEE_MEETING): {7},
    ("sibling", MeetingKind.THEME_DAY): {5},
    ("eng_branch", MeetingKind.COMMITTEE_MEETING): {3, 9},
}
NO_LECTURE_QUARTER = {"branch": 1}  # index of the quarter (0 = the earliest in the window) without a lecture
NO_GENERAL_QUARTER = {"eng_branch": 2}


def present(ctx: DemoContext) -> bool:
    symposium = Meeting.all_objects.filter(org__code="U1-WL-JG", kind=MeetingKind.SYMPOSIUM, research=True).first()
    if symposium is None:
        return False
    ctx.extra["symposium"] = symposium
    _tips(ctx)
    return True


def load(ctx: DemoContext) -> None:
    rng = random.Random("zhibu-demo-meetings")
    ctx.extra["symposium"] = _symposium(ctx)
    for key in ("branch", "sibling", "eng_branch"):
        _year_of(ctx, rng, key)
    _tips(ctx)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_current_timezone())


def _by_name(org: Org) -> dict[str, Member]:
    return {m.name: m for m in Member.objects.filter(org=org)}


def _symposium(ctx: DemoContext) -> Meeting:
    branch = ctx.orgs["branch"]
    people = _by_name(branch)
    secretary = people["陈立华"]
    attendance = [AttendanceRow(secretary.pk)] + [AttendanceRow(people[n].pk) for n in REPRESENTATIVES]
    starts = _at(dt.date(2022, 7, 14), 8, 30)
    return services.meeting_create(
        by=None, org=branch, kind=MeetingKind.SYMPOSIUM, research=True, title=SYMPOSIUM_TITLE,
        topic="“一三三”党支部工作法调研", starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        place="学院112会议室", co_hosts=[ctx.orgs["municipal"], ctx.orgs["edu"]], recorder=people["黄思琪"],
        agenda=[
            AgendaRow(SYMPOSIUM_REPORT, presenter="陈立华",
                      summary="介绍“一三三”党支部工作法：一个中心、三重共建工作机制、三大任务，以及校企共建的成效。"),
            AgendaRow("座谈交流", summary="与会党员就党支部工作中的难点问题及党支部作用发挥展开交流。"),
        ],
        guests=SYMPOSIUM_GUESTS, attendance=attendance, minutes=SYMPOSIUM_MINUTES, resolutions=SYMPOSIUM_RESOLUTIONS,
    )


def _months(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for back in range(11, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    return months


def _weekday_in(month: dt.date, day: int, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) on or after the `day`th of `month`."""
    d = month.replace(day=day)
    return d + dt.timedelta(days=(weekday - d.weekday()) % 7)


class _Recorder:
    def __init__(self, ctx: DemoContext, rng: random.Random, org: Org):
        self.ctx, self.rng, self.org = ctx, rng, org
        self.now = timezone.now()
        people = _by_name(org)
        committee = selectors.default_attendees(org=org, kind=MeetingKind.COMMITTEE_MEETING)
        self.chair = committee[0] if committee else None
        secretary = next((p.member for p in _committee(org) if p.kind == "secretary"), None)
        self.chair = secretary or self.chair
        recorder = next((p.member for p in _committee(org) if p.title == "宣传委员"), None)
        self.recorder = recorder or (committee[-1] if committee else None)
        self.people = people

    def attendance(self, host: Org, kind: str) -> list[AttendanceRow]:
        rows = []
        for member in selectors.default_attendees(org=host, kind=kind):
            roll = self.rng.random()
            if roll < 0.08:
                rows.append(AttendanceRow(member.pk, Attendance.Status.LEAVE, self.rng.choice(LEAVE_REASONS)))
            elif roll < 0.1 and kind != MeetingKind.COMMITTEE_MEETING:
                rows.append(AttendanceRow(member.pk, Attendance.Status.ABSENT))
            else:
                rows.append(AttendanceRow(member.pk))
        return rows

    def record(self, *, kind: str, title: str, starts: dt.datetime, hours: float = 1.5, host: Org | None = None,
               topic: str = "", agenda: list[AgendaRow] | None = None, minutes: str = "") -> Meeting | None:
        host = host or self.org
        past = starts + dt.timedelta(hours=hours) < self.now
        chair = self.chair if host == self.org else None
        return services.meeting_create(
            by=None, org=host, kind=kind, title=title, topic=topic, starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours), place=self.rng.choice(PLACES), chair=chair,
            recorder=self.recorder if host == self.org else None,
            agenda=agenda or [AgendaRow(topic or title)],
            attendance=self.attendance(host, kind) if past else [],
            minutes=minutes if past else "",
        )


def _committee(org: Org):
    from zhibu.orgs.selectors import org_committee

    return org_committee(org=org)


def _year_of(ctx: DemoContext, rng: random.Random, key: str) -> None:
    org = ctx.orgs[key]
    rec = _Recorder(ctx, rng, org)
    now = timezone.now()
    months = _months(ctx.today)
    quarters_seen: list[tuple[int, int]] = []
    groups = list(Org.objects.filter(parent=org, kind=Org.Kind.GROUP).order_by("sort_order", "code"))
    for i, month in enumerate(months):
        quarter = (month.year, (month.month - 1) // 3)
        if quarter not in quarters_seen:
            quarters_seen.append(quarter)
        q_index = quarters_seen.index(quarter)
        planned: list[dict] = []
        if i not in SCHEDULE_GAPS.get((key, MeetingKind.COMMITTEE_MEETING), ()):
            topic = COMMITTEE_TOPICS[(month.month - 1) % len(COMMITTEE_TOPICS)]
            planned.append({"kind": MeetingKind.COMMITTEE_MEETING, "title": f"{month.month}月支部委员会会议",
                            "topic": topic, "starts": _at(_weekday_in(month, 1, 1), 15, 0),
                            "minutes": f"会议由支部书记主持，{topic}。与会支委逐项讨论，形成一致意见。"})
        if i not in SCHEDULE_GAPS.get((key, MeetingKind.THEME_DAY), ()):
            theme = THEMES[(month.month + len(key)) % len(THEMES)]
            planned.append({"kind": MeetingKind.THEME_DAY, "title": f"{month.month}月主题党日：{theme}", "topic": theme,
                            "starts": _at(_weekday_in(month, 15, 3), 14, 0), "hours": 2.5,
                            "minutes": f"支部开展“{theme}”主题党日活动，党员交流了体会。"})
        if month.month in (1, 4, 7, 10) and NO_GENERAL_QUARTER.get(key) != q_index:
            planned.append({"kind": MeetingKind.GENERAL_MEETING,
                            "title": f"{month.year}年第{(month.month - 1) // 3 + 1}季度支部党员大会",
                            "topic": "通报支部工作，学习有关文件", "starts": _at(_weekday_in(month, 8, 2), 14, 30),
                            "minutes": "支部书记通报上季度工作和本季度安排，全体党员学习有关文件。"})
        if month.month in (2, 5, 8, 11) and NO_LECTURE_QUARTER.get(key) != q_index:
            lecture = LECTURES[(month.month // 3) % len(LECTURES)]
            planned.append({"kind": MeetingKind.PARTY_LECTURE, "title": f"专题党课：{lecture}", "topic": lecture,
                            "starts": _at(_weekday_in(month, 20, 4), 14, 0), "hours": 2,
                            "agenda": [AgendaRow(f"专题党课《{lecture}》", presenter=rec.chair.name if rec.chair else "")],
                            "minutes": f"支部书记讲授专题党课《{lecture}》。"})
        if month.month == 1 and key != "eng_branch":
            planned.append({"kind": MeetingKind.ORG_LIFE_MEETING, "title": f"{month.year - 1}年度组织生活会",
                            "topic": "对照检查，开展批评和自我批评", "starts": _at(_weekday_in(month, 10, 4), 9, 0),
                            "hours": 3, "minutes": "支部委员会作对照检查，党员逐一发言，开展批评和自我批评。"})
            planned.append({"kind": MeetingKind.APPRAISAL, "title": f"{month.year - 1}年度民主评议党员大会",
                            "topic": "民主评议党员", "starts": _at(_weekday_in(month, 10, 4), 14, 0), "hours": 2.5,
                            "minutes": "党员个人述评，互评，支部综合评定。"})
        for g, group in enumerate(groups):
            if key == "sibling" and month.month % 2:
                continue  # the student branch's groups meet every other month
            planned.append({"kind": MeetingKind.GROUP_MEETING, "title": f"{group.name}{month.month}月学习会",
                            "topic": "集体学习，交流思想", "starts": _at(_weekday_in(month, 10 + g, 2), 12, 30),
                            "hours": 1, "host": group, "minutes": "党小组集中学习，组员交流学习体会。"})
        for item in planned:
            starts = item.pop("starts")
            if starts > now:
                continue
            rec.record(starts=starts, **item)
    # What is coming: next month's committee meeting and theme day, recorded ahead without attendance.
    nxt = _months(months[-1] + dt.timedelta(days=40))[-1]
    rec.record(kind=MeetingKind.COMMITTEE_MEETING, title=f"{nxt.month}月支部委员会会议（计划）",
               topic="研究下月工作", starts=_at(_weekday_in(nxt, 1, 1), 15, 0))
    rec.record(kind=MeetingKind.THEME_DAY, title=f"{nxt.month}月主题党日（计划）", topic="学习党的创新理论",
               starts=_at(_weekday_in(nxt, 15, 3), 14, 0), hours=2.5)


def _tips(ctx: DemoContext) -> None:
    ctx.tip("secretary", "组织生活：登记会议、议程和出席，会议页面有扫码签到二维码和Word会议记录导出")
    ctx.tip("secretary", "2022年7月14日的“党支部工作法”调研座谈会在组织生活列表中")
    ctx.tip("member", "会议期间扫支部书记出示的二维码即可签到")
    ctx.tip("reviewer", "市委组织部协办的调研座谈会可以查看（只读）")

"""The meetings hook of `zhibu generate`: a year of organisational life for every generated branch.

For the 12 months up to `ctx.today` (nothing on or after it), at realistic rates with some misses:
monthly committee meetings (with the committee attending; now and then under half of it) and theme
days, quarterly general meetings and party lectures, monthly group meetings per group, a yearly org-life
meeting and democratic appraisal, one-to-one talks (in two of five branches between every committee
member and every party member; elsewhere with some members only), and study sessions in faculty branches. Every meeting has its attendance (present, leave with a reason, absent).

Rows are written with `bulk_create` a few branches at a time, so memory stays flat whatever the size;
they satisfy the same rules as the services' rows (hosts' members only, a reason for every leave,
end after start). The orgs hook's one `import` history entry per university stands for all of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from zhibu.orgs.models import Member, Org, Position

from .models import AgendaItem, Attendance, Meeting, MeetingKind

K = MeetingKind
PRESENT, LEAVE, ABSENT = Attendance.Status.PRESENT, Attendance.Status.LEAVE, Attendance.Status.ABSENT
PARTY = {Member.Status.FULL, Member.Status.PROBATIONARY}
COMMITTEE_KINDS = {Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.COMMITTEE_MEMBER}
# Chance that a due meeting is actually held (and so recorded).
HELD = {K.COMMITTEE_MEETING: 0.93, K.THEME_DAY: 0.9, K.GENERAL_MEETING: 0.95, K.PARTY_LECTURE: 0.88,
        K.GROUP_MEETING: 0.85, K.ORG_LIFE_MEETING: 0.92, K.APPRAISAL: 0.9, K.TEACHER_STUDY: 0.5}
THOROUGH_TALKS = 0.4  # share of branches whose committee talks with every party member in the year
LEAVE_REASONS = ("出差", "外出授课", "病假", "参加学术会议", "带学生实习", "事假", "公派访学", "监考")
STUDENT_LEAVE_REASONS = ("课程冲突", "实习", "病假", "参加竞赛", "事假", "回家")
PLACES = ("学院会议室", "党员活动室", "学院报告厅", "图书馆研讨间", "实验楼会议室")
THEMES = ("重温入党誓词", "参观红色教育基地", "志愿服务", "走访共建单位", "学习党的创新理论", "专题研讨",
          "为群众办实事", "党史学习分享会", "观看主题教育专题片", "“戴党徽、亮身份”承诺践诺")
LECTURES = ("立德树人与课程思政", "党建引领专业建设", "新时代高校党支部的组织力", "发扬斗争精神", "全面从严治党")
BRANCHES_PER_FLUSH = 20


@dataclass
class _People:
    members: list[tuple[int, str, int | None]] = field(default_factory=list)  # (id, status, group_id)
    committee: list[int] = field(default_factory=list)


@dataclass
class _Planned:
    meeting: Meeting
    rows: list[tuple[int, str, str]]  # (member_id, status, reason)
    agenda: str


def _months(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for back in range(11, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


def _load_people(branch_ids: list[int]) -> dict[int, _People]:
    people: dict[int, _People] = defaultdict(_People)
    for start in range(0, len(branch_ids), 500):
        chunk = branch_ids[start : start + 500]
        for pk, org_id, status, group_id in Member.objects.filter(org_id__in=chunk).values_list(
            "id", "org_id", "status", "group_id"
        ).order_by("org_id", "id"):
            people[org_id].members.append((pk, status, group_id))
        for org_id, member_id in Position.objects.filter(
            org_id__in=chunk, ended_on__isnull=True, kind__in=COMMITTEE_KINDS
        ).values_list("org_id", "member_id").order_by("org_id", "kind", "id"):
            if member_id not in people[org_id].committee:
                people[org_id].committee.append(member_id)
    return people


class _Branch:
    """Plans one branch's year."""

    def __init__(self, ctx, org: Org, groups: list[Org], people: _People, tz, cut: dt.datetime):
        self.org, self.groups, self.people, self.tz, self.cut = org, groups, people, tz, cut
        self.rng = ctx.rng("meetings", org.code)
        self.student = org.category == Org.Category.STUDENT
        self.reasons = STUDENT_LEAVE_REASONS if self.student else LEAVE_REASONS
        self.secretary = ctx.branch_secretary.get(org.pk)
        committee = people.committee
        self.recorder = committee[1] if len(committee) > 1 else self.secretary
        self.planned: list[_Planned] = []

    def at(self, month: dt.date, first_day: int, last_day: int, hours: tuple[int, ...]) -> dt.datetime:
        day = month.replace(day=self.rng.randint(first_day, last_day))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(self.rng.choice(hours), self.rng.choice((0, 30)))),
                                   self.tz)

    def rows(self, member_ids: list[int], *, quorum_risk: bool = False) -> list[tuple[int, str, str]]:
        rng = self.rng
        weak = quorum_risk and rng.random() < 0.05  # now and then too few of the committee make it
        out = []
        for i, pk in enumerate(member_ids):
            roll = rng.random()
            if weak and i > 0:
                out.append((pk, LEAVE, rng.choice(self.reasons)) if roll < 0.7 else (pk, ABSENT, ""))
            elif roll < 0.07:
                out.append((pk, LEAVE, rng.choice(self.reasons)))
            elif roll < 0.1:
                out.append((pk, ABSENT, ""))
            else:
                out.append((pk, PRESENT, ""))
        return out

    def add(self, kind: str, title: str, starts: dt.datetime, hours: float, rows, *, host: Org | None = None,
            topic: str = "", agenda: str = "") -> None:
        if starts + dt.timedelta(hours=hours) >= self.cut or not rows:
            return
        if self.rng.random() >= HELD.get(kind, 1.0):
            return
        host = host or self.org
        own = host is self.org
        self.planned.append(_Planned(
            meeting=Meeting(
                org=host, org_path=host.path, kind=kind, title=title, topic=topic, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=hours), place=self.rng.choice(PLACES),
                chair_id=self.secretary if own else None, recorder_id=self.recorder if own else None,
                minutes=f"{title}。{topic}。" if topic else f"{title}。",
            ),
            rows=rows, agenda=agenda or topic or title,
        ))

    def talks(self, months: list[dt.date], committee: list[int], party: list[int]) -> None:
        """One-to-one talks. A thorough branch has its committee talk with every party member (and among
        themselves) in the year; the others talk with only some, each member once."""
        if not committee:
            return
        if self.rng.random() < THOROUGH_TALKS:
            on_committee = set(committee)
            pairs = [(c, m) for c in committee for m in party if m != c and (m not in on_committee or c < m)]
            pairs = [p for p in pairs if self.rng.random() < 0.97]
        else:
            pairs = [(committee[self.rng.randrange(len(committee))], m) for m in party]
            pairs = [(c, m) for c, m in pairs if c != m and self.rng.random() < 0.6]
        for talker, member in pairs:
            month = months[self.rng.randrange(len(months))]
            self.add(K.TALK, "谈心谈话", self.at(month, 1, 28, (10, 16)), 0.5,
                     [(talker, PRESENT, ""), (member, PRESENT, "")], topic="谈思想、谈工作、谈学习")

    def plan(self, months: list[dt.date]) -> list[_Planned]:
        members = self.people.members
        everyone = [pk for pk, _, _ in members]
        party = [pk for pk, status, _ in members if status in PARTY]
        committee = self.people.committee
        by_group: dict[int, list[int]] = defaultdict(list)
        for pk, _, group_id in members:
            if group_id:
                by_group[group_id].append(pk)
        for month in months:
            m = month.month
            if len(committee) >= 3:
                self.add(K.COMMITTEE_MEETING, f"{m}月支部委员会会议", self.at(month, 1, 10, (15, 16)), 1.5,
                         self.rows(committee, quorum_risk=True), topic="研究本月支部工作")
            theme = THEMES[self.rng.randrange(len(THEMES))]
            self.add(K.THEME_DAY, f"{m}月主题党日：{theme}", self.at(month, 11, 25, (9, 14)), 2.5,
                     self.rows(everyone), topic=theme)
            if m in (1, 4, 7, 10):
                self.add(K.GENERAL_MEETING, f"{month.year}年第{(m - 1) // 3 + 1}季度支部党员大会",
                         self.at(month, 5, 20, (14, 15)), 2, self.rows(party), topic="通报支部工作，学习有关文件")
            if m in (2, 5, 8, 11):
                lecture = LECTURES[self.rng.randrange(len(LECTURES))]
                self.add(K.PARTY_LECTURE, f"专题党课：{lecture}", self.at(month, 8, 26, (14, 19)), 2,
                         self.rows(everyone), topic=lecture, agenda=f"专题党课《{lecture}》")
            if m == 1:
                self.add(K.ORG_LIFE_MEETING, f"{month.year - 1}年度组织生活会", self.at(month, 6, 20, (9,)), 3,
                         self.rows(party), topic="对照检查，开展批评和自我批评")
                self.add(K.APPRAISAL, f"{month.year - 1}年度民主评议党员大会", self.at(month, 6, 20, (14,)), 2.5,
                         self.rows(party), topic="民主评议党员")
            for group in self.groups:
                if by_group.get(group.pk):
                    self.add(K.GROUP_MEETING, f"{group.name}{m}月学习会", self.at(month, 3, 26, (12, 17)), 1,
                             self.rows(by_group[group.pk]), host=group, topic="集体学习，交流思想")
            if not self.student:
                self.add(K.TEACHER_STUDY, f"{m}月教职工政治理论学习", self.at(month, 3, 26, (14, 16)), 1.5,
                         self.rows(everyone), topic="政治理论学习")
        self.talks(months, committee, party)
        return self.planned


def _write(batch: list[_Planned], batch_size: int) -> int:
    Meeting.objects.bulk_create([p.meeting for p in batch], batch_size=batch_size)
    _insert(AgendaItem, ("meeting", "ordinal", "title", "presenter", "summary"),
            [(p.meeting.pk, 1, p.agenda, "", "") for p in batch], batch_size)
    rows = [(p.meeting.pk, pk, status, reason, Attendance.Via.MANUAL)
            for p in batch for pk, status, reason in p.rows]
    _insert(Attendance, ("meeting", "member", "status", "reason", "via"), rows, batch_size)
    return len(rows)


def _insert(model, fields: tuple[str, ...], rows: list[tuple], batch_size: int) -> None:
    """Rows that need no primary key back, written the fastest way each database has: COPY on PostgreSQL,
    one prepared INSERT run with executemany elsewhere. The ORM's bulk_create compiles every value of every
    row into SQL, which at half a million attendance rows costs several times the insert itself; the
    meetings, whose ids these rows need, do go through bulk_create."""
    opts = model._meta
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    columns = ", ".join(qn(opts.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), batch_size * 10):
            cursor.executemany(sql, rows[start : start + batch_size * 10])


def generate(ctx) -> None:
    """The meetings hook: see the module's docstring."""
    branches = list(ctx.branches)
    if not branches:
        return
    tz = timezone.get_current_timezone()
    cut = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time.min), tz)
    months = _months(ctx.today - dt.timedelta(days=1))
    groups: dict[int, list[Org]] = defaultdict(list)
    for group in ctx.groups:
        groups[group.parent_id].append(group)
    ctx.progress.phase("生成组织生活记录", len(branches))
    meetings_total = attendance_total = 0
    for start in range(0, len(branches), BRANCHES_PER_FLUSH):
        chunk = branches[start : start + BRANCHES_PER_FLUSH]
        people = _load_people([b.pk for b in chunk])
        batch: list[_Planned] = []
        for branch in chunk:
            planned = _Branch(ctx, branch, groups.get(branch.pk, []), people[branch.pk], tz, cut).plan(months)
            batch.extend(planned)
        attendance_total += _write(batch, ctx.batch_size)
        meetings_total += len(batch)
        ctx.progress.advance(len(chunk))
    ctx.count("组织生活记录", meetings_total)
    ctx.count("出席记录", attendance_total)


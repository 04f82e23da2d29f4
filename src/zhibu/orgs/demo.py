"""The demo's organisations, members and users: the seed report's story with fictional people.

市委组织部 › 市委教育工委 › 示例大学党委 › 物流学院党委 › 物流管理专业教工党支部 (the branch of the
"一三三" method), its sibling student branch and 物流工程专业教工党支部；经济管理学院党委 with three
branches. Everything goes through the services, so paths and history are as in real use.

Registered on the context for later apps:
    ctx.orgs     municipal, edu, university, school, branch, group, group2, group3, sibling,
                 sibling_group, sibling_group2, eng_branch, other_school, other_branch,
                 accounting_branch, econ_students
    ctx.users    secretary, member, sibling, organiser, reviewer, admin
    ctx.members  secretary, deputy, member, sibling (the Member rows linked to those users)
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from . import services
from .models import Honour, Member, Org, Position, Role
from .selectors import orgs_by_codes
from .synthetic import EDUCATION_CODE, MUNICIPAL_CODE, People, ensure_superiors, latest_cohort

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

ORG_KEYS = {
    "municipal": MUNICIPAL_CODE,
    "edu": EDUCATION_CODE,
    "university": "U1",
    "school": "U1-WL",
    "branch": "U1-WL-JG",
    "group": "U1-WL-JG-1",
    "group2": "U1-WL-JG-2",
    "group3": "U1-WL-JG-3",
    "sibling": "U1-WL-XS",
    "sibling_group": "U1-WL-XS-1",
    "sibling_group2": "U1-WL-XS-2",
    "eng_branch": "U1-WL-GC",
    "other_school": "U1-JG",
    "other_branch": "U1-JG-GS",
    "accounting_branch": "U1-JG-KJ",
    "econ_students": "U1-JG-XS",
}

T = Member.Occupation.TEACHER
S = Member.Occupation.STAFF
M = Member.Gender.MALE
F = Member.Gender.FEMALE
SECRETARY, DEPUTY = Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY
COMMITTEE, LEADER = Position.Kind.COMMITTEE_MEMBER, Position.Kind.GROUP_LEADER

# The faculty branch, person by person:
# (name, gender, birth, occupation, joined_on, full_on, group, office, title, note, user)
FACULTY_BRANCH = [
    ("陈立华", M, "1976-03-12", T, "1997-06-18", "1998-06-20", 1, SECRETARY, "", "教授，物流管理系主任", "secretary"),
    ("林雪梅", F, "1981-09-05", T, "2002-05-20", "2003-05-22", 2, DEPUTY, "", "副教授", ""),
    ("赵文博", M, "1984-01-22", T, "2005-11-08", "2006-11-10", 1, COMMITTEE, "组织委员", "副教授", ""),
    ("黄思琪", F, "1989-07-14", T, "2010-06-01", "2011-06-03", 2, COMMITTEE, "宣传委员", "讲师", ""),
    ("何建国", M, "1969-10-01", S, "1990-07-01", "1991-07-02", 3, COMMITTEE, "纪检委员", "物流实验中心主任", ""),
    ("周敏", F, "1987-04-18", T, "2008-12-10", "2009-12-12", 1, None, "", "讲师", "member"),
    ("刘志远", M, "1979-11-30", T, "2000-04-20", "2001-04-22", 1, LEADER, "", "副教授", ""),
    ("许晓燕", F, "1985-02-26", T, "2006-05-12", "2007-05-15", 2, LEADER, "", "副教授", ""),
    ("钱丽娟", F, "1975-08-09", S, "1996-06-28", "1997-06-30", 3, LEADER, "", "学院办公室主任", ""),
    ("冯雅琴", F, "1967-12-03", T, "1989-05-04", "1990-05-06", 2, None, "", "教授，专业负责人", ""),
    ("韩磊", M, "1988-06-16", T, "2009-10-15", "2010-10-18", 1, None, "", "副教授", ""),
    ("唐凯", M, "1992-03-08", T, "2013-11-20", "2014-11-22", 2, None, "", "讲师", ""),
    ("曹静怡", F, "1996-05-27", S, "2017-06-06", "2018-06-08", 3, None, "", "教学秘书", ""),
    # A young teacher admitted this year: probationary, so the joining date follows the calendar.
    ("杨帆", M, "1994-10-11", T, None, None, 3, None, "", "讲师", ""),
]
TERM_START, TERM_END = dt.date(2024, 6, 20), dt.date(2027, 6, 20)

USERS = [
    # (username, name, role kind, org key, tips)
    ("secretary", "陈立华", Role.Kind.SECRETARY, "branch",
     ["管理本支部的党员、党小组和支委", "党员的身份证号和手机号完整可见"]),
    ("member", "周敏", Role.Kind.MEMBER, "branch", ["查看本支部；他人的身份证号和手机号只显示脱敏后的"]),
    ("sibling", "孙悦", Role.Kind.SECRETARY, "sibling",
     ["管理学生党支部的积极分子、发展对象和预备党员", "看不到兄弟支部（教工党支部）的党员"]),
    ("organiser", "吴刚", Role.Kind.ORG_ADMIN, "university", ["查看全校组织树和党员统计", "调整组织、转接党员"]),
    ("reviewer", "郑红", Role.Kind.REVIEWER, "municipal", ["浏览所辖高校的组织和党员（只读，个人信息脱敏）"]),
]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def present(ctx: DemoContext) -> bool:
    if not Org.objects.filter(code=ORG_KEYS["branch"]).exists():
        return False
    _register(ctx)
    return True


def load(ctx: DemoContext) -> None:
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"])}
    users = {}
    for username, name, *_ in USERS:
        users[username] = existing.get(username) or User.objects.create_user(
            username=username, password=ctx.password, first_name=name
        )
    users["admin"] = existing.get("admin") or User.objects.create_superuser(
        username="admin", email="", password=ctx.password, first_name="系统管理员"
    )
    orgs = _load_tree()
    people = _Demo(ctx, random.Random("zhibu-demo"))
    people.faculty_branch(orgs, users)
    people.student_branch(orgs["sibling"], [orgs["sibling_group"], orgs["sibling_group2"]], users["sibling"])
    people.branch(orgs["eng_branch"], 8, students=False, majors=())
    people.branch(orgs["other_branch"], 8, students=False, majors=())
    people.branch(orgs["accounting_branch"], 7, students=False, majors=())
    people.branch(orgs["econ_students"], 10, students=True, majors=("工商管理", "会计学", "金融学"))
    for username, _name, kind, org_key, _tips in USERS:
        services.role_grant(by=None, user=users[username], org=orgs[org_key], kind=kind)
    _register(ctx)
    for username in existing:
        ctx.tip(username, "该账号在载入演示数据前已存在，密码未修改")


def _load_tree() -> dict[str, Org]:
    edu = ensure_superiors()
    create = services.org_create
    university = create(
        by=None, parent=edu, name="中共示例大学委员会", short_name="示例大学党委", code="U1",
        kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY, established_on=dt.date(1978, 10, 1),
        description="演示用的虚构高校。其中的人物、电话号码和身份证号码均为虚构。",
    )
    school = create(
        by=None, parent=university, name="中共示例大学物流学院委员会", short_name="物流学院党委", code="U1-WL",
        kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL, established_on=dt.date(2004, 5, 1), sort_order=1,
    )
    branch = create(
        by=None, parent=school, name="物流管理专业教工党支部", code="U1-WL-JG", kind=Org.Kind.BRANCH,
        category=Org.Category.FACULTY, established_on=dt.date(2006, 9, 10), term_start=TERM_START,
        term_end=TERM_END, sort_order=1,
        description=(
            "物流管理专业是学校的特色专业，国家级一流本科专业建设点。支部成立于2006年，按照“支部建在专业上”设置，"
            "以“一三三”工作法围绕专业建设开展工作：支部与专业共建、教工与学生党支部共建、校内校外支部共建，"
            "推进教师思政、学生思政和课程思政。"
        ),
    )
    groups = [
        create(by=None, parent=branch, name=f"第{n}党小组", code=f"U1-WL-JG-{i}", kind=Org.Kind.GROUP,
               category=Org.Category.FACULTY, sort_order=i)
        for i, n in enumerate("一二三", start=1)
    ]
    for title, year, level, awarded_by in [
        ("全国党建工作样板支部", 2019, Honour.Level.NATIONAL, "教育部"),
        ("先进基层党组织", 2021, Honour.Level.UNIVERSITY, "中共示例大学委员会"),
        ("优秀党支部", 2018, Honour.Level.SCHOOL, "中共示例大学物流学院委员会"),
    ]:
        services.honour_add(by=None, org=branch, title=title, year=year, level=level, awarded_by=awarded_by)
    sibling = create(
        by=None, parent=school, name="物流管理专业学生党支部", code="U1-WL-XS", kind=Org.Kind.BRANCH,
        category=Org.Category.STUDENT, established_on=dt.date(2008, 10, 15), term_start=dt.date(2025, 10, 9),
        term_end=dt.date(2027, 10, 9), sort_order=2,
    )
    sibling_groups = [
        create(by=None, parent=sibling, name=name, code=f"U1-WL-XS-{i}", kind=Org.Kind.GROUP,
               category=Org.Category.STUDENT, sort_order=i)
        for i, name in enumerate(["第一党小组", "第二党小组"], start=1)
    ]
    eng_branch = create(
        by=None, parent=school, name="物流工程专业教工党支部", code="U1-WL-GC", kind=Org.Kind.BRANCH,
        category=Org.Category.FACULTY, established_on=dt.date(2012, 3, 20), term_start=dt.date(2023, 12, 1),
        term_end=dt.date(2026, 12, 1), sort_order=3,
    )
    other_school = create(
        by=None, parent=university, name="中共示例大学经济管理学院委员会", short_name="经管学院党委", code="U1-JG",
        kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL, established_on=dt.date(1998, 6, 1), sort_order=2,
    )
    branch_kw = {"by": None, "parent": other_school, "kind": Org.Kind.BRANCH}
    other_branch = create(**branch_kw, name="工商管理教工党支部", code="U1-JG-GS", category=Org.Category.FACULTY,
                          established_on=dt.date(2003, 4, 1), term_start=dt.date(2024, 3, 15),
                          term_end=dt.date(2027, 3, 15), sort_order=1)
    accounting = create(**branch_kw, name="会计学专业教工党支部", code="U1-JG-KJ", category=Org.Category.FACULTY,
                        established_on=dt.date(2005, 9, 1), term_start=dt.date(2025, 1, 10),
                        term_end=dt.date(2028, 1, 10), sort_order=2)
    econ_students = create(**branch_kw, name="经济管理学院本科生党支部", code="U1-JG-XS",
                           category=Org.Category.STUDENT, established_on=dt.date(2001, 11, 1),
                           term_start=dt.date(2025, 11, 20), term_end=dt.date(2027, 11, 20), sort_order=3)
    return {
        "municipal": edu.parent, "edu": edu, "university": university, "school": school, "branch": branch, "group": groups[0], "group2": groups[1],
        "group3": groups[2], "sibling": sibling, "sibling_group": sibling_groups[0],
        "sibling_group2": sibling_groups[1], "eng_branch": eng_branch, "other_school": other_school,
        "other_branch": other_branch, "accounting_branch": accounting, "econ_students": econ_students,
    }


class _Demo:
    """Creates members through `member_create`, inventing the details nobody needs to read."""

    def __init__(self, ctx: DemoContext, rng: random.Random):
        self.ctx = ctx
        self.people = People(rng)
        self.rng = rng
        self.taken = {row[0] for row in FACULTY_BRANCH} | {name for _, name, *_ in USERS}

    def id_number(self, gender: str, birth: dt.date) -> str:
        while True:
            number = self.people.id_number(gender, birth, local=True)
            if not Member.all_objects.filter(id_number=number).exists():
                return number

    def create(self, org: Org, *, name: str, gender: str, birth: dt.date, **fields) -> Member:
        return services.member_create(
            by=None, org=org, name=name, gender=gender, birth_date=birth, id_number=self.id_number(gender, birth),
            phone=self.people.phone(), **fields,
        )

    def faculty_branch(self, orgs: dict[str, Org], users: dict) -> None:
        branch, today = orgs["branch"], self.ctx.today
        groups = {1: orgs["group"], 2: orgs["group2"], 3: orgs["group3"]}
        for name, gender, birth, occupation, joined, full, group, office, title, note, user in FACULTY_BRANCH:
            if joined is None:
                status, joined_on, full_on = Member.Status.PROBATIONARY, today - dt.timedelta(days=150), None
            else:
                status, joined_on, full_on = Member.Status.FULL, _date(joined), _date(full)
            member = self.create(
                branch, name=name, gender=gender, birth=_date(birth), status=status, joined_on=joined_on,
                full_on=full_on, occupation=occupation, group=groups[group], note=note,
                user=users[user] if user else None,
            )
            if office == LEADER:
                services.position_assign(by=None, member=member, org=groups[group], kind=office, started_on=TERM_START)
            elif office:
                services.position_assign(by=None, member=member, org=branch, kind=office, title=title,
                                         started_on=TERM_START)

    def student_branch(self, branch: Org, groups: list[Org], secretary_user) -> None:
        """A counsellor as secretary and 24 students of 物流管理 across the four current years."""
        today, cohort = self.ctx.today, latest_cohort(self.ctx.today)
        counsellor = self.create(
            branch, name="孙悦", gender=F, birth=dt.date(1993, 2, 14), status=Member.Status.FULL,
            joined_on=dt.date(2014, 5, 20), full_on=dt.date(2015, 5, 22), occupation=S, note="辅导员",
            user=secretary_user,
        )
        services.position_assign(by=None, member=counsellor, org=branch, kind=SECRETARY, started_on=branch.term_start)
        A, C, P, FULL = (Member.Status.ACTIVIST, Member.Status.CANDIDATE, Member.Status.PROBATIONARY,
                         Member.Status.FULL)
        years = [
            (cohort - 3, [FULL, FULL, FULL, FULL, P, P]),
            (cohort - 2, [FULL, P, P, C, C, A]),
            (cohort - 1, [P, C, C, A, A, A]),
            (cohort, [A, A, A, A, A, A]),
        ]
        titles = iter(["组织委员", "宣传委员", "纪检委员"])
        leaders: dict[int, Member] = {}
        i = 0
        for class_year, statuses in years:
            for status in statuses:
                gender = self.people.gender()
                birth = dt.date(class_year - 18, 9, 1) - dt.timedelta(days=self.rng.randint(0, 364))
                status, joined, full = self.people.party_dates(
                    status, birth, today, earliest=dt.date(class_year, 9, 1) + dt.timedelta(days=300)
                )
                group = groups[i % 2]
                i += 1
                student = self.create(
                    branch, name=self.people.name(gender, birth.year, self.taken), gender=gender, birth=birth,
                    status=status, joined_on=joined, full_on=full, occupation=Member.Occupation.STUDENT,
                    major="物流管理", class_year=class_year, group=group,
                )
                if status != FULL:
                    continue
                title = next(titles, None)
                if title:
                    services.position_assign(by=None, member=student, org=branch, kind=COMMITTEE, title=title,
                                             started_on=branch.term_start)
                elif group.pk not in leaders:
                    leaders[group.pk] = student
                    services.position_assign(by=None, member=student, org=group, kind=LEADER,
                                             started_on=branch.term_start)

    def branch(self, branch: Org, size: int, *, students: bool, majors: tuple[str, ...]) -> None:
        """A plainer branch: a secretary, then teachers (or students), with plausible dates."""
        today, cohort = self.ctx.today, latest_cohort(self.ctx.today)
        for i in range(size):
            gender = self.people.gender()
            if students and i > 0:
                class_year = cohort - self.rng.randint(0, 3)
                birth = dt.date(class_year - 18, 9, 1) - dt.timedelta(days=self.rng.randint(0, 364))
                wanted = self.rng.choice([Member.Status.ACTIVIST, Member.Status.CANDIDATE,
                                          Member.Status.PROBATIONARY, Member.Status.FULL])
                status, joined, full = self.people.party_dates(
                    wanted, birth, today, earliest=dt.date(class_year, 9, 1) + dt.timedelta(days=300)
                )
                extra = {"occupation": Member.Occupation.STUDENT, "major": self.rng.choice(majors),
                         "class_year": class_year}
            else:
                age = self.rng.randint(32, 56) if i == 0 else self.rng.randint(27, 60)
                birth = dt.date(today.year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
                status, joined, full = self.people.party_dates(Member.Status.FULL, birth, today)
                occupation = S if students or self.rng.random() < 0.2 else T
                extra = {"occupation": occupation, "note": "辅导员" if students else ""}
            member = self.create(branch, name=self.people.name(gender, birth.year, self.taken), gender=gender,
                                 birth=birth, status=status, joined_on=joined, full_on=full, **extra)
            if i == 0:
                services.position_assign(by=None, member=member, org=branch, kind=SECRETARY,
                                         started_on=branch.term_start)


def _register(ctx: DemoContext) -> None:
    orgs = orgs_by_codes(ORG_KEYS.values())
    ctx.orgs.update({key: orgs[code] for key, code in ORG_KEYS.items() if code in orgs})
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"])}
    ctx.users.update(users)
    linked = {m.user_id: m for m in Member.objects.filter(user__in=users.values())}
    for key in ("secretary", "member", "sibling"):
        if key in users and users[key].pk in linked:
            ctx.members[key] = linked[users[key].pk]
    deputy = Position.objects.filter(org__code=ORG_KEYS["branch"], kind=DEPUTY, ended_on__isnull=True).first()
    if deputy is not None:
        ctx.members["deputy"] = deputy.member
    for username, name, kind, org_key, tips in USERS:
        if username in users and org_key in ctx.orgs:
            ctx.login(username, name=users[username].first_name or name, role=Role.Kind(kind).label,
                      org=ctx.orgs[org_key].display_name, tips=tips)
    if "admin" in users:
        ctx.login("admin", name=users["admin"].first_name, role="超级用户", org="全部",
                  tips=["系统后台 /django-admin/", "可以看到所有组织", "数据备份（右上角用户菜单）：立即备份、下载备份文件"])

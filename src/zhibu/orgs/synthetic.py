"""Synthetic data at scale: universities › schools › branches › groups, filled with members.

`zhibu generate` builds a `SyntheticContext` and, inside one transaction, calls
`<app>.synthetic.generate(ctx)` for every zhibu app that has a `synthetic` module, in
INSTALLED_APPS order. This module is the orgs hook and runs first; it leaves on the context
what later hooks need:

    ctx.university_orgs, ctx.schools, ctx.branches, ctx.groups   saved `Org`s, paths set
    ctx.branch_members[branch_id]    ids of the branch's members
    ctx.branch_secretary[branch_id]  id of the member who is its secretary
    ctx.rng("meetings")              a `random.Random` of its own per app, so that adding an
                                     app never changes the data earlier apps generate
    ctx.progress                     `phase(label, total)` / `advance(n)` on stderr
    ctx.today, ctx.seed, ctx.batch_size, ctx.extra (a dict for hooks to share anything else)

A hook writes with `bulk_create` in batches of `ctx.batch_size` and must produce rows that
pass the same `full_clean()` and invariants as rows written by its app's services. Per-row
audit entries are not written for synthetic data: each generated university gets one
`import` entry saying what was generated and with which seed.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.utils import timezone

from zhibu.core.audit import audit_entry
from zhibu.core.models import AuditEntry
from zhibu.core.paths import path_child
from zhibu.core.personal import make_id_number

from . import services
from .models import Honour, Member, Org, Position

# --- the superior bodies shared by the demo and generated data ---------------------------------

MUNICIPAL_CODE = "M-ZZB"
EDUCATION_CODE = "M-JYGW"


def ensure_superiors() -> Org:
    """市委组织部 › 市委教育工委, created through the services when missing; returns 市委教育工委."""
    municipal = Org.objects.filter(code=MUNICIPAL_CODE).first() or services.org_create(
        by=None, parent=None, name="市委组织部", code=MUNICIPAL_CODE,
        kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT, sort_order=1,
    )
    education = Org.objects.filter(code=EDUCATION_CODE).first() or services.org_create(
        by=None, parent=municipal, name="市委教育工委", short_name="教育工委", code=EDUCATION_CODE,
        kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT, sort_order=1,
    )
    return education


# --- people ----------------------------------------------------------------------------------------

# Frequent surnames, roughly by frequency (the first ones are drawn more often).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = [1.0 / (i + 8) for i in range(len(SURNAMES))]
MALE_CHARS = "伟强磊军勇杰斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林博文志建国峰海晨阳昊然宏毅立成远航睿泽轩嘉翔哲铭锐彬涛亮栋振鸿宸"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀燕玲丹萍玉兰英梅莉婷雪琳晶颖倩慧欣悦怡琪璐瑶雯涵萱妍诗梦雨思可心月晓薇岚佳蕾洁"
# People named in the seed report: synthetic and demo data must never impersonate them.
AVOIDED_NAMES = frozenset({"逄锦荣", "马立梅", "王红", "孙涛", "郭红钵", "郭佳"})

# Beijing districts first (staff mostly live there), then other provincial capitals (students).
BEIJING_AREAS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
)
OTHER_AREAS = (
    "120101", "130102", "140105", "150102", "210102", "220102", "230102", "310101", "320102",
    "330102", "340102", "350102", "360102", "370102", "410102", "420102", "430102", "440103",
    "450102", "460105", "500103", "510104", "520102", "530102", "610102", "620102", "630102",
    "640104", "650102",
)
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
    "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187",
    "188", "189", "191", "198", "199",
)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def latest_cohort(today: dt.date) -> int:
    """The class year of this academic year's freshmen (the year starts in September)."""
    return today.year if today.month >= 9 else today.year - 1


class People:
    """Plausible people: names by gender, ID numbers consistent with birth date and gender, phones."""

    def __init__(self, rng: random.Random, used_ids: set[str] | None = None):
        self.rng = rng
        self.used_ids = used_ids if used_ids is not None else set()

    def gender(self) -> str:
        return Member.Gender.MALE if self.rng.random() < 0.5 else Member.Gender.FEMALE

    def name(self, gender: str, birth_year: int, taken: set[str] | None = None) -> str:
        rng = self.rng
        chars = MALE_CHARS if gender == Member.Gender.MALE else FEMALE_CHARS
        single = 0.35 if birth_year < 1980 else 0.15
        while True:
            surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
            given = rng.choice(chars) if rng.random() < single else rng.choice(chars) + rng.choice(chars)
            name = surname + given
            if given[0] != given[-1] or len(given) == 1:
                if name not in AVOIDED_NAMES and (taken is None or name not in taken):
                    if taken is not None:
                        taken.add(name)
                    return name

    def id_number(self, gender: str, birth: dt.date, local: bool = True) -> str:
        rng = self.rng
        parity = 1 if gender == Member.Gender.MALE else 0
        while True:
            area = rng.choice(BEIJING_AREAS) if local or rng.random() < 0.3 else rng.choice(OTHER_AREAS)
            order = rng.randrange(parity, 1000, 2)
            number = make_id_number(area, birth, order)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def party_dates(
        self, status: str, birth: dt.date, today: dt.date, earliest: dt.date | None = None
    ) -> tuple[str, dt.date | None, dt.date | None]:
        """(status, joined_on, full_on) satisfying `Member.clean()`; a status the person is too young
        for (or joined too recently for) steps down to the one before it."""
        rng = self.rng
        start = max(add_years(birth, 18), earliest or birth)
        if status == Member.Status.FULL:
            latest = add_years(today, -1) - dt.timedelta(days=20)
            if start <= latest:
                # Most people join at university or in their first working years.
                joined = random_date(rng, start, min(latest, add_years(start, 12)))
                full = min(add_years(joined, 1) + dt.timedelta(days=rng.randint(0, 20)), today)
                return status, joined, full
            status = Member.Status.PROBATIONARY
        if status == Member.Status.PROBATIONARY:
            start = max(start, today - dt.timedelta(days=340))
            latest = today - dt.timedelta(days=14)
            if start <= latest:
                return status, random_date(rng, start, latest), None
            status = Member.Status.CANDIDATE
        return status, None, None


# --- the shape of a university ---------------------------------------------------------------------

# (school, majors); the administrative offices (机关) have no majors and staff-only branches.
SCHOOLS = (
    ("物流学院", ("物流管理", "物流工程", "供应链管理", "采购管理")),
    ("经济管理学院", ("工商管理", "会计学", "金融学", "市场营销", "经济学")),
    ("信息工程学院", ("计算机科学与技术", "软件工程", "通信工程", "电子信息工程")),
    ("机械工程学院", ("机械设计制造及其自动化", "车辆工程", "工业设计")),
    ("土木工程学院", ("土木工程", "工程管理", "给排水科学与工程")),
    ("外国语学院", ("英语", "日语", "翻译")),
    ("文法学院", ("法学", "社会工作", "汉语言文学")),
    ("理学院", ("数学与应用数学", "应用物理学", "信息与计算科学")),
    ("材料科学与工程学院", ("材料科学与工程", "高分子材料与工程")),
    ("环境与化学工程学院", ("环境工程", "化学工程与工艺")),
    ("电气工程学院", ("电气工程及其自动化", "自动化")),
    ("艺术设计学院", ("视觉传达设计", "环境设计", "产品设计")),
    ("马克思主义学院", ("思想政治教育", "马克思主义理论")),
    ("建筑学院", ("建筑学", "城乡规划", "风景园林")),
    ("传媒学院", ("新闻学", "广播电视学", "网络与新媒体")),
    ("生命科学学院", ("生物技术", "生物工程")),
    ("公共管理学院", ("行政管理", "公共事业管理")),
    ("能源与动力工程学院", ("能源与动力工程", "新能源科学与工程")),
    ("数字经济学院", ("数据科学与大数据技术", "数字经济")),
    ("机关", ()),
)
OFFICE_BRANCHES = (
    "党政办公室", "组织部、宣传部联合", "教务处", "学生工作部", "科研处", "人事处", "财务处",
    "后勤保障处", "图书馆", "国际交流处", "信息化中心", "资产管理处",
)
UNIVERSITY_PREFIXES = (
    "京华", "北辰", "华信", "长河", "西苑", "南苑", "新桥", "青城", "远航", "博雅", "致远", "启明",
    "星海", "云岭", "金台", "望川", "东岳", "鸿儒", "弘文", "嘉禾",
)
UNIVERSITY_KINDS = (
    "理工大学", "师范大学", "财经大学", "工业大学", "科技大学", "农业大学", "外国语大学", "交通大学",
    "传媒大学", "建筑大学", "信息科技大学", "职业技术大学", "医科大学", "政法大学",
)
CHINESE_ORDINALS = "一二三四五六七八九十"
COMMITTEE_TITLES = ("组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员")


def university_name(number: int) -> str:
    """A fictional university name, different for every number."""
    combos = [p + k for k in UNIVERSITY_KINDS for p in UNIVERSITY_PREFIXES]
    random.Random(20220714).shuffle(combos)
    name = combos[(number - 1) % len(combos)]
    lap = (number - 1) // len(combos)
    return name if lap == 0 else f"{name}{CHINESE_ORDINALS[lap % 10]}分校"


def ordinal(n: int) -> str:
    return CHINESE_ORDINALS[n - 1] if 1 <= n <= 10 else str(n)


# --- progress on stderr ----------------------------------------------------------------------------


class Progress:
    """`生成党员 [##########----------]  50% 10000/20000` on one line of stderr (a line per phase
    when stderr is not a terminal)."""

    WIDTH = 30

    def __init__(self, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label, self.total, self.done, self.shown = "", 0, 0, -1

    def phase(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.shown = label, max(total, 0), 0, -1
        if self.tty:
            self._draw()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        if self.done >= self.total or self.tty:
            self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        percent = 100 if self.total == 0 else self.done * 100 // self.total
        if percent == self.shown:
            return
        self.shown = percent
        filled = percent * self.WIDTH // 100
        bar = f"{self.label} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {percent:3d}% {self.done}/{self.total}"
        finished = self.done >= self.total
        if self.tty:
            self.stream.write("\r" + bar + ("\n" if finished else ""))
        elif finished:
            self.stream.write(bar + "\n")
        self.stream.flush()


# --- the context handed to every app's hook ---------------------------------------------------------


@dataclass
class SyntheticContext:
    universities: int
    branches_per_university: int
    members_per_branch: int
    seed: int
    parent: Org
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    batch_size: int = 1000
    today: dt.date = field(default_factory=timezone.localdate)
    # Filled by the orgs hook, read by later ones.
    university_orgs: list[Org] = field(default_factory=list)
    schools: list[Org] = field(default_factory=list)
    branches: list[Org] = field(default_factory=list)
    groups: list[Org] = field(default_factory=list)
    branch_members: dict[int, list[int]] = field(default_factory=dict)
    branch_secretary: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rng(self, *labels: object) -> random.Random:
        """A generator of its own for each label path: deterministic for the seed, independent of the others."""
        return random.Random("/".join([str(self.seed), *map(str, labels)]))

    def count(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


# --- the orgs hook ---------------------------------------------------------------------------------


def _next_university_number() -> int:
    numbers = [
        int(code[2:]) for code in Org.all_objects.filter(code__regex=r"^GU[0-9]+$").values_list("code", flat=True)
    ]
    return max(numbers, default=0) + 1


def _insert_level(orgs: list[Org], batch_size: int) -> None:
    """Insert one level of the tree, then give each node its path below its (saved) parent."""
    Org.objects.bulk_create(orgs, batch_size=batch_size)
    for org in orgs:
        org.path = path_child(org.parent.path, org.pk)
        org.depth = org.parent.depth + 1
    Org.objects.bulk_update(orgs, ["path", "depth"], batch_size=500)


@dataclass
class _BranchPlan:
    org: Org
    school: str
    majors: tuple[str, ...]
    student: bool
    graduate: bool = False
    university: str = ""
    groups: list[Org] = field(default_factory=list)


def _plan_tree(ctx: SyntheticContext, number: int) -> tuple[Org, list[Org], list[_BranchPlan]]:
    rng = ctx.rng("orgs", "university", number)
    today = ctx.today
    uni_name = university_name(number)
    uni_code = f"GU{number:04d}"
    university = Org(
        parent=ctx.parent, name=f"中共{uni_name}委员会", short_name=f"{uni_name}党委", code=uni_code,
        kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY, sort_order=number,
        established_on=random_date(rng, dt.date(1952, 1, 1), dt.date(1999, 12, 31)),
    )
    n_branches = ctx.branches_per_university
    n_schools = max(1, min(rng.randint(8, 20), n_branches))
    academic = list(SCHOOLS[:-1])
    rng.shuffle(academic)
    chosen = academic[: n_schools - 1] + [SCHOOLS[-1]] if n_schools >= 8 else academic[:n_schools]
    # Spread the branches over the schools: each gets at least one, the rest at random.
    per_school = [1] * n_schools
    for _ in range(n_branches - n_schools):
        per_school[rng.randrange(n_schools)] += 1

    schools: list[Org] = []
    plans: list[_BranchPlan] = []
    for s, ((school_name, majors), count) in enumerate(zip(chosen, per_school, strict=True), start=1):
        offices = not majors
        school = Org(
            parent=university, code=f"{uni_code}-S{s:02d}",
            name=f"中共{uni_name}{school_name}委员会", short_name=f"{school_name}党委",
            kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL if not offices else Org.Category.INSTITUTION,
            established_on=random_date(rng, max(university.established_on, dt.date(1985, 1, 1)), dt.date(2015, 12, 31)),
            sort_order=s,
        )
        schools.append(school)
        names: set[str] = set()
        n_faculty = count if offices else max(1, round(count * rng.uniform(0.3, 0.5))) if count > 1 else rng.randint(0, 1)
        for b in range(1, count + 1):
            student = b > n_faculty
            graduate = student and rng.random() < 0.25
            if offices:
                base = OFFICE_BRANCHES[(b - 1) % len(OFFICE_BRANCHES)] + "党支部"
            elif not student:
                base = f"{majors[(b - 1) % len(majors)]}专业教工党支部"
            elif graduate:
                base = f"{school_name}研究生党支部"
            else:
                base = f"{majors[(b - n_faculty - 1) % len(majors)]}专业本科生党支部"
            name, k = base, 1
            while name in names:
                k += 1
                name = base.replace("党支部", f"第{ordinal(k)}党支部")
            names.add(name)
            term_years = 2 if student else 3
            term_start = random_date(rng, add_years(today, -term_years) + dt.timedelta(days=30),
                                     today - dt.timedelta(days=30))
            branch = Org(
                parent=school, code=f"{school.code}-B{b:02d}", name=name, kind=Org.Kind.BRANCH,
                category=Org.Category.STUDENT if student else Org.Category.FACULTY,
                established_on=random_date(rng, school.established_on, add_years(today, -2)),
                term_start=term_start, term_end=add_years(term_start, term_years), sort_order=b,
            )
            plans.append(_BranchPlan(org=branch, school=school_name, majors=majors, student=student,
                                     graduate=graduate, university=uni_name))
    return university, schools, plans


def _group_count(members: int) -> int:
    if members < 3:
        return 0
    return min(3, max(1, members // 8))


def _plan_members(ctx: SyntheticContext, plan: _BranchPlan, people: People) -> list[Member]:
    """The branch's members; the first one is the secretary, the next ones its committee."""
    rng = people.rng
    today = ctx.today
    branch = plan.org
    cohort = latest_cohort(today)
    taken: set[str] = set()
    members: list[Member] = []

    def person(occupation: str, birth: dt.date, status: str, earliest: dt.date | None = None, **extra) -> Member:
        gender = people.gender()
        status, joined, full = people.party_dates(status, birth, today, earliest)
        return Member(
            org=branch, org_path=branch.path, name=people.name(gender, birth.year, taken), gender=gender,
            birth_date=birth, id_number=people.id_number(gender, birth, local=occupation != Member.Occupation.STUDENT),
            phone=people.phone(), status=status, joined_on=joined, full_on=full, occupation=occupation, **extra,
        )

    for i in range(ctx.members_per_branch):
        if not plan.student or i == 0:
            # Staff and teachers; a student branch's secretary is its counsellor (辅导员).
            if plan.student or plan.school == "机关":
                occupation = Member.Occupation.STAFF
            else:
                occupation = Member.Occupation.TEACHER if rng.random() < 0.8 else Member.Occupation.STAFF
            if plan.student:
                age = rng.randint(26, 40)
            else:
                age = rng.randint(30, 58) if i == 0 else rng.randint(26, 60)
            birth = random_date(rng, dt.date(today.year - age, 1, 1), dt.date(today.year - age, 12, 28))
            status = Member.Status.FULL if i < 6 or rng.random() < 0.95 else Member.Status.PROBATIONARY
            members.append(person(occupation, birth, status))
            continue
        # The committee (the next few members) comes from the senior years and is made of full members.
        committee = i <= 4
        if plan.graduate:
            class_year = cohort - (rng.randint(1, 2) if committee else rng.randint(0, 2))
            birth = random_date(rng, dt.date(class_year - 24, 1, 1), dt.date(class_year - 22, 12, 28))
            weights = (1, 1, 3, 5)
        else:
            class_year = cohort - (rng.randint(2, 3) if committee else rng.randint(0, 3))
            birth = random_date(rng, dt.date(class_year - 19, 9, 1), dt.date(class_year - 18, 8, 31))
            seniority = cohort - class_year
            # Freshmen have just applied; joining takes at least a year as activist and candidate.
            weights = ((1, 0, 0, 0), (4, 3, 3, 0), (2, 3, 3, 2), (1, 2, 3, 4))[seniority]
        status = Member.Status.FULL if committee else rng.choices(Member.Status.values, weights=weights)[0]
        # Undergraduates join in their second year at the earliest; graduate students may have
        # joined as undergraduates.
        enrolled = None if plan.graduate else dt.date(class_year, 9, 1) + dt.timedelta(days=300)
        members.append(person(Member.Occupation.STUDENT, birth, status, earliest=enrolled,
                              major=rng.choice(plan.majors), class_year=class_year))
    return members


def _plan_positions(plan: _BranchPlan, members: list[Member]) -> list[Position]:
    branch = plan.org
    positions: list[Position] = []
    if not members:
        return positions
    start = branch.term_start or branch.established_on
    positions.append(Position(member=members[0], org=branch, kind=Position.Kind.SECRETARY, started_on=start))
    full = [m for m in members[1:] if m.status == Member.Status.FULL]
    if len([m for m in members if m.status == Member.Status.FULL]) >= 7:
        committee = full[:4]
        if len(members) >= 20 and committee:
            positions.append(Position(member=committee[0], org=branch, kind=Position.Kind.DEPUTY_SECRETARY,
                                      started_on=start))
            committee = committee[1:]
        for member, title in zip(committee[:3], COMMITTEE_TITLES, strict=False):
            positions.append(Position(member=member, org=branch, kind=Position.Kind.COMMITTEE_MEMBER,
                                      title=title, started_on=start))
    for group in plan.groups:
        leader = next(
            (m for m in members[1:] if m.group is group and m.status == Member.Status.FULL), None
        )
        if leader is not None:
            positions.append(Position(member=leader, org=group, kind=Position.Kind.GROUP_LEADER, started_on=start))
    return positions


def _plan_honours(ctx: SyntheticContext, plans: list[_BranchPlan], university: Org, rng: random.Random) -> list[Honour]:
    honours = []
    latest = ctx.today.year - 1
    for plan in plans:
        school_committee = f"中共{plan.university}{plan.school}委员会"
        roll = rng.random()
        if roll < 0.02:
            honours.append(Honour(org=plan.org, title="全国党建工作样板支部", level=Honour.Level.NATIONAL,
                                  awarded_by="教育部", year=rng.choice([2018, 2019, 2021, 2023])))
        if roll < 0.06:
            honours.append(Honour(org=plan.org, title="北京高校先进基层党组织", level=Honour.Level.MUNICIPAL,
                                  awarded_by="中共北京市委教育工作委员会", year=rng.randint(latest - 6, latest)))
        if roll < 0.15:
            honours.append(Honour(org=plan.org, title="先进基层党组织", level=Honour.Level.UNIVERSITY,
                                  awarded_by=university.name, year=rng.randint(latest - 6, latest)))
        if roll < 0.3:
            honours.append(Honour(org=plan.org, title="优秀党支部", level=Honour.Level.SCHOOL,
                                  awarded_by=school_committee, year=rng.randint(latest - 6, latest)))
    return honours


def _drop_known_ids(members: list[Member], people: People) -> None:
    """Give a fresh ID number to any member whose number is already registered (only on a non-empty database)."""
    for start in range(0, len(members), 900):
        chunk = members[start : start + 900]
        clash = set(
            Member.all_objects.filter(id_number__in=[m.id_number for m in chunk]).values_list("id_number", flat=True)
        )
        for member in chunk:
            while member.id_number in clash:
                member.id_number = people.id_number(member.gender, member.birth_date)


def generate(ctx: SyntheticContext) -> None:
    """The orgs hook: the tree under `ctx.parent` and every branch's members, positions and honours."""
    first = _next_university_number()
    numbers = range(first, first + ctx.universities)
    used_ids: set[str] = set()

    universities, schools, plans, honours_rng = [], [], [], {}
    for number in numbers:
        university, uni_schools, uni_plans = _plan_tree(ctx, number)
        universities.append(university)
        schools.extend(uni_schools)
        plans.extend(uni_plans)
        honours_rng[number] = ctx.rng("orgs", "honours", number)
    groups_total = sum(_group_count(ctx.members_per_branch) for _ in plans)
    ctx.progress.phase("生成组织", len(universities) + len(schools) + len(plans) + groups_total)
    _insert_level(universities, ctx.batch_size)
    ctx.progress.advance(len(universities))
    _insert_level(schools, ctx.batch_size)
    ctx.progress.advance(len(schools))
    _insert_level([p.org for p in plans], ctx.batch_size)
    ctx.progress.advance(len(plans))
    groups = []
    for plan in plans:
        for g in range(1, _group_count(ctx.members_per_branch) + 1):
            plan.groups.append(Org(
                parent=plan.org, code=f"{plan.org.code}-G{g}", name=f"第{ordinal(g)}党小组",
                kind=Org.Kind.GROUP, category=plan.org.category, established_on=plan.org.established_on,
                sort_order=g,
            ))
        groups.extend(plan.groups)
    _insert_level(groups, ctx.batch_size)
    ctx.progress.advance(len(groups))

    total_members = len(plans) * ctx.members_per_branch
    ctx.progress.phase("生成党员", total_members)
    pending: list[tuple[_BranchPlan, list[Member]]] = []
    pending_size = 0
    positions: list[Position] = []
    honours: list[Honour] = []
    by_university: dict[int, list[_BranchPlan]] = {}
    for plan in plans:
        by_university.setdefault(plan.org.parent.parent_id, []).append(plan)

    def flush() -> None:
        nonlocal pending_size
        batch = [m for _, ms in pending for m in ms]
        _drop_known_ids(batch, People(ctx.rng("orgs", "id-retry", batch[0].id_number), used_ids))
        Member.objects.bulk_create(batch, batch_size=ctx.batch_size)
        for plan, members in pending:
            ctx.branch_members[plan.org.pk] = [m.pk for m in members]
            positions.extend(_plan_positions(plan, members))
        ctx.progress.advance(len(batch))
        pending.clear()
        pending_size = 0

    for number, university in zip(numbers, universities, strict=True):
        uni_plans = by_university.get(university.pk, [])
        for plan in uni_plans:
            people = People(ctx.rng("orgs", "members", plan.org.code), used_ids)
            members = _plan_members(ctx, plan, people)
            for i, member in enumerate(members):
                if plan.groups:
                    member.group = plan.groups[i % len(plan.groups)]
            pending.append((plan, members))
            pending_size += len(members)
            if pending_size >= ctx.batch_size:
                flush()
        honours.extend(_plan_honours(ctx, uni_plans, university, honours_rng[number]))
    if pending:
        flush()

    Position.objects.bulk_create(positions, batch_size=ctx.batch_size)
    Honour.objects.bulk_create(honours, batch_size=ctx.batch_size)
    for position in positions:
        if position.kind == Position.Kind.SECRETARY:
            ctx.branch_secretary[position.org_id] = position.member_id
    AuditEntry.objects.bulk_create([
        audit_entry(
            actor=None, obj=university, action=AuditEntry.Action.IMPORT, org_path=university.path,
            note=(f"合成数据(zhibu generate --seed {ctx.seed}):{len(by_university.get(university.pk, []))}个党支部、"
                  f"每支部{ctx.members_per_branch}名党员"),
        )
        for university in universities
    ])

    ctx.university_orgs.extend(universities)
    ctx.schools.extend(schools)
    ctx.branches.extend(p.org for p in plans)
    ctx.groups.extend(groups)
    ctx.count("高校党委", len(universities))
    ctx.count("院级党委", len(schools))
    ctx.count("党支部", len(plans))
    ctx.count("党小组", len(groups))
    ctx.count("党员", total_members)
    ctx.count("职务", len(positions))
    ctx.count("荣誉", len(honours))


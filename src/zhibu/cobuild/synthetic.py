"""The cobuild hook of `zhibu generate`: majors, external units, partnerships, joint activities and outcomes.

Rates (per generated university, for the schools that teach majors):
  every major of a school is registered; ~12% are 国家级 and ~25% 北京市级一流本科专业建设点；
  each branch named after a major is linked to it (支部建在专业上);
  faculty branches: ~70% partner with their major, ~50% with a student branch of the same school,
  ~35% with an enterprise, community or institution (one external unit per such partnership, ~20% shared);
  each partnership holds 1–6 joint activities over the last year and 0–4 outcomes.
Written with bulk_create; rows satisfy the same constraints as the services' (checked by the tests).
Leaves `ctx.extra["majors_by_school"]` ({school id: [Major]}) for the integration hook.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from zhibu.meetings.models import Attendance, Meeting, MeetingKind
from zhibu.orgs.models import Org
from zhibu.orgs.synthetic import SyntheticContext
from zhibu.orgs.synthetic.names import SCHOOLS

from .creditcode import make_credit_code
from .models import Activity, BranchMajor, ExternalUnit, Major, MajorLevel, Outcome, Partnership

MAJORS = dict(SCHOOLS)
_MAJOR_IN_NAME = re.compile(r"^(.+?)专业")
UNIT_WORDS = ("物流", "供应链", "科技", "智能制造", "信息技术", "建设工程", "数据服务", "新能源", "文化传媒", "环境科技")
UNIT_KINDS = [(ExternalUnit.Kind.ENTERPRISE, 0.75), (ExternalUnit.Kind.COMMUNITY, 0.15),
              (ExternalUnit.Kind.INSTITUTION, 0.10)]
ACTIVITY_TITLES = ("共建联学：党的创新理论学习", "主题党日联合活动", "专业建设联合研讨", "技术交流与对接会",
                   "访企拓岗促就业走访", "师生联学分享会", "志愿服务联合行动")
OUTCOME_TITLES = {
    "technical_support": "依托科研平台提供技术支持", "training": "联合培训交流", "recruitment_talk": "校园专场招聘宣讲",
    "jobs_opened": "拓展就业岗位", "research_project": "校企联合科研项目", "practice_base": "共建学生实践基地",
    "other": "其他共建成果",
}


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_current_timezone())


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("cobuild")
    today = ctx.today
    schools = [s for s in ctx.schools if MAJORS.get(s.short_name.removesuffix("党委"))]
    ctx.progress.phase("生成共建", len(ctx.branches))

    majors: list[Major] = []
    for school in schools:
        for i, name in enumerate(MAJORS[school.short_name.removesuffix("党委")], start=1):
            majors.append(Major(org=school, org_path=school.path, name=name, code=f"{school.pk % 10000:04d}{i:02d}",
                                department=f"{name}系"))
    Major.objects.bulk_create(majors, batch_size=ctx.batch_size)
    by_school: dict[int, dict[str, Major]] = {}
    for m in majors:
        by_school.setdefault(m.org_id, {})[m.name] = m
    levels = []
    for m in majors:
        roll = rng.random()
        if roll < 0.12:
            levels.append(MajorLevel(major=m, tier=MajorLevel.Tier.NATIONAL, title="国家级一流本科专业建设点",
                                     year=rng.choice([2019, 2020, 2021])))
        if roll < 0.37:
            levels.append(MajorLevel(major=m, tier=MajorLevel.Tier.PROVINCIAL, title="北京市级一流本科专业建设点",
                                     year=rng.choice([2019, 2020, 2021, 2022])))
    MajorLevel.objects.bulk_create(levels, batch_size=ctx.batch_size)

    links, partnerships, units = [], [], []
    serial = ExternalUnit.all_objects.count() + 1
    students_by_school: dict[int, list[Org]] = {}
    for b in ctx.branches:
        if b.category == Org.Category.STUDENT:
            students_by_school.setdefault(b.parent_id, []).append(b)
    for branch in ctx.branches:
        match = _MAJOR_IN_NAME.match(branch.name)
        major = by_school.get(branch.parent_id, {}).get(match.group(1)) if match else None
        if major is not None:
            links.append(BranchMajor(branch=branch, org_path=branch.path, major=major))
        if branch.category != Org.Category.FACULTY:
            continue
        start = lambda: today - dt.timedelta(days=rng.randint(200, 2000))  # noqa: E731
        if major is not None and rng.random() < 0.7:
            partnerships.append(Partnership(org=branch, org_path=branch.path, kind=Partnership.Kind.BRANCH_MAJOR,
                                            major=major, title=f"{branch.name}与{major.name}专业共建",
                                            starts_on=start()))
        students = students_by_school.get(branch.parent_id)
        if students and rng.random() < 0.5:
            partner = rng.choice(students)
            partnerships.append(Partnership(
                org=branch, org_path=branch.path, kind=Partnership.Kind.FACULTY_STUDENT, partner_org=partner,
                partner_path=partner.path, title=f"{branch.name}与{partner.name}共建", starts_on=start()))
        if rng.random() < 0.35:
            if units and rng.random() < 0.2:
                unit = rng.choice(units)
            else:
                kind = rng.choices([k for k, _ in UNIT_KINDS], weights=[w for _, w in UNIT_KINDS])[0]
                word = rng.choice(UNIT_WORDS)
                name = {ExternalUnit.Kind.ENTERPRISE: f"京畿{word}有限公司{serial}",
                        ExternalUnit.Kind.COMMUNITY: f"示例街道第{serial}社区",
                        ExternalUnit.Kind.INSTITUTION: f"{word}研究院{serial}"}[kind]
                unit = ExternalUnit(name=name, kind=kind, city="北京市", party_branch_name=f"{name}党支部",
                                    credit_code=make_credit_code(
                                        authority="9" if kind == ExternalUnit.Kind.ENTERPRISE else "5",
                                        area=f"11{serial // 10**6 % 10000:04d}", serial=serial))
                serial += 1
                units.append(unit)
            partnerships.append(Partnership(
                org=branch, org_path=branch.path, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=unit,
                external_branch_name=unit.party_branch_name, title=f"{branch.name}与{unit.party_branch_name}共建",
                starts_on=start()))
        ctx.progress.advance(1)
    ExternalUnit.objects.bulk_create(units, batch_size=ctx.batch_size)
    BranchMajor.objects.bulk_create(links, batch_size=ctx.batch_size)
    for p in partnerships:
        p.external_unit_id = p.external_unit.pk if p.external_unit else None
    Partnership.objects.bulk_create(partnerships, batch_size=ctx.batch_size)

    meetings, activities, outcomes = [], [], []
    for p in partnerships:
        first = max(p.starts_on, today - dt.timedelta(days=364))
        span = max((today - first).days, 1)
        for _ in range(rng.randint(1, 6)):
            day = first + dt.timedelta(days=rng.randrange(span))
            members = ctx.branch_members.get(p.org_id) or []
            if not members:
                continue
            m = Meeting(org_id=p.org_id, org_path=p.org_path, kind=MeetingKind.COBUILD_ACTIVITY,
                        title=rng.choice(ACTIVITY_TITLES), starts_at=_aware(day, 14), ends_at=_aware(day, 16))
            meetings.append(m)
            present = rng.sample(members, rng.randint(1, min(len(members), 12)))
            activities.append((p, m, present, rng.randint(1, 20)))
        for _ in range(rng.choices(range(5), weights=[3, 4, 3, 2, 1])[0]):
            kind = rng.choice(list(OUTCOME_TITLES))
            outcomes.append(Outcome(partnership=p, org_id=p.org_id, org_path=p.org_path, kind=kind,
                                    title=OUTCOME_TITLES[kind], occurred_on=p.starts_on + dt.timedelta(
                                        days=rng.randrange(max((today - p.starts_on).days, 1))),
                                    quantity=rng.randint(5, 30) if kind == "jobs_opened" else 1))
    Meeting.objects.bulk_create(meetings, batch_size=ctx.batch_size)
    Attendance.objects.bulk_create([Attendance(meeting=m, member_id=pk) for _, m, present, _ in activities
                                    for pk in present], batch_size=ctx.batch_size)
    Activity.objects.bulk_create([Activity(partnership=p, org_path=p.org_path, meeting=m, campus_count=len(c),
                                           partner_count=n) for p, m, c, n in activities], batch_size=ctx.batch_size)
    Outcome.objects.bulk_create(outcomes, batch_size=ctx.batch_size)
    ctx.extra["majors_by_school"] = {school_id: list(ms.values()) for school_id, ms in by_school.items()}
    ctx.count("专业", len(majors))
    ctx.count("校外单位", len(units))
    ctx.count("共建", len(partnerships))
    ctx.count("共建活动", len(activities))
    ctx.count("共建成果", len(outcomes))

"""The careers hook of `zhibu generate`: employers, enterprise visits, job posts and graduates at realistic rates.

Per generated university: a visit target of 100 employers for the year (the 2022 national campaign), 30 per
school. Every enterprise registered by the cobuild hook gets an employer profile, plus 3–6 new enterprises per
school. Each faculty branch visits 0–6 employers in the last year with 1–3 of its members (~80% of visits promise
2–15 jobs); ~60% of visits lead to 1–3 job posts (deadlines 30 days past to 60 days ahead; ~10% closed), and each
school posts 2–4 more by hand. Each student branch (or the school, when it has none) has 20–45 graduates of the
year (the latest June: this year's once June has begun), in its school's majors; rates of destination: employed 55%,
further study 17%, public service 6%, abroad 3%, not seeking 3%, still seeking 16%, and ~85% of those still seeking
have a helper from one of the school's faculty branches. Written with bulk_create; rows satisfy the services' rules
(checked by the tests). Graduates are read by the gradmail hook through careers' selectors.
"""

from __future__ import annotations

import datetime as dt

from zhibu.cobuild.creditcode import make_credit_code
from zhibu.cobuild.models import ExternalUnit
from zhibu.orgs.models import Org
from zhibu.orgs.synthetic import People, SyntheticContext
from zhibu.orgs.synthetic.names import SCHOOLS

from .models import Degree, Employer, EnterpriseVisit, Graduate, Industry, JobPost, VisitTarget, VisitVisitor

MAJORS = dict(SCHOOLS)
CITIES = ["北京", "北京", "北京", "天津", "廊坊", "石家庄", "上海", "济南", "郑州"]
WORDS = [("物流", "logistics"), ("供应链", "logistics"), ("冷链", "logistics"), ("智能制造", "manufacturing"),
         ("信息技术", "it"), ("电子商务", "trade"), ("建设工程", "construction"), ("咨询", "consulting"),
         ("金融服务", "finance"), ("数据服务", "it")]
TITLES = ["管理培训生", "运营专员", "储备干部", "数据分析助理", "项目助理", "销售代表", "技术支持工程师", "计划专员"]
STATUSES = [("employed", 0.55), ("further_study", 0.17), ("public_service", 0.06), ("abroad", 0.03),
            ("not_seeking", 0.03), ("seeking", 0.16)]
NEEDS = EnterpriseVisit.Need.values


def _year(today: dt.date) -> int:
    return today.year if today.month >= 6 else today.year - 1


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("careers")
    people = People(ctx.rng("careers", "people"))
    today, year = ctx.today, _year(ctx.today)
    ctx.progress.phase("生成就业工作", len(ctx.schools))
    faculty_by_school: dict[int, list[Org]] = {}
    students_by_school: dict[int, list[Org]] = {}
    for b in ctx.branches:
        target = faculty_by_school if b.category == Org.Category.FACULTY else students_by_school \
            if b.category == Org.Category.STUDENT else None
        if target is not None:
            target.setdefault(b.parent_id, []).append(b)

    VisitTarget.objects.bulk_create(
        [VisitTarget(org=u, org_path=u.path, year=today.year, employers=100) for u in ctx.university_orgs]
        + [VisitTarget(org=s, org_path=s.path, year=today.year, employers=30) for s in ctx.schools],
        batch_size=ctx.batch_size, ignore_conflicts=True)

    # Employers: the enterprises co-building registered, and new ones per school.
    units, serial = [], ExternalUnit.all_objects.count() + 700_000
    unit_school: dict[int, Org] = {}
    for school in ctx.schools:
        for _ in range(rng.randint(3, 6)):
            word, _industry = rng.choice(WORDS)
            name = f"{rng.choice(['京津', '燕赵', '华北', '渤海', '京畿'])}{word}有限公司{serial}"
            unit = ExternalUnit(name=name, kind=ExternalUnit.Kind.ENTERPRISE, city=rng.choice(CITIES),
                                has_party_branch=rng.random() < 0.7, credit_code=make_credit_code(
                                    area=f"11{serial // 10**6 % 10000:04d}", serial=serial))
            unit.party_branch_name = f"{name}党支部" if unit.has_party_branch else ""
            serial += 1
            units.append(unit)
            unit_school[id(unit)] = school
    ExternalUnit.objects.bulk_create(units, batch_size=ctx.batch_size)
    existing = list(ExternalUnit.objects.filter(kind=ExternalUnit.Kind.ENTERPRISE, employer__isnull=True)
                    .exclude(pk__in=[u.pk for u in units]))
    employers = []
    school_employers: dict[int, list[Employer]] = {}
    for unit in units + existing:
        school = unit_school.get(id(unit)) or rng.choice(ctx.schools)
        industry = next((ind for w, ind in WORDS if w in unit.name), rng.choice(Industry.values))
        e = Employer(unit=unit, org=school, org_path=school.path, industry=industry,
                     size=rng.choice(Employer.Size.values), partner_status=rng.choice(Employer.PartnerStatus.values))
        employers.append(e)
        school_employers.setdefault(school.pk, []).append(e)
    Employer.objects.bulk_create(employers, batch_size=ctx.batch_size)

    visits, visitors, jobs = [], [], []
    for school in ctx.schools:
        pool = school_employers.get(school.pk) or employers
        majors = list(MAJORS.get(school.short_name.removesuffix("党委"), ())) or ["工商管理"]
        for branch in faculty_by_school.get(school.pk, []):
            members = ctx.branch_members.get(branch.pk) or []
            for _ in range(rng.choices(range(7), weights=[2, 3, 3, 2, 2, 1, 1])[0] if members else 0):
                e = rng.choice(pool)
                v = EnterpriseVisit(org=branch, org_path=branch.path, employer=e,
                                    visited_on=today - dt.timedelta(days=rng.randint(0, 364)),
                                    purpose="访企拓岗促就业：了解企业用人需求，拓展毕业生就业岗位",
                                    jobs_promised=rng.randint(2, 15) if rng.random() < 0.8 else 0,
                                    needs=rng.sample(NEEDS, rng.randint(0, 2)))
                visits.append(v)
                visitors.append((v, rng.sample(members, min(len(members), rng.randint(1, 3)))))
                if rng.random() < 0.6:
                    for _ in range(rng.randint(1, 3)):
                        jobs.append(_job(rng, branch, school, e, majors, today, visit=v))
        for _ in range(rng.randint(2, 4)):
            jobs.append(_job(rng, school, school, rng.choice(pool), majors, today))
        ctx.progress.advance(1)
    EnterpriseVisit.objects.bulk_create(visits, batch_size=ctx.batch_size)
    VisitVisitor.objects.bulk_create([VisitVisitor(visit=v, member_id=m) for v, ms in visitors for m in ms],
                                     batch_size=ctx.batch_size)
    for j in jobs:
        j.visit_id = j.visit.pk if j.visit else None
    JobPost.objects.bulk_create(jobs, batch_size=ctx.batch_size)

    graduates, number = [], Graduate.all_objects.count() + 1
    for school in ctx.schools:
        majors = list(MAJORS.get(school.short_name.removesuffix("党委"), ())) or ["工商管理"]
        helpers = [m for b in faculty_by_school.get(school.pk, []) for m in ctx.branch_members.get(b.pk, [])]
        for org in students_by_school.get(school.pk) or [school]:
            for _ in range(rng.randint(20, 45)):
                status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
                gender = people.gender()
                degree = Degree.MASTER if rng.random() < 0.15 else Degree.BACHELOR
                g = Graduate(
                    org=org, org_path=org.path, name=people.name(gender, year - 22), student_number=f"{year}{number:08d}",
                    major=rng.choice(majors), degree=degree, class_year=year, graduation_date=dt.date(year, 6, 30),
                    class_name=f"{year - 4 if degree == Degree.BACHELOR else year - 3}级{rng.randint(1, 3)}班",
                    phone=people.phone(), status=status,
                    preferred_cities=rng.sample(CITIES[2:], rng.randint(0, 2)) + (["北京"] if rng.random() < 0.6 else []),
                    preferred_industries=rng.sample(Industry.values, rng.randint(0, 2)))
                if g.is_placed:
                    g.placed_on = min(today, dt.date(year, 6, 30) + dt.timedelta(days=rng.randint(-120, 90)))
                    if status == "employed":
                        g.destination = rng.choice(employers).unit.name if employers else "用人单位"
                elif status == "seeking" and helpers and rng.random() < 0.85:
                    g.helper_id = rng.choice(helpers)
                    if rng.random() < 0.7:
                        g.last_contact_on = today - dt.timedelta(days=rng.randint(0, 40))
                        g.next_step = rng.choice(["推荐岗位", "修改简历", "面试辅导", "再次联系"])
                number += 1
                graduates.append(g)
    Graduate.objects.bulk_create(graduates, batch_size=ctx.batch_size)
    ctx.count("用人单位", len(employers))
    ctx.count("访企拓岗走访", len(visits))
    ctx.count("就业岗位", len(jobs))
    ctx.count("毕业生", len(graduates))


def _job(rng, org: Org, school: Org, employer: Employer, majors: list[str], today: dt.date, visit=None) -> JobPost:
    share = school.path
    wanted = rng.sample(majors, min(len(majors), rng.choice([0, 1, 1, 2])))
    lo = rng.choice([4500, 5000, 6000, 7000, 8000])
    return JobPost(
        org=org, org_path=org.path, share_path=share, employer=employer, visit=visit,
        title=f"{wanted[0] if wanted else ''}{rng.choice(TITLES)}", majors=wanted,
        degree=rng.choices([Degree.ASSOCIATE, Degree.BACHELOR, Degree.MASTER], weights=[1, 7, 2])[0],
        city=employer.unit.city, headcount=rng.randint(1, 10), salary_min=lo, salary_max=lo + rng.choice([1000, 3000, 5000]),
        deadline=today + dt.timedelta(days=rng.randint(-30, 60)),
        source=JobPost.Source.VISIT if visit else JobPost.Source.MANUAL,
        status=JobPost.Status.CLOSED if rng.random() < 0.1 else JobPost.Status.OPEN,
    )

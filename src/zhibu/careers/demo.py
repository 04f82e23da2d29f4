"""The demo's careers work: the faculty branch's 访企拓岗 among logistics enterprises, as the seed report tells it.

The faculty branch (物流管理专业教工党支部) visits logistics enterprises — the co-building partner and five more —
learns their needs (招不进人、留不住人), opens posts for the major's graduates and follows up. Graduates belong to the
student branch (2022届, the 毕业寄 year, nearly all placed) and, for this year's class, to the student branch and the
school (物流工程). This year's graduates still seeking have helpers from the faculty branch (the secretary among
them: he sees the graduates he helps), contact logs and recommendations. Targets: the university 100 employers a year
(the 2022 national campaign), the school 30, the branch 12.
Registered on the context: ctx.extra["careers"] = {"employers": [...], "visits": [...], "jobs": [...]}.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from zhibu.cobuild import selectors as cobuild_selectors
from zhibu.cobuild import services as cobuild_services
from zhibu.cobuild.creditcode import make_credit_code
from zhibu.core.paths import Scope
from zhibu.orgs.models import Member
from zhibu.orgs.selectors import member_list_for_scope
from zhibu.orgs.synthetic import People

from . import services, services_graduates, services_jobs
from .models import Employer, EnterpriseVisit, Graduate, JobPost

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

D = dt.date
PARTNER_CODE = make_credit_code(serial=220714)  # the cobuild demo's enterprise
EMPLOYERS = [
    # name, city, industry, size, status, contact (name, title, phone), serial
    ("北辰冷链物流有限公司", "北京", "logistics", "large", "base", ("韩立新", "人力资源总监", "13910220001"), 51),
    ("津港国际货运代理有限公司", "天津", "logistics", "medium", "partner", ("何晓燕", "招聘主管", "13820330002"), 52),
    ("冀中智能仓储设备有限公司", "廊坊", "manufacturing", "medium", "contacted", ("沈建军", "综合部经理", "13730440003"), 53),
    ("华夏云仓电商科技有限公司", "北京", "trade", "large", "partner", ("罗婷", "校园招聘负责人", "13640550004"), 54),
    ("燕山快运有限公司", "北京", "logistics", "small", "prospect", ("邓光明", "副总经理", "13550660005"), 55),
]
NEEDS = EnterpriseVisit.Need


def present(ctx: DemoContext) -> bool:
    branch = ctx.orgs.get("branch")
    if branch is None or not EnterpriseVisit.objects.filter(org=branch).exists():
        return False
    _register(ctx)
    return True


def _teachers(ctx) -> list[Member]:
    return [m for m in member_list_for_scope(Scope(everything=True), org=ctx.orgs["branch"]).prefetch_related(None)
            if m.status in (Member.Status.FULL, Member.Status.PROBATIONARY)]


def load(ctx: DemoContext) -> None:
    if "branch" not in ctx.orgs or "sibling" not in ctx.orgs:
        return
    o, today = ctx.orgs, ctx.today
    rng = random.Random("zhibu-careers")
    teachers = _teachers(ctx)
    secretary = ctx.members.get("secretary") or teachers[0]
    helpers = [secretary] + [t for t in teachers if t.pk != secretary.pk][:4]

    employers = []
    partner_unit = cobuild_selectors.unit_find_by_code(PARTNER_CODE)
    if partner_unit is not None:
        employers.append(services.employer_create(
            by=None, org=o["branch"], unit=partner_unit, industry="logistics", size=Employer.Size.LARGE,
            partner_status=Employer.PartnerStatus.BASE, note="校企共建单位；物流管理专业学生实践教学基地。"))
        services.employer_contact_add(by=None, employer=employers[0], name="田振华", title="企业党支部书记、人力资源部经理",
                                      phone="010-62345678")
    for name, city, industry, size, status, (cname, ctitle, phone), serial in EMPLOYERS:
        unit = cobuild_services.unit_register(by=None, name=name, credit_code=make_credit_code(serial=230000 + serial),
                                              kind="enterprise", city=city, party_branch_name=f"{name}党支部",
                                              has_party_branch=serial != 55)
        e = services.employer_create(by=None, org=o["branch"], unit=unit, industry=industry, size=size,
                                     partner_status=status)
        services.employer_contact_add(by=None, employer=e, name=cname, title=ctitle, phone=phone)
        employers.append(e)

    for org_key, goal in (("university", 100), ("school", 30), ("branch", 12)):
        services.target_set(by=None, org=o[org_key], year=today.year, employers=goal)
    services.target_set(by=None, org=o["branch"], year=2022, employers=10)

    this_year = [today - dt.timedelta(days=d) for d in (150, 120, 96, 70, 41, 12)]
    plan = [
        # (employer index, date, visitors, leaders, jobs promised, needs, note, follow-ups [(action, due, done)])
        (0, D(2022, 5, 18), 5, "学院党委书记 王建国", 15, [NEEDS.CANNOT_RECRUIT, NEEDS.CANNOT_RETAIN],
         "一线仓储岗位招不进人，新入职大学生一年内流失近三成。", [("推送物流管理专业毕业生简历", D(2022, 5, 31), True)]),
        (1, D(2022, 5, 26), 3, "", 6, [NEEDS.CANNOT_RECRUIT, NEEDS.INTERNSHIP], "冷链运营岗位缺口大，希望建立实习基地。",
         [("商定实习基地挂牌时间", D(2022, 6, 30), True)]),
        (2, D(2022, 6, 8), 3, "学院院长 刘卫东", 4, [NEEDS.SKILLS_GAP], "报关、单证岗位需要英语和外贸实务能力。", []),
        (3, this_year[0], 4, "", 3, [NEEDS.TECHNOLOGY, NEEDS.CANNOT_RETAIN], "智能仓储设备调试人员留不住。",
         [("联系学院实验中心开展技术交流", this_year[0] + dt.timedelta(days=30), True)]),
        (4, this_year[1], 4, "学院党委书记 王建国", 12, [NEEDS.CANNOT_RECRUIT], "电商大促期间运营人员短缺。",
         [("组织专场宣讲会", this_year[1] + dt.timedelta(days=45), True)]),
        (0, this_year[2], 6, "学校党委副书记 李振华", 10, [NEEDS.CANNOT_RETAIN, NEEDS.TRAINING],
         "共建企业回访：青年员工思想政治工作，减少流失。", [("共建企业青年员工座谈会", this_year[2] + dt.timedelta(days=40), True)]),
        (1, this_year[3], 2, "", 5, [NEEDS.CANNOT_RECRUIT], "新冷库投产，需要储备干部。",
         [("反馈第一批推荐名单", this_year[3] + dt.timedelta(days=20), True)]),
        (5, this_year[4], 3, "", 2, [NEEDS.CANNOT_RECRUIT, NEEDS.OTHER], "企业尚未建立党组织，介绍党建指导员。",
         [("协助联系街道党工委", this_year[4] + dt.timedelta(days=30), False)]),
        (2, this_year[5], 3, "", 4, [NEEDS.INTERNSHIP], "寒假实习岗位。",
         [("确定寒假实习学生名单", today + dt.timedelta(days=10), False),
          ("回访企业了解试用期学生表现", today + dt.timedelta(days=40), False)]),
    ]
    visits = []
    for idx, day, n, leaders, jobs, needs, note, follow_ups in plan:
        if idx >= len(employers):
            continue
        v = services.visit_create(
            by=None, org=o["branch"], employer=employers[idx], visited_on=day, visitors=rng.sample(teachers, min(n, len(teachers))),
            leaders=leaders, jobs_promised=jobs, needs=needs, needs_note=note,
            purpose="深入开展访企拓岗促就业专项工作，了解企业用人需求，拓展物流管理专业毕业生就业岗位。",
            follow_ups=[(a, due) for a, due, _ in follow_ups])
        for f, (_, _, done) in zip(v.follow_ups.order_by("id"), follow_ups, strict=True):
            if done:
                services.follow_up_complete(by=None, follow_up=f, done_on=min(f.due_on, today))
        visits.append(v)

    posts = [
        # (visit index or None, title, majors, degree, city, headcount, salary, days to deadline)
        (5, "仓储运营管理培训生", ["物流管理", "物流工程"], "bachelor", "北京", 8, (6500, 9000), 45),
        (5, "供应链计划专员", ["物流管理"], "bachelor", "北京", 2, (7000, 10000), 30),
        (6, "冷链运营储备干部", ["物流管理"], "bachelor", "北京", 4, (6000, 8500), 20),
        (6, "冷库信息系统运维助理", ["物流工程", "计算机科学与技术"], "bachelor", "北京", 1, (6500, 9000), 20),
        (4, "电商运营专员", [], "bachelor", "北京", 6, (6000, 12000), 25),
        (4, "数据分析助理", ["物流管理", "电子商务"], "master", "北京", 2, (9000, 14000), 25),
        (3, "智能仓储设备调试工程师", ["物流工程"], "bachelor", "廊坊", 3, (7000, 10000), 5),
        (8, "国际货运单证员（寒假实习转正）", ["物流管理", "国际经济与贸易"], "bachelor", "天津", 3, (5500, 7500), 60),
        (None, "基层物流站点主管", [], "associate", "北京", 5, (5000, 7000), 15),
        (7, "快运调度员", ["物流管理"], "bachelor", "北京", 2, (5500, 8000), -3),
    ]
    jobs = []
    for vi, title, majors, degree, city, headcount, (lo, hi), days in posts:
        visit = visits[vi] if vi is not None and vi < len(visits) else None
        employer = visit.employer if visit else employers[-1]
        deadline = today + dt.timedelta(days=days)
        job = services_jobs.job_create(
            by=None, org=o["branch"], employer=employer, title=title, majors=majors, degree=degree, city=city,
            headcount=headcount, salary_min=lo, salary_max=hi, deadline=max(deadline, today), visit=visit,
            source=JobPost.Source.VISIT if visit else JobPost.Source.MANUAL,
            description="面向物流学院应届毕业生。")
        if days < 0:  # a post that has since passed its deadline
            JobPost.objects.filter(pk=job.pk).update(deadline=deadline)
            job.deadline = deadline
        jobs.append(job)

    graduates = _graduates(ctx, rng, helpers)
    _recommend(ctx, rng, graduates, jobs)
    _register(ctx)
    ctx.tip("secretary", "“就业工作”：访企拓岗、岗位匹配，和我帮扶的毕业生")
    ctx.tip("sibling", "“就业工作”：毕业生去向、最后一公里和岗位推荐")
    ctx.tip("organiser", "“就业工作”：全校访企拓岗目标进度和去向落实率")


def _graduates(ctx, rng: random.Random, helpers: list[Member]) -> list[Graduate]:
    o, today = ctx.orgs, ctx.today
    people = People(random.Random("zhibu-careers-people"))
    students = [m for m in member_list_for_scope(Scope(everything=True), org=o["sibling"]).prefetch_related(None)
                if m.occupation == Member.Occupation.STUDENT and m.status in (Member.Status.FULL,
                                                                             Member.Status.PROBATIONARY)]
    cities = ["北京", "天津", "廊坊", "石家庄", "济南", "郑州"]
    made: list[Graduate] = []

    def make(org, number, major, year, status, **extra):
        gender = people.gender()
        member = extra.pop("member", None)
        g = services_graduates.graduate_create(
            by=None, org=org, name=member.name if member else people.name(gender, year - 22),
            student_number=number, major=major, class_year=year, graduation_date=D(year, 6, 30), member=member,
            phone=people.phone(), status=status, class_name=f"{'物流' if major == '物流管理' else '物工'}{str(year - 4)[2:]}0{rng.randint(1, 2)}",
            preferred_cities=rng.sample(cities, rng.randint(1, 2)) if rng.random() < 0.8 else [],
            preferred_industries=rng.sample(["logistics", "trade", "manufacturing"], rng.randint(0, 2)), **extra)
        made.append(g)
        return g

    # 2022届 (the 毕业寄 year): sixty 物流管理 graduates of the student branch, nearly all placed.
    outcomes_2022 = (["employed"] * 38 + ["further_study"] * 10 + ["abroad"] * 3 + ["public_service"] * 4
                     + ["not_seeking"] * 2 + ["employed"] * 3)
    destinations = ["京畿智慧物流集团有限公司", "北辰冷链物流有限公司", "华夏云仓电商科技有限公司", "中国邮政速递物流北京分公司"]
    for i, status in enumerate(outcomes_2022, start=1):
        extra = {"member": students[i - 1]} if i <= min(6, len(students)) and status != "seeking" else {}
        if status == "employed":
            extra["destination"] = rng.choice(destinations)
        elif status == "further_study":
            extra["destination"] = rng.choice(["北京交通大学", "本校物流管理硕士", "北京物资学院"])
        g = make(o["sibling"], f"2018{10100 + i:06d}", "物流管理", 2022, status, **extra)
        if status == "seeking":
            services_graduates.graduate_assign_helper(by=None, graduate=g, helper=rng.choice(helpers))

    # This year's class: 物流管理 in the student branch, 物流工程 at the school; some still seeking.
    year = today.year
    plan = [("物流管理", o["sibling"], 28, f"{year - 4}{20100:06d}"), ("物流工程", o["school"], 14, f"{year - 4}{30100:06d}")]
    for major, org, n, base in plan:
        for i in range(1, n + 1):
            roll = rng.random()
            status = ("seeking" if roll < 0.3 else "employed" if roll < 0.72 else "further_study" if roll < 0.86
                      else "public_service" if roll < 0.93 else "abroad" if roll < 0.97 else "not_seeking")
            extra = {"destination": rng.choice(destinations)} if status == "employed" else {}
            g = make(org, str(int(base) + i), major, year, status, **extra)
            if status == "seeking":
                helper = helpers[(i + (0 if major == "物流管理" else 2)) % len(helpers)]
                services_graduates.graduate_assign_helper(by=None, graduate=g, helper=helper)
                if rng.random() < 0.75:
                    day = today - dt.timedelta(days=rng.choice([2, 5, 9, 16, 25]))
                    services_graduates.helper_contact_add(
                        by=None, graduate=g, contacted_on=day,
                        note=rng.choice(["电话了解求职进展，已投递3家企业", "指导修改简历", "参加专场宣讲会后面试一家",
                                         "家庭原因希望回生源地就业", "准备公务员考试，同时投递企业岗位"]),
                        next_step=rng.choice(["推荐冷链运营储备干部岗位", "周五前再联系", "陪同参加面试前辅导",
                                              "联系生源地就业部门", "推送北京仓储岗位"]))
    return made


def _recommend(ctx, rng: random.Random, graduates: list[Graduate], jobs: list[JobPost]) -> None:
    """Recommendations for the seeking graduates of this year, with how they went."""
    from . import matching

    today = ctx.today
    posts = [services_jobs.post_of(j) for j in jobs]
    seeking = [g for g in graduates if g.status == Graduate.Status.SEEKING and g.class_year == today.year]
    by_id = {j.pk: j for j in jobs}
    for n, g in enumerate(seeking):
        top = matching.rank_posts(services_jobs.seeker_of(g), posts, today=today, limit=2)
        for k, m in enumerate(top[: 1 + n % 2]):
            rec = services_jobs.recommendation_create(by=None, graduate=g, job=by_id[m.post_id])
            if k == 0 and n % 3 == 1:
                services_jobs.recommendation_set_outcome(by=None, recommendation=rec, outcome="interviewed")
            elif k == 0 and n % 5 == 2:
                services_jobs.recommendation_set_outcome(by=None, recommendation=rec, outcome="applied")


def _register(ctx: DemoContext) -> None:
    branch = ctx.orgs["branch"]
    ctx.extra["careers"] = {
        "employers": list(Employer.objects.filter(org=branch)),
        "visits": list(EnterpriseVisit.objects.filter(org=branch)),
        "jobs": list(JobPost.objects.filter(org=branch)),
    }

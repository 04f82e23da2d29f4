"""The orgs hook: universities › schools › branches › groups under `ctx.parent`, filled with members."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from zhibu.core.audit import audit_entry
from zhibu.core.models import AuditEntry
from zhibu.core.paths import path_child

from ..models import Honour, Member, Org, Position
from .context import SyntheticContext
from .names import COMMITTEE_TITLES, OFFICE_BRANCHES, SCHOOLS, ordinal, university_name
from .people import People, add_years, latest_cohort, random_date


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
            note=(f"合成数据（zhibu generate --seed {ctx.seed}）：{len(by_university.get(university.pk, []))}个党支部、"
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

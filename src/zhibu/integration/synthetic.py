"""The integration hook of `zhibu generate`: work items with their 四同 stages, teacher study sessions with
attendance, student-facing activities, and each major's courses with 课程思政 elements.

Rates: faculty branches hold 2–4 work items of this or last year; each has its stages recorded in order up to
a random point (all four ~45%), each stage with both sides ~85%. 4–8 teacher study sessions a year per
faculty branch, each attended by ~80% of its teachers. 2–8 student activities a year per branch, reaching
10–120 students. 6–12 courses per major, run by a faculty branch of the school; ~60% carry 1–3 elements
written by one of their teachers. Written with bulk_create.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhibu.meetings.models import Attendance, Meeting, MeetingKind
from zhibu.orgs.models import Member, Org
from zhibu.orgs.synthetic import SyntheticContext

from .models import STAGE_ORDER, Course, CourseElement, CourseTeacher, StageRecord, StudentActivity, WorkItem

ITEM_TITLES = [("一流专业建设年度目标", "major_building"), ("课程思政教学改革", "curriculum"),
               ("青年教师教学能力提升", "teaching_team"), ("毕业生就业帮扶", "talent"),
               ("校企协同育人项目", "research_service"), ("专业人才培养方案修订", "curriculum")]
COURSE_WORDS = ("导论", "原理", "管理", "实务", "系统设计", "专题研究", "案例分析", "实验", "前沿讲座", "综合实践",
                "方法", "基础")
ELEMENTS = ("家国情怀与使命担当", "工匠精神与职业素养", "科技自立自强", "诚信与职业道德", "绿色发展理念",
            "法治意识与规则意识", "团队协作与奉献精神", "文化自信")
METHODS = ("案例教学", "专题研讨", "项目驱动", "企业现场教学", "翻转课堂")


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_current_timezone())


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("integration")
    today = ctx.today
    faculty = [b for b in ctx.branches if b.category == Org.Category.FACULTY]
    ctx.progress.phase("生成融合与三大任务", len(ctx.branches))
    teachers: dict[int, list[tuple[int, str]]] = {}
    for org_id, pk, name in Member.objects.filter(org_id__in=[b.pk for b in faculty],
                                                  occupation=Member.Occupation.TEACHER).values_list(
            "org_id", "pk", "name").order_by("org_id", "pk"):
        teachers.setdefault(org_id, []).append((pk, name))

    items, stage_rows, meetings, attendance_plan, activities = [], [], [], [], []
    for branch in ctx.branches:
        names = [n for _, n in teachers.get(branch.pk, [])] or ["（未登记）"]
        if branch.category == Org.Category.FACULTY:
            for title, category in rng.sample(ITEM_TITLES, rng.randint(2, 4)):
                year = today.year - rng.randint(0, 1)
                item = WorkItem(org=branch, org_path=branch.path, title=f"{title}（{year}年）", category=category,
                                year=year)
                items.append(item)
                recorded = rng.choices([0, 1, 2, 3, 4], weights=[1, 1, 1, 2, 5])[0]
                last_day = min(today, dt.date(year, 12, 31))
                days = sorted(rng.sample(range(max((last_day - dt.date(year, 1, 1)).days, 4)), 4))
                for stage, offset in zip(STAGE_ORDER[:recorded], days, strict=False):
                    both = rng.random() < 0.85
                    stage_rows.append(StageRecord(
                        work_item=item, org_path=branch.path, stage=stage,
                        occurred_on=min(dt.date(year, 1, 1) + dt.timedelta(days=offset), today),
                        document_title=f"{title}{stage}记录", party_side="、".join(rng.sample(names, min(2, len(names)))),
                        business_side="、".join(rng.sample(names, 1)) if both else ""))
            staff = [pk for pk, _ in teachers.get(branch.pk, [])]
            for _ in range(rng.randint(4, 8) if staff else 0):
                day = today - dt.timedelta(days=rng.randint(1, 364))
                m = Meeting(org=branch, org_path=branch.path, kind=MeetingKind.TEACHER_STUDY, title="教师理论学习",
                            starts_at=_aware(day, 15), ends_at=_aware(day, 17))
                meetings.append(m)
                attendance_plan.append((m, [pk for pk in staff if rng.random() < 0.8] or staff[:1]))
        for _ in range(rng.randint(2, 8)):
            kind = rng.choice(StudentActivity.Kind.values)
            activities.append(StudentActivity(
                org=branch, org_path=branch.path, kind=kind, title=StudentActivity.Kind(kind).label,
                occurred_on=today - dt.timedelta(days=rng.randint(1, 364)), students_reached=rng.randint(10, 120)))
        ctx.progress.advance(1)
    WorkItem.objects.bulk_create(items, batch_size=ctx.batch_size)
    StageRecord.objects.bulk_create(stage_rows, batch_size=ctx.batch_size)
    Meeting.objects.bulk_create(meetings, batch_size=ctx.batch_size)
    Attendance.objects.bulk_create([Attendance(meeting=m, member_id=pk) for m, pks in attendance_plan for pk in pks],
                                   batch_size=ctx.batch_size)
    StudentActivity.objects.bulk_create(activities, batch_size=ctx.batch_size)

    faculty_by_school: dict[int, list[Org]] = {}
    for b in faculty:
        faculty_by_school.setdefault(b.parent_id, []).append(b)
    courses, course_teachers, elements = [], [], []
    for school_id, majors in (ctx.extra.get("majors_by_school") or {}).items():
        owners = faculty_by_school.get(school_id)
        if not owners:
            continue
        for major in majors:
            words = rng.sample(COURSE_WORDS, rng.randint(6, min(12, len(COURSE_WORDS))))
            for i, word in enumerate(words, start=1):
                owner = rng.choice(owners)
                course = Course(org=owner, org_path=owner.path, major=major, name=f"{major.name}{word}",
                                code=f"{major.code}{i:02d}")
                courses.append(course)
                staff = teachers.get(owner.pk) or [(None, "外聘教师")]
                chosen = rng.sample(staff, min(len(staff), rng.randint(1, 3)))
                course_teachers.extend(CourseTeacher(course=course, name=n, member_id=pk) for pk, n in chosen)
                if rng.random() < 0.6:
                    for k in range(rng.randint(1, 3)):
                        elements.append(CourseElement(
                            course=course, org_path=owner.path, chapter=f"第{k + 1}章", element=rng.choice(ELEMENTS),
                            method=rng.choice(METHODS), author=rng.choice(chosen)[1]))
    Course.objects.bulk_create(courses, batch_size=ctx.batch_size)
    CourseTeacher.objects.bulk_create(course_teachers, batch_size=ctx.batch_size)
    CourseElement.objects.bulk_create(elements, batch_size=ctx.batch_size)
    ctx.count("融合事项", len(items))
    ctx.count("教师理论学习", len(meetings))
    ctx.count("学生思政活动", len(activities))
    ctx.count("课程", len(courses))
    ctx.count("课程思政元素", len(elements))

"""四同 stages in order, the integration rate on hand-computed examples, teacher participation, student
activities, and course coverage."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.cobuild.factories import make_major
from zhibu.integration import selectors, services
from zhibu.integration.models import Course, CourseElement, StageRecord, StudentActivity, WorkItem
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind
from zhibu.orgs.factories import MemberFactory, OrgFactory
from zhibu.orgs.models import Member

pytestmark = pytest.mark.django_db
D = dt.date


def _item(org, title="一流专业建设年度目标", year=2022):
    return services.work_item_create(by=None, org=org, title=title, category=WorkItem.Category.MAJOR_BUILDING,
                                     year=year)


def _stage(item, stage, day, party="陈立华", business="冯雅琴", **kw):
    kw.setdefault("document_title", f"{stage}纪要")
    return services.stage_record(by=None, work_item=item, stage=stage, occurred_on=day, party_side=party,
                                 business_side=business, **kw)


def _all_four(item, **sides):
    for i, stage in enumerate(["research", "deploy", "implement", "assess"]):
        _stage(item, stage, D(2022, 3 + i, 1), **sides)


# --- stage order -----------------------------------------------------------------------------------


def test_a_stage_before_the_previous_one_needs_a_reason(cast):
    item = _item(cast.branch)
    with pytest.raises(ValidationError) as exc:
        _stage(item, "deploy", D(2022, 3, 1))
    assert exc.value.message_dict["reason"] == [
        "“同部署”应在“同研究”之后，而“同研究”尚未记录；如确需先行记录，请填写原因"]
    assert not StageRecord.objects.exists()
    record = _stage(item, "deploy", D(2022, 3, 1), reason="上级统一部署，研究环节在学院层面开展")
    assert record.out_of_order_reason.startswith("上级统一部署")


def test_a_stage_dated_before_the_previous_one_needs_a_reason(cast):
    item = _item(cast.branch)
    _stage(item, "research", D(2022, 3, 10))
    with pytest.raises(ValidationError) as exc:
        _stage(item, "deploy", D(2022, 3, 1))
    assert "早于“同研究”（2022-03-10）" in exc.value.message_dict["reason"][0]


def test_a_stage_rests_on_a_record_of_the_branch(cast):
    item = _item(cast.branch)
    with pytest.raises(ValidationError) as exc:
        _stage(item, "research", D(2022, 3, 1), document_title="")
    assert exc.value.message_dict["document_title"] == ["请关联会议记录，或填写文件名称"]
    other = make_meeting(org=cast.other_branch, title="别的支部的会", starts_at=at("2022-03-01"))
    with pytest.raises(ValidationError) as exc:
        _stage(item, "research", D(2022, 3, 1), document_title="", meeting=other)
    assert "不是“物流管理专业教工党支部”的组织生活记录" in exc.value.message_dict["meeting"][0]
    own = make_meeting(org=cast.branch, kind=MeetingKind.COMMITTEE_MEETING, title="支委会研究年度目标",
                       starts_at=at("2022-03-01"))
    assert _stage(item, "research", D(2022, 3, 1), document_title="", meeting=own).meeting == own


def test_only_the_branchs_managers_record_stages(cast):
    item = _item(cast.branch)
    for user in (cast.member_user, cast.sibling_secretary):
        with pytest.raises(PermissionDenied):
            services.stage_record(by=user, work_item=item, stage="research", occurred_on=D(2022, 3, 1),
                                  party_side="陈立华", document_title="纪要")


def test_recording_a_stage_again_replaces_it(cast):
    item = _item(cast.branch)
    _stage(item, "research", D(2022, 3, 1), business="")
    _stage(item, "research", D(2022, 3, 2), business="冯雅琴、刘志远")
    record = item.stages.get()
    assert record.occurred_on == D(2022, 3, 2) and record.business_names == ["冯雅琴", "刘志远"]


# --- the integration rate --------------------------------------------------------------------------


def test_integration_rate_hand_computed(cast):
    """Branch: 4 items. A has all four stages with both sides; B all four but 同落实 without the business side;
    C only research and deploy; D nothing. Rate 1/4. Sibling: 1 item, complete → 1/1. School: 2/5."""
    a, b, c = _item(cast.branch, "A"), _item(cast.branch, "B"), _item(cast.branch, "C")
    _item(cast.branch, "D")
    _all_four(a)
    for i, stage in enumerate(["research", "deploy", "implement", "assess"]):
        _stage(b, stage, D(2022, 3 + i, 1), business="" if stage == "implement" else "冯雅琴")
    _stage(c, "research", D(2022, 3, 1))
    _stage(c, "deploy", D(2022, 4, 1))
    e = _item(cast.sibling, "E")
    _all_four(e, party="孙悦", business="辅导员")

    branch = selectors.integration_report(user=cast.secretary, org=cast.branch)
    assert (branch["total"], branch["complete"], branch["rate"]) == (4, 1, 0.25)
    missing = {s.item.title: s.missing for s in branch["items"]}
    assert missing["A"] == []
    assert missing["B"] == ["同落实：缺业务方"]
    assert missing["C"] == ["同落实：未记录", "同考核：未记录"]
    assert missing["D"] == ["同研究：未记录", "同部署：未记录", "同落实：未记录", "同考核：未记录"]
    assert [(s["label"], s["recorded"], s["both"]) for s in branch["per_stage"]] == [
        ("同研究", 3, 3), ("同部署", 3, 3), ("同落实", 2, 1), ("同考核", 2, 2)]

    school = selectors.integration_report(user=cast.organiser, org=cast.school)
    assert (school["total"], school["complete"], school["rate"]) == (5, 2, 0.4)
    assert [(r["org__name"], r["total"], r["complete"], r["rate"]) for r in school["per_branch"]] == [
        ("物流管理专业教工党支部", 4, 1, 0.25), ("物流管理专业学生党支部", 1, 1, 1.0)]


def test_integration_report_is_scoped(cast):
    _all_four(_item(cast.sibling, "E"), party="孙悦", business="辅导员")
    report = selectors.integration_report(user=cast.secretary, org=cast.school)
    assert report["total"] == 0 and report["rate"] is None


def test_integration_report_queries_do_not_grow(cast, django_assert_max_num_queries):
    _all_four(_item(cast.branch, "first"))
    with django_assert_max_num_queries(6) as few:
        selectors.integration_report(user=cast.secretary, org=cast.branch)
    for n in range(15):
        _all_four(_item(cast.branch, f"item {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.integration_report(user=cast.secretary, org=cast.branch)


# --- teachers and students -------------------------------------------------------------------------


def test_teacher_participation_per_teacher_over_a_year(cast):
    t3 = MemberFactory(org=cast.branch, name="韩磊")
    MemberFactory(org=cast.branch, name="曹静怡", occupation=Member.Occupation.STAFF)
    make_meeting(org=cast.branch, kind=MeetingKind.TEACHER_STUDY, title="一", starts_at=at("2022-03-01"),
                 attendees=[cast.sec_member, cast.plain_member])
    make_meeting(org=cast.branch, kind=MeetingKind.TEACHER_STUDY, title="二", starts_at=at("2022-06-01"),
                 attendees=[cast.sec_member, (cast.plain_member, "leave", "出差")])
    make_meeting(org=cast.branch, kind=MeetingKind.TEACHER_STUDY, title="去年", starts_at=at("2021-06-01"),
                 attendees=[t3])
    make_meeting(org=cast.branch, kind=MeetingKind.THEME_DAY, title="主题党日", starts_at=at("2022-06-02"),
                 attendees=[t3])
    report = selectors.teacher_participation(user=cast.secretary, org=cast.branch, year=2022)
    assert report["sessions"] == 2
    assert [(r["member"].name, r["attended"], r["rate"]) for r in report["teachers"]] == [
        ("陈立华", 2, 1.0), ("周敏", 1, 0.5), ("韩磊", 0, 0.0)]
    assert report["average"] == 0.5


def test_student_activities_count_students_reached(cast):
    for title, kind, n in [("新生入学教育", "class_meeting", 60), ("考研经验交流", "mentoring", 25),
                           ("就业指导", "career", 40)]:
        services.student_activity_record(by=cast.sibling_secretary, org=cast.sibling, kind=kind, title=title,
                                         occurred_on=D(2022, 5, 1), students_reached=n, teachers="陈立华、林雪梅")
    summary = selectors.student_summary(user=cast.organiser, org=cast.school, year=2022)
    assert (summary["count"], summary["reached"]) == (3, 125)
    with pytest.raises(ValidationError) as exc:
        services.student_activity_record(by=None, org=cast.sibling, kind="talk", title="x", occurred_on=D(2022, 5, 1),
                                         students_reached=0)
    assert exc.value.message_dict["students_reached"] == ["覆盖学生人数至少为1"]
    assert StudentActivity.objects.count() == 3


# --- courses ---------------------------------------------------------------------------------------


@pytest.fixture
def courses(cast):
    major = make_major(school=cast.school)
    c1 = services.course_create(by=cast.secretary, org=cast.branch, major=major, name="物流学概论", code="WL101",
                                teachers="陈立华、周敏")
    c2 = services.course_create(by=cast.secretary, org=cast.branch, major=major, name="供应链管理", code="WL201",
                                teachers="周敏")
    c3 = services.course_create(by=cast.secretary, org=cast.branch, major=major, name="运输管理", code="WL202",
                                teachers="韩磊")
    return major, c1, c2, c3


def test_course_coverage_hand_computed(cast, courses):
    """3 courses, 1 with elements → 1/3; teachers 陈立华、周敏、韩磊, only 陈立华 wrote → 1/3."""
    major, c1, c2, c3 = courses
    services.element_add(by=cast.secretary, course=c1, chapter="第一章 物流概述", element="交通强国战略与物流强国",
                         method="案例教学", evidence="教学设计第3页", author="陈立华")
    services.element_add(by=cast.secretary, course=c1, chapter="第五章 应急物流", element="抗疫中的物流人担当",
                         author="陈立华")
    [row] = selectors.course_coverage(user=cast.secretary, org=cast.branch)
    assert (row["courses"], row["covered"], row["course_rate"]) == (3, 1, 0.3333)
    assert (row["teachers"], row["writers"], row["teacher_rate"]) == (3, 1, 0.3333)
    assert row["silent"] == ["周敏", "韩磊"]
    assert c1.teachers.get(name="陈立华").member == cast.sec_member


def test_an_element_is_written_by_one_of_the_courses_teachers(cast, courses):
    _, c1, *_ = courses
    with pytest.raises(ValidationError) as exc:
        services.element_add(by=cast.secretary, course=c1, chapter="第一章", element="x", author="韩磊")
    assert exc.value.message_dict["author"] == ["撰写教师“韩磊”不是《物流学概论》的任课教师（陈立华、周敏）"]


def test_an_element_on_a_course_of_another_scope_is_refused(cast, courses):
    _, c1, *_ = courses
    with pytest.raises(PermissionDenied):
        services.element_add(by=cast.sibling_secretary, course=c1, chapter="第一章", element="x", author="陈立华")
    assert not CourseElement.objects.exists()


def test_course_rules(cast, courses):
    major, *_ = courses
    with pytest.raises(ValidationError) as exc:
        services.course_create(by=None, org=cast.branch, major=major, name="重复", code="WL101", teachers="")
    assert exc.value.message_dict["code"] == ["物流管理专业已有课程代码为WL101的课程"]
    assert exc.value.message_dict["teachers"] == ["请填写任课教师"]
    other = make_major(school=cast.other_school, name="工商管理", code="120201")
    with pytest.raises(ValidationError) as exc:
        services.course_create(by=None, org=cast.branch, major=other, name="管理学", code="GL1", teachers="周敏")
    assert "不属于“物流管理专业教工党支部”所在的院系" in exc.value.message_dict["major"][0]
    assert Course.objects.count() == 3


def test_work_items_belong_to_branches(cast):
    gb = OrgFactory(name="示例党总支", code="U1-ZZ", kind="general_branch", parent=cast.university)
    with pytest.raises(ValidationError):
        _item(cast.school)
    assert _item(gb).org == gb

"""Integration pages and the course import: scope, read-only 403s, row-level errors, bounded queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhibu.cobuild.factories import make_major
from zhibu.integration import services
from zhibu.integration.course_import import course_import_parse, course_template_workbook
from zhibu.integration.models import Course, CourseElement, StageRecord, WorkItem

pytestmark = pytest.mark.django_db


def _xlsx(courses, elements) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "课程"
    ws.append(["课程代码", "课程名称", "专业代码", "负责支部编码", "任课教师"])
    for row in courses:
        ws.append(row)
    ws2 = wb.create_sheet("课程思政元素")
    ws2.append(["课程代码", "章节", "思政元素", "教学方法", "佐证材料", "撰写教师"])
    for row in elements:
        ws2.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "courses.xlsx"
    return buf


@pytest.fixture
def major(cast):
    return make_major(school=cast.school)


def test_the_overview_is_scoped(cast, login, major):
    url = reverse("integration:org_overview", args=[cast.branch.code])
    assert login(cast.secretary).get(url).status_code == 200
    assert login(cast.reviewer).get(url).status_code == 200
    assert login(cast.sibling_secretary).get(url).status_code == 404


def test_read_only_roles_cannot_write(cast, login, major):
    item = services.work_item_create(by=None, org=cast.branch, title="年度目标", category="major_building", year=2022)
    client = login(cast.member_user)
    assert client.get(reverse("integration:work_item_create", args=[cast.branch.code])).status_code == 403
    response = client.post(reverse("integration:work_item_detail", args=[item.pk]), {
        "stage": "research", "occurred_on": "2022-03-01", "document_title": "纪要", "party_side": "陈立华"})
    assert response.status_code == 403
    assert not StageRecord.objects.exists()
    assert login(cast.sibling_secretary).get(reverse("integration:work_item_detail", args=[item.pk])).status_code == 404


def test_recording_a_stage_out_of_order_says_why(cast, login):
    item = services.work_item_create(by=None, org=cast.branch, title="年度目标", category="major_building", year=2022)
    client = login(cast.secretary)
    response = client.post(reverse("integration:work_item_detail", args=[item.pk]), {
        "stage": "assess", "occurred_on": "2022-03-01", "document_title": "考核表", "party_side": "陈立华",
        "business_side": "冯雅琴"})
    assert "“同考核”应在“同研究”之后" in response.content.decode()
    response = client.post(reverse("integration:work_item_detail", args=[item.pk]), {
        "stage": "research", "occurred_on": "2022-03-01", "document_title": "纪要", "party_side": "陈立华",
        "business_side": "冯雅琴"})
    assert response.status_code == 302 and item.stages.count() == 1


def test_course_import_all_or_nothing_with_row_errors(cast, major):
    services.course_create(by=None, org=cast.other_branch, major=make_major(school=cast.other_school, name="工商管理",
                                                                             code="120201"),
                           name="管理学", code="GL101", teachers="高峰")
    upload = _xlsx(
        [["WL101", "物流学概论", "120601", "U1-WL-JG", "陈立华、周敏"],
         ["WL102", "采购管理", "999999", "U1-WL-JG", "周敏"],
         ["WL101", "重复", "120601", "U1-WL-JG", "周敏"]],
        [["WL101", "第一章", "交通强国", "案例教学", "教案", "陈立华"],
         ["WL101", "第二章", "工匠精神", "", "", "韩磊"],
         ["GL101", "第一章", "企业家精神", "", "", "高峰"]],
    )
    result = course_import_parse(upload, user=cast.secretary)
    assert [str(e) for e in result.errors] == [
        "“课程”第3行 专业代码“999999”：“物流管理专业教工党支部”所在院系没有这个专业代码",
        "“课程”第4行 课程代码“WL101”：与第2行重复",
        "“课程思政元素”第3行 撰写教师“韩磊”：不是该课程的任课教师（陈立华、周敏）",
        "“课程思政元素”第4行 课程代码“GL101”：没有找到该课程：请在“课程”工作表中登记，或确认您有管理该课程所在支部的权限",
    ]
    assert Course.objects.count() == 1


def test_course_import_through_the_page(cast, login, major):
    client = login(cast.secretary)
    upload = _xlsx([["WL101", "物流学概论", "120601", "U1-WL-JG", "陈立华、周敏"],
                    ["WL201", "供应链管理", "120601", "U1-WL-JG", "周敏"]],
                   [["WL101", "第一章", "交通强国", "案例教学", "教案", "陈立华"]])
    response = client.post(reverse("integration:course_import"), {"file": upload, "action": "import"})
    assert response.status_code == 302
    assert Course.objects.count() == 2 and CourseElement.objects.count() == 1
    bad = _xlsx([["WL301", "运输管理", "120601", "U1-WL-XS", "周敏"]], [])
    response = client.post(reverse("integration:course_import"), {"file": bad, "action": "import"})
    assert "没有这个编码的支部，或您没有管理该支部的权限" in response.content.decode()
    assert Course.objects.count() == 2
    not_excel = io.BytesIO(b"name,code\n")
    not_excel.name = "courses.xlsx"
    response = client.post(reverse("integration:course_import"), {"file": not_excel, "action": "import"})
    assert "不是Excel工作簿" in response.content.decode()


def test_the_template_imports_its_example(cast, major):
    wb = load_workbook(io.BytesIO(course_template_workbook()))
    assert wb.sheetnames == ["课程", "课程思政元素"]
    result = course_import_parse(course_template_workbook(), user=cast.secretary)
    assert result.ok, result.errors


def test_course_pages(cast, login, major):
    course = services.course_create(by=None, org=cast.branch, major=major, name="物流学概论", code="WL101",
                                    teachers="陈立华")
    client = login(cast.secretary)
    response = client.post(reverse("integration:course_detail", args=[course.pk]), {
        "chapter": "第一章", "element": "交通强国", "author": "陈立华"})
    assert response.status_code == 302 and course.elements.count() == 1
    body = client.get(reverse("integration:course_list", args=[cast.branch.code])).content.decode()
    assert "物流学概论" in body and "100%" in body
    assert login(cast.sibling_secretary).get(reverse("integration:course_detail", args=[course.pk])).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_queries_do_not_grow(cast, login, major):
    client = login(cast.secretary)
    url = reverse("integration:org_overview", args=[cast.branch.code])

    def fill(numbers):
        for n in numbers:
            item = services.work_item_create(by=None, org=cast.branch, title=f"事项{n}", category="other", year=2022)
            services.stage_record(by=None, work_item=item, stage="research", occurred_on=dt.date(2022, 3, 1),
                                  party_side="陈立华", document_title="纪要")
            course = services.course_create(by=None, org=cast.branch, major=major, name=f"课程{n}", code=f"C{n}",
                                            teachers="陈立华、周敏")
            services.element_add(by=None, course=course, chapter="一", element="元素", author="周敏")
            services.student_activity_record(by=None, org=cast.branch, kind="talk", title=f"谈心{n}",
                                             occurred_on=dt.date.today(), students_reached=3)

    fill(range(1))
    before = _count(client, url)
    fill(range(1, 11))
    assert WorkItem.objects.count() == 11
    assert _count(client, url) <= before
    assert _count(client, reverse("integration:course_list", args=[cast.branch.code])) <= 12

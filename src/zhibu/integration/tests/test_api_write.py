"""Integration writes through the API: the pages' services and messages, 422 with nothing saved, history,
403 for read-only roles, 404 outside the scope, and a bounded number of queries."""

import pytest

from zhibu.cobuild.factories import make_major
from zhibu.core.audit import history_for
from zhibu.core.models import AuditEntry
from zhibu.integration import services
from zhibu.integration.models import Course, CourseElement, StageRecord, WorkItem
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind

pytestmark = pytest.mark.django_db
JSON = "application/json"
STAGES = ["research", "deploy", "implement", "assess"]


def _item_body(**overrides) -> dict:
    body = {"org": "U1-WL-JG", "title": "一流专业建设年度目标", "category": "major_building", "year": 2022}
    body.update(overrides)
    return body


def _stage_body(stage="research", day="2022-03-01", **overrides) -> dict:
    body = {
        "stage": stage,
        "occurred_on": day,
        "document_title": f"{stage}纪要",
        "party_side": ["陈立华"],
        "business_side": "冯雅琴、韩磊",
    }
    body.update(overrides)
    return body


@pytest.fixture
def item(cast):
    return services.work_item_create(
        by=cast.secretary,
        org=cast.branch,
        title="课程体系改革",
        category=WorkItem.Category.CURRICULUM,
        year=2022,
    )


@pytest.fixture
def major(cast):
    return make_major(school=cast.school)


@pytest.fixture
def course(cast, major):
    c = services.course_create(
        by=cast.secretary,
        org=cast.branch,
        major=major,
        name="物流学概论",
        code="WL101",
        teachers="陈立华、周敏",
    )
    services.element_add(
        by=cast.secretary,
        course=c,
        chapter="第一章 物流概述",
        element="交通强国战略与物流强国",
        author="陈立华",
    )
    return c


def _actions(obj) -> list[str]:
    return sorted(history_for(obj).values_list("action", flat=True))


# --- work items ------------------------------------------------------------------------------------


def test_a_secretary_registers_an_item_changes_it_and_records_its_four_stages(cast, login):
    client = login(cast.secretary)
    response = client.post("/api/work-items/", _item_body(), content_type=JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["org_code"] == "U1-WL-JG" and data["integrated"] is False and len(data["missing"]) == 4
    iid = data["id"]
    response = client.patch(
        f"/api/work-items/{iid}", {"title": "一流专业建设2022年度目标", "year": 2021}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["title"] == "一流专业建设2022年度目标"
    assert WorkItem.objects.get(pk=iid).category == "major_building", "fields not sent stay as they are"
    for i, stage in enumerate(STAGES):
        response = client.post(
            f"/api/work-items/{iid}/stages", _stage_body(stage, f"2022-0{3 + i}-01"), content_type=JSON
        )
        assert response.status_code == 200, response.content
    data = response.json()
    assert data["integrated"] is True and data["missing"] == []
    assert data["stages"][0]["party_side"] == ["陈立华"] and data["stages"][0]["business_side"] == [
        "冯雅琴",
        "韩磊",
    ]
    item = WorkItem.objects.get(pk=iid)
    assert _actions(item) == ["create"] + ["update"] * 5
    assert history_for(item).filter(action="update", changes__has_key="year").get().changes["year"] == [
        2022,
        2021,
    ]
    assert all(e.actor == cast.secretary for e in history_for(item))


def test_a_stage_can_rest_on_a_meeting_of_the_branch(cast, login, item):
    meeting = make_meeting(
        org=cast.branch,
        kind=MeetingKind.COMMITTEE_MEETING,
        title="支委会研究课程体系",
        starts_at=at("2022-03-01"),
    )
    response = login(cast.secretary).post(
        f"/api/work-items/{item.pk}/stages",
        _stage_body(document_title="", meeting_id=meeting.pk),
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["stages"][0]["meeting_id"] == meeting.pk


def test_a_bad_item_is_422_naming_each_field_and_nothing_is_saved(cast, login):
    entries = AuditEntry.objects.count()
    response = login(cast.secretary).post(
        "/api/work-items/", _item_body(org="U1-WL-JG-1", title="", year=1999), content_type=JSON
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["org"] == ["应由党支部登记，“第一党小组”是党小组"]
    assert errors["year"] == ["年度应在2000年至明年之间"] and "title" in errors
    assert "年度应在2000年至明年之间" in response.json()["detail"]
    assert not WorkItem.all_objects.exists() and AuditEntry.objects.count() == entries


def test_a_bad_change_is_422_and_the_item_stays_as_it_was(cast, login, item):
    client = login(cast.secretary)
    response = client.patch(
        f"/api/work-items/{item.pk}", {"title": "新名称", "year": 2999}, content_type=JSON
    )
    assert response.status_code == 422 and response.json()["errors"] == {"year": ["年度应在2000年至明年之间"]}
    response = client.patch(f"/api/work-items/{item.pk}", {"title": None}, content_type=JSON)
    assert response.status_code == 422 and "title" in response.json()["errors"]
    fresh = WorkItem.objects.get(pk=item.pk)
    assert (fresh.title, fresh.year) == ("课程体系改革", 2022)
    assert _actions(item) == ["create"]


def test_stage_refusals_name_the_field_and_save_nothing(cast, login, item):
    client = login(cast.secretary)
    url = f"/api/work-items/{item.pk}/stages"
    response = client.post(url, _stage_body("deploy"), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "reason": ["“同部署”应在“同研究”之后，而“同研究”尚未记录；如确需先行记录，请填写原因"]
    }
    response = client.post(
        url, _stage_body(document_title="", party_side=[], business_side=""), content_type=JSON
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"document_title", "party_side"}
    response = client.post(url, _stage_body(meeting_id=999999), content_type=JSON)
    assert response.status_code == 422 and response.json()["errors"] == {"meeting_id": ["没有找到该会议记录"]}
    response = client.post(url, _stage_body(stage="plan"), content_type=JSON)
    assert response.status_code == 422 and "stage" in response.json()["errors"]
    assert not StageRecord.objects.exists() and _actions(item) == ["create"]
    response = client.post(url, _stage_body("deploy", reason="上级统一部署"), content_type=JSON)
    assert (
        response.status_code == 200 and response.json()["stages"][0]["out_of_order_reason"] == "上级统一部署"
    )


def test_a_meeting_of_another_branch_is_refused_on_meeting_id(cast, login, item):
    other = make_meeting(org=cast.other_branch, title="别的支部的会", starts_at=at("2022-03-01"))
    response = login(cast.organiser).post(
        f"/api/work-items/{item.pk}/stages",
        _stage_body(document_title="", meeting_id=other.pk),
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "不是“物流管理专业教工党支部”的组织生活记录" in response.json()["errors"]["meeting_id"][0]
    assert not StageRecord.objects.exists()


def test_an_item_is_deleted_softly_and_restored(cast, login, item):
    client = login(cast.secretary)
    assert client.delete(f"/api/work-items/{item.pk}?reason=重复登记").status_code == 204
    assert WorkItem.all_objects.get(pk=item.pk).is_deleted
    assert client.get(f"/api/work-items/{item.pk}").status_code == 404
    assert client.get("/api/work-items/").json()["count"] == 0
    assert client.patch(f"/api/work-items/{item.pk}", {"title": "x"}, content_type=JSON).status_code == 404
    assert login(cast.member_user).post(f"/api/work-items/{item.pk}/restore").status_code == 404
    response = login(cast.secretary).post(f"/api/work-items/{item.pk}/restore")
    assert response.status_code == 200 and response.json()["id"] == item.pk
    assert not WorkItem.objects.get(pk=item.pk).is_deleted
    assert _actions(item) == ["create", "delete", "restore"]
    assert history_for(item).get(action="delete").note == "重复登记"


# --- courses and elements --------------------------------------------------------------------------


def test_a_secretary_registers_a_course_and_writes_its_elements(cast, login, major):
    client = login(cast.secretary)
    response = client.post(
        "/api/courses/",
        {
            "org": "U1-WL-JG",
            "major": "120601",
            "name": "供应链管理",
            "code": "WL201",
            "teachers": ["陈立华", "韩磊"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (
        data["teachers"] == ["陈立华", "韩磊"] and data["elements"] == [] and data["major_code"] == "120601"
    )
    cid = data["id"]
    response = client.post(
        f"/api/courses/{cid}/elements",
        {"chapter": "第三章 供应链协同", "element": "共建共享", "author": "韩磊"},
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["author"] == "韩磊"
    eid = response.json()["id"]
    response = client.patch(
        f"/api/courses/{cid}/elements/{eid}",
        {"element": "共建共享的新发展理念", "author": "陈立华"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["element"], response.json()["chapter"]) == (
        "共建共享的新发展理念",
        "第三章 供应链协同",
    )
    response = client.patch(f"/api/courses/{cid}", {"name": "供应链管理（双语）"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["teachers"] == ["陈立华", "韩磊"]
    assert response.json()["element_count"] == 1
    course = Course.objects.get(pk=cid)
    assert course.name == "供应链管理（双语）" and course.code == "WL201"
    changes = [e.changes for e in history_for(course).order_by("id")]
    assert changes[0]["任课教师"] == [None, "陈立华、韩磊"]
    assert changes[1]["课程思政元素"] == [None, "第三章 供应链协同：共建共享（韩磊）"]
    assert changes[2]["课程思政元素"] == [
        "第三章 供应链协同：共建共享（韩磊）",
        "第三章 供应链协同：共建共享的新发展理念（陈立华）",
    ]
    assert changes[3] == {"name": ["供应链管理", "供应链管理（双语）"]}


def test_an_element_is_deleted_softly_and_leaves_the_coverage(cast, login, course):
    client = login(cast.secretary)
    eid = course.elements.get().pk
    assert client.get("/api/course-coverage/?org=U1-WL-JG").json()[0]["covered"] == 1
    assert client.delete(f"/api/courses/{course.pk}/elements/{eid}").status_code == 204
    assert CourseElement.all_objects.get(pk=eid).is_deleted
    assert client.get(f"/api/courses/{course.pk}").json()["elements"] == []
    assert client.get("/api/course-coverage/?org=U1-WL-JG").json()[0]["covered"] == 0
    assert history_for(course).order_by("-id").first().changes["课程思政元素"][1] is None
    assert client.delete(f"/api/courses/{course.pk}/elements/{eid}").status_code == 404


def test_course_refusals_name_the_field_and_save_nothing(cast, login, course):
    client = login(cast.secretary)
    body = {"org": "U1-WL-JG", "major": "999999", "name": "运筹学", "code": "WL101", "teachers": []}
    response = client.post("/api/courses/", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"major": ["“物流管理专业教工党支部”所在院系没有代码为999999的专业"]}
    response = client.post("/api/courses/", {**body, "major": "120601"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]["code"] == ["物流管理专业已有课程代码为WL101的课程"]
    assert response.json()["errors"]["teachers"] == ["请填写任课教师"]
    assert Course.objects.count() == 1
    response = client.patch(
        f"/api/courses/{course.pk}", {"name": "新名称", "teachers": "周敏"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"]["teachers"] == ["陈立华撰写了本课程的课程思政元素，不能从任课教师中去掉"]
    fresh = Course.objects.get(pk=course.pk)
    assert fresh.name == "物流学概论" and sorted(t.name for t in fresh.teachers.all()) == ["周敏", "陈立华"]
    response = client.post(
        f"/api/courses/{course.pk}/elements",
        {"chapter": "第二章", "element": "工匠精神", "author": "韩磊"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["author"] == [
        "撰写教师“韩磊”不是《物流学概论》的任课教师（陈立华、周敏）"
    ]
    eid = course.elements.get().pk
    response = client.patch(
        f"/api/courses/{course.pk}/elements/{eid}", {"author": "韩磊", "chapter": ""}, content_type=JSON
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"author", "chapter"}
    assert CourseElement.objects.get().author == "陈立华" and CourseElement.objects.count() == 1
    assert len(history_for(course)) == 2, "only the fixture's create and element"


# --- scope -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [("member_user", 403), ("reviewer", 403), ("sibling_secretary", 404)])
def test_writes_are_scoped(cast, login, item, course, who, status):
    client = login(getattr(cast, who))
    eid = course.elements.get().pk
    calls = [
        client.post("/api/work-items/", _item_body(), content_type=JSON),
        client.patch(f"/api/work-items/{item.pk}", {"title": "改"}, content_type=JSON),
        client.post(f"/api/work-items/{item.pk}/stages", _stage_body(), content_type=JSON),
        client.delete(f"/api/work-items/{item.pk}"),
        client.post(
            "/api/courses/",
            {"org": "U1-WL-JG", "major": "120601", "name": "运筹学", "code": "WL301", "teachers": "陈立华"},
            content_type=JSON,
        ),
        client.patch(f"/api/courses/{course.pk}", {"name": "改"}, content_type=JSON),
        client.post(
            f"/api/courses/{course.pk}/elements",
            {"chapter": "第二章", "element": "工匠精神", "author": "陈立华"},
            content_type=JSON,
        ),
        client.patch(f"/api/courses/{course.pk}/elements/{eid}", {"element": "改"}, content_type=JSON),
        client.delete(f"/api/courses/{course.pk}/elements/{eid}"),
    ]
    assert [r.status_code for r in calls] == [status] * len(calls)
    if status == 403:
        assert calls[1].json()["detail"] == "您没有权限修改该组织的记录"
    assert WorkItem.objects.get().title == "课程体系改革" and not StageRecord.objects.exists()
    assert (
        Course.objects.get().name == "物流学概论"
        and CourseElement.objects.get().element == "交通强国战略与物流强国"
    )
    assert len(history_for(item)) == 1 and len(history_for(course)) == 2


def test_a_read_only_role_is_403_even_when_a_code_it_sends_is_unknown(cast, login, item, course):
    client = login(cast.member_user)
    body = {"org": "U1-WL-JG", "major": "999999", "name": "运筹学", "code": "WL301", "teachers": "陈立华"}
    assert client.post("/api/courses/", body, content_type=JSON).status_code == 403
    assert (
        client.patch(f"/api/courses/{course.pk}", {"major": "999999"}, content_type=JSON).status_code == 403
    )
    response = client.post(
        f"/api/work-items/{item.pk}/stages", _stage_body(meeting_id=999999), content_type=JSON
    )
    assert response.status_code == 403 and response.json()["detail"] == "您没有权限修改该组织的记录"


def test_a_work_item_of_another_branch_is_404_to_a_secretary(cast, login):
    other = services.work_item_create(
        by=None, org=cast.other_branch, title="别的事项", category=WorkItem.Category.OTHER, year=2022
    )
    client = login(cast.secretary)
    assert client.patch(f"/api/work-items/{other.pk}", {"title": "改"}, content_type=JSON).status_code == 404
    assert (
        client.post(f"/api/work-items/{other.pk}/stages", _stage_body(), content_type=JSON).status_code == 404
    )
    assert client.post("/api/work-items/", _item_body(org="U1-JG-GS"), content_type=JSON).status_code == 404
    assert WorkItem.objects.get(pk=other.pk).title == "别的事项" and WorkItem.objects.count() == 1

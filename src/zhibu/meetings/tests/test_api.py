"""The meetings API: scoped like the pages, writing through the same services, ISO dates, nested parts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.core.services import token_create
from zhibu.meetings import services
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import AgendaItem, Attendance, Meeting, MeetingKind
from zhibu.orgs.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "/api/meetings/"


@pytest.fixture
def meeting(cast):
    return make_meeting(
        org=cast.branch, kind=MeetingKind.SYMPOSIUM, title="调研座谈会", research=True,
        starts_at=at("2022-07-14", 8, 30), hours=3, place="学院112会议室", co_hosts=[cast.municipal, cast.edu],
        attendees=[cast.sec_member, (cast.plain_member, "leave", "出差")],
        agenda=[services.AgendaRow("工作汇报", presenter="陈立华"), services.AgendaRow("座谈交流")],
        guests=[services.GuestRow("贺明远", unit="市委组织部", title="组织二处一级主任科员", chair=True)],
    )


def payload(cast, **overrides):
    data = {
        "org": cast.branch.code, "kind": "committee_meeting", "title": "七月支委会",
        "starts_at": "2025-07-03T15:00:00+08:00", "ends_at": "2025-07-03T16:30:00+08:00", "place": "学院305室",
        "chair_member_id": cast.sec_member.pk,
        "agenda": [{"title": "研究发展党员", "presenter": "陈立华"}],
        "attendance": [{"member_id": cast.sec_member.pk}, {"member_id": cast.plain_member.pk, "status": "leave",
                                                            "reason": "出差"}],
        "guests": [],
    }
    data.update(overrides)
    return data


def send(client, method, url, data=None):
    return getattr(client, method)(url, data=json.dumps(data) if data is not None else None,
                                   content_type="application/json")


@pytest.mark.parametrize("who, status", [("secretary", 200), ("member_user", 200), ("organiser", 200),
                                         ("reviewer", 200), ("sibling_secretary", 404)])
def test_detail_is_scoped(cast, login, meeting, who, status):
    response = login(getattr(cast, who)).get(f"{URL}{meeting.pk}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["starts_at"] == "2022-07-14T08:30:00+08:00"
        assert body["ends_at"] == "2022-07-14T11:30:00+08:00"
        assert body["org"] == {"code": "U1-WL-JG", "name": "物流管理专业教工党支部"}
        assert {c["code"] for c in body["co_hosts"]} == {"M-ZZB", "M-JYGW"}
        assert body["chair_name"] == "贺明远" and body["chair_member_id"] is None
        assert [a["title"] for a in body["agenda"]] == ["工作汇报", "座谈交流"]
        assert body["guests"] == [{"name": "贺明远", "unit": "市委组织部", "title": "组织二处一级主任科员", "chair": True}]
        assert (body["attendee_count"], body["present_count"], body["leave_count"]) == (2, 1, 1)
        assert {(a["member_name"], a["status"], a["reason"]) for a in body["attendance"]} == {
            ("陈立华", "present", ""), ("周敏", "leave", "出差")}


def test_list_filters_and_paginates(cast, login, meeting):
    make_meeting(org=cast.sibling, title="学生支部党课", kind=MeetingKind.PARTY_LECTURE, starts_at=at("2025-04-21"))
    client = login(cast.organiser)
    body = client.get(URL).json()
    assert body["count"] == 2 and {m["title"] for m in body["items"]} == {"调研座谈会", "学生支部党课"}
    assert [m["title"] for m in client.get(URL + "?org=U1-WL-XS").json()["items"]] == ["学生支部党课"]
    assert [m["title"] for m in client.get(URL + "?kind=symposium").json()["items"]] == ["调研座谈会"]
    assert [m["title"] for m in client.get(URL + "?from=2022-07-14&to=2022-07-14").json()["items"]] == ["调研座谈会"]
    assert client.get(URL + "?from=2022-07-15&to=2025-04-20").json()["count"] == 0
    page = client.get(URL + "?page_size=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1 and page["next"].endswith("page=2&page_size=1")
    assert login(cast.secretary).get(URL + "?org=U1-WL-XS").status_code == 404
    assert login(cast.sibling_secretary).get(URL).json()["count"] == 1
    # The superior bodies that co-hosted see it through the filter on themselves.
    assert login(cast.reviewer).get(URL + "?org=M-JYGW").json()["count"] == 2


def test_list_query_count_is_bounded(cast, login):
    client = login(cast.organiser)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        make_meeting(org=cast.branch, title=f"会{i}", co_hosts=[cast.school], attendees=[cast.sec_member])
    small = count()
    members = [MemberFactory(org=cast.branch) for _ in range(10)]
    for i in range(30):
        make_meeting(org=cast.branch, title=f"会{i}", co_hosts=[cast.school], attendees=members)
    assert count() == small


def test_secretary_creates_with_nested_parts(cast, login):
    response = send(login(cast.secretary), "post", URL, payload(cast, co_hosts=["U1-WL"]))
    assert response.status_code == 201, response.content
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.org == cast.branch and meeting.chair == cast.sec_member
    assert body["starts_at"] == "2025-07-03T15:00:00+08:00"
    assert [a["title"] for a in body["agenda"]] == ["研究发展党员"]
    assert body["leave_count"] == 1 and body["co_hosts"] == [{"code": "U1-WL", "name": "中共示例大学物流学院委员会"}]


def test_naive_times_are_taken_in_the_site_time_zone(cast, login):
    response = send(login(cast.secretary), "post", URL,
                    payload(cast, starts_at="2025-07-03T15:00:00", ends_at="2025-07-03T16:00:00"))
    assert response.json()["starts_at"] == "2025-07-03T15:00:00+08:00"


@pytest.mark.parametrize("overrides, key, text", [
    ({"ends_at": "2025-07-03T14:00:00+08:00"}, "ends_at", "结束时间不能早于开始时间"),
    ({"attendance": [{"member_id": "SIBLING"}]}, "attendance", "不是主办组织"),
    ({"attendance": [{"member_id": "SEC"}, {"member_id": "SEC"}]}, "attendance", "与第1行重复"),
    ({"attendance": [{"member_id": "SEC", "status": "leave"}]}, "attendance", "请假须填写事由"),
    ({"chair_member_id": "SIBLING"}, "chair", "主持人林晓不是主办组织"),
    ({"chair_member_id": 999999}, "chair_member_id", "没有找到编号为999999的党员"),
    ({"co_hosts": ["NOPE"]}, "co_hosts", "没有找到编码为“NOPE”的组织"),
])
def test_bad_input_is_422_and_nothing_is_saved(cast, login, overrides, key, text):
    ids = {"SIBLING": cast.sibling_member.pk, "SEC": cast.sec_member.pk}

    def fix(value):
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return ids.get(value, value) if isinstance(value, str) else value

    response = send(login(cast.secretary), "post", URL, payload(cast, **fix(overrides)))
    assert response.status_code == 422, response.content
    body = response.json()
    assert any(text in m for m in body["errors"][key]) and text in body["detail"]
    assert Meeting.all_objects.count() == AgendaItem.objects.count() == Attendance.objects.count() == 0


@pytest.mark.parametrize("who, status", [("reviewer", 403), ("member_user", 403), ("sibling_secretary", 404)])
def test_writes_are_for_the_hosts_managers(cast, login, meeting, who, status):
    client = login(getattr(cast, who))
    assert send(client, "post", URL, payload(cast)).status_code == status
    assert send(client, "patch", f"{URL}{meeting.pk}", {"title": "x"}).status_code == status
    assert send(client, "put", f"{URL}{meeting.pk}", payload(cast)).status_code == status
    assert client.delete(f"{URL}{meeting.pk}").status_code == status
    meeting.refresh_from_db()
    assert meeting.title == "调研座谈会" and not meeting.is_deleted
    assert Meeting.all_objects.count() == 1


def test_anonymous_gets_401(cast, client, meeting):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{meeting.pk}").status_code == 401
    assert send(client, "post", URL, payload(cast)).status_code == 401


def test_patch_changes_only_what_is_sent(cast, login, meeting):
    client = login(cast.secretary)
    response = send(client, "patch", f"{URL}{meeting.pk}", {"title": "“党支部工作法”调研座谈会"})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "“党支部工作法”调研座谈会"
    assert len(body["agenda"]) == 2 and body["chair_name"] == "贺明远" and len(body["co_hosts"]) == 2
    response = send(client, "patch", f"{URL}{meeting.pk}", {"attendance": [{"member_id": cast.plain_member.pk}]})
    assert [a["member_name"] for a in response.json()["attendance"]] == ["周敏"]
    response = send(client, "patch", f"{URL}{meeting.pk}", {"chair_member_id": cast.sec_member.pk})
    assert response.json()["chair_name"] == "陈立华"


def test_put_replaces_the_record(cast, login, meeting):
    client = login(cast.secretary)
    response = send(client, "put", f"{URL}{meeting.pk}", payload(cast, org=None, kind="symposium", guests=[
        {"name": "沈佳宁", "unit": "市委教育工委", "chair": True}]) | {"chair_member_id": None})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "七月支委会" and body["chair_name"] == "沈佳宁" and body["co_hosts"] == []
    assert send(client, "put", f"{URL}{meeting.pk}", payload(cast, org="U1-WL-XS")).status_code == 422


def test_delete_is_soft(cast, login, meeting):
    client = login(cast.secretary)
    assert client.delete(f"{URL}{meeting.pk}").status_code == 204
    assert client.get(f"{URL}{meeting.pk}").status_code == 404
    assert Meeting.all_objects.get(pk=meeting.pk).is_deleted


def test_tokens_work_like_sessions(cast, client, meeting):
    _, key = token_create(user=cast.sibling_secretary, name="脚本")
    assert client.get(f"{URL}{meeting.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    _, key = token_create(user=cast.secretary, name="脚本")
    response = client.post(URL, data=json.dumps(payload(cast)), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201

"""Meeting pages for the whole cast: who sees what, who may change what, the record form, bounded queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from zhibu.meetings import services
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import AgendaItem, Attendance, Guest, Meeting, MeetingKind
from zhibu.orgs.factories import MemberFactory

pytestmark = pytest.mark.django_db

READERS = [("secretary", 200), ("member_user", 200), ("organiser", 200), ("reviewer", 200), ("admin", 200),
           ("sibling_secretary", 404)]


@pytest.fixture
def meeting(cast):
    return make_meeting(
        org=cast.branch, by=cast.secretary, kind=MeetingKind.COMMITTEE_MEETING, title="三月支委会",
        starts_at=at("2025-03-05", 15, 0), place="学院305室", chair=cast.sec_member,
        attendees=[cast.sec_member, (cast.plain_member, "leave", "外出授课")],
        agenda=[services.AgendaRow("研究发展党员工作", presenter="陈立华")],
        guests=[services.GuestRow("沈佳宁", unit="市委教育工委组织一处", title="干部")],
        minutes="会议研究了发展党员工作。", resolutions="同意列为发展对象。",
    )


def form_data(cast, **overrides):
    data = {
        "kind": "general_meeting", "org": cast.branch.code, "title": "第一季度支部党员大会", "topic": "学习贯彻",
        "starts_at": "2025-03-12T14:30", "ends_at": "2025-03-12T16:30", "place": "学院112会议室",
        "chair": str(cast.sec_member.pk), "recorder": str(cast.plain_member.pk), "minutes": "会议记录正文",
        "resolutions": "", "co_host_codes": "",
        "agenda-title": ["学习", "表决"], "agenda-presenter": ["陈立华", ""], "agenda-summary": ["", ""],
        "guest-name": ["沈佳宁"], "guest-unit": ["市委教育工委"], "guest-title": ["干部"], "guest-role": ["guest"],
        "att-member": [str(cast.sec_member.pk), str(cast.plain_member.pk)], "att-status": ["present", "leave"],
        "att-reason": ["", "出差"],
    }
    data.update(overrides)
    return data


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", READERS)
def test_meeting_page_is_scoped(cast, login, meeting, who, status):
    response = login(getattr(cast, who)).get(meeting.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        for text in ("三月支委会", "学院305室", "研究发展党员工作", "外出授课", "沈佳宁", "同意列为发展对象", "变更记录"):
            assert text in body, text


@pytest.mark.parametrize("who, status", READERS)
def test_list_and_calendar_are_scoped(cast, login, meeting, who, status):
    client = login(getattr(cast, who))
    body = client.get(reverse("meetings:meeting_list")).content.decode()
    assert ("三月支委会" in body) is (status == 200)
    body = client.get(reverse("meetings:meeting_calendar") + "?month=2025-03").content.decode()
    assert ("三月支委会" in body) is (status == 200)
    assert "2025年3月" in body
    filtered = client.get(reverse("meetings:meeting_list") + f"?org={cast.branch.code}")
    assert filtered.status_code == status
    assert client.get(reverse("meetings:meeting_calendar") + f"?org={cast.branch.code}").status_code == status


def test_anonymous_is_sent_to_login(cast, client, meeting):
    for url in [reverse("meetings:meeting_list"), reverse("meetings:meeting_calendar"), reverse("meetings:meeting_create"),
                meeting.get_absolute_url(), reverse("meetings:meeting_edit", args=[meeting.pk]),
                reverse("meetings:meeting_export", args=[meeting.pk]), reverse("meetings:agenda_row")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_list_filters(cast, login, meeting):
    make_meeting(org=cast.branch, title="四月主题党日", kind=MeetingKind.THEME_DAY, starts_at=at("2025-04-20"))
    make_meeting(org=cast.sibling, title="学生支部党课", kind=MeetingKind.PARTY_LECTURE, starts_at=at("2025-04-21"))
    client = login(cast.organiser)
    url = reverse("meetings:meeting_list")

    def titles(query):
        body = client.get(url + query).content.decode()
        return {t for t in ("三月支委会", "四月主题党日", "学生支部党课") if t in body}

    assert titles("") == {"三月支委会", "四月主题党日", "学生支部党课"}
    assert titles("?kind=theme_day") == {"四月主题党日"}
    assert titles(f"?org={cast.sibling.code}") == {"学生支部党课"}
    assert titles("?date_from=2025-04-01&date_to=2025-04-20") == {"四月主题党日"}
    assert titles("?q=党课") == {"学生支部党课"}
    assert login(cast.secretary).get(url + f"?org={cast.sibling.code}").status_code == 404


def test_a_superior_co_host_sees_the_symposium(cast, login):
    """A research symposium co-hosted by the sibling branch is visible there, but only its host may change it."""
    symposium = make_meeting(org=cast.branch, kind=MeetingKind.SYMPOSIUM, title="调研座谈会", research=True,
                             co_hosts=[cast.sibling])
    client = login(cast.sibling_secretary)
    assert "调研座谈会" in client.get(reverse("meetings:meeting_list")).content.decode()
    assert client.get(symposium.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:meeting_edit", args=[symposium.pk])).status_code == 403
    assert "调研座谈会" in client.get(reverse("meetings:meeting_list") + f"?org={cast.sibling.code}").content.decode()


def test_read_only_roles_see_no_edit_buttons(cast, login, meeting):
    for who in ("member_user", "reviewer"):
        body = login(getattr(cast, who)).get(meeting.get_absolute_url()).content.decode()
        assert reverse("meetings:meeting_edit", args=[meeting.pk]) not in body
        assert "登记组织生活" not in login(getattr(cast, who)).get(reverse("meetings:meeting_list")).content.decode()
    body = login(cast.secretary).get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_edit", args=[meeting.pk]) in body


# --- writing -------------------------------------------------------------------------------------


def test_secretary_records_a_meeting_through_the_form(cast, login):
    client = login(cast.secretary)
    page = client.get(reverse("meetings:meeting_create")).content.decode()
    assert f'name="att-member" value="{cast.plain_member.pk}"' in page  # host's members listed by default
    response = client.post(reverse("meetings:meeting_create"), form_data(cast, **{"co_hosts": [cast.school.code]}))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.title, meeting.kind, meeting.place) == ("第一季度支部党员大会", "general_meeting", "学院112会议室")
    assert meeting.chair == cast.sec_member and meeting.recorder == cast.plain_member
    assert [a.title for a in meeting.agenda.all()] == ["学习", "表决"]
    assert meeting.guests.get().name == "沈佳宁"
    assert meeting.attendance.get(member=cast.plain_member).reason == "出差"
    assert [o.code for o in meeting.co_hosts.all()] == [cast.school.code]


def test_a_guest_can_chair_and_superiors_can_co_host_by_code(cast, login):
    data = form_data(cast, chair="", co_host_codes="M-ZZB, M-JYGW", **{
        "guest-name": ["贺明远", "沈佳宁"], "guest-unit": ["市委组织部", "市委教育工委"],
        "guest-title": ["组织二处一级主任科员", "干部"], "guest-role": ["chair", "guest"]})
    assert login(cast.secretary).post(reverse("meetings:meeting_create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.chair_guest.name == "贺明远"
    assert {o.code for o in meeting.co_hosts.all()} == {"M-ZZB", "M-JYGW"}


@pytest.mark.parametrize("overrides, field_text", [
    ({"ends_at": "2025-03-12T13:00"}, "结束时间不能早于开始时间"),
    ({"att-member": ["SIBLING"], "att-status": ["present"], "att-reason": [""]}, "不是主办组织"),
    ({"att-status": ["present", "leave"], "att-reason": ["", ""]}, "出席情况第2行（周敏）：请假须填写事由"),
    ({"att-member": ["SEC", "SEC"]}, "与第1行重复"),
    ({"chair": "SIBLING"}, "主持人须为主办组织的党员"),
    # An org outside the user's scope and neighbourhood is "not found", like one that does not exist.
    ({"co_host_codes": "U1-JG-GS NOPE"}, "没有找到编码为“U1-JG-GS”、“NOPE”的组织"),
    ({"agenda-title": ["", "表决"], "agenda-presenter": ["陈立华", ""]}, "议程第1项：请填写议题"),
])
def test_bad_input_is_refused_and_the_form_shows_what_was_typed(cast, login, overrides, field_text):
    ids = {"SIBLING": str(cast.sibling_member.pk), "SEC": str(cast.sec_member.pk)}
    overrides = {k: ([ids.get(x, x) for x in v] if isinstance(v, list) else ids.get(v, v)) for k, v in overrides.items()}
    response = login(cast.secretary).post(reverse("meetings:meeting_create"), form_data(cast, **overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert field_text in body
    assert "第一季度支部党员大会" in body and "会议记录正文" in body and 'value="表决"' in body
    assert "沈佳宁" in body and "已填写的内容都还在" in body
    assert Meeting.all_objects.count() == AgendaItem.objects.count() == Guest.objects.count() == 0
    assert Attendance.objects.count() == 0


def test_a_bad_attachment_in_the_form_saves_nothing(cast, login, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(cast, files=[SimpleUploadedFile("合影.jpg", b"not an image")])
    response = login(cast.secretary).post(reverse("meetings:meeting_create"), data)
    assert response.status_code == 200
    assert "“合影.jpg”的内容不是照片" in response.content.decode()
    assert Meeting.all_objects.count() == 0


@pytest.mark.parametrize("who, status", [("reviewer", 403), ("member_user", 403), ("sibling_secretary", 404),
                                         ("organiser", 200), ("secretary", 200)])
def test_edit_is_for_the_hosts_managers(cast, login, meeting, who, status):
    assert login(getattr(cast, who)).get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == status
    post = login(getattr(cast, who)).post(reverse("meetings:meeting_edit", args=[meeting.pk]),
                                          form_data(cast, title="改过的标题"))
    assert post.status_code == (302 if status == 200 else status)
    meeting.refresh_from_db()
    assert (meeting.title == "改过的标题") is (status == 200)


def test_the_edit_form_shows_the_record_and_saves_it(cast, login, meeting):
    client = login(cast.secretary)
    body = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).content.decode()
    assert 'value="研究发展党员工作"' in body and 'value="外出授课"' in body and 'value="沈佳宁"' in body
    data = form_data(cast, kind="committee_meeting", title="三月支委会（补记）")
    assert client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "三月支委会（补记）" and meeting.agenda.count() == 2


@pytest.mark.parametrize("who", ["reviewer", "member_user"])
def test_read_only_roles_cannot_record(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("meetings:meeting_create")).status_code == 403
    assert client.post(reverse("meetings:meeting_create"), form_data(cast)).status_code == 403
    assert Meeting.all_objects.count() == 0


def test_an_outsider_cannot_record_for_another_branch(cast, login):
    client = login(cast.sibling_secretary)
    assert client.get(reverse("meetings:meeting_create") + f"?org={cast.branch.code}").status_code == 404
    response = client.post(reverse("meetings:meeting_create"), form_data(cast))
    assert response.status_code == 200 and "没有找到该组织" in response.content.decode()
    assert Meeting.all_objects.count() == 0


def test_delete_restore_and_trash(cast, login, meeting):
    url = reverse("meetings:meeting_delete", args=[meeting.pk])
    assert login(cast.reviewer).post(url, {"reason": "x"}).status_code == 403
    assert login(cast.sibling_secretary).post(url, {"reason": "x"}).status_code == 404
    client = login(cast.secretary)
    assert client.post(url, {"reason": "重复登记"}).status_code == 302
    assert ">三月支委会</a>" not in client.get(reverse("meetings:meeting_list")).content.decode()
    assert "三月支委会" in client.get(reverse("meetings:meeting_trash")).content.decode()
    assert "已于" in client.get(meeting.get_absolute_url()).content.decode()
    assert login(cast.reviewer).get(meeting.get_absolute_url()).status_code == 404
    restore = reverse("meetings:meeting_restore", args=[meeting.pk])
    assert login(cast.reviewer).post(restore).status_code == 404
    assert login(cast.secretary).post(restore).status_code == 302
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# --- htmx partials -------------------------------------------------------------------------------


def test_row_partials(cast, login):
    client = login(cast.secretary)
    assert 'name="agenda-title"' in client.get(reverse("meetings:agenda_row")).content.decode()
    assert 'name="guest-role"' in client.get(reverse("meetings:guest_row")).content.decode()
    row = client.get(reverse("meetings:attendance_row") + f"?add_member={cast.plain_member.pk}").content.decode()
    assert "周敏" in row and f'value="{cast.plain_member.pk}"' in row
    assert client.get(reverse("meetings:attendance_row") + f"?add_member={cast.sibling_member.pk}").status_code == 404
    group = client.get(reverse("meetings:host_fields") + f"?org={cast.group.code}&kind=group_meeting").content.decode()
    assert "周敏" in group and f'name="att-member" value="{cast.sec_member.pk}"' not in group
    assert client.get(reverse("meetings:host_fields") + f"?org={cast.sibling.code}").status_code == 404
    assert login(cast.reviewer).get(reverse("meetings:host_fields") + f"?org={cast.branch.code}").status_code == 403


def test_a_committee_meeting_lists_the_committee_by_default(cast, login):
    MemberFactory(org=cast.branch, name="刘志远")
    body = login(cast.secretary).get(
        reverse("meetings:host_fields") + f"?org={cast.branch.code}&kind=committee_meeting").content.decode()
    assert f'name="att-member" value="{cast.sec_member.pk}"' in body
    assert f'name="att-member" value="{cast.plain_member.pk}"' not in body


# --- Word export ---------------------------------------------------------------------------------


def test_word_export_reads_back(cast, login, meeting):
    response = login(cast.member_user).get(reverse("meetings:meeting_export", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert "会议记录" in text and "三月支委会" in text
    assert cells["时间"] == "2025-03-05 15:00—17:00"
    assert cells["地点"] == "学院305室"
    assert cells["主持人"] == "陈立华"
    assert cells["应到人数"] == "2人"
    assert cells["实到人数"] == "1人：陈立华"
    assert cells["请假人数"] == "1人：周敏（外出授课）"
    assert cells["缺席人数"] == "0人：无"
    assert cells["来宾"] == "市委教育工委组织一处 干部 沈佳宁"
    assert cells["议程"] == "1. 研究发展党员工作（陈立华）"
    assert "会议研究了发展党员工作。" in text and "同意列为发展对象。" in text
    assert login(cast.sibling_secretary).get(reverse("meetings:meeting_export", args=[meeting.pk])).status_code == 404


# --- bounded queries -----------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _meetings(cast, n, start=0):
    members = [MemberFactory(org=cast.branch, name=f"党员{i}") for i in range(start, n)]
    for i in range(start, n):
        make_meeting(org=cast.branch, title=f"会议{i}", starts_at=at(dt.date(2025, 3, 1 + i % 28), 9 + i % 8),
                     co_hosts=[cast.school] if i % 2 else [],
                     attendees=[cast.sec_member, *members[: i - start + 1]])


@pytest.mark.parametrize("url", ["list", "calendar", "detail"])
def test_query_count_does_not_grow_with_data(cast, login, url):
    client = login(cast.organiser)
    _meetings(cast, 3)
    first = Meeting.objects.order_by("pk").first()
    target = {"list": reverse("meetings:meeting_list"),
              "calendar": reverse("meetings:meeting_calendar") + "?month=2025-03",
              "detail": first.get_absolute_url()}[url]
    small = _count_queries(client, target)
    _meetings(cast, 30, start=3)
    services.attendance_set(by=None, meeting=first, rows=[
        services.AttendanceRow(m.pk) for m in cast.branch.members.all()])
    assert first.attendance.count() >= 30
    large = _count_queries(client, target)
    assert small == large, (small, large)
    assert large <= 20


def test_trash_lists_only_what_the_user_may_restore(cast, login, meeting):
    services.meeting_delete(by=cast.secretary, meeting=meeting)
    assert "三月支委会" in login(cast.organiser).get(reverse("meetings:meeting_trash")).content.decode()
    for who in ("reviewer", "member_user", "sibling_secretary"):
        body = login(getattr(cast, who)).get(reverse("meetings:meeting_trash")).content.decode()
        assert "三月支委会" not in body, who
    assert login(cast.sibling_secretary).post(reverse("meetings:meeting_restore", args=[meeting.pk])).status_code == 404
    assert login(cast.member_user).post(reverse("meetings:meeting_restore", args=[meeting.pk])).status_code == 404

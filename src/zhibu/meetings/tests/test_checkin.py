"""QR check-in: a signed link, valid only around the meeting's time, for the host's members only."""

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from zhibu.meetings.checkin import SALT, checkin_path, checkin_token
from zhibu.meetings.factories import make_meeting
from zhibu.meetings.models import Attendance

pytestmark = pytest.mark.django_db


def now_meeting(cast, minutes_from_now: int = -10, hours: float = 2, **kw):
    return make_meeting(org=kw.pop("org", cast.branch), starts_at=timezone.now() + dt.timedelta(minutes=minutes_from_now),
                        hours=hours, **kw)


def test_a_member_who_opens_the_link_is_marked_present(cast, login):
    meeting = now_meeting(cast, attendees=[(cast.plain_member, "absent")])
    response = login(cast.member_user).get(checkin_path(meeting))
    assert response.status_code == 200
    assert "签到成功" in response.content.decode()
    row = Attendance.objects.get(meeting=meeting, member=cast.plain_member)
    assert (row.status, row.via) == ("present", "qr")
    assert abs((timezone.now() - row.checked_in_at).total_seconds()) < 60
    again = login(cast.member_user).get(checkin_path(meeting))
    assert "您已签到" in again.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    page = login(cast.secretary).get(meeting.get_absolute_url()).content.decode()
    assert "扫码1" in page


def test_a_member_not_yet_listed_is_added(cast, login):
    meeting = now_meeting(cast)
    login(cast.secretary).get(checkin_path(meeting))
    assert Attendance.objects.get(meeting=meeting).member == cast.sec_member


def test_a_forged_signature_is_refused(cast, login):
    meeting = now_meeting(cast)
    token = checkin_token(meeting)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = login(cast.member_user).get(reverse("meetings:checkin", args=[meeting.pk, forged]))
    assert response.status_code == 403
    assert "签到链接无效" in response.content.decode()
    other_salt = signing.Signer(salt="something-else").sign_object({"m": meeting.pk})
    assert login(cast.member_user).get(reverse("meetings:checkin", args=[meeting.pk, other_salt])).status_code == 403
    assert not Attendance.objects.exists()


def test_a_link_for_another_meeting_is_refused(cast, login):
    meeting, other = now_meeting(cast, title="支委会"), now_meeting(cast, title="党课")
    response = login(cast.member_user).get(reverse("meetings:checkin", args=[meeting.pk, checkin_token(other)]))
    assert response.status_code == 403
    assert "另一场会议" in response.content.decode()
    assert not Attendance.objects.exists()
    assert signing.Signer(salt=SALT).unsign_object(checkin_token(other)) == {"m": other.pk}
    assert checkin_token(other) == checkin_token(other)  # stable: a printed code keeps working


@pytest.mark.parametrize("minutes_from_now, hours, message", [
    (-200, 2, "签到已结束"),     # ended 80 minutes ago
    (90, 2, "签到尚未开始"),     # starts in 90 minutes
])
def test_links_are_valid_only_around_the_meeting(cast, login, minutes_from_now, hours, message):
    meeting = now_meeting(cast, minutes_from_now, hours)
    response = login(cast.member_user).get(checkin_path(meeting))
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_window_is_judged_on_use_from_the_meetings_current_time(cast, login):
    meeting = now_meeting(cast, 30)  # opens 60 minutes before the start: already open
    path = checkin_path(meeting)
    meeting.starts_at += dt.timedelta(days=1)
    meeting.ends_at += dt.timedelta(days=1)
    meeting.save()
    assert "签到尚未开始" in login(cast.member_user).get(path).content.decode()


def test_an_outsider_is_not_checked_in(cast, login):
    """The sibling branch's secretary, with a member record of her own branch, is not a member of the host."""
    cast.sibling_member.user = cast.sibling_secretary
    cast.sibling_member.save()
    meeting = now_meeting(cast)
    response = login(cast.sibling_secretary).get(checkin_path(meeting))
    assert response.status_code == 403
    assert "林晓不是主办组织“物流管理专业教工党支部”的党员" in response.content.decode()
    response = login(cast.reviewer).get(checkin_path(meeting))
    assert "没有关联党员信息" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_group_meeting_checks_in_only_the_groups_members(cast, login):
    meeting = now_meeting(cast, org=cast.group)
    assert login(cast.secretary).get(checkin_path(meeting)).status_code == 403
    assert login(cast.member_user).get(checkin_path(meeting)).status_code == 200


def test_a_deleted_meeting_refuses_check_in(cast, login):
    from zhibu.meetings import services

    meeting = now_meeting(cast)
    services.meeting_delete(by=cast.secretary, meeting=meeting)
    assert "已被删除" in login(cast.member_user).get(checkin_path(meeting)).content.decode()


def test_anonymous_users_log_in_and_come_back(cast, client):
    meeting = now_meeting(cast)
    path = checkin_path(meeting)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    response = client.post(response["Location"], {"username": "member", "password": "pw-test-123"})
    assert response.status_code == 302 and response["Location"] == path
    assert "签到成功" in client.get(path).content.decode()


def test_the_qr_code_is_shown_to_managers_only(cast, login):
    meeting = now_meeting(cast)
    body = login(cast.secretary).get(meeting.get_absolute_url()).content.decode()
    assert '<svg viewBox=' in body and checkin_path(meeting) in body and "签到进行中" in body
    for who in ("member_user", "reviewer", "organiser"):
        body = login(getattr(cast, who)).get(meeting.get_absolute_url()).content.decode()
        assert (checkin_path(meeting) in body) is (who == "organiser"), who

"""Deeds: logging (with evidence checked by content), confirmation by a beneficiary's signed link or the
secretary, and the refusals: twice, by the author, an expired or forged link."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.assessment import services
from zhibu.assessment.factories import make_deed
from zhibu.assessment.models import Deed
from zhibu.core.audit import history_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_member_logs_a_deed_with_evidence_and_it_waits(cast, media_root):
    deed = services.deed_log(by=cast.member_user, member=cast.plain_member, date=dt.date(2025, 6, 20),
                             title="为毕业生打包邮寄行李", category="gradmail", hours="3.5", beneficiaries=12,
                             beneficiary_note="2025届物流管理专业毕业生",
                             evidence=SimpleUploadedFile("现场.png", PNG, content_type="image/png"))
    assert deed.status == Deed.Status.PENDING and deed.org == cast.branch and deed.org_path == cast.branch.path
    assert deed.evidence_type == "image/png" and deed.evidence_name == "现场.png"
    assert history_for(deed).first().action == "create"


def test_bad_input_is_refused_naming_the_field(cast, media_root):
    with pytest.raises(ValidationError) as exc:
        services.deed_log(by=cast.member_user, member=cast.plain_member, date=dt.date(2099, 1, 1), title="",
                          category="nonsense", hours="-1", evidence=SimpleUploadedFile("照片.jpg", b"MZ not a photo"))
    errors = exc.value.message_dict
    assert set(errors) >= {"date", "title", "category", "hours"}
    with pytest.raises(ValidationError) as exc:
        services.deed_log(by=cast.member_user, member=cast.plain_member, date=dt.date(2025, 1, 1), title="x",
                          category="other", hours=1, evidence=SimpleUploadedFile("照片.jpg", b"MZ not a photo"))
    assert "按文件内容判断" in exc.value.message_dict["evidence"][0]
    assert not Deed.objects.exists()


def test_only_oneself_or_the_branch_may_log(cast):
    with pytest.raises(PermissionDenied):
        make_deed(member=cast.plain_member, by=cast.sibling_secretary)
    assert make_deed(member=cast.plain_member, by=cast.secretary).created_by == cast.secretary


def test_the_secretary_confirms_once(cast):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    deed = services.deed_confirm(by=cast.secretary, deed=deed, note="属实")
    assert deed.is_confirmed and deed.confirmed_via == "secretary" and deed.confirmed_by == cast.secretary
    with pytest.raises(ValidationError) as exc:
        services.deed_confirm(by=cast.secretary, deed=deed)
    assert "不能重复确认" in exc.value.messages[0]
    assert history_for(deed).count() == 2


def test_nobody_confirms_their_own_deed(cast):
    own = make_deed(member=cast.sec_member, by=cast.secretary)
    with pytest.raises(ValidationError) as exc:
        services.deed_confirm(by=cast.secretary, deed=own)
    assert "不能确认本人的实事" in exc.value.messages[0]
    logged_for = make_deed(member=cast.plain_member, by=cast.secretary)
    with pytest.raises(ValidationError, match="本人登记"):
        services.deed_confirm(by=cast.secretary, deed=logged_for)
    own.refresh_from_db()
    assert own.status == Deed.Status.PENDING and history_for(own).count() == 1


def test_outsiders_and_members_cannot_confirm(cast):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    for user in (cast.sibling_secretary, cast.member_user, cast.reviewer):
        with pytest.raises(PermissionDenied):
            services.deed_confirm(by=user, deed=deed)


def test_a_beneficiary_confirms_through_the_signed_link(cast):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    token = services.deed_confirm_token(deed)
    with pytest.raises(ValidationError) as exc:
        services.deed_confirm_by_beneficiary(token=token, name="周敏")
    assert "不能确认本人的实事" in str(exc.value)
    with pytest.raises(ValidationError):
        services.deed_confirm_by_beneficiary(token=token, name="王同学", by=cast.member_user)
    done = services.deed_confirm_by_beneficiary(token=token, name="王同学", note="感谢老师")
    assert done.confirmed_via == "beneficiary" and done.confirmer_name == "王同学" and done.confirmed_by is None
    with pytest.raises(ValidationError, match="不能重复确认"):
        services.deed_confirm_by_beneficiary(token=token, name="李同学")
    done.refresh_from_db()
    assert done.confirmer_name == "王同学"


def test_expired_and_forged_links_are_refused(cast, monkeypatch):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    token = services.deed_confirm_token(deed)
    with pytest.raises(ValidationError, match="确认链接无效"):
        services.deed_from_token(token[:-2] + "xx")
    other = make_deed(member=cast.sec_member, by=cast.secretary)
    forged = token.replace(f"{deed.pk}.", f"{other.pk}.", 1)
    with pytest.raises(ValidationError, match="确认链接无效"):
        services.deed_from_token(forged)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", dt.timedelta(seconds=-1))
    with pytest.raises(ValidationError, match="已过期"):
        services.deed_confirm_by_beneficiary(token=token, name="王同学")
    deed.refresh_from_db()
    assert deed.status == Deed.Status.PENDING


def test_badge_pledge_is_once_a_year(cast):
    first = services.badge_pledge(by=cast.member_user, member=cast.plain_member, year=2026)
    again = services.badge_pledge(by=cast.member_user, member=cast.plain_member, year=2026)
    assert first.pk == again.pk and history_for(first).count() == 1
    with pytest.raises(PermissionDenied):
        services.badge_pledge(by=cast.member_user, member=cast.sec_member, year=2026)

"""Case drafts: text, honours, evidence from the branch's own records only, media checked by content, history."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.core import evidence
from zhibu.core.audit import history_for
from zhibu.meetings.factories import make_meeting
from zhibu.methods import services
from zhibu.methods.factories import make_case, make_method, make_symposium
from zhibu.methods.models import CaseMedia, Evidence
from zhibu.orgs import services as org_services

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def test_a_case_starts_as_a_draft_of_the_branch(cast):
    case = make_case(branch=cast.branch, by=cast.secretary)
    assert case.status == "draft" and case.round == 0 and case.org_path == cast.branch.path
    assert " 课程 " in case.search_text and " 思政 " in case.search_text
    assert history_for(case).get().action == "create"


@pytest.mark.parametrize("who", ["member_user", "sibling_secretary", "organiser", "reviewer"])
def test_only_the_branchs_writers_may_write_a_case(cast, who):
    method = make_method(branch=cast.branch, by=cast.secretary)
    with pytest.raises(PermissionDenied):
        services.case_create(by=getattr(cast, who), method=method, title="案例")


def test_evidence_must_be_the_branchs_own_records(cast):
    case = make_case(branch=cast.branch, by=cast.secretary)
    own = make_meeting(org=cast.branch, title="主题党日：走进企业")
    research = make_symposium(branch=cast.municipal, co_hosts=[cast.branch])  # a superior's, co-hosted by the branch
    other = make_meeting(org=cast.other_branch, title="兄弟支部的主题党日")
    rows = services.case_evidence_set(by=cast.secretary, case=case, records=[("meeting", own.pk),
                                                                              ("meeting", research.pk)])
    assert {e.record_id for e in rows} == {own.pk, research.pk}
    assert rows[0].title.startswith("座谈会/调研") and rows[0].record_date.isoformat() == "2022-07-14"
    with pytest.raises(ValidationError) as exc:
        services.case_evidence_set(by=cast.secretary, case=case, records=[("meeting", own.pk), ("meeting", other.pk)])
    assert exc.value.message_dict["evidence"] == [f"组织生活记录（编号{other.pk}）不是本支部的记录，不能作为佐证"]
    assert Evidence.objects.filter(case=case).count() == 2, "nothing changed"
    assert "佐证材料" in history_for(case).first().changes


def test_the_registry_lets_other_apps_add_record_types(cast):
    case = make_case(branch=cast.branch, by=cast.secretary)
    records = [evidence.EvidenceRecord(kind="deed", id=7, date=None, title="为毕业生打包邮寄行李")]
    evidence.register(evidence.Source(kind="deed", label="办实事",
                                      records=lambda path, ids=None, q="", limit=200: records if path == case.org_path else []))
    try:
        rows = services.case_evidence_set(by=cast.secretary, case=case, records=[("deed", 7)])
        assert rows[0].title == "为毕业生打包邮寄行李"
        with pytest.raises(ValidationError, match="不认识的记录类型“visit”"):
            services.case_evidence_set(by=cast.secretary, case=case, records=[("visit", 1)])
    finally:
        evidence._SOURCES.pop("deed")


def test_honours_must_be_the_branchs(cast):
    own = org_services.honour_add(by=None, org=cast.branch, title="全国党建工作样板支部", year=2019, level="national")
    other = org_services.honour_add(by=None, org=cast.sibling, title="优秀学生党支部", year=2021, level="school")
    case = make_case(branch=cast.branch, by=cast.secretary)
    services.case_update(by=cast.secretary, case=case, honours=[own])
    assert list(case.honours.all()) == [own]
    with pytest.raises(ValidationError, match="荣誉“优秀学生党支部”不属于本支部"):
        services.case_update(by=cast.secretary, case=case, honours=[own, other])


def test_autosaves_fold_into_one_history_entry_per_session(cast):
    case = make_case(branch=cast.branch, by=cast.secretary, outcome="初稿")
    services.case_update(by=cast.secretary, case=case, autosave=True, outcome="第二稿")
    services.case_update(by=cast.secretary, case=case, autosave=True, outcome="第三稿")
    services.case_update(by=cast.secretary, case=case, autosave=True, title="新标题")
    entries = list(history_for(case))
    assert len(entries) == 2
    assert entries[0].note == "自动保存"
    assert entries[0].changes["outcome"] == ["初稿", "第三稿"]
    assert entries[0].changes["title"][1] == "新标题"
    services.case_update(by=cast.secretary, case=case, outcome="定稿")
    assert history_for(case).count() == 3, "a manual save is an entry of its own"


def test_photos_are_checked_by_content_and_videos_by_scheme(cast, media_root):
    case = make_case(branch=cast.branch, by=cast.secretary)
    photo = services.case_media_add_photo(by=cast.secretary, case=case, upload=SimpleUploadedFile("a.png", PNG),
                                          caption="样板支部授牌")
    assert photo.kind == "photo" and photo.content_type == "image/png"
    fake = SimpleUploadedFile("b.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="不是照片|内容不是"):
        services.case_media_add_photo(by=cast.secretary, case=case, upload=fake)
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF")
    with pytest.raises(ValidationError, match="不是照片"):
        services.case_media_add_photo(by=cast.secretary, case=case, upload=pdf, name="c.pdf")
    with pytest.raises(ValidationError, match="http"):
        services.case_media_add_video(by=cast.secretary, case=case, url="javascript:alert(1)")
    services.case_media_add_video(by=cast.secretary, case=case, url="https://video.example.cn/v/1", caption="开场视频")
    assert CaseMedia.objects.filter(case=case).count() == 2
    services.case_media_remove(by=cast.secretary, media=photo)
    assert list(CaseMedia.objects.filter(case=case).values_list("kind", flat=True)) == ["video"]


def test_a_submitted_case_cannot_be_deleted_and_a_fresh_draft_can(cast):
    case = make_case(branch=cast.branch, by=cast.secretary)
    services.case_delete(by=cast.secretary, case=case)
    assert case.is_deleted

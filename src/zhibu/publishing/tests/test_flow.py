"""The editorial flow: draft → in review → published → withdrawn, a second person approves, the text guard
refuses spam unless overridden with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.core.audit import history_for
from zhibu.publishing import services, signing
from zhibu.publishing.factories import SPAM_BODY, make_article, publish
from zhibu.publishing.models import Article, ImmutableError, Publication

pytestmark = pytest.mark.django_db
State = Article.State


def test_the_flow_runs_draft_review_published_withdrawn_and_back(cast):
    article = make_article(org=cast.branch, by=cast.secretary)
    assert article.state == State.DRAFT and article.findings == [] and article.author == cast.secretary
    services.article_submit(by=cast.secretary, article=article)
    assert article.state == State.IN_REVIEW
    services.article_return(by=cast.organiser, article=article, note="请补充会议时间")
    assert article.state == State.DRAFT and article.review_note == "请补充会议时间"
    services.article_update(
        by=cast.secretary, article=article, title=article.title, body=article.body + "\n\n补充。"
    )
    services.article_submit(by=cast.secretary, article=article)
    pub = services.article_approve(by=cast.organiser, article=article)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.publication == pub and pub.version == 1
    assert pub.signed_by == cast.organiser and signing.verify(pub)
    with pytest.raises(ValidationError, match="撤回原因"):
        services.article_withdraw(by=cast.secretary, article=article, reason=" ")
    services.article_withdraw(by=cast.secretary, article=article, reason="内容需更新")
    assert article.state == State.WITHDRAWN
    services.article_reopen(by=cast.secretary, article=article)
    services.article_update(by=cast.secretary, article=article, title="新标题", body="新的正文。")
    publish(article, by=cast.secretary, approver=cast.organiser)
    assert [p.version for p in article.publications.order_by("version")] == [1, 2]
    notes = [e.note for e in history_for(article)]
    assert any("撤回：内容需更新" in n for n in notes) and any("退回修改：请补充会议时间" in n for n in notes)


def test_the_author_cannot_approve_their_own_article(cast):
    article = make_article(org=cast.branch, by=cast.secretary)
    services.article_submit(by=cast.secretary, article=article)
    with pytest.raises(PermissionDenied, match="作者不能审核"):
        services.article_approve(by=cast.secretary, article=article)
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW and not Publication.objects.exists()


def test_read_only_and_outside_users_cannot_write_or_approve(cast):
    with pytest.raises(PermissionDenied):
        make_article(org=cast.branch, by=cast.member_user)
    with pytest.raises(PermissionDenied):
        make_article(org=cast.branch, by=cast.sibling_secretary)
    article = make_article(org=cast.branch, by=cast.secretary)
    services.article_submit(by=cast.secretary, article=article)
    for user in (cast.member_user, cast.sibling_secretary, cast.reviewer):
        with pytest.raises(PermissionDenied):
            services.article_approve(by=user, article=article)


def test_only_drafts_are_edited_and_states_are_checked(cast, news):
    with pytest.raises(ValidationError, match="不能修改"):
        services.article_update(by=cast.secretary, article=news, title="x", body="y")
    with pytest.raises(ValidationError, match="不能提交审核"):
        services.article_submit(by=cast.secretary, article=news)
    with pytest.raises(ValidationError) as e:
        make_article(org=cast.branch, by=cast.secretary, title=" ", body="")
    assert set(e.value.message_dict) == {"title", "body"}


def test_the_guard_refuses_a_spam_article_and_an_override_needs_a_reason(cast):
    article = make_article(org=cast.branch, by=cast.secretary, title="座谈会召开", body=SPAM_BODY)
    assert article.findings and article.findings[0]["phrase"] == "全球最大的赌钱网"
    assert article.findings[0]["replaces"] == "示例大学"
    services.article_submit(by=cast.secretary, article=article)
    with pytest.raises(ValidationError) as e:
        services.article_approve(by=cast.organiser, article=article)
    assert "全球最大的赌钱网" in e.value.message_dict["override_reason"][0]
    with pytest.raises(ValidationError, match="至少"):
        services.article_approve(by=cast.organiser, article=article, override_reason="好")
    with pytest.raises(PermissionDenied):
        services.article_approve(by=cast.secretary, article=article, override_reason="作者自己强制发布")
    assert not Publication.objects.exists()
    pub = services.article_approve(
        by=cast.organiser, article=article, override_reason="引用原网页被篡改的证据，需要原样展示"
    )
    assert pub.override_reason.startswith("引用原网页") and pub.findings == article.findings
    assert any("强制发布" in e.note and "引用原网页" in e.note for e in history_for(article))


def test_a_clean_article_passes_and_keeps_no_override(cast, news):
    assert news.findings == [] and news.publication.override_reason == ""


def test_the_signed_snapshot_is_immutable(cast, news):
    pub = news.publication
    pub.html = "<p>changed</p>"
    with pytest.raises(ImmutableError):
        pub.save()
    with pytest.raises(ImmutableError):
        pub.delete()


def test_signing_key_from_settings_or_derived_from_the_secret_key(cast, settings):
    settings.ZHIBU_PUBLISHING_KEY = ""
    derived = signing.signing_key()
    assert derived != settings.SECRET_KEY.encode() and len(derived) == 32
    settings.ZHIBU_PUBLISHING_KEY = "a-long-configured-key"
    assert signing.signing_key() == b"a-long-configured-key" and signing.key_id() != signing.key_id(derived)


def test_a_key_change_makes_old_signatures_fail_with_a_reason(cast, news, settings):
    settings.ZHIBU_PUBLISHING_KEY = "another-key"
    verdict = signing.verify(news.publication)
    assert not verdict and "密钥" in verdict.reason


def test_a_case_writeup_is_prefilled_from_a_published_case(cast, writeup):
    article = writeup.article
    assert article.kind == Article.Kind.CASE and article.case == writeup.case and article.org == cast.branch
    assert "教工与学生党支部共建" in article.body and "## 经验启示" in article.body
    assert article.state == State.PUBLISHED
    with pytest.raises(ValidationError, match="已有案例稿"):
        services.case_writeup_create(by=cast.secretary, case_id=writeup.case.pk)


def test_a_case_not_yet_published_cannot_be_written_up(cast):
    from zhibu.methods.factories import make_case

    case = make_case(branch=cast.branch, by=cast.secretary)
    with pytest.raises(ValidationError, match="尚未发布"):
        services.case_writeup_create(by=cast.secretary, case_id=case.pk)

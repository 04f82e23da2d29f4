"""Who is told: approvers on submit (never the author), the author on each decision, org admins and
superusers when an integrity check finds tampering or cloaking — in the inbox, and by mail after commit."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from zhibu.core.models import Notification
from zhibu.orgs.factories import UserFactory, grant
from zhibu.orgs.models import Role
from zhibu.publishing import services
from zhibu.publishing.factories import make_article, publish

pytestmark = pytest.mark.django_db
SPAM = "全球最大的赌钱网"


def inbox(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("verb", "url"))


def test_on_submit_everyone_who_may_approve_is_told_but_not_the_author(cast):
    committee = UserFactory(username="committee", first_name="李强")
    grant(committee, cast.branch, Role.Kind.COMMITTEE_MEMBER)
    school_admin = UserFactory(username="school-admin")
    grant(school_admin, cast.school, Role.Kind.ORG_ADMIN)
    article = make_article(org=cast.branch, by=cast.secretary, title="主题党日")
    services.article_submit(by=cast.secretary, article=article)
    url = f"/publishing/{article.pk}/"
    expected = [("物流管理专业教工党支部提交了新闻“主题党日”，请审核发布", url)]
    for user in (cast.organiser, committee, school_admin):
        assert inbox(user) == expected
    for user in (cast.secretary, cast.member_user, cast.reviewer, cast.sibling_secretary, cast.admin):
        assert inbox(user) == [], user.username


def test_superusers_are_told_only_when_nobody_else_may_approve(cast):
    article = make_article(org=cast.other_branch, by=cast.organiser, title="经管学院新闻")
    services.article_submit(by=cast.organiser, article=article)
    assert inbox(cast.admin) == [
        ("工商管理教工党支部提交了新闻“经管学院新闻”，请审核发布", f"/publishing/{article.pk}/")
    ]
    assert inbox(cast.organiser) == []


def test_the_author_is_told_of_return_publication_and_withdrawal(cast):
    article = make_article(org=cast.branch, by=cast.secretary, title="主题党日")
    services.article_submit(by=cast.secretary, article=article)
    services.article_return(by=cast.organiser, article=article, note="请补充时间")
    publish(article, by=cast.secretary, approver=cast.organiser)
    services.article_withdraw(by=cast.organiser, article=article, reason="内容需更新")
    assert [verb for verb, _url in inbox(cast.secretary)] == [
        "您的新闻“主题党日”被退回修改：请补充时间",
        "您的新闻“主题党日”已审核通过并发布（第1版）",
        "您的新闻“主题党日”已撤回：内容需更新",
    ]
    assert {url for _verb, url in inbox(cast.secretary)} == {f"/publishing/{article.pk}/"}
    services.article_reopen(by=cast.secretary, article=article)
    services.article_submit(by=cast.secretary, article=article)
    services.article_approve(by=cast.organiser, article=article)
    article.refresh_from_db()
    services.article_withdraw(by=cast.secretary, article=article, reason="作者自己撤回")
    assert inbox(cast.secretary)[-1][0] == "您的新闻“主题党日”已审核通过并发布（第2版）", (
        "no notice of one's own step"
    )


def test_mail_goes_out_after_commit(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.organiser.email, cast.secretary.email = "o@example.cn", "s@example.cn"
    cast.organiser.save()
    cast.secretary.save()
    article = make_article(org=cast.branch, by=cast.secretary, title="主题党日")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(by=cast.secretary, article=article)
    assert [m.to for m in mail.outbox] == [["o@example.cn"]] and "请审核发布" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(by=cast.organiser, article=article)
    assert mail.outbox[1].to == ["s@example.cn"] and "已审核通过并发布" in mail.outbox[1].subject
    assert f"/publishing/{article.pk}/" in mail.outbox[1].body


def _check() -> int:
    try:
        call_command("integrity_check", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as e:
        return e.code
    return 0


def test_tampering_is_told_to_the_org_admins_above_and_the_superusers(
    cast, news, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.organiser.email = "o@example.cn"
    cast.organiser.save()
    other = publish(
        make_article(org=cast.other_branch, by=cast.organiser, title="经管学院新闻"),
        by=cast.organiser,
        approver=cast.admin,
    )
    other_admin = UserFactory(username="jg-admin")
    grant(other_admin, cast.other_school, Role.Kind.ORG_ADMIN)
    Notification.objects.all().delete()
    assert _check() == 0 and not Notification.objects.exists(), "a clean check tells nobody"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET title = %s WHERE id = %s", [SPAM, news.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert _check() == 1
    [(verb, url)] = inbox(cast.organiser)
    assert f"“{news.publication.title}”" in verb and "被篡改" in verb and SPAM not in verb
    assert url == f"/publishing/{news.pk}/"
    [(verb, url)] = inbox(cast.admin)
    assert verb.startswith("完整性检查 #") and "涉及1篇文章" in verb and url == "/publishing/integrity/"
    assert inbox(other_admin) == [] and inbox(cast.secretary) == [], (
        "only the admins above the affected article"
    )
    assert any(m.to == ["o@example.cn"] and "被篡改" in m.subject for m in mail.outbox)
    assert other.state == "published"


def test_cloaking_is_told_too(cast, news, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "zhibu.publishing.tests.test_integrity.CloakingMiddleware"]
    Notification.objects.all().delete()
    assert _check() == 1
    assert "对搜索引擎展示不同内容" in inbox(cast.admin)[0][0] and len(inbox(cast.organiser)) == 1

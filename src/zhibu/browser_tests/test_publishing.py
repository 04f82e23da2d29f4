"""An article from draft to the public site with two logins: the branch secretary drafts the symposium news
and submits it (she may not approve her own), the university organiser approves it; then anyone reads the
signed page at /news/. Also: a spam draft shows the text guard's findings first."""

import pytest

from zhibu.publishing.factories import NEWS_BODY, NEWS_TITLE, SPAM_BODY
from zhibu.publishing.models import Article

pytestmark = pytest.mark.browser


def login_as(ui, username: str) -> None:
    ui.page.context.clear_cookies()
    ui.login(username)


def click(ui, selector: str, label: str) -> None:
    with ui.page.expect_navigation():
        ui.page.click(selector)
    ui.page.wait_for_load_state("networkidle")
    ui.shot(label)


def test_an_editor_drafts_a_second_person_approves_the_public_page_shows_it(cast, ui):
    login_as(ui, "secretary")
    ui.goto("/publishing/", "workbench-empty")
    click(ui, "#article-new", "article-form")
    ui.page.select_option("#id_org", str(cast.branch.pk))
    ui.page.fill("#id_title", NEWS_TITLE)
    ui.page.fill("#id_body", NEWS_BODY)
    click(ui, "#article-save", "article-draft")
    assert "文字检查未发现可疑内容" in ui.text("#guard-clean")
    click(ui, "#article-submit", "article-submitted")
    assert "待审核" in ui.text("#article-state")
    assert "作者不能审核自己的文章" in ui.text("#approve-not-author")

    login_as(ui, "organiser")
    article = Article.objects.get()
    ui.goto(f"/publishing/{article.pk}/", "organiser-reviews")
    click(ui, "#article-approve", "article-published")
    assert "已发布" in ui.text("#article-state") and "SHA-256" in ui.text("#publications")

    ui.page.context.clear_cookies()
    ui.goto("/news/", "public-news")
    assert NEWS_TITLE in ui.text("#news-list")
    click(ui, "#news-list a", "public-article")
    assert "三重共建工作机制" in ui.text("#article-body")
    article.refresh_from_db()
    assert article.publication.signature in ui.text("#signature")
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.goto(f"/news/{article.pk}/", "public-article-phone")


def test_a_spam_draft_shows_the_guards_findings_first(cast, ui):
    login_as(ui, "secretary")
    ui.goto("/publishing/new/", "article-form")
    ui.page.fill("#id_title", "调研座谈会召开")
    ui.page.fill("#id_body", SPAM_BODY)
    click(ui, "#article-save", "spam-draft")
    assert "全球最大的赌钱网" in ui.text("#guard-findings") and "示例大学" in ui.text("#guard-findings")


def test_the_case_library_and_an_administrator_restoring_a_tampered_page(cast, ui):
    from django.db import connection

    from zhibu.methods.factories import make_case, walk
    from zhibu.publishing import services
    from zhibu.publishing.factories import make_article, publish

    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    publish(services.case_writeup_create(by=cast.secretary, case_id=case.pk), by=cast.secretary,
            approver=cast.organiser)
    news = publish(make_article(org=cast.branch, by=cast.secretary), by=cast.secretary, approver=cast.organiser)
    ui.goto("/cases/?q=课程思政", "public-library")
    assert case.title in ui.text("#library-results")
    click(ui, "#library-results a", "public-case")
    assert "教工与学生党支部共建" in ui.text("#article-body") and "辐射带动" in ui.text("#adoptions")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET body = REPLACE(body, '示例大学', '全球最大的赌钱网') WHERE id = %s",
                       [news.pk])
    response = ui.goto(f"/news/{news.pk}/", "public-refused")
    assert response.status == 503 and "内容校验失败" in ui.text("#unverified")
    assert "全球最大的赌钱网" not in ui.text()

    login_as(ui, "admin")
    ui.goto("/publishing/integrity/", "integrity-empty")
    click(ui, "#integrity-run", "integrity-found")
    assert "数据库内容与签名版本不一致" in ui.text()
    click(ui, f"#restore-{news.pk}", "integrity-restored")
    assert "已从签名版本恢复" in ui.text()
    click(ui, "#integrity-run", "integrity-clean")
    assert "未发现篡改" in ui.text("#integrity-clean")
    ui.page.context.clear_cookies()
    assert ui.goto(f"/news/{news.pk}/", "public-restored").status == 200

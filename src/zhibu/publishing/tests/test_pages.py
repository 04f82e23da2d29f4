"""The editors' pages: workbench by state, the form, the article page with the guard's findings first, the
review steps; scope (outside 404, read-only 403, anonymous to login) and bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhibu.core import metrics
from zhibu.publishing.factories import NEWS_BODY, SPAM_BODY, make_article, publish
from zhibu.publishing.models import Article

pytestmark = pytest.mark.django_db


def test_the_workbench_lists_articles_by_state(cast, news, login):
    draft = make_article(org=cast.branch, by=cast.secretary, title="支部主题党日活动")
    page = login(cast.secretary).get("/publishing/").content.decode()
    assert (
        news.title in page
        and draft.title in page
        and '已发布 <span class="badge text-bg-light">1</span>' in page
    )
    page = login(cast.secretary).get("/publishing/?state=draft").content.decode()
    assert draft.title in page and news.title not in page
    assert news.title not in login(cast.sibling_secretary).get("/publishing/").content.decode()
    assert login(None).get("/publishing/").status_code == 302


def test_writing_an_article_through_the_form(cast, login):
    client = login(cast.secretary)
    response = client.post(
        "/publishing/new/", {"org": cast.branch.pk, "kind": "news", "title": "", "body": "正文"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "这个字段是必填项" in page
    assert "正文</textarea>" in page, "the form shows what was typed"
    response = client.post(
        "/publishing/new/", {"org": cast.branch.pk, "kind": "news", "title": "座谈会", "body": NEWS_BODY}
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/publishing/{article.pk}/"
    assert article.author == cast.secretary and article.state == "draft"
    assert login(cast.member_user).get("/publishing/new/").status_code == 403


def test_the_article_page_shows_the_guards_findings_first_and_the_override(cast, login):
    article = make_article(org=cast.branch, by=cast.secretary, title="座谈会召开", body=SPAM_BODY)
    client = login(cast.secretary)
    page = client.get(f"/publishing/{article.pk}/").content.decode()
    assert page.index('id="guard-findings"') < page.index('id="article-body"')
    assert "全球最大的赌钱网" in page and "此处应为“示例大学”" in page
    client.post(f"/publishing/{article.pk}/submit/")
    page = client.get(f"/publishing/{article.pk}/").content.decode()
    assert 'id="approve-not-author"' in page and 'id="article-approve"' not in page
    assert client.post(f"/publishing/{article.pk}/approve/").status_code == 403
    client = login(cast.organiser)
    page = client.get(f"/publishing/{article.pk}/").content.decode()
    assert "强制发布并签名" in page and "id_override_reason" in page
    page = client.post(f"/publishing/{article.pk}/approve/", follow=True).content.decode()
    assert "不能发布" in page
    article.refresh_from_db()
    assert article.state == "in_review"
    client.post(f"/publishing/{article.pk}/approve/", {"override_reason": "作为篡改示例原样保存"})
    article.refresh_from_db()
    assert article.state == "published" and article.publication.override_reason == "作为篡改示例原样保存"


def test_review_steps_through_the_pages(cast, login):
    article = make_article(org=cast.branch, by=cast.secretary)
    login(cast.secretary).post(f"/publishing/{article.pk}/submit/")
    org = login(cast.organiser)
    org.post(f"/publishing/{article.pk}/return/", {"note": "请补充"})
    article.refresh_from_db()
    assert article.state == "draft" and article.review_note == "请补充"
    login(cast.secretary).post(f"/publishing/{article.pk}/submit/")
    page = login(cast.organiser).post(f"/publishing/{article.pk}/approve/", follow=True).content.decode()
    assert "文章已发布并签名" in page and "SHA-256" in page
    login(cast.secretary).post(f"/publishing/{article.pk}/withdraw/", {"reason": "更正"})
    article.refresh_from_db()
    assert article.state == "withdrawn"


def test_scope_outside_404_read_only_403_anonymous_login(cast, news, login):
    for path in (f"/publishing/{news.pk}/", f"/publishing/{news.pk}/edit/"):
        assert login(cast.sibling_secretary).get(path).status_code == 404
        assert login(None).get(path).status_code == 302
    assert (
        login(cast.sibling_secretary).post(f"/publishing/{news.pk}/withdraw/", {"reason": "x"}).status_code
        == 404
    )
    member = login(cast.member_user)
    assert member.get(f"/publishing/{news.pk}/").status_code == 200
    assert member.get(f"/publishing/{news.pk}/edit/").status_code == 403
    assert member.post(f"/publishing/{news.pk}/withdraw/", {"reason": "x"}).status_code == 403
    assert login(cast.reviewer).post(f"/publishing/{news.pk}/withdraw/", {"reason": "x"}).status_code == 403


def test_a_case_writeup_from_the_page(cast, login):
    from zhibu.methods.factories import make_case, walk

    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    client = login(cast.secretary)
    assert case.title in client.get("/publishing/case/").content.decode()
    response = client.post("/publishing/case/", {"case": case.pk})
    article = Article.objects.get()
    assert response["Location"] == f"/publishing/{article.pk}/" and article.case == case
    assert case.title not in client.get("/publishing/case/").content.decode()


def test_the_metric_counts_published_articles_by_owning_org(cast, news):
    make_article(org=cast.branch, by=cast.secretary, title="草稿")
    publish(
        make_article(org=cast.sibling, by=cast.organiser, title="学生支部新闻"),
        by=cast.organiser,
        approver=cast.admin,
    )
    today = timezone.localdate()
    values = metrics.values(
        "publishing.articles", under=cast.university.path, start=today - dt.timedelta(days=1), end=today
    )
    assert values == {cast.branch.pk: 1, cast.sibling.pk: 1}
    assert metrics.values("publishing.articles", under=cast.other_school.path, start=today, end=today) == {}
    assert (
        metrics.values(
            "publishing.articles",
            under=cast.university.path,
            start=dt.date(2020, 1, 1),
            end=dt.date(2020, 12, 31),
        )
        == {}
    )


def _more(cast, n):
    for i in range(n):
        a = make_article(org=cast.branch, by=cast.secretary, title=f"文章{i}-{n}")
        if i % 2:
            publish(a, by=cast.secretary, approver=cast.organiser)


@pytest.mark.parametrize(
    "path",
    ["/publishing/", "/publishing/?state=published", "DETAIL", "/publishing/case/", "/publishing/integrity/"],
)
def test_editor_pages_issue_a_bounded_number_of_queries(cast, news, login, path):
    client = login(cast.admin if "integrity" in path else cast.secretary)
    if "integrity" in path:
        client.post("/publishing/integrity/run/")
    url = path.replace("DETAIL", f"/publishing/{news.pk}/")
    counts = []
    for n in (2, 6):
        _more(cast, n)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], f"queries grew with the data: {counts}"
    assert counts[1] <= 20

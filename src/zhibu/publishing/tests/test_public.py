"""The public site serves only signed content that verifies: /news/, /cases/ and the Atom feed."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from zhibu.methods.factories import make_case, walk
from zhibu.publishing import services, signing
from zhibu.publishing.factories import make_article, publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_news_list_and_detail_are_public_and_signed(cast, news, client):
    html = client.get("/news/").content.decode()
    assert news.title in html and "市委组织部、市委教育工委组织处与示例大学" in html
    response = client.get(f"/news/{news.pk}/")
    assert response.status_code == 200
    pub = news.publication
    assert (
        response["X-Zhibu-Signature"] == signing.header_value(pub)
        and response["X-Zhibu-Sha256"] == pub.sha256
    )
    page = response.content.decode()
    assert f'<meta name="zhibu-signature" content="{signing.header_value(pub)}">' in page
    assert "<!--zhibu:signed-->" + pub.html + "<!--/zhibu:signed-->" in page
    assert "全球最大的赌钱网" not in page and "陈立华" not in page, "no spam and no personal data"


def test_drafts_in_review_and_withdrawn_articles_are_not_public(cast, news, client):
    draft = make_article(org=cast.branch, by=cast.secretary, title="草稿文章")
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    services.article_submit(by=cast.secretary, article=draft)
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    services.article_withdraw(by=cast.secretary, article=news, reason="过时")
    assert client.get(f"/news/{news.pk}/").status_code == 404
    assert news.title not in client.get("/news/").content.decode()


def test_the_case_library_searches_and_serves_signed_writeups(cast, writeup, client):
    html = client.get("/cases/?q=课程思政").content.decode()
    assert writeup.case.title in html
    assert "没有找到符合条件的案例" in client.get("/cases/?q=程思").content.decode()
    assert writeup.case.title in client.get("/cases/?category=faculty").content.decode()
    assert "没有找到符合条件的案例" in client.get("/cases/?category=student").content.decode()
    response = client.get(f"/cases/{writeup.case.pk}/")
    assert response.status_code == 200 and response["X-Zhibu-Signature"].endswith(
        writeup.article.publication.signature
    )
    page = response.content.decode()
    assert "辐射带动" in page and "教工与学生党支部共建" in page and "经验启示" in page
    assert "成效显著，同意发布。" in page, "the approving review is part of the signed write-up"


def test_a_published_case_without_a_writeup_is_not_in_the_library(cast, client):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert "案例库暂无已发布的案例" in client.get("/cases/").content.decode()


def test_the_atom_feed_parses_and_has_absolute_urls(cast, news, writeup, client):
    response = client.get("/news/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}id").text == "http://testserver/news/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert links == {f"http://testserver/news/{news.pk}/", f"http://testserver/cases/{writeup.case.pk}/"}
    for e in entries:
        assert e.find(f"{ATOM}updated").text and e.find(f"{ATOM}title").text
    contents = [e.find(f"{ATOM}content").text for e in entries]
    assert news.publication.html in contents


def test_a_tampered_snapshot_is_refused_with_503_and_logged(cast, news, client, caplog):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = REPLACE(html, '示例大学', '全球最大的赌钱网') "
            "WHERE id = %s",
            [news.publication_id],
        )
    response = client.get(f"/news/{news.pk}/")
    page = response.content.decode()
    assert response.status_code == 503 and "内容校验失败" in page and "全球最大的赌钱网" not in page
    assert "fails verification" in caplog.text
    assert "全球最大的赌钱网" not in client.get("/news/").content.decode()
    assert "全球最大的赌钱网" not in client.get("/news/feed.atom").content.decode()


def test_a_row_edited_behind_the_apps_back_is_refused_too(cast, news, client):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_article SET body = body || '全球最大的赌钱网' WHERE id = %s", [news.pk]
        )
    response = client.get(f"/news/{news.pk}/")
    assert response.status_code == 503 and "全球最大的赌钱网" not in response.content.decode()


def _more(cast, n):
    from zhibu.methods.factories import make_method, make_symposium
    from zhibu.orgs.factories import OrgFactory

    for i in range(n):
        org = OrgFactory(name=f"测试支部{i}x{n}", parent=cast.school)
        publish(
            make_article(org=org, by=cast.organiser, title=f"新闻{i}-{n}"),
            by=cast.organiser,
            approver=cast.admin,
        )
        case = make_case(method=make_method(branch=org, by=None), title=f"案例{i}-{n}")
        walk(case, to="published", meeting=make_symposium(branch=org))
        publish(
            services.case_writeup_create(by=cast.organiser, case_id=case.pk),
            by=cast.organiser,
            approver=cast.admin,
        )


@pytest.mark.parametrize(
    "path", ["/news/", "NEWS", "/cases/", "/cases/?q=课程思政", "CASE", "/news/feed.atom"]
)
def test_public_pages_issue_a_bounded_number_of_queries(
    cast, news, writeup, client, path, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    url = path.replace("NEWS", f"/news/{news.pk}/").replace("CASE", f"/cases/{writeup.case.pk}/")
    counts = []
    for n in (1, 5):
        _more(cast, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], f"queries grew with the data: {counts}"
    with django_assert_max_num_queries(8):
        client.get(url)

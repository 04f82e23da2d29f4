"""The articles API: scoped like the pages, the same services, refusals in Chinese, signatures checked."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.core.services import token_create
from zhibu.publishing.factories import SPAM_BODY, make_article, publish
from zhibu.publishing.models import Article, Publication

pytestmark = pytest.mark.django_db
SPAM = "全球最大的赌钱网"


def api(client, user):
    _, key = token_create(user=user, name="test")

    def call(method, path, data=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        return getattr(client, method)(f"/api{path}", **kwargs)

    return call


def test_an_article_goes_through_the_flow_by_the_api(cast, client):
    sec, org = api(client, cast.secretary), api(client, cast.organiser)
    created = sec(
        "post",
        "/articles/",
        {"org": cast.branch.code, "kind": "news", "title": "主题党日", "body": "支部开展主题党日活动。"},
    )
    assert created.status_code == 201
    article = created.json()
    assert (
        article["status"] == "draft"
        and article["signature_status"] == "unsigned"
        and article["versions"] == []
    )
    pk = article["id"]
    patched = sec("patch", f"/articles/{pk}", {"body": "支部开展主题党日活动，重温入党誓词。"})
    assert (
        patched.json()["body"] == "支部开展主题党日活动，重温入党誓词。"
        and patched.json()["title"] == "主题党日"
    )
    assert sec("post", f"/articles/{pk}/submit").json()["status"] == "in_review"
    returned = org("post", f"/articles/{pk}/return", {"reason": "请补充时间"})
    assert returned.json()["status"] == "draft" and returned.json()["review_note"] == "请补充时间"
    sec("post", f"/articles/{pk}/submit")
    published = org("post", f"/articles/{pk}/approve")
    assert published.status_code == 200
    body = published.json()
    assert body["status"] == "published" and body["signature_status"] == "verified" and body["version"] == 1
    assert body["signature"]["verified"] and body["signature"]["current_key"]
    assert (
        body["published_html"].startswith('<article class="zb-article"')
        and body["public_url"] == f"/news/{pk}/"
    )
    assert [v["version"] for v in body["versions"]] == [1] and body["versions"][0]["verified"]
    assert body["versions"][0]["signed_by"] == "吴刚"
    withdrawn = sec("post", f"/articles/{pk}/withdraw", {"reason": "内容更新"})
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["withdrawn_reason"] == "内容更新"


def test_refusals_name_the_field_in_chinese_and_save_nothing(cast, client):
    sec = api(client, cast.secretary)
    response = sec("post", "/articles/", {"org": cast.branch.code, "title": " ", "body": ""})
    assert response.status_code == 422
    assert response.json()["errors"] == {"title": ["请填写标题"], "body": ["请填写正文"]}
    assert sec("post", "/articles/", {"title": "a", "body": "b"}).json()["errors"] == {
        "org": ["请选择所属组织"]
    }
    response = sec("post", "/articles/", {"org": cast.branch.code, "kind": "case", "title": "a", "body": "b"})
    assert response.status_code == 422 and "case_id" in response.json()["errors"]["kind"][0]
    assert not Article.objects.exists()
    article = make_article(org=cast.branch, by=cast.secretary)
    sec("post", f"/articles/{article.pk}/submit")
    response = sec("patch", f"/articles/{article.pk}", {"title": "新标题"})
    assert response.status_code == 422 and "不能修改" in response.json()["detail"]
    org = api(client, cast.organiser)
    response = org("post", f"/articles/{article.pk}/return", {"reason": ""})
    assert response.status_code == 422 and response.json()["errors"] == {"reason": ["请填写退回意见"]}
    article.refresh_from_db()
    assert article.state == "in_review" and article.title != "新标题"


def test_self_approval_and_read_only_roles_are_403_outside_is_404(cast, client):
    article = make_article(org=cast.branch, by=cast.secretary)
    sec = api(client, cast.secretary)
    sec("post", f"/articles/{article.pk}/submit")
    response = sec("post", f"/articles/{article.pk}/approve")
    assert response.status_code == 403 and "作者不能审核" in response.json()["detail"]
    for user in (cast.member_user, cast.reviewer):
        call = api(client, user)
        assert call("get", f"/articles/{article.pk}").status_code == 200
        assert call("post", f"/articles/{article.pk}/approve").status_code == 403
        assert call("patch", f"/articles/{article.pk}", {"title": "x"}).status_code == 403
    assert (
        api(client, cast.member_user)(
            "post", "/articles/", {"org": cast.branch.code, "title": "a", "body": "b"}
        ).status_code
        == 403
    )
    outsider = api(client, cast.sibling_secretary)
    assert outsider("get", f"/articles/{article.pk}").status_code == 404
    assert outsider("post", f"/articles/{article.pk}/approve").status_code == 404
    assert (
        outsider("post", "/articles/", {"org": cast.branch.code, "title": "a", "body": "b"}).status_code
        == 404
    )
    assert outsider("get", f"/articles/?org={cast.branch.code}").status_code == 404
    assert not Publication.objects.exists()


def test_the_guard_refuses_approve_and_publish_needs_an_override_reason(cast, client):
    article = make_article(org=cast.branch, by=cast.secretary, title="座谈会召开", body=SPAM_BODY)
    api(client, cast.secretary)("post", f"/articles/{article.pk}/submit")
    org = api(client, cast.organiser)
    detail = org("get", f"/articles/{article.pk}").json()
    assert detail["findings_count"] >= 1 and detail["findings"][0]["phrase"] == SPAM
    assert detail["findings"][0]["replaces"] == "示例大学"
    for path, data in (("approve", None), ("publish", {}), ("publish", {"override_reason": "好"})):
        response = org("post", f"/articles/{article.pk}/{path}", data)
        assert response.status_code == 422 and list(response.json()["errors"]) == ["override_reason"]
    assert SPAM in org("post", f"/articles/{article.pk}/publish", {}).json()["errors"]["override_reason"][0]
    response = org("post", f"/articles/{article.pk}/publish", {"override_reason": "作为篡改示例原样保存"})
    assert (
        response.status_code == 200
        and response.json()["versions"][0]["override_reason"] == "作为篡改示例原样保存"
    )


def test_the_list_is_scoped_and_filtered(cast, client, news):
    draft = make_article(org=cast.branch, by=cast.secretary, title="支部草稿")
    notice = make_article(org=cast.sibling, by=cast.sibling_secretary, title="学生支部通知", kind="notice")
    org = api(client, cast.organiser)
    titles = lambda r: {a["title"] for a in r.json()["items"]}  # noqa: E731
    assert titles(org("get", "/articles/")) == {news.title, draft.title, notice.title}
    assert titles(org("get", "/articles/?status=draft")) == {draft.title, notice.title}
    assert titles(org("get", "/articles/?kind=notice")) == {notice.title}
    assert titles(org("get", f"/articles/?org={cast.sibling.code}")) == {notice.title}
    assert titles(org("get", "/articles/?q=草稿")) == {draft.title}
    assert titles(api(client, cast.sibling_secretary)("get", "/articles/")) == {notice.title}
    page = org("get", "/articles/?page_size=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2 and page["next"]


def test_an_article_whose_signature_fails_is_never_served(cast, client, news):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = REPLACE(html, '示例大学', %s) WHERE id = %s",
            [SPAM, news.publication_id],
        )
    call = api(client, cast.secretary)
    detail = call("get", f"/articles/{news.pk}")
    assert detail.status_code == 200 and SPAM not in detail.content.decode()
    body = detail.json()
    assert (
        body["signature_status"] == "failed" and body["signature"]["reason"] == "内容的 SHA-256 与签名时不同"
    )
    assert body["title"] is None and body["body"] is None and body["published_html"] is None
    assert body["public_url"] is None and body["versions"][0]["verified"] is False
    listed = call("get", "/articles/").json()["items"][0]
    assert listed["signature_status"] == "failed" and listed["title"] is None


def test_a_row_edited_behind_the_apps_back_is_withheld_too(cast, client, news):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET body = body || %s WHERE id = %s", [SPAM, news.pk])
    body = api(client, cast.secretary)("get", f"/articles/{news.pk}").json()
    assert (
        body["signature_status"] == "failed"
        and body["body"] is None
        and "被改动" in body["signature"]["reason"]
    )


def test_the_latest_integrity_check_is_for_superusers(cast, client, news):
    admin = api(client, cast.admin)
    assert admin("get", "/integrity-checks/latest").status_code == 404
    client.force_login(cast.admin)
    client.post("/publishing/integrity/run/")
    client.logout()
    response = admin("get", "/integrity-checks/latest")
    assert response.status_code == 200 and response.json()["ok"] and response.json()["articles"] == 1
    for user in (cast.organiser, cast.secretary):
        response = api(client, user)("get", "/integrity-checks/latest")
        assert response.status_code == 403 and "系统管理员" in response.json()["detail"]


def test_openapi_summaries_are_chinese(client):
    schema = client.get("/api/openapi.json").json()
    ops = [op for path, item in schema["paths"].items() if "/articles/" in path for op in item.values()]
    assert len(ops) == 9 and all(any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"]) for op in ops)


def _more(cast, n):
    for i in range(n):
        article = make_article(org=cast.branch, by=cast.secretary, title=f"文章{i}-{n}")
        publish(article, by=cast.secretary, approver=cast.organiser)
        if i % 2:
            publish(
                make_article(org=cast.sibling, by=cast.sibling_secretary, title=f"学生{i}-{n}"),
                by=cast.sibling_secretary,
                approver=cast.organiser,
            )


@pytest.mark.parametrize("path", ["/articles/", "/articles/?status=published&org=U1-WL", "DETAIL"])
def test_reads_issue_a_bounded_number_of_queries(cast, client, news, path, django_assert_max_num_queries):
    call = api(client, cast.organiser)
    url = path.replace("DETAIL", f"/articles/{news.pk}")
    counts = []
    for n in (2, 6):
        _more(cast, n)
        if path == "DETAIL":  # more versions of the same article
            from zhibu.publishing import services

            services.article_withdraw(by=cast.secretary, article=news, reason="更新")
            services.article_reopen(by=cast.secretary, article=news)
            publish(news, by=cast.secretary, approver=cast.organiser)
        call("get", url)  # the token's first use of the day is recorded once
        with CaptureQueriesContext(connection) as ctx:
            assert call("get", url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], f"queries grew with the data: {counts}"
    with django_assert_max_num_queries(8):
        call("get", url)


def test_a_case_writeup_is_created_from_a_published_case(cast, client):
    from zhibu.methods.factories import make_case, walk

    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    sec = api(client, cast.secretary)
    response = sec("post", "/articles/", {"case_id": case.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "case" and body["case_id"] == case.pk and body["org_code"] == cast.branch.code
    assert "教工与学生党支部共建" in body["body"]
    again = sec("post", "/articles/", {"case_id": case.pk})
    assert again.status_code == 422 and "已有案例稿" in again.json()["errors"]["case"][0]
    response = sec("patch", f"/articles/{body['id']}", {"kind": "news", "title": "案例稿新标题"})
    assert response.json()["kind"] == "case" and response.json()["title"] == "案例稿新标题"

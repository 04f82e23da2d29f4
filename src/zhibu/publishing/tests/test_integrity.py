"""zhibu integrity-check: tampering in the database, a crawler-only variant (cloaking), restoring from the
signed copy, and the administrators' page."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from zhibu.core.audit import history_for
from zhibu.core.models import AuditEntry
from zhibu.publishing import fetch
from zhibu.publishing.models import IntegrityCheck, IntegrityFinding
from zhibu.publishing.services_integrity import article_restore, integrity_check_run

pytestmark = pytest.mark.django_db
SPAM = "全球最大的赌钱网"


def run(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("integrity_check", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as e:
        return e.code, out.getvalue()
    return 0, out.getvalue()


class CloakingMiddleware:
    """What a defacer's server module does: spam for Baiduspider only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Baiduspider" in request.headers.get("User-Agent", "") and response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            response.content = response.content.replace(
                b"</footer>",
                f'<div style="display:none"><a href="http://www.dubo-example.com/">{SPAM}</a></div>'
                f"</footer>".encode(),
            )
        return response


class BodyCloakingMiddleware(CloakingMiddleware):
    def __call__(self, request):
        response = self.get_response(request)
        if "Baiduspider" in request.headers.get("User-Agent", "") and b"zhibu:signed" in response.content:
            response.content = response.content.replace("示例大学".encode(), SPAM.encode())
        return response


def test_a_clean_site_passes_with_exit_status_0(cast, news, writeup):
    code, out = run()
    assert code == 0 and "未发现问题" in out
    check = IntegrityCheck.objects.get()
    assert check.ok and check.articles == 2 and check.pages == 4


def test_a_row_edited_with_raw_sql_fails_the_check_with_a_diff(cast, news, writeup, client):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_article SET body = REPLACE(body, '示例大学', %s) WHERE id = %s",
            [SPAM, news.pk],
        )
    code, out = run()
    assert code == 1
    assert "数据库中被改动" in out and f"+<p>2022年7月14日上午，市委组织部、市委教育工委组织处与{SPAM}" in out
    assert "-<p>2022年7月14日上午，市委组织部、市委教育工委组织处与示例大学" in out
    kinds = set(IntegrityFinding.objects.values_list("kind", flat=True))
    assert IntegrityFinding.Kind.STORED in kinds and IntegrityFinding.Kind.UNAVAILABLE in kinds, (
        "the public page refuses to serve it (503)"
    )
    assert client.get(f"/news/{news.pk}/").status_code == 503


def test_json_output_and_a_tampered_snapshot(cast, news):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = REPLACE(html, '示例大学', %s) WHERE id = %s",
            [SPAM, news.publication_id],
        )
    code, out = run("--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"] and report["articles"] == 1
    signature = next(f for f in report["findings"] if f["kind"] == "signature")
    assert (
        "可以恢复" in signature["message"]
        and f"+<p>2022年7月14日上午，市委组织部、市委教育工委组织处与{SPAM}" in signature["diff"]
    )


def test_a_crawler_only_variant_is_detected_as_cloaking(cast, news, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.CloakingMiddleware"]
    code, out = run()
    assert code == 1
    findings = list(IntegrityFinding.objects.all())
    cloaking = [f for f in findings if f.kind == "cloaking"]
    assert cloaking and {f.variant for f in cloaking} == {"baiduspider"}
    assert any(f'+<a href="http://www.dubo-example.com/">{SPAM}</a>' in f.diff for f in cloaking)
    guard = [f for f in findings if f.kind == "guard"]
    assert guard and all(f.variant == "baiduspider" for f in guard) and SPAM in guard[0].message
    assert not [f for f in findings if f.kind == "served"], "the signed body itself was served unchanged"
    assert "对搜索引擎展示不同内容" in out


def test_a_crawler_only_change_to_the_body_is_tampering_and_cloaking(cast, news, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BodyCloakingMiddleware"]
    code, _out = run()
    served = IntegrityFinding.objects.filter(kind="served").get()
    assert (
        code == 1
        and served.variant == "baiduspider"
        and f"+<p>2022年7月14日上午，市委组织部、市委教育工委组织处与{SPAM}" in served.diff
    )


def test_restore_puts_the_signed_copy_back_and_is_audited(cast, news, client):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET title = %s WHERE id = %s", [SPAM, news.pk])
    code, out = run("--restore")
    assert code == 1 and "已从签名版本恢复1篇文章" in out
    news.refresh_from_db()
    assert news.title != SPAM and client.get(f"/news/{news.pk}/").status_code == 200
    assert any(e.action == AuditEntry.Action.RESTORE for e in history_for(news))
    assert run()[0] == 0


def test_restore_repairs_a_tampered_snapshot_from_the_row_that_still_verifies(cast, news, client):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = REPLACE(html, '示例大学', %s) WHERE id = %s",
            [SPAM, news.publication_id],
        )
    assert client.get(f"/news/{news.pk}/").status_code == 503
    assert article_restore(by=cast.admin, article=news) is True
    assert client.get(f"/news/{news.pk}/").status_code == 200
    assert SPAM not in client.get(f"/news/{news.pk}/").content.decode()
    assert any(e.action == AuditEntry.Action.RESTORE for e in history_for(news.publication))


def test_nothing_to_restore_from_when_every_copy_is_changed(cast, news):
    from django.core.exceptions import ValidationError

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = 'x', source_body = 'y' WHERE id = %s",
            [news.publication_id],
        )
        cursor.execute("UPDATE publishing_article SET body = 'z' WHERE id = %s", [news.pk])
    with pytest.raises(ValidationError, match="无法恢复"):
        article_restore(by=cast.admin, article=news)


def test_the_admin_page_shows_the_last_check_runs_one_and_restores(cast, news, login):
    client = login(cast.admin)
    assert "尚未进行过完整性检查" in client.get("/publishing/integrity/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET body = body || %s WHERE id = %s", [SPAM, news.pk])
    response = client.post("/publishing/integrity/run/", follow=True)
    page = response.content.decode()
    assert "数据库内容与签名版本不一致" in page and f"restore-{news.pk}" in page
    check = IntegrityCheck.objects.get()
    assert check.by == cast.admin and not check.ok
    page = client.post(f"/publishing/integrity/restore/{news.pk}/", follow=True).content.decode()
    assert "已从签名版本恢复" in page
    news.refresh_from_db()
    assert SPAM not in news.body


def test_the_admin_page_is_for_administrators_only(cast, news, login):
    assert login(None).get("/publishing/integrity/").status_code == 302
    for user in (cast.organiser, cast.secretary):
        client = login(user)
        assert client.get("/publishing/integrity/").status_code == 403
        assert client.post("/publishing/integrity/run/").status_code == 403
        assert client.post(f"/publishing/integrity/restore/{news.pk}/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_base_url_fetches_over_real_http(cast, live_server):
    from zhibu.publishing.factories import make_article, publish

    news = publish(
        make_article(org=cast.branch, by=cast.secretary), by=cast.secretary, approver=cast.organiser
    )
    check = integrity_check_run(fetcher=fetch.HttpFetcher(live_server.url), base_url=live_server.url)
    assert check.ok, list(check.findings.values_list("message", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publishing_article SET body = body || %s WHERE id = %s", [SPAM, news.pk])
    code, out = run("--base-url", live_server.url)
    assert code == 1 and "503" in out

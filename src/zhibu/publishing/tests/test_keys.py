"""Signing-key rotation: the current key signs, old keys still verify (picked by key id), an unknown key is
reported as such, and `publishing_resign` moves every verified version onto the current key."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from zhibu.core.audit import history_for
from zhibu.publishing import signing
from zhibu.publishing.factories import make_article, publish
from zhibu.publishing.models import IntegrityFinding, Publication

pytestmark = pytest.mark.django_db
OLD, NEW = "the-old-publishing-key", "the-new-publishing-key"


def command(name: str, *args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=io.StringIO())
    except SystemExit as e:
        return e.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def old_key_news(cast, settings):
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = OLD, []
    return publish(
        make_article(org=cast.branch, by=cast.secretary), by=cast.secretary, approver=cast.organiser
    )


def test_rotate_resign_and_remove_the_old_key(cast, settings, client, old_key_news):
    news = old_key_news
    assert news.publication.key_id == signing.key_id(OLD.encode())
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, [OLD]
    verdict = signing.verify(news.publication)
    assert verdict and verdict.old_key, "an old key still verifies"
    assert client.get(f"/news/{news.pk}/").status_code == 200
    assert command("integrity_check")[0] == 0
    fresh = publish(
        make_article(org=cast.branch, by=cast.secretary, title="新密钥签名的新闻"),
        by=cast.secretary,
        approver=cast.organiser,
    )
    assert fresh.publication.key_id == signing.key_id(NEW.encode()), "the current key signs"

    code, out = command("publishing_resign", "--dry-run")
    assert code == 0 and "可以重新签名1个发布版本" in out
    assert Publication.objects.get(pk=news.publication_id).key_id == signing.key_id(OLD.encode())
    code, out = command("publishing_resign")
    assert code == 0 and "已重新签名1个发布版本" in out and "1个原已使用当前密钥" in out
    pub = Publication.objects.get(pk=news.publication_id)
    assert pub.key_id == signing.key_id(NEW.encode()) and pub.sha256 == news.publication.sha256
    assert any("重新签名" in e.note for e in history_for(pub))

    settings.ZHIBU_PUBLISHING_OLD_KEYS = []
    assert signing.verify(pub) and not signing.verify(pub).old_key
    response = client.get(f"/news/{news.pk}/")
    assert response.status_code == 200 and response["X-Zhibu-Signature"] == signing.header_value(pub)
    assert command("integrity_check")[0] == 0
    assert command("publishing_resign")[1].startswith("已重新签名0个发布版本")


def test_the_editors_page_shows_each_versions_signature(cast, settings, login, old_key_news):
    url = f"/publishing/{old_key_news.pk}/"
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, [OLD]
    assert 'id="version-1-verified">签名有效（旧密钥）' in login(cast.secretary).get(url).content.decode()
    settings.ZHIBU_PUBLISHING_OLD_KEYS = []
    assert (
        'id="version-1-failed"' in (page := login(cast.secretary).get(url).content.decode())
        and "未知密钥" in page
    )


def test_an_unknown_key_is_reported_as_such_not_as_tampering(cast, settings, client, old_key_news):
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, []
    verdict = signing.verify(old_key_news.publication)
    assert not verdict and verdict.unknown_key and "未知密钥" in verdict.reason
    assert client.get(f"/news/{old_key_news.pk}/").status_code == 503
    code, out = command("integrity_check")
    assert code == 1 and "[未知密钥]" in out and "未知密钥" in out
    [finding] = IntegrityFinding.objects.filter(article=old_key_news)
    assert finding.kind == IntegrityFinding.Kind.UNKNOWN_KEY and finding.diff == ""
    code, out = command("publishing_resign")
    assert code == 1 and f"文章 #{old_key_news.pk}" in out and "未知密钥" in out
    assert Publication.objects.get(pk=old_key_news.publication_id).key_id == signing.key_id(OLD.encode())


def test_resign_refuses_and_lists_a_version_that_does_not_verify(cast, settings, old_key_news):
    other = publish(
        make_article(org=cast.branch, by=cast.secretary, title="另一篇新闻"),
        by=cast.secretary,
        approver=cast.organiser,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publishing_publication SET html = REPLACE(html, '示例大学', '全球最大的赌钱网') "
            "WHERE id = %s",
            [old_key_news.publication_id],
        )
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, [OLD]
    code, out = command("publishing_resign")
    assert code == 1 and "已重新签名1个发布版本" in out
    assert f"文章 #{old_key_news.pk}" in out and "SHA-256" in out and f"文章 #{other.pk}" not in out
    tampered = Publication.objects.get(pk=old_key_news.publication_id)
    assert tampered.key_id == signing.key_id(OLD.encode()) and not signing.verify(tampered)
    assert signing.verify(Publication.objects.get(pk=other.publication_id))


def test_the_derived_default_key_can_be_kept_as_an_old_key(cast, settings, client):
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = "", []
    news = publish(
        make_article(org=cast.branch, by=cast.secretary), by=cast.secretary, approver=cast.organiser
    )
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, ["derived"]
    assert signing.verify(news.publication) and client.get(f"/news/{news.pk}/").status_code == 200
    settings.ZHIBU_PUBLISHING_OLD_KEYS = []
    assert client.get(f"/news/{news.pk}/").status_code == 503


def test_old_keys_read_from_a_comma_separated_string_too(settings):
    settings.ZHIBU_PUBLISHING_KEY, settings.ZHIBU_PUBLISHING_OLD_KEYS = NEW, f" {OLD} , ,k2"
    assert signing.old_keys() == [OLD.encode(), b"k2"]
    assert set(signing.keyring()) == {signing.key_id(k.encode()) for k in (NEW, OLD, "k2")}

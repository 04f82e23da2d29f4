"""HMAC-SHA256 signatures over published HTML.

The key comes from `settings.ZHIBU_PUBLISHING_KEY` (environment `ZHIBU_PUBLISHING_KEY`); without it, a
key derived from SECRET_KEY with a salt of its own, so that it is never the session-signing key itself.
The key id (a hash of the key) is stored with each signature: after a key change old signatures no longer
verify and say why, instead of silently passing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

SALT = b"zhibu.publishing.signing-key.v1"


def signing_key() -> bytes:
    configured = getattr(settings, "ZHIBU_PUBLISHING_KEY", None)
    if configured:
        return configured.encode() if isinstance(configured, str) else bytes(configured)
    return hmac.new(settings.SECRET_KEY.encode(), SALT, hashlib.sha256).digest()


def key_id(key: bytes | None = None) -> str:
    return hashlib.sha256(b"zhibu-key-id:" + (key or signing_key())).hexdigest()[:12]


def sha256_hex(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def _message(*, article_id: int, version: int, sha256: str) -> bytes:
    # The article and version are signed too: a snapshot cannot be moved onto another article.
    return f"zhibu-publication:v1\n{article_id}\n{version}\n{sha256}".encode()


def sign(*, article_id: int, version: int, html: str) -> tuple[str, str, str]:
    """(sha256, signature, key id) for the HTML."""
    key = signing_key()
    digest = sha256_hex(html)
    mac = hmac.new(key, _message(article_id=article_id, version=version, sha256=digest), hashlib.sha256)
    return digest, mac.hexdigest(), key_id(key)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def verify(publication, html: str | None = None) -> Verdict:
    """Whether `html` (default: the publication's own) is the signed content of `publication`."""
    html = publication.html if html is None else html
    key = signing_key()
    if publication.key_id != key_id(key):
        return Verdict(False, f"签名密钥不符（签名使用 {publication.key_id}，当前为 {key_id(key)}）")
    digest = sha256_hex(html)
    if digest != publication.sha256:
        return Verdict(False, "内容的 SHA-256 与签名时不同")
    expected = hmac.new(key, _message(article_id=publication.article_id, version=publication.version,
                                      sha256=digest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, publication.signature):
        return Verdict(False, "签名无效")
    return Verdict(True)


def header_value(publication) -> str:
    """What public pages send as X-Zhibu-Signature."""
    return f"hmac-sha256;key={publication.key_id};sha256={publication.sha256};sig={publication.signature}"

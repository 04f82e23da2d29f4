"""HMAC-SHA256 signatures over published HTML, with key rotation.

The current key signs: `settings.ZHIBU_PUBLISHING_KEY` (environment `ZHIBU_PUBLISHING_KEY`); without it, a
key derived from SECRET_KEY with a salt of its own, so that it is never the session-signing key itself.
`settings.ZHIBU_PUBLISHING_OLD_KEYS` (comma-separated in the environment) still verify: each signature stores
the id of its key (a hash of the key) and verification picks the key by that id. A signature whose key is
in neither list is "未知密钥": it says so instead of silently passing, and is not mistaken for tampering.
The entry `derived` among the old keys stands for the key derived from SECRET_KEY (moving from the default
to a configured key). `zhibu manage publishing_resign` re-signs old versions with the current key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

SALT = b"zhibu.publishing.signing-key.v1"


DERIVED = "derived"


def _derived_key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), SALT, hashlib.sha256).digest()


def _as_bytes(key) -> bytes:
    return key.encode() if isinstance(key, str) else bytes(key)


def signing_key() -> bytes:
    configured = getattr(settings, "ZHIBU_PUBLISHING_KEY", None)
    if configured:
        return _as_bytes(configured)
    return _derived_key()


def old_keys() -> list[bytes]:
    configured = getattr(settings, "ZHIBU_PUBLISHING_OLD_KEYS", None) or []
    if isinstance(configured, str):
        configured = configured.split(",")
    keys = []
    for k in configured:
        k = k.strip() if isinstance(k, str) else k
        if k:
            keys.append(_derived_key() if k == DERIVED else _as_bytes(k))
    return keys


def key_id(key: bytes | None = None) -> str:
    return hashlib.sha256(b"zhibu-key-id:" + (key or signing_key())).hexdigest()[:12]


def keyring() -> dict[str, bytes]:
    """Every key that verifies, by key id: the current key and the old ones."""
    ring = {key_id(k): k for k in old_keys()}
    current = signing_key()
    ring[key_id(current)] = current
    return ring


def current_key_id() -> str:
    return key_id(signing_key())


def sha256_hex(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def _message(*, article_id: int, version: int, sha256: str) -> bytes:
    # The article and version are signed too: a snapshot cannot be moved onto another article.
    return f"zhibu-publication:v1\n{article_id}\n{version}\n{sha256}".encode()


def _mac(key: bytes, *, article_id: int, version: int, sha256: str) -> str:
    return hmac.new(
        key, _message(article_id=article_id, version=version, sha256=sha256), hashlib.sha256
    ).hexdigest()


def sign(*, article_id: int, version: int, html: str) -> tuple[str, str, str]:
    """(sha256, signature, key id) for the HTML, with the current key."""
    key = signing_key()
    digest = sha256_hex(html)
    return digest, _mac(key, article_id=article_id, version=version, sha256=digest), key_id(key)


class Code:
    OK = "ok"
    UNKNOWN_KEY = "unknown_key"
    CONTENT = "content"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""
    code: str = Code.OK
    # Verified, but with a key other than the current one (re-sign with `publishing_resign`).
    old_key: bool = False

    def __bool__(self) -> bool:
        return self.ok

    @property
    def unknown_key(self) -> bool:
        return self.code == Code.UNKNOWN_KEY


def verify(publication, html: str | None = None, *, ring: dict[str, bytes] | None = None) -> Verdict:
    """Whether `html` (default: the publication's own) is the signed content of `publication`."""
    html = publication.html if html is None else html
    ring = keyring() if ring is None else ring
    key = ring.get(publication.key_id)
    if key is None:
        return Verdict(
            False,
            f"未知密钥：签名使用的密钥 {publication.key_id} 既不是当前密钥也不在旧密钥中",
            Code.UNKNOWN_KEY,
        )
    digest = sha256_hex(html)
    if digest != publication.sha256:
        return Verdict(False, "内容的 SHA-256 与签名时不同", Code.CONTENT)
    expected = _mac(key, article_id=publication.article_id, version=publication.version, sha256=digest)
    if not hmac.compare_digest(expected, publication.signature):
        return Verdict(False, "签名无效", Code.SIGNATURE)
    return Verdict(True, old_key=publication.key_id != key_id(signing_key()))


def resign(publication) -> tuple[str, str]:
    """(signature, key id) of the publication's own content with the current key; the caller verified it."""
    key = signing_key()
    return _mac(
        key, article_id=publication.article_id, version=publication.version, sha256=publication.sha256
    ), key_id(key)


def header_value(publication) -> str:
    """What public pages send as X-Zhibu-Signature."""
    return f"hmac-sha256;key={publication.key_id};sha256={publication.sha256};sig={publication.signature}"

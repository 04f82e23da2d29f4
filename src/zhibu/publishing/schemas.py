"""The API's shapes for articles, their signed versions and integrity checks.

A published article whose signature fails (tampered snapshot, row changed behind the app's back, unknown
key) is listed with its status, but its title, body and signed HTML are withheld (null): the API never
serves content that does not verify, just as the public pages do not.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from . import selectors, signing
from .models import Article


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


class SignatureStatus:
    VERIFIED = "verified"
    FAILED = "failed"
    UNKNOWN_KEY = "unknown_key"
    UNSIGNED = "unsigned"


def signature_of(article: Article) -> tuple[str, str]:
    """(status, reason) of the article's current publication, computed once per object."""
    cached = getattr(article, "_api_signature", None)
    if cached is None:
        verdict = selectors.article_verdict(article)
        if verdict is None:
            cached = (SignatureStatus.UNSIGNED, "")
        elif verdict:
            cached = (
                SignatureStatus.VERIFIED,
                "签名有效（旧密钥，可用 publishing_resign 换签）" if verdict.old_key else "签名有效",
            )
        elif verdict.unknown_key:
            cached = (SignatureStatus.UNKNOWN_KEY, verdict.reason)
        else:
            cached = (SignatureStatus.FAILED, verdict.reason)
        article._api_signature = cached
    return cached


def withheld(article: Article) -> bool:
    return article.state == Article.State.PUBLISHED and signature_of(article)[0] != SignatureStatus.VERIFIED


class ArticleOut(Schema):
    id: int
    org_code: str = Field(description="所属组织编码")
    org_name: str
    kind: str = Field(description="news 新闻、notice 通知公告、case 案例")
    kind_label: str
    status: str = Field(description="draft 草稿、in_review 待审核、published 已发布、withdrawn 已撤回")
    status_label: str
    title: str | None = Field(description="标题；已发布但签名校验失败时为 null")
    author: str | None
    findings_count: int = Field(description="文字检查发现的可疑内容处数")
    version: int | None = Field(description="当前发布版本号；未发布过为 null")
    signature_status: str = Field(
        description="verified 签名有效、failed 校验失败、unknown_key 未知密钥、unsigned 未发布"
    )
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    updated_at: dt.datetime
    public_url: str | None = Field(description="公开页面地址（已发布且签名有效时）")

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.display_name

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status(obj):
        return obj.state

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_title(obj):
        return None if withheld(obj) else obj.title

    @staticmethod
    def resolve_author(obj):
        return _name(obj.author)

    @staticmethod
    def resolve_findings_count(obj):
        return len(obj.findings or [])

    @staticmethod
    def resolve_version(obj):
        return obj.publication.version if obj.publication_id else None

    @staticmethod
    def resolve_signature_status(obj):
        return signature_of(obj)[0]

    @staticmethod
    def resolve_public_url(obj):
        if obj.state == Article.State.PUBLISHED and not withheld(obj):
            return obj.public_url()
        return None


def _verdict(pub) -> signing.Verdict:
    verdict = getattr(pub, "verdict", None)
    return verdict if verdict is not None else signing.verify(pub)


class VersionOut(Schema):
    version: int
    title: str
    sha256: str
    key_id: str
    signed_at: dt.datetime
    signed_by: str | None
    override_reason: str = Field(description="强制发布理由（文字检查有发现时）")
    findings_count: int
    verified: bool = Field(description="该版本的签名是否有效")
    reason: str = Field(description="校验结果说明")

    @staticmethod
    def resolve_signed_by(obj):
        return _name(obj.signed_by)

    @staticmethod
    def resolve_findings_count(obj):
        return len(obj.findings or [])

    @staticmethod
    def resolve_verified(obj):
        return bool(_verdict(obj))

    @staticmethod
    def resolve_reason(obj):
        return _verdict(obj).reason or "签名有效"


class SignatureOut(Schema):
    status: str = Field(description="verified、failed、unknown_key 或 unsigned")
    verified: bool
    reason: str
    key_id: str | None = Field(description="签名所用密钥的标识")
    current_key: bool = Field(description="是否为当前密钥所签")


class FindingOut(Schema):
    category: str
    label: str = Field("", description="类别名称，如 博彩赌博")
    phrase: str = Field(description="发现的文字")
    message: str = ""
    replaces: str | None = Field(None, description="该处应为的组织名称（能判断时）")


class ArticleDetailOut(ArticleOut):
    case_id: int | None
    body: str | None = Field(description="正文原文；已发布但签名校验失败时为 null")
    published_html: str | None = Field(description="签名的发布内容（仅在签名有效时）")
    findings: list[FindingOut]
    review_note: str
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    signature: SignatureOut
    versions: list[VersionOut] = Field(description="各发布版本，最新的在前")

    @staticmethod
    def resolve_body(obj):
        return None if withheld(obj) else obj.body

    @staticmethod
    def resolve_published_html(obj):
        if obj.publication_id and signature_of(obj)[0] == SignatureStatus.VERIFIED:
            return obj.publication.html
        return None

    @staticmethod
    def resolve_findings(obj):
        return [f for f in (obj.findings or []) if isinstance(f, dict)]

    @staticmethod
    def resolve_signature(obj):
        status, reason = signature_of(obj)
        pub = obj.publication
        return {
            "status": status,
            "verified": status == SignatureStatus.VERIFIED,
            "reason": reason,
            "key_id": pub.key_id if pub else None,
            "current_key": bool(pub and pub.key_id == signing.current_key_id()),
        }

    @staticmethod
    def resolve_versions(obj):
        return getattr(obj, "versions", [])


class ArticleIn(Schema):
    org: str = Field("", description="所属组织编码（须在调用者可以管理的范围内）；从案例生成时不填")
    kind: str = Field("news", description="news 新闻 或 notice 通知公告；案例稿请给出 case_id")
    title: str = ""
    body: str = Field("", description="段落之间空一行；以“## ”开头的行是小标题，以“- ”开头的行是列表项")
    case_id: int | None = Field(None, description="从已发布的工作法案例生成案例稿（标题和正文自动填写）")


class ArticlePatchIn(Schema):
    title: str | None = None
    body: str | None = None
    kind: str | None = Field(None, description="news 或 notice；案例稿的类别不能修改")


class ReasonIn(Schema):
    reason: str = Field("", description="原因或意见（必填）")


class PublishIn(Schema):
    override_reason: str = Field("", description="强制发布理由：文字检查有发现时必填，至少4个字")


class IntegrityFindingOut(Schema):
    kind: str
    label: str
    url: str
    variant: str
    article_id: int | None
    message: str
    diff: str
    details: list


class IntegrityCheckOut(Schema):
    id: int
    started_at: str
    finished_at: str | None
    base_url: str | None
    pages: int
    articles: int
    problems: int
    restored: int
    ok: bool
    findings: list[IntegrityFindingOut]

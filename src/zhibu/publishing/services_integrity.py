"""Integrity checks of the public site, and restoring an article from its signed copy.

For every published article the checker compares, in order:
  the stored snapshot with its signature (a snapshot edited in the database no longer verifies);
  the article row with the snapshot (a row edited behind the app's back renders to other HTML);
  the page as served to a browser and to search-engine crawlers with the signed HTML (tampering);
  the crawlers' pages with the browser's page (cloaking);
and runs the text guard over every page served. Each run and its findings are stored; tampering and cloaking
are told to the org admins above the articles and to the superusers. A signature whose key is unknown (in
neither ZHIBU_PUBLISHING_KEY nor ZHIBU_PUBLISHING_OLD_KEYS) is reported as such, not as tampering.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry

from . import fetch, guard, notices, render, signing
from .models import Article, IntegrityCheck, IntegrityFinding, Publication

log = logging.getLogger("zhibu.publishing.integrity")
K = IntegrityFinding.Kind
MAX_DIFF_LINES = 200


def unified_diff(
    signed: str, other: str, *, signed_label: str = "签名版本", other_label: str = "实际内容"
) -> str:
    lines = list(
        difflib.unified_diff(
            _lines(signed), _lines(other), fromfile=signed_label, tofile=other_label, lineterm=""
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"…（差异共{len(lines)}行，仅显示前{MAX_DIFF_LINES}行）"]
    return "\n".join(lines)


def _lines(html: str) -> list[str]:
    # One tag or paragraph per line, so that a changed word shows as one changed line.
    return html.replace("><", ">\n<").split("\n")


def authentic_html(publication: Publication, article: Article) -> str | None:
    """HTML that verifies against the publication's signature: its own, or re-rendered from the row or
    from the snapshot's source. None when no copy verifies."""
    if signing.verify(publication):
        return publication.html
    for title, body in ((article.title, article.body), (publication.title, publication.source_body)):
        candidate = render.article_html(title=title, body=body)
        if signing.verify(publication, candidate):
            return candidate
    return None


class _Run:
    def __init__(self, *, check: IntegrityCheck, fetcher, progress: Callable[[str], None] | None):
        self.check, self.fetcher, self.progress = check, fetcher, progress or (lambda _m: None)
        self.rows: list[IntegrityFinding] = []
        self.problem_articles: set[int] = set()
        self.names_cache: dict[str, list[str]] = {}

    def add(
        self,
        kind: str,
        url: str,
        message: str,
        *,
        article: Article | None = None,
        variant: str = "",
        diff: str = "",
        details: list | None = None,
    ) -> None:
        self.rows.append(
            IntegrityFinding(
                check_run=self.check,
                article=article,
                kind=kind,
                url=url,
                variant=variant,
                message=message[:300],
                diff=diff,
                details=details or [],
            )
        )
        if article is not None:
            self.problem_articles.add(article.pk)
        log.warning("integrity: %s %s %s", kind, url, message)

    def names(self, org_path: str) -> list[str]:
        key = org_path[: 2 * 9]
        if key not in self.names_cache:
            self.names_cache[key] = guard.known_names(org_path)
        return self.names_cache[key]

    def fetch_variants(self, url: str, title: str = "") -> dict[str, fetch.Fetched]:
        pages = {}
        for name, agent, referer in fetch.VARIANTS:
            pages[name] = self.fetcher.get(
                url, user_agent=agent, referer=referer + quote(title) if referer else ""
            )
        self.check.pages += 1
        return pages

    def compare_variants(
        self, url: str, pages: dict[str, fetch.Fetched], names: list[str], *, article: Article | None = None
    ) -> None:
        browser = pages["browser"]
        for name, page in pages.items():
            if name != "browser" and page.text != browser.text:
                self.add(
                    K.CLOAKING,
                    url,
                    f"{name} 看到的页面与浏览器不同（状态 {page.status} / {browser.status}）",
                    article=article,
                    variant=name,
                    diff=unified_diff(browser.text, page.text, signed_label="浏览器", other_label=name),
                )
        seen = set()
        for name, page in pages.items():
            if page.text in seen:
                continue
            seen.add(page.text)
            found = guard.scan_page(page.text, names=names, hosts=[self.fetcher.host])
            if found:
                self.add(
                    K.GUARD,
                    url,
                    f"页面含{len(found)}处可疑内容：" + guard.summary([f.to_dict() for f in found]),
                    article=article,
                    variant=name,
                    details=[f.to_dict() for f in found],
                )

    def article(self, article: Article) -> None:
        pub = article.publication
        url = article.public_url()
        self.check.articles += 1
        self.progress(url)
        verdict = signing.verify(pub)
        if verdict.unknown_key:
            # Not tampering: nothing can be said about the content until its key is configured again.
            self.add(
                K.UNKNOWN_KEY,
                url,
                f"{verdict.reason}，无法校验（公开页面不提供该文章）；请把原密钥加入 "
                "ZHIBU_PUBLISHING_OLD_KEYS，或撤回后重新审核发布",
                article=article,
            )
            return
        signed = authentic_html(pub, article)
        if not verdict:
            self.add(
                K.SIGNATURE,
                url,
                f"数据库中的签名版本未通过校验：{verdict.reason}"
                + ("；文章原文仍与签名相符，可以恢复" if signed else "；没有可通过校验的副本"),
                article=article,
                diff=unified_diff(signed, pub.html, other_label="数据库中的签名版本") if signed else "",
            )
        rendered = render.article_html(title=article.title, body=article.body)
        reference = signed or pub.html
        if rendered != reference:
            self.add(
                K.STORED,
                url,
                "文章在数据库中被改动，与签名版本不一致",
                article=article,
                diff=unified_diff(reference, rendered, other_label="数据库中的文章"),
            )
        pages = self.fetch_variants(url, pub.title)
        statuses = {page.status for page in pages.values()}
        if len(statuses) == 1 and 200 not in statuses:
            page = pages["browser"]
            refused = "（公开页面拒绝提供未通过校验的内容）" if page.status == 503 else ""
            self.add(
                K.UNAVAILABLE,
                url,
                f"各种访问方式均返回状态 {page.status or page.error}{refused}",
                article=article,
            )
            pages = {}
        for name, page in pages.items():
            served = render.served_html(page.text) if page.status == 200 else None
            if page.status != 200:
                self.add(
                    K.UNAVAILABLE,
                    url,
                    f"{name} 访问返回状态 {page.status or page.error}",
                    article=article,
                    variant=name,
                )
            elif served is None:
                self.add(
                    K.SERVED,
                    url,
                    "页面中没有找到签名内容的标记",
                    article=article,
                    variant=name,
                    diff=unified_diff(reference, page.text, other_label=f"{name} 实际页面"),
                )
            elif served != reference:
                self.add(
                    K.SERVED,
                    url,
                    f"{name} 看到的正文与签名版本不一致",
                    article=article,
                    variant=name,
                    diff=unified_diff(reference, served, other_label=f"{name} 实际正文"),
                )
            elif (
                page.headers.get("x-zhibu-signature")
                and pub.signature not in page.headers["x-zhibu-signature"]
            ):
                self.add(K.SERVED, url, f"{name} 收到的签名与数据库中的不同", article=article, variant=name)
        if pages:
            self.compare_variants(url, pages, self.names(article.org_path), article=article)


def published_articles():
    return (
        Article.objects.filter(state=Article.State.PUBLISHED, publication__isnull=False)
        .select_related("publication", "org")
        .order_by("pk")
    )


def integrity_check_run(
    *,
    by=None,
    fetcher,
    base_url: str = "",
    restore: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IntegrityCheck:
    """Check every published page; store the run and its findings; restore tampered rows when asked."""
    check = IntegrityCheck.objects.create(
        started_at=timezone.now(),
        by=by if getattr(by, "is_authenticated", False) else None,
        base_url=base_url,
    )
    run = _Run(check=check, fetcher=fetcher, progress=progress)
    for article in published_articles().iterator(chunk_size=200):
        run.article(article)
    for url in (reverse("publishing:news"), reverse("publishing:cases")):
        run.compare_variants(url, run.fetch_variants(url), [])
    IntegrityFinding.objects.bulk_create(run.rows)
    notices.integrity_problems(check=check, findings=run.rows, by=by)
    if restore:
        for article in Article.objects.filter(pk__in=run.problem_articles).select_related("publication"):
            try:
                if article_restore(by=by, article=article, check=check):
                    check.restored += 1
            except ValidationError as e:
                log.error("integrity: cannot restore article %s: %s", article.pk, "；".join(e.messages))
    check.problems = len(run.rows)
    check.finished_at = timezone.now()
    check.save()
    return check


@transaction.atomic
def article_restore(*, by, article: Article, check: IntegrityCheck | None = None) -> bool:
    """Put the article and its snapshot back to the signed content. True when anything was changed."""
    article = Article.objects.select_for_update(of=("self",)).select_related("publication").get(pk=article.pk)
    pub = article.publication
    if pub is None:
        raise ValidationError("文章没有签名发布版本，无法恢复")
    if signing.verify(pub).unknown_key:
        raise ValidationError("签名使用的密钥未知，无法恢复；请把原密钥加入 ZHIBU_PUBLISHING_OLD_KEYS")
    signed = authentic_html(pub, article)
    if signed is None:
        raise ValidationError("没有可通过签名校验的副本，无法恢复；请撤回后重新审核发布")
    changed = []
    if pub.html != signed:
        pub.html, pub._repair = signed, True
        changed.append("签名版本")
    source_ok = render.article_html(title=pub.title, body=pub.source_body) == signed
    if not source_ok:
        if render.article_html(title=article.title, body=article.body) != signed:
            raise ValidationError(
                "签名版本可以校验，但文章原文和签名原文都已被改动，无法还原正文；请撤回后重新发布"
            )
        # The snapshot's source text was edited; the article row is the copy that renders to the signed HTML.
        pub.title, pub.source_body, pub._repair = article.title, article.body, True
        changed.append("签名原文")
    if getattr(pub, "_repair", False):
        pub.save()
    if (article.title, article.body) != (pub.title, pub.source_body):
        before = {"title": article.title, "body": article.body}
        Article.all_objects.filter(pk=article.pk).update(
            title=pub.title, body=pub.source_body, updated_at=timezone.now()
        )
        article.title, article.body = pub.title, pub.source_body
        changed.append("文章正文")
        audit_record(
            actor=by,
            obj=article,
            action=AuditEntry.Action.RESTORE,
            org_path=article.org_path,
            changes={k: [before[k], getattr(article, k)] for k in before if before[k] != getattr(article, k)},
            note="从签名版本恢复",
        )
    if changed:
        note = "从签名版本恢复：" + "、".join(changed) + (f"（完整性检查 #{check.pk}）" if check else "")
        audit_record(
            actor=by, obj=pub, action=AuditEntry.Action.RESTORE, org_path=article.org_path, note=note
        )
        log.warning("integrity: restored article %s (%s)", article.pk, "、".join(changed))
    return bool(changed)


def check_report(check: IntegrityCheck) -> dict:
    """The run as JSON-ready data (for --json and the API)."""
    return {
        "id": check.pk,
        "started_at": check.started_at.isoformat(),
        "finished_at": check.finished_at.isoformat() if check.finished_at else None,
        "base_url": check.base_url or None,
        "pages": check.pages,
        "articles": check.articles,
        "problems": check.problems,
        "restored": check.restored,
        "ok": check.ok,
        "findings": [
            {
                "kind": f.kind,
                "label": f.get_kind_display(),
                "url": f.url,
                "variant": f.variant,
                "article_id": f.article_id,
                "message": f.message,
                "diff": f.diff,
                "details": f.details,
            }
            for f in check.findings.all()
        ],
    }

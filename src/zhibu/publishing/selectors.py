"""Reads of articles: the editors' views through the acting user's scope, and the public site's.

Outside the user's scope an article does not exist (404). The public reads return only published
articles with a signed publication; whether a snapshot verifies is checked where it is served.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhibu.core.audit import history_for
from zhibu.core.paths import subtree_q
from zhibu.methods import selectors as method_selectors
from zhibu.methods.models import PUBLIC_STATUSES
from zhibu.orgs.selectors import can_manage, scope_for_user

from . import render, signing
from .models import Article, IntegrityCheck, Publication

State = Article.State
NEWS_KINDS = (Article.Kind.NEWS, Article.Kind.NOTICE)


def article_list_for_user(
    *, user, state: str | None = None, kind: str | None = None, q: str | None = None, org=None
) -> QuerySet[Article]:
    """The articles in the user's scope; `org` narrows to that organisation's subtree (the caller resolved it
    through the user's scope)."""
    qs = Article.objects.filter(scope_for_user(user).q("org_path"))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(org__name__icontains=q))
    return qs.select_related("org", "author").order_by("-updated_at", "-id")


def state_counts(*, user) -> dict[str, int]:
    rows = (
        Article.objects.filter(scope_for_user(user).q("org_path"))
        .values("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {s: 0 for s in State.values}
    counts.update({r["state"]: r["n"] for r in rows})
    return counts


def article_get_for_user(*, user, article_id: int) -> Article:
    article = (
        Article.objects.filter(scope_for_user(user).q("org_path"), pk=article_id)
        .select_related("org", "author", "case", "publication", "publication__signed_by")
        .first()
    )
    if article is None:
        raise Http404("没有找到该文章")
    return article


def can_edit(user, article: Article) -> bool:
    return can_manage(user, article.org_path)


def can_approve(user, article: Article) -> bool:
    return can_manage(user, article.org_path) and article.author_id != getattr(user, "pk", None)


def article_verdict(article: Article) -> signing.Verdict | None:
    """Whether the article's current publication verifies (None: never published). A published article must
    also still render to its signed snapshot: a row changed behind the app's back does not verify."""
    pub = article.publication
    if pub is None:
        return None
    verdict = signing.verify(pub)
    if (
        verdict
        and article.state == State.PUBLISHED
        and render.article_html(title=article.title, body=article.body) != pub.html
    ):
        return signing.Verdict(False, "文章在数据库中被改动，与签名版本不一致", signing.Code.CONTENT)
    return verdict


def article_publications(*, article: Article) -> list[Publication]:
    """Every signed version, newest first, each with its `verdict` (whether its signature verifies)."""
    ring = signing.keyring()
    versions = list(article.publications.select_related("signed_by").order_by("-version"))
    for p in versions:
        p.verdict = signing.verify(p, ring=ring)
    return versions


def article_history(*, article: Article):
    return history_for(article)[:50]


def writable_orgs(*, user):
    """Organisations where the user may write articles (their full-role nodes), for the form's choice."""
    from zhibu.orgs.models import Org

    return Org.objects.filter(scope_for_user(user).full_q("path")).order_by("path")


def publishable_cases(*, user) -> list:
    """Cases methods has published, in the user's writable scope, without a live write-up yet."""
    taken = Article.objects.filter(case__isnull=False).exclude(state=State.WITHDRAWN).values("case_id")
    qs = (
        method_selectors.case_list_for_user(user=user)
        .filter(status__in=PUBLIC_STATUSES)
        .filter(scope_for_user(user).full_q("org_path"))
        .exclude(pk__in=taken)
    )
    return list(qs[:100])


# --- the public site ----------------------------------------------------------------------------


def _public() -> QuerySet[Article]:
    return Article.objects.filter(state=State.PUBLISHED, publication__isnull=False).select_related(
        "org", "publication"
    )


def public_news() -> QuerySet[Article]:
    return _public().filter(kind__in=NEWS_KINDS).order_by("-published_at", "-id")


def public_news_get(*, article_id: int) -> Article:
    article = _public().filter(kind__in=NEWS_KINDS, pk=article_id).first()
    if article is None:
        raise Http404("没有找到该文章")
    return article


def public_cases(*, q: str = "", label: str = "", category: str = "") -> QuerySet[Article]:
    """Published case write-ups of the cases methods' library search finds."""
    found = method_selectors.case_library(q=q, label=label, category=category).values("pk")
    return (
        _public()
        .filter(kind=Article.Kind.CASE, case_id__in=found)
        .select_related("case", "case__branch")
        .order_by("-published_at", "-id")
    )


def public_case_get(*, case_id: int) -> Article:
    article = (
        _public()
        .filter(kind=Article.Kind.CASE, case_id=case_id, case__status__in=PUBLIC_STATUSES)
        .select_related("case", "case__branch")
        .order_by("-published_at")
        .first()
    )
    if article is None:
        raise Http404("案例库中没有该案例")
    return article


def public_feed(*, limit: int = 30) -> list[Article]:
    return list(_public().order_by("-published_at", "-id")[:limit])


def latest_check() -> IntegrityCheck | None:
    return IntegrityCheck.objects.select_related("by").first()


def check_findings(*, check: IntegrityCheck):
    return check.findings.select_related("article").order_by("id")


def recent_checks(limit: int = 10) -> list[IntegrityCheck]:
    return list(IntegrityCheck.objects.select_related("by")[:limit])

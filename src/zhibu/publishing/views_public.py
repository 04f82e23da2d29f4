"""The public site: news, the case library and the Atom feed, for everyone, without login.

Every page serves the signed snapshot, and only after checking it: the snapshot's signature must verify
and the article row must still render to the same bytes. Otherwise the reader gets a 503 page saying the
content failed its check (and the log says why) — never the changed text.
"""

import html
import logging
import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from zhibu.methods import selectors as method_selectors

from . import render as article_render
from . import selectors, signing
from .forms import LibraryForm
from .models import Article

log = logging.getLogger("zhibu.publishing.public")
PAGE_SIZE = 12
EXCERPT = 110
_TAG = re.compile(r"<[^>]*>")


def verified(article: Article) -> bool:
    """The snapshot verifies (with the current or an old key) and the row still renders to it."""
    verdict = selectors.article_verdict(article)
    if not verdict:
        log.error(
            "publishing: article %s publication %s fails verification: %s",
            article.pk,
            article.publication_id,
            verdict.reason if verdict is not None else "no publication",
        )
        return False
    return True


def _excerpt(article: Article) -> str:
    # The signed HTML is our own renderer's (escaped text in a few tags): dropping the tags is enough.
    body = article.publication.html.split("</h1>", 1)[-1]
    text = " ".join(html.unescape(_TAG.sub(" ", body)).split())
    return text[:EXCERPT] + ("……" if len(text) > EXCERPT else "")


def _cards(page) -> list[dict]:
    """The page's articles that verify, with their excerpts; the others are left out (and logged)."""
    return [
        {"article": a, "pub": a.publication, "excerpt": _excerpt(a), "url": a.public_url()}
        for a in page
        if verified(a)
    ]


def _serve(request, article: Article, template: str, context: dict) -> HttpResponse:
    if not verified(article):
        return render(request, "publishing/public_unverified.html", {"article_id": article.pk}, status=503)
    pub = article.publication
    response = render(
        request,
        template,
        {
            "article": article,
            "pub": pub,
            "signed_html": mark_safe(pub.html),  # noqa: S308 (verified signed HTML)
            "start_mark": mark_safe(article_render.START_MARK),
            "end_mark": mark_safe(article_render.END_MARK),
            "signature": signing.header_value(pub),
            **context,
        },
    )
    response["X-Zhibu-Signature"] = signing.header_value(pub)
    response["X-Zhibu-Sha256"] = pub.sha256
    return response


@require_GET
def news(request):
    page = Paginator(selectors.public_news(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publishing/public_news.html", {"page": page, "cards": _cards(page)})


@require_GET
def news_detail(request, article_id: int):
    return _serve(
        request, selectors.public_news_get(article_id=article_id), "publishing/public_article.html", {}
    )


@require_GET
def cases(request):
    form = LibraryForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.public_cases(
        q=data.get("q", ""), label=data.get("label", ""), category=data.get("category", "")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/public_cases.html",
        {
            "form": form,
            "page": page,
            "cards": _cards(page),
            "labels": method_selectors.pillar_labels(),
            "q": data.get("q", ""),
            "label": data.get("label", ""),
        },
    )


@require_GET
def case(request, case_id: int):
    article = selectors.public_case_get(case_id=case_id)
    adoptions = method_selectors.adoption_list(case=article.case)
    return _serve(
        request,
        article,
        "publishing/public_case.html",
        {
            "case": article.case,
            "adoptions": adoptions,
            "reach": method_selectors.case_reach(case=article.case, adoptions=adoptions),
        },
    )


class _Feed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


@require_GET
def feed(request):
    home = request.build_absolute_uri("/news/")
    atom = _Feed(
        title="支部 zhibu · 新闻与案例",
        link=home,
        description="党支部工作新闻、通知公告与工作法案例",
        language="zh-hans",
        feed_url=request.build_absolute_uri(),
        feed_guid=home,
    )
    for article in selectors.public_feed():
        if not verified(article):
            continue
        pub, url = article.publication, request.build_absolute_uri(article.public_url())
        atom.add_item(
            title=pub.title,
            link=url,
            description=_excerpt(article),
            unique_id=f"{url}#v{pub.version}",
            pubdate=article.published_at,
            updateddate=pub.signed_at,
            author_name=article.org.display_name,
            categories=[article.get_kind_display()],
            content_html=pub.html,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response

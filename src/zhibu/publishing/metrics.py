"""What publishing counts for the assessment and the dashboard (core.metrics)."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q


def published_articles(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    """Articles published (and still published) by each owning org in the subtree, by published date."""
    from .models import Article

    rows = (
        Article.objects.filter(
            subtree_q("org_path", under),
            state=Article.State.PUBLISHED,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["org_id"]: r["n"] for r in rows}


def register() -> None:
    metrics.register(
        metrics.Metric(
            code="publishing.articles",
            label="已发布的宣传文章",
            unit="篇",
            values=published_articles,
            records_url=lambda *, org, start, end: reverse("publishing:index") + "?state=published",
        )
    )

"""`zhibu generate` adds news and notices: published ones signed and served, others in review or drafts;
deterministic for a seed, over the year before --today, clean for the text guard."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhibu.publishing import guard, signing
from zhibu.publishing.models import Article, Publication

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 1)


def generate(seed: int = 1) -> str:
    out = io.StringIO()
    call_command(
        "generate",
        "--universities",
        "1",
        "--branches-per-university",
        "24",
        "--members-per-branch",
        "2",
        "--seed",
        str(seed),
        "--today",
        TODAY.isoformat(),
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def fingerprint() -> list[tuple]:
    return list(
        Article.objects.order_by("id").values_list("org__name", "kind", "state", "title", "published_at")
    )


def test_generated_articles_are_signed_spread_over_the_year_and_clean(client):
    assert "宣传文章" in generate()
    articles = list(Article.objects.select_related("publication", "org"))
    states = {a.state for a in articles}
    assert {"published", "in_review", "draft"} <= states, states
    branches = {a.org_id for a in articles}
    assert 2 <= len(branches) <= 16 and all(a.org.kind == "branch" for a in articles)
    published = [a for a in articles if a.state == "published"]
    for a in published:
        pub = a.publication
        assert pub.version == 1 and pub.key_id == signing.current_key_id() and signing.verify(pub)
        assert a.submitted_at < a.published_at and pub.signed_at == a.published_at
        assert TODAY - dt.timedelta(days=365) <= timezone.localdate(a.published_at) < TODAY
    assert len({timezone.localdate(a.published_at).month for a in published}) >= 3, "spread over the year"
    for a in articles:
        assert a.findings == [] and not guard.scan_article(title=a.title, body=a.body, org_path=a.org_path), (
            a.title
        )
        assert (a.publication_id is not None) == (a.state == "published")
        assert (a.submitted_at is None) == (a.state == "draft")
    assert Publication.objects.count() == len(published)
    news = max((a for a in published if a.kind == "news"), key=lambda a: (a.published_at, a.pk))
    assert client.get(f"/news/{news.pk}/").status_code == 200
    assert news.title in client.get("/news/").content.decode()


def test_the_same_seed_gives_the_same_articles_and_another_run_adds_more():
    generate(seed=7)
    first = fingerprint()
    generate(seed=7)
    second = fingerprint()
    assert len(second) > len(first)
    titles = lambda rows: sorted((kind, state, pub) for _org, kind, state, _title, pub in rows)  # noqa: E731
    assert titles(second[len(first) :]) == titles(first), (
        "a second university, the same plan for the same seed"
    )


def test_generated_rows_can_be_wiped_like_the_other_apps_rows():
    """orgs' generate tests empty every later app's tables, models in reverse order, before deleting orgs."""
    from django.apps import apps

    generate()
    for model in reversed(list(apps.get_app_config("publishing").get_models())):
        model._base_manager.all().delete()
    assert not Article.all_objects.exists() and not Publication.objects.exists()

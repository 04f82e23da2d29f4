"""Time publishing at the scale of a busy university site: N signed articles (default 300).

    python bench/bench_publishing.py                  # SQLite in a temp ZHIBU_HOME
    python bench/bench_publishing.py --articles 1000
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_publishing python bench/bench_publishing.py

Timed: approving (text guard + render + HMAC signing) per article; the public pages through the Django
test client (/news/ first page, a detail page, /cases/, the Atom feed) with their query counts; and
`integrity_check_run` in process over every published page (each fetched as a browser, Baiduspider
and Googlebot, compared with its signed version and scanned by the text guard).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-publishing-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhibu.orgs import services as org_services
    from zhibu.orgs.models import Org
    from zhibu.publishing import fetch, services
    from zhibu.publishing.factories import NEWS_BODY, NEWS_TITLE
    from zhibu.publishing.models import Article
    from zhibu.publishing.services_integrity import integrity_check_run

    root = Org.objects.filter(code="BENCH-P").first() or org_services.org_create(
        by=None, parent=None, name="基准测试大学党委", code="BENCH-P", kind=Org.Kind.COMMITTEE,
        category=Org.Category.UNIVERSITY)
    existing = Article.objects.filter(org=root).count()
    approve = []
    for i in range(existing, args.articles):
        a = services.article_create(by=None, org=root, kind=Article.Kind.NEWS, title=f"{NEWS_TITLE}（{i}）",
                                    body=NEWS_BODY * 3)
        services.article_submit(by=None, article=a)
        t = time.perf_counter()
        services.article_approve(by=None, article=a)
        approve.append(time.perf_counter() - t)
    if approve:
        print(f"approve+sign: median {statistics.median(approve) * 1000:.1f} ms over {len(approve)} articles")
    client = Client(HTTP_HOST="localhost")
    last = Article.objects.filter(org=root).order_by("-pk").first()
    for label, url in (("/news/", "/news/"), ("detail", f"/news/{last.pk}/"), ("/cases/", "/cases/"),
                       ("feed", "/news/feed.atom")):
        client.get(url)
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                assert client.get(url).status_code == 200
                times.append(time.perf_counter() - t)
        print(f"{label:8} median {statistics.median(times) * 1000:6.1f} ms, {len(ctx)} queries")
    t = time.perf_counter()
    check = integrity_check_run(fetcher=fetch.ClientFetcher(host="localhost"))
    elapsed = time.perf_counter() - t
    print(f"integrity check: {check.articles} articles, {check.pages} pages × 3 variants in {elapsed:.1f} s "
          f"({elapsed / max(check.articles, 1) * 1000:.0f} ms an article), problems: {check.problems}")


if __name__ == "__main__":
    main()

"""The org tree at 50,000 nodes: subtree reads stay fast because a subtree is one index range.

    python bench/bench_tree.py                    # fresh SQLite in a temp ZHIBU_HOME
    ZHIBU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibu_bench_tree python bench/bench_tree.py

Builds 10 universities × 40 schools × ~125 branches (plus one root) = ~50,000 nodes with
bulk inserts, then times, as the organiser of one university and as a superuser:
the branch page, a university page, the tree's children fragment, the org search and the
subtree count. Prints median and p95 in milliseconds and the number of SQL queries.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
    os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-tree-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
os.environ.setdefault("ZHIBU_ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zhibu.core.paths import path_child, subtree_q  # noqa: E402
from zhibu.orgs.models import Org, Role  # noqa: E402

UNIVERSITIES, SCHOOLS, BRANCHES = 10, 40, 125


def build() -> None:
    if Org.objects.filter(code="BT").exists():
        return
    t = time.perf_counter()
    with transaction.atomic():
        root = Org.objects.create(name="基准市委教育工委", code="BT", kind="superior", category="government")
        root.path = path_child("", root.pk)
        root.save(update_fields=["path"])
        level = [root]
        specs = [("committee", "university", UNIVERSITIES), ("committee", "school", SCHOOLS),
                 ("branch", "faculty", BRANCHES)]
        for depth, (kind, category, n) in enumerate(specs, start=1):
            rows = [Org(name=f"{p.code}-{i}", code=f"{p.code}-{i}", kind=kind, category=category, parent=p,
                        depth=depth) for p in level for i in range(n)]
            Org.objects.bulk_create(rows, batch_size=2000)
            rows = list(Org.objects.filter(depth=depth, code__startswith="BT-").select_related("parent"))
            for o in rows:
                o.path = path_child(o.parent.path, o.pk)
            Org.objects.bulk_update(rows, ["path"], batch_size=2000)
            level = rows
    print(f"built {Org.objects.count():,} nodes in {time.perf_counter() - t:.1f} s")


def timed(client: Client, url: str, n: int = 30) -> tuple[float, float, int]:
    client.get(url)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(ctx.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    organiser, _ = User.objects.get_or_create(username="bench-organiser")
    university = Org.objects.get(code="BT-0")
    Role.objects.get_or_create(user=organiser, org=university, kind=Role.Kind.ORG_ADMIN)
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    branch = Org.objects.filter(subtree_q("path", university.path), kind="branch").order_by("path").last()
    school = branch.parent
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, nodes: {Org.objects.count():,}")
    for who in (organiser, admin):
        client = Client()
        client.force_login(who)
        for label, url in [
            ("branch page", f"/orgs/{branch.code}/"),
            ("school page (125 children)", f"/orgs/{school.code}/"),
            ("university page (5,040 nodes below)", f"/orgs/{university.code}/"),
            ("tree children fragment", f"/orgs/{school.code}/children/"),
            ("org search", "/orgs/?q=BT-0-3-12"),
        ]:
            med, p95, queries = timed(client, url)
            print(f"{who.username:16} {label:38} median {med:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")
    t = time.perf_counter()
    for _ in range(100):
        Org.objects.filter(subtree_q("path", university.path)).count()
    print(f"subtree count of a university: {(time.perf_counter() - t) * 10:.2f} ms each")


if __name__ == "__main__":
    main()

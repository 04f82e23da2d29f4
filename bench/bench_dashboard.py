"""Time the dashboard of a university: 500 branches, 20,000 members, made by `zhibu generate`.

    python bench/bench_dashboard.py                           # SQLite in a temp ZHIBU_HOME
    ZHIBU_DATABASE_URL=postgres://…/zhibu_dashboard_bench python bench/bench_dashboard.py
    ZHIBU_HOME=/tmp/x python bench/bench_dashboard.py --org GU0001   # an existing organisation

Generates one university (`zhibu generate --universities 1 --branches-per-university 500
--members-per-branch 40`: meetings, co-building, integration and whatever the other apps' synthetic hooks
add), then times, as the university's org_admin through the Django test client (the whole server side):

- the slow charts computed and stored (`dashboard_refresh`: the compliance engine over every branch and
  the "七个有力" scorer) — what cron does every few minutes, and what the first visitor of a scope pays
  when nothing is stored;
- the university's dashboard page, big screen and JSON, with those stored results fresh — what every
  visitor gets. Target: under 300 ms, in a bounded number of queries;
- each chart's JSON endpoint, a school's dashboard (≈60 branches, also stored) and a branch's (computed live).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 300


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-dashboard-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _generate(branches: int, members: int) -> str:
    from django.core.management import call_command
    from django.db import connection

    from zhibu.orgs.models import Org

    before = set(Org.objects.filter(kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY)
                 .values_list("code", flat=True))
    call_command("generate", universities=1, branches_per_university=branches, members_per_branch=members, seed=1,
                 verbosity=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as autovacuum would gather them in real use
    new = Org.objects.filter(kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY).exclude(code__in=before)
    return new.order_by("-id").first().code


def _organiser(code: str):
    from django.contrib.auth import get_user_model

    from zhibu.orgs import services
    from zhibu.orgs.models import Org, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-dashboard")
    org = Org.objects.get(code=code)
    if not Role.objects.filter(user=user, org=org).exists():
        services.role_grant(by=None, user=user, org=org, kind=Role.Kind.ORG_ADMIN)
    return user


def _timed(fn, n: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = ctx.captured_queries
    return times, queries


def _report(label: str, times: list[float], queries, target: bool = False) -> float:
    median = statistics.median(times) * 1000
    sql = sum(float(q["time"]) for q in queries) * 1000
    verdict = ""
    if target:
        verdict = "  OK" if median < TARGET_MS else f"  SLOWER THAN {TARGET_MS} ms"
    print(f"{label:44s} median {median:7.0f} ms   min {min(times) * 1000:7.0f} ms   {len(queries):3d} queries "
          f"({sql:.0f} ms in SQL){verdict}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--members-per-branch", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--org", help="time an existing organisation (code) instead of generating one")
    args = parser.parse_args()

    _setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zhibu.dashboard import services
    from zhibu.orgs.models import Member, Org

    started = time.perf_counter()
    code = args.org or _generate(args.branches, args.members_per_branch)
    root = Org.objects.get(code=code)
    branches = Org.objects.filter(path__startswith=root.path, kind=Org.Kind.BRANCH)
    members = Member.objects.filter(org_path__startswith=root.path).count()
    print(f"{connection.vendor}: {root.name} ({code}), {branches.count():,} branches, {members:,} members "
          f"(data {time.perf_counter() - started:.1f} s)")

    year = timezone.localdate().year
    school = Org.objects.filter(parent=root).order_by("path").first()
    branch = branches.order_by("path").first()
    client = Client(SERVER_NAME="localhost")
    client.force_login(_organiser(code))
    client.get(f"/dashboard/{branch.code}/?year={year}")  # the first request loads the URLconf and every app

    for org in (root, school):
        times, queries = _timed(lambda org=org: services.snapshots_refresh(orgs=[org], year=year), 1)
        _report(f"store slow charts: {org.code} (cold)", times, queries)

    worst = 0.0
    for label, url, target in [
        ("university dashboard page", f"/dashboard/{code}/?year={year}", True),
        ("university big screen", f"/dashboard/{code}/screen/?year={year}", True),
        ("university JSON (all charts)", f"/api/dashboard/{code}?year={year}", True),
        (f"school dashboard ({school.code})", f"/dashboard/{school.code}/?year={year}", False),
        (f"branch dashboard ({branch.code}, live)", f"/dashboard/{branch.code}/?year={year}", False),
    ]:
        assert client.get(url).status_code == 200, url
        times, queries = _timed(lambda url=url: client.get(url), args.runs)
        median = _report(label, times, queries, target)
        if target:
            worst = max(worst, median)
    from zhibu.dashboard.selectors import CHARTS

    for chart in CHARTS:
        url = f"/api/dashboard/{code}/{chart}?year={year}"
        assert client.get(url).status_code == 200, url
        times, queries = _timed(lambda url=url: client.get(url), args.runs)
        _report(f"  chart {chart}", times, queries)
    print(f"university dashboard: worst median {worst:.0f} ms — "
          f"{'OK' if worst < TARGET_MS else f'SLOWER THAN {TARGET_MS} ms'}")


if __name__ == "__main__":
    main()

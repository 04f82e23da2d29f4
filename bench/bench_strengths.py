"""Time the "七个有力" scorer at the scale of a university and of a province.

    python bench/bench_strengths.py                                   # SQLite in a temp ZHIBU_HOME: 500 branches
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench python bench/bench_strengths.py
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_large python bench/bench_strengths.py --large 50000

University (default): the compliance bench's university (bench_compliance.build_university: 500 branches,
three groups and 20 members each, ≈ 118 meetings a branch over the year, attendance at committee meetings
and talks), plus a party-lecture attendance list per lecture. Timed: the scorer over every branch
(`scores_for_scope`: one metrics call per metric code for the whole subtree, rolled up in Python), the
ranking page and the API's first page (through the Django test client), and the Excel export.
Target: under 2 s for the scorer.

--large N (PostgreSQL only): N branches under 500 schools, generated in SQL (bench_compliance.build_province:
≈ 5.9 million meetings for 50,000) and the scorer timed over all of them. Target: under 60 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-strengths-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _lecture_attendance(root_path: str) -> int:
    """Everyone of the branch listed at each party lecture, every fifth on leave: the attendance rate's rows."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, via) "
            "SELECT mt.id, m.id, CASE WHEN m.id %% 5 = 0 THEN 'leave' ELSE 'present' END, "
            "CASE WHEN m.id %% 5 = 0 THEN '出差' ELSE '' END, 'manual' "
            "FROM meetings_meeting mt JOIN orgs_member m ON m.org_id = mt.org_id "
            "WHERE mt.kind = 'party_lecture' AND mt.org_path >= %s AND mt.org_path < %s",
            [root_path, str(int(root_path) + 1).zfill(len(root_path))])
        return c.rowcount


def _timed(fn, n: int):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], None, None
    for _ in range(n):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        queries = ctx.captured_queries
    return times, queries, result


def _report(label: str, times: list[float], queries) -> None:
    sql = sum(float(q["time"]) for q in queries)
    print(f"{label:38s} median {statistics.median(times) * 1000:8.0f} ms   min {min(times) * 1000:8.0f} ms   "
          f"{len(queries):3d} queries ({sql * 1000:.0f} ms in SQL)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--large", type=int, metavar="N", help="PostgreSQL: N branches generated in SQL")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--org", help="time an existing organisation (code) instead of generating one")
    args = parser.parse_args()

    _setup()
    import bench_compliance
    from django.db import connection
    from django.test import Client

    from zhibu.meetings.models import Meeting
    from zhibu.orgs.models import Org
    from zhibu.strengths.selectors import scores_for_scope

    start = time.perf_counter()
    if args.org:
        code = args.org
    elif args.large:
        if connection.vendor != "postgresql":
            sys.exit("--large needs PostgreSQL (ZHIBU_DATABASE_URL)")
        code = bench_compliance.build_province(args.large, args.year)
    else:
        code = bench_compliance.build_university(args.branches, args.year)
    root = Org.objects.get(code=code)
    if not args.org:
        rows = _lecture_attendance(root.path)
        print(f"  lecture attendance rows {rows:,}")
        with connection.cursor() as c:
            c.execute("ANALYZE")
    branches = Org.objects.filter(path__startswith=root.path, kind=Org.Kind.BRANCH).count()
    meetings = Meeting.objects.filter(org_path__startswith=root.path).count()
    print(f"{connection.vendor}: {root.name} ({code}), {branches:,} branches, {meetings:,} meetings "
          f"(data {time.perf_counter() - start:.1f} s)")

    big = bool(args.large)
    times, queries, scores = _timed(lambda: scores_for_scope(org=root, year=args.year), 1 if big else args.runs)
    _report(f"scorer, {branches:,} branches × {args.year}", times, queries)
    mean = sum(s.total for s in scores) / len(scores) if scores else 0
    first = scores[0] if scores else None
    print(f"{'':38s} mean total {mean:.1f}; first branch {first.org.code if first else '—'}: "
          f"{first.by_strength if first else {}}")
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
        print(f"    {float(q['time']) * 1000:7.0f} ms  {q['sql'][:140]}…")
    if big:
        return

    from django.contrib.auth import get_user_model

    from zhibu.orgs import services
    from zhibu.orgs.models import Role

    user, _ = get_user_model().objects.get_or_create(username="bench-strengths")
    services.role_grant(by=None, user=user, org=root, kind=Role.Kind.ORG_ADMIN)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    for label, url in [
        ("ranking page (50 branches shown)", f"/strengths/?org={code}&year={args.year}"),
        ("API, first 200 branches", f"/api/assessments/strengths?org={code}&year={args.year}&page_size=200"),
        ("Excel export, all branches", f"/strengths/orgs/{code}/ranking.xlsx?year={args.year}"),
        ("branch page", f"/strengths/branches/{scores[0].org.code}/?year={args.year}"),
    ]:
        assert client.get(url).status_code == 200, url
        times, queries, _ = _timed(lambda url=url: client.get(url), args.runs)
        _report(label, times, queries)


if __name__ == "__main__":
    main()

"""Time the member list API on a university with 20,000 members in 500 branches.

    python bench/bench_api.py                                   # fresh SQLite database in a temp ZHIBU_HOME
    python bench/bench_api.py --requests 500 --explain
    python bench/bench_api.py --proposed-index             # with the indexes proposed for orgs.Member
    python bench/bench_api.py --org GU0001                 # an existing database (ZHIBU_HOME or ZHIBU_DATABASE_URL)
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench python bench/bench_api.py

The data comes from `zhibu generate --seed 1` when that command exists, else it is bulk-created here:
one university committee, 20 school committees, 25 branches per school with two groups each, 40
members per branch, a secretary and two committee members per branch. With --org the script times
an organisation already in the database instead. The timed request is `GET /api/members/?org=<university>` (first
page) through the Django test client, as a university org_admin with a bearer token, so the time is
the whole server side (middleware, token look-up, scope, queries, serialisation) without a network.
Target: median under 50 ms.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

UNIVERSITY = "BENCH-U"  # when bulk-created here
# Proposed for orgs.Member (see the report): live rows only, so that COUNT needs no table look-ups and
# the list's ORDER BY is an index walk at any page depth.
PROPOSED_INDEXES = {"member_alive_order_idx": "org_path, name, id", "member_alive_status_idx": "org_path, status"}


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-api-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _generated_university(branches: int, per_branch: int) -> str | None:
    """Run `zhibu generate` if it exists; the code of the university it made, else None."""
    from django.core.management import call_command, get_commands

    from zhibu.orgs.models import Org

    if "generate" not in get_commands():
        return None
    before = set(Org.objects.values_list("pk", flat=True))
    call_command("generate", "--universities", "1", "--branches-per-university", str(branches),
                 "--members-per-branch", str(per_branch), "--seed", "1")
    university = (
        Org.objects.filter(category=Org.Category.UNIVERSITY, kind=Org.Kind.COMMITTEE)
        .exclude(pk__in=before)
        .order_by("path")
        .first()
    )
    return university.code if university else None


def _build_university(branches: int, per_branch: int) -> str:
    from zhibu.core.personal import make_id_number
    from zhibu.orgs import services
    from zhibu.orgs.models import Member, Org, Position

    schools = max(1, branches // 25)
    university = services.org_create(by=None, parent=None, name="基准测试大学党委", code=UNIVERSITY,
                                     kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY)
    branch_list = []
    for s in range(schools):
        school = services.org_create(by=None, parent=university, name=f"基准测试第{s + 1}学院党委",
                                     code=f"{UNIVERSITY}-{s + 1:02d}", kind=Org.Kind.COMMITTEE,
                                     category=Org.Category.SCHOOL)
        for b in range(branches // schools + (1 if s < branches % schools else 0)):
            branch = services.org_create(by=None, parent=school, name=f"第{s + 1}学院第{b + 1}党支部",
                                         code=f"{school.code}-{b + 1:03d}", kind=Org.Kind.BRANCH,
                                         category=Org.Category.STUDENT if b % 2 else Org.Category.FACULTY)
            groups = [
                services.org_create(by=None, parent=branch, name=f"第{g}党小组", code=f"{branch.code}-{g}",
                                    kind=Org.Kind.GROUP)
                for g in (1, 2)
            ]
            branch_list.append((branch, groups))

    surnames, given = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平"
    serial = 0
    members = []
    for branch, groups in branch_list:
        student = branch.category == Org.Category.STUDENT
        for i in range(per_branch):
            serial += 1
            birth = dt.date(1970 + serial % 35, 1 + serial % 12, 1 + serial % 28)
            status = [Member.Status.FULL, Member.Status.FULL, Member.Status.PROBATIONARY, Member.Status.CANDIDATE][i % 4]
            full = status == Member.Status.FULL
            members.append(Member(
                org=branch, org_path=branch.path, group=groups[i % 2] if i % 3 else None,
                name=surnames[serial % 20] + given[serial * 7 % 20] + (given[serial % 19] if serial % 3 else ""),
                gender=Member.Gender.FEMALE if serial % 2 else Member.Gender.MALE, birth_date=birth,
                id_number=make_id_number(f"11{serial // 1000 % 10000:04d}", birth, serial % 1000),
                phone=f"139{serial:08d}", status=status,
                joined_on=None if status == Member.Status.CANDIDATE else dt.date(2015, 6, 1),
                full_on=dt.date(2016, 6, 1) if full else None,
                occupation=Member.Occupation.STUDENT if student else Member.Occupation.TEACHER,
                major="物流管理" if student else "", class_year=2021 if student else None,
            ))
    Member.objects.bulk_create(members, batch_size=2000)

    positions = []
    by_branch: dict[int, list[int]] = {}
    for org_id, pk in Member.objects.filter(org__in=[b for b, _ in branch_list]).values_list("org_id", "pk"):
        by_branch.setdefault(org_id, []).append(pk)
    kinds = [Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.COMMITTEE_MEMBER]
    for branch, _ in branch_list:
        for kind, member_id in zip(kinds, sorted(by_branch[branch.pk]), strict=False):
            positions.append(Position(member_id=member_id, org=branch, kind=kind, started_on=dt.date(2023, 1, 1)))
    Position.objects.bulk_create(positions, batch_size=2000)
    return university.code


def _organiser(university_code: str):
    from django.contrib.auth import get_user_model

    from zhibu.core.services import token_create
    from zhibu.orgs import services
    from zhibu.orgs.models import Org, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-organiser")
    services.role_grant(by=None, user=user, org=Org.objects.get(code=university_code), kind=Role.Kind.ORG_ADMIN)
    _, key = token_create(user=user, name="bench")
    return key


def _time(client, url: str, key: str, n: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time per request, in ms, sorted."""
    headers = {"Authorization": f"Bearer {key}"}
    for _ in range(10):
        assert client.get(url, headers=headers).status_code == 200
    wall, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.content[:300]
    return sorted(wall), sorted(cpu)


def _p95(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.95) - 1)]


def _queries(client, url: str, key: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url, headers={"Authorization": f"Bearer {key}"})
    return ctx.captured_queries


def _explain(queries) -> None:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    for q in queries:
        sql = q["sql"]
        if not sql.startswith("SELECT") or "orgs_member" not in sql.split(" FROM ")[1][:40]:
            continue
        print(f"\n-- {q['time']}s  {sql[:160]}…")
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            for row in cursor.fetchall():
                print("   ", row[-1] if connection.vendor == "sqlite" else row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--members-per-branch", type=int, default=40)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--org", help="time an existing organisation (code) instead of generating a university")
    parser.add_argument("--explain", action="store_true", help="print the query plans of the member queries")
    parser.add_argument("--proposed-index", action="store_true",
                        help="experiment: first add the partial indexes proposed for orgs.Member, outside migrations")
    args = parser.parse_args()

    _setup()
    from django.db import connection
    from django.test import Client

    from zhibu.orgs.models import Member, Org

    start = time.perf_counter()
    if args.org:
        code, how = args.org, "existing"
    else:
        code = _generated_university(args.branches, args.members_per_branch)
        how = "zhibu generate"
        if code is None:
            code, how = _build_university(args.branches, args.members_per_branch), "bulk-created"
        # A freshly loaded table has no planner statistics yet; autovacuum would gather them soon after.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    university = Org.objects.get(code=code)
    from zhibu.core.paths import subtree_q

    n_members = Member.objects.filter(subtree_q("org_path", university.path)).count()
    n_branches = Org.objects.filter(subtree_q("path", university.path), kind=Org.Kind.BRANCH).count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"data: {how} in {time.perf_counter() - start:.1f} s — {n_members} members in {n_branches} branches "
          f"under {code}")

    if args.proposed_index:
        with connection.cursor() as cursor:
            for name, columns in PROPOSED_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON orgs_member ({columns}) WHERE deleted_at IS NULL")
            cursor.execute("ANALYZE")
        print(f"experiment: partial indexes {', '.join(PROPOSED_INDEXES)} added")

    key = _organiser(code)
    client = Client(SERVER_NAME="localhost")
    cases = [
        ("members, first page", f"/api/members/?org={code}"),
        ("members, first page of 200", f"/api/members/?org={code}&page_size=200"),
        ("members, page 100", f"/api/members/?org={code}&page=100"),
        ("members, no org filter", "/api/members/"),
        ("members, status filter", f"/api/members/?org={code}&status=probationary"),
        ("members, name search", f"/api/members/?org={code}&q=王"),
        ("org detail (stats of 20k)", f"/api/orgs/{code}"),
        ("orgs, children", f"/api/orgs/?parent={code}"),
    ]
    print(f"\n{'request':<28} {'median':>7} {'p95':>7} {'max':>7} {'cpu med':>8}  queries   (ms; cpu = this process)")
    results = {}
    for label, url in cases:
        wall, cpu = _time(client, url, key, args.requests if label.startswith("members, first page") else 50)
        n_queries = len(_queries(client, url, key))
        results[label] = statistics.median(wall)
        print(f"{label:<28} {statistics.median(wall):7.1f} {_p95(wall):7.1f} {wall[-1]:7.1f} "
              f"{statistics.median(cpu):8.1f}  {n_queries:7d}")
    print(f"(first-page rows: {args.requests} requests each; others 50; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs)")

    if args.explain:
        _explain(_queries(client, cases[0][1], key))
    median = results["members, first page"]
    print(f"\ntarget: median of GET /api/members/?org={code} under 50 ms — {'met' if median < 50 else 'MISSED'} "
          f"({median:.1f} ms)")


if __name__ == "__main__":
    main()

"""Time the member points of a university: 500 branches, 20,000 members, a year of records.

    python bench/bench_assessment.py                      # SQLite in a temp ZHIBU_HOME
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_assessment python bench/bench_assessment.py

The university: one committee, 20 schools, 500 branches with three groups and 40 members each (every
fifth probationary), a committee of five. A year of records per branch, bulk-created here: 4 general
meetings and 4 party lectures (everyone listed; one in 25 absent, one in 30 on leave), 12 committee
meetings (the committee), 12 group meetings per group (the group's members) — ≈ 850 attendance rows a
branch, ≈ 425,000 in all; ≈ 20,000 deeds (80% confirmed) and ≈ 14,000 badge pledges.

Timed, as the university's org_admin: the engine alone over the whole university (`points_totals`:
every member × every rule, with caps and ranks in their branches), the ranking page (first page of 50 and
page 250: computed a page at a time), the API totals (first page of 200), the Excel export of all 20,000,
one member's ledger; each with the number of SQL queries it ran. Target: the engine under 5 s on SQLite, queries independent of size.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

CODE = "BENCH-A"
MEMBERS_PER_BRANCH = 40
GROUPS = 3
COMMITTEE = 5


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-assessment-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _tree(schools: int, branches: int):
    from zhibu.core.paths import path_child
    from zhibu.orgs import services
    from zhibu.orgs.models import Org

    root = services.org_create(by=None, parent=None, name="基准测试大学党委（考评）", code=CODE, kind=Org.Kind.COMMITTEE,
                               category=Org.Category.UNIVERSITY)

    def level(parents, make, per):
        rows = [make(p, i) for p in parents for i in range(per(p))]
        Org.objects.bulk_create(rows, batch_size=2000)
        for org in rows:
            org.path = path_child(org.parent.path, org.pk)
            org.depth = org.parent.depth + 1
        Org.objects.bulk_update(rows, ["path", "depth"], batch_size=2000)
        return rows

    school_rows = level([root], lambda p, i: Org(name=f"考评测试第{i + 1}学院党委", code=f"{CODE}-{i + 1:03d}",
                                                 kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL, parent=p),
                        lambda p: schools)
    branch_rows = level(school_rows, lambda p, i: Org(name=f"{p.name[:-2]}第{i + 1}党支部", code=f"{p.code}-{i + 1:03d}",
                                                      kind=Org.Kind.BRANCH, category=Org.Category.FACULTY, parent=p),
                        lambda p: branches // schools)
    group_rows = level(branch_rows, lambda p, i: Org(name=f"第{i + 1}党小组", code=f"{p.code}-{i + 1}",
                                                     kind=Org.Kind.GROUP, category=p.category, parent=p),
                       lambda p: GROUPS)
    groups: dict[int, list] = {}
    for g in group_rows:
        groups.setdefault(g.parent_id, []).append(g)
    return root, branch_rows, groups


def _people(branches, groups) -> dict[int, list]:
    from zhibu.orgs.models import Member

    rows = []
    for n, b in enumerate(branches):
        for j in range(MEMBERS_PER_BRANCH):
            serial = n * MEMBERS_PER_BRANCH + j
            full = j % 5 != 4
            rows.append(Member(
                org=b, org_path=b.path, group=groups[b.pk][j % GROUPS], name=f"党员{serial}",
                gender=Member.Gender.FEMALE if j % 2 else Member.Gender.MALE, birth_date=dt.date(1990, 1, 1),
                id_number=f"A{serial:017d}", status=Member.Status.FULL if full else Member.Status.PROBATIONARY,
                joined_on=dt.date(2015, 6, 1), full_on=dt.date(2016, 6, 1) if full else None,
                occupation=Member.Occupation.TEACHER,
            ))
    Member.objects.bulk_create(rows, batch_size=5000)
    by_branch: dict[int, list] = {}
    for m in rows:
        by_branch.setdefault(m.org_id, []).append(m)
    return by_branch


def _records(branches, groups, people, year: int) -> tuple[int, int]:
    from zoneinfo import ZoneInfo

    from zhibu.assessment.models import BadgePledge, Deed
    from zhibu.meetings.models import Attendance, Meeting

    tz = ZoneInfo("Asia/Shanghai")
    attendance_rows = 0
    for start in range(0, len(branches), 25):
        meetings, who = [], []

        def meeting(kind, host, month, day, attendees, meetings=meetings, who=who):
            at = dt.datetime(year, month, day, 15, tzinfo=tz)
            meetings.append(Meeting(org=host, org_path=host.path, kind=kind, title=kind, starts_at=at,
                                    ends_at=at + dt.timedelta(hours=1)))
            who.append(attendees)

        for b in branches[start:start + 25]:
            members = people[b.pk]
            for q in (3, 6, 9, 12):
                meeting("general_meeting", b, q, 20, members)
                meeting("party_lecture", b, q, 21, members)
            for m in range(1, 13):
                meeting("committee_meeting", b, m, 2, members[:COMMITTEE])
                for g, group in enumerate(groups[b.pk]):
                    meeting("group_meeting", group, m, 10 + g, members[g::GROUPS])
        Meeting.objects.bulk_create(meetings, batch_size=5000)
        rows = []
        for mt, ps in zip(meetings, who, strict=True):
            for p in ps:
                k = (mt.pk * 31 + p.pk) % 150
                status = "absent" if k < 6 else "leave" if k < 11 else "present"
                rows.append(Attendance(meeting=mt, member=p, status=status, reason="出差" if status == "leave" else ""))
        Attendance.objects.bulk_create(rows, batch_size=5000)
        attendance_rows += len(rows)
    deeds, pledges = [], []
    now = dt.datetime.now(tz)
    for b in branches:
        for j, m in enumerate(people[b.pk]):
            if j % 10 < 7:
                pledges.append(BadgePledge(member=m, org=b, org_path=b.path, year=year))
            for k in range(m.pk % 3):
                confirmed = (m.pk + k) % 5 != 0
                deeds.append(Deed(member=m, org=b, org_path=b.path, date=dt.date(year, 1 + (m.pk + k) % 12, 15),
                                  title="为群众办实事", category="service", hours=Decimal(1 + (m.pk + k) % 8),
                                  beneficiaries=(m.pk + k) % 20, status="confirmed" if confirmed else "pending",
                                  confirmed_via="secretary" if confirmed else "", confirmed_at=now if confirmed else None))
    Deed.objects.bulk_create(deeds, batch_size=5000)
    BadgePledge.objects.bulk_create(pledges, batch_size=5000)
    return attendance_rows, len(deeds)


def build(branches: int, year: int) -> str:
    from django.db import connection, transaction

    from zhibu.orgs.models import Org

    if Org.objects.filter(code=CODE).exists():
        return CODE
    t0 = time.perf_counter()
    with transaction.atomic():
        _, branch_list, groups = _tree(20, branches)
        people = _people(branch_list, groups)
        attendance, deeds = _records(branch_list, groups, people, year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {branches} branches, {branches * MEMBERS_PER_BRANCH:,} members, {attendance:,} attendance rows, "
          f"{deeds:,} deeds in {time.perf_counter() - t0:.1f} s")
    return CODE


def _organiser():
    from django.contrib.auth import get_user_model

    from zhibu.orgs import services
    from zhibu.orgs.models import Org, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-assessment")
    services.role_grant(by=None, user=user, org=Org.objects.get(code=CODE), kind=Role.Kind.ORG_ADMIN)
    return user


def _time(label: str, fn, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    print(f"  {label:<44} median {statistics.median(times):6.2f} s   best {min(times):6.2f} s   "
          f"{len(ctx.captured_queries):3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.test import Client

    from zhibu.assessment import export, points
    from zhibu.orgs.models import Member, Org

    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    build(args.branches, args.year)
    root = Org.objects.get(code=CODE)
    user = _organiser()
    client = Client()
    client.force_login(user)
    member = Member.objects.filter(org_path__startswith=root.path).order_by("id")[123]
    rows = points.points_totals(under=root.path, year=args.year)
    print(f"{len(rows):,} members; top of the first branch: {rows[0].name} {rows[0].total} points")
    year = args.year

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    _time("engine: points_totals over the university", lambda: points.points_totals(under=root.path, year=year),
          args.repeat)
    _time("page: ranking (first 50)", lambda: page(f"/assessment/orgs/{CODE}/ranking/?year={year}"), args.repeat)
    _time("page: ranking (page 250 of 400)", lambda: page(f"/assessment/orgs/{CODE}/ranking/?year={year}&page=250"),
          args.repeat)
    _time("API: /api/points/ (first 200)", lambda: page(f"/api/points/?org={CODE}&year={year}&page_size=200"),
          args.repeat)
    _time("Excel: ranking of all members", lambda: export.ranking_xlsx(
        rows=points.points_totals(under=root.path, year=year), year=year, rules=points.rules_for_year(year),
        branch_names={}), 1)
    _time("page: one member's ledger", lambda: page(f"/assessment/points/{member.pk}/?year={year}"), args.repeat)
    _time("page: one branch's ranking", lambda: page(f"/assessment/orgs/{member.org.code}/ranking/?year={year}"),
          args.repeat)


if __name__ == "__main__":
    main()

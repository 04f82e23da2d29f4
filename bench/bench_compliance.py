"""Time the standardisation compliance report at the scale of a university and of a province.

    python bench/bench_compliance.py                          # SQLite in a temp ZHIBU_HOME: 500 branches, ≈60,000 meetings
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench python bench/bench_compliance.py
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_large python bench/bench_compliance.py --large 50000
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_large python bench/bench_compliance.py --org BENCH-C-L --engine-only

University (default): one university committee, 20 schools, 500 branches (25 per school) with three
groups and 20 members each, a committee of five; a year of meetings per branch at realistic rates with
gaps (committee meetings with four of five present, theme days, four talks a month, monthly group
meetings, quarterly general meetings and lectures, the yearly org-life meeting and appraisal):
≈ 118 a branch, ≈ 59,000 in all, bulk-created here. Timed, as the university's org_admin: the engine
alone over the whole university (`compliance_compute`, every branch × rule × slot), the report page
(`GET /compliance/orgs/<code>/?year=…`, through the Django test client: the whole server side), the API
(first page of 200 branches) and the Excel export. Target: under 1 s, in a bounded number of queries.

--large N (PostgreSQL only): N branches under 500 schools, the same rates, generated in SQL with
generate_series (≈ 118·N meetings: 5.9 million for 50,000) and the engine timed over all of them.
Target: under 30 s. Drop the database afterwards; it takes several GB.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

CODE = "BENCH-C"
MEMBERS_PER_BRANCH = 20
COMMITTEE = 5
GROUPS = 3


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-compliance-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- a university, through the ORM ---------------------------------------------------------------------


def _tree(code: str, schools: int, branches: int):
    """The committee, schools, branches and groups, bulk-created with their paths."""
    from zhibu.core.paths import path_child
    from zhibu.orgs import services
    from zhibu.orgs.models import Org

    root = services.org_create(by=None, parent=None, name="基准测试大学党委", code=code, kind=Org.Kind.COMMITTEE,
                               category=Org.Category.UNIVERSITY)

    def level(parents, make):
        rows = [make(p, i) for p in parents for i in range(p[1])]
        Org.objects.bulk_create([r for r, _ in rows], batch_size=2000)
        for org, _ in rows:
            org.path = path_child(org.parent.path, org.pk)
            org.depth = org.parent.depth + 1
        Org.objects.bulk_update([r for r, _ in rows], ["path", "depth"], batch_size=2000)
        return rows

    per_school = [branches // schools + (1 if s < branches % schools else 0) for s in range(schools)]
    school_rows = level([(root, schools)], lambda p, i: (Org(
        name=f"基准测试第{i + 1}学院党委", code=f"{code}-{i + 1:03d}", kind=Org.Kind.COMMITTEE,
        category=Org.Category.SCHOOL, parent=p[0]), per_school[i]))
    branch_rows = level(school_rows, lambda p, i: (Org(
        name=f"{p[0].name[:-2]}第{i + 1}党支部", code=f"{p[0].code}-{i + 1:03d}", kind=Org.Kind.BRANCH,
        category=Org.Category.STUDENT if i % 2 else Org.Category.FACULTY, parent=p[0],
        term_start=dt.date(2024, 6, 1), term_end=dt.date(2027, 6, 1) if i % 7 else dt.date(2026, 12, 31)), GROUPS))
    group_rows = level(branch_rows, lambda p, i: (Org(
        name=f"第{i + 1}党小组", code=f"{p[0].code}-{i + 1}", kind=Org.Kind.GROUP, category=p[0].category,
        parent=p[0]), 0))
    groups: dict[int, list] = {}
    for g, _ in group_rows:
        groups.setdefault(g.parent_id, []).append(g)
    return root, [b for b, _ in branch_rows], groups


def _people(branches, groups):
    from zhibu.orgs.models import Member, Position

    rows = []
    for n, b in enumerate(branches):
        for j in range(MEMBERS_PER_BRANCH):
            serial = n * MEMBERS_PER_BRANCH + j
            full = j % 5 != 4
            rows.append(Member(
                org=b, org_path=b.path, group=groups[b.pk][j % GROUPS], name=f"党员{serial}",
                gender=Member.Gender.FEMALE if j % 2 else Member.Gender.MALE, birth_date=dt.date(1990, 1, 1),
                id_number=f"B{serial:017d}", status=Member.Status.FULL if full else Member.Status.PROBATIONARY,
                joined_on=dt.date(2015, 6, 1), full_on=dt.date(2016, 6, 1) if full else None,
                occupation=Member.Occupation.TEACHER,
            ))
    Member.objects.bulk_create(rows, batch_size=5000)
    by_branch: dict[int, list] = {}
    for m in rows:
        by_branch.setdefault(m.org_id, []).append(m)
    kinds = [Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY] + [Position.Kind.COMMITTEE_MEMBER] * 3
    Position.objects.bulk_create([
        Position(member=m, org_id=org_id, kind=k, started_on=dt.date(2024, 6, 1))
        for org_id, ms in by_branch.items() for m, k in zip(ms[:COMMITTEE], kinds, strict=True)
    ], batch_size=5000)
    return by_branch


def _plan(n: int, year: int):
    """(kind, month, day, hour, host index: None for the branch or a group number, attendees by index)."""
    for m in range(1, 13):
        if (n + m) % 11:
            yield "committee_meeting", m, 1 + (n + m) % 28, 15, None, (0, 1, 2, 3) if (n + m) % 17 else (0, 1)
        if (n * 7 + m) % 13:
            yield "theme_day", m, 5 + n % 20, 14, None, ()
        for t in range(4):
            yield "talk", m, 1 + (n + 7 * t) % 28, 10, None, (t % COMMITTEE, COMMITTEE + (m * 4 + t) % 15)
        for g in range(GROUPS):
            if (n + m + g) % 9:
                yield "group_meeting", m, 10 + g, 19, g, ()
        if m % 3 == 0:
            if (n + m) % 5:
                yield "general_meeting", m, 20, 15, None, ()
            yield "party_lecture", m, 21, 15, None, ()
        if m == 12:
            yield "org_life_meeting", m, 26, 14, None, ()
            if n % 4:
                yield "appraisal", m, 27, 14, None, ()


def _meetings(branches, groups, people, year: int) -> int:
    from zoneinfo import ZoneInfo

    from zhibu.meetings.models import Attendance, Meeting

    tz = ZoneInfo("Asia/Shanghai")
    total = 0
    for start in range(0, len(branches), 50):
        meetings, who = [], []
        for n, b in enumerate(branches[start:start + 50], start=start):
            for kind, m, day, hour, g, attendees in _plan(n, year):
                host = b if g is None else groups[b.pk][g]
                at = dt.datetime(year, m, day, hour, tzinfo=tz)
                meetings.append(Meeting(org=host, org_path=host.path, kind=kind, title=kind, starts_at=at,
                                        ends_at=at + dt.timedelta(hours=1)))
                who.append([people[b.pk][i] for i in attendees])
        Meeting.objects.bulk_create(meetings, batch_size=5000)
        Attendance.objects.bulk_create([
            Attendance(meeting=mt, member=p, status=Attendance.Status.PRESENT)
            for mt, ps in zip(meetings, who, strict=True) for p in ps
        ], batch_size=5000)
        total += len(meetings)
    return total


def build_university(branches: int, year: int) -> str:
    from django.db import connection, transaction

    with transaction.atomic():
        root, branch_list, groups = _tree(CODE, 20, branches)
        people = _people(branch_list, groups)
        _meetings(branch_list, groups, people, year)
    # Statistics, as autovacuum would gather them in real use: the planner needs them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return root.code


# --- a province, in SQL ------------------------------------------------------------------------------


def _insert_select(model, exprs: dict[str, str], source: str, params=()) -> int:
    """INSERT INTO model's table SELECT …: `exprs` gives SQL per column; the other columns get NULL or the
    field's default, so that the statement follows the model as it changes."""
    from django.db import connection

    cols, values, args = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.column not in exprs:
            continue
        cols.append(connection.ops.quote_name(f.column))
        if f.column in exprs:
            values.append(exprs[f.column])
        elif f.null:
            values.append("NULL")
        elif f.has_default():
            values.append("%s")
            args.append(f.get_db_prep_save(f.get_default(), connection))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append("now()")
        elif f.get_internal_type() in ("CharField", "TextField", "SlugField"):
            values.append("''")
        else:
            raise ValueError(f"no value for {model.__name__}.{f.name}")
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(values)} {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, *params])
        return cursor.rowcount


def build_province(branches: int, year: int) -> str:
    """N branches under 500 school committees, each with three groups, 20 members, a committee of five and
    ≈ 118 meetings of `year`; ids are computed so that every row is made by one INSERT … SELECT."""
    from django.db import connection, transaction

    from zhibu.core.paths import SEGMENT
    from zhibu.meetings.models import Attendance, Meeting
    from zhibu.orgs import services
    from zhibu.orgs.models import Member, Org, Position

    schools = 500
    t0 = time.perf_counter()
    with transaction.atomic():
        root = services.org_create(by=None, parent=None, name="基准测试省委", code=CODE + "-L",
                                   kind=Org.Kind.COMMITTEE, category=Org.Category.GOVERNMENT)
        with connection.cursor() as c:
            c.execute("SELECT coalesce(max(id), 0) + 1 FROM orgs_org")
            base = c.fetchone()[0]
        s0, b0, g0 = base, base + schools, base + schools + branches  # id ranges
        lp = f"lpad(%s::text, {SEGMENT}, '0')"

        def org_exprs(id_sql, name, code, kind, category, parent, path, depth, extra=None):
            return {"id": id_sql, "name": name, "code": code, "kind": f"'{kind}'", "category": f"'{category}'",
                    "parent_id": parent, "path": path, "depth": str(depth), **(extra or {})}

        _insert_select(Org, org_exprs(
            f"{s0} + s", "'学院党委' || s", f"'{CODE}-L-' || s", "committee", "school", str(root.pk),
            f"'{root.path}' || {lp % f'({s0} + s)'}", 1,
        ), "FROM generate_series(0, %s) AS s", [schools - 1])
        per = branches // schools
        _insert_select(Org, org_exprs(
            f"{b0} + n", "'党支部' || n", f"'{CODE}-L-B' || n", "branch", "faculty", f"{s0} + n / {per}",
            f"'{root.path}' || {lp % f'({s0} + n / {per})'} || {lp % f'({b0} + n)'}", 2,
            {"term_start": "DATE '2024-06-01'",
             "term_end": "CASE WHEN mod(n, 7) = 0 THEN DATE '2026-12-31' ELSE DATE '2027-06-01' END"},
        ), "FROM generate_series(0, %s) AS n", [branches - 1])
        _insert_select(Org, org_exprs(
            f"{g0} + n * {GROUPS} + g", "'党小组' || g", f"'{CODE}-L-B' || n || '-' || g", "group", "faculty",
            f"{b0} + n",
            f"'{root.path}' || {lp % f'({s0} + n / {per})'} || {lp % f'({b0} + n)'} || {lp % f'({g0} + n * {GROUPS} + g)'}",
            3,
        ), f"FROM generate_series(0, %s) AS n, generate_series(0, {GROUPS - 1}) AS g", [branches - 1])
        c_ = connection.cursor()
        c_.execute("SELECT setval(pg_get_serial_sequence('orgs_org', 'id'), (SELECT max(id) FROM orgs_org))")
        print(f"  orgs            {time.perf_counter() - t0:7.1f} s")

        c_.execute("SELECT coalesce(max(id), 0) + 1 FROM orgs_member")
        m0 = c_.fetchone()[0]
        _insert_select(Member, {
            "id": f"{m0} + n * {MEMBERS_PER_BRANCH} + j", "org_id": f"{b0} + n",
            "org_path": f"'{root.path}' || {lp % f'({s0} + n / {per})'} || {lp % f'({b0} + n)'}",
            "group_id": f"{g0} + n * {GROUPS} + mod(j, {GROUPS})", "name": "'党员' || j", "gender": "'male'",
            "id_number": "'L' || lpad((n * 100 + j)::text, 17, '0')",
            "status": "CASE WHEN mod(j, 5) = 4 THEN 'probationary' ELSE 'full' END",
            "joined_on": "DATE '2015-06-01'",
            "full_on": "CASE WHEN mod(j, 5) = 4 THEN NULL ELSE DATE '2016-06-01' END", "occupation": "'teacher'",
        }, f"FROM generate_series(0, %s) AS n, generate_series(0, {MEMBERS_PER_BRANCH - 1}) AS j", [branches - 1])
        c_.execute("SELECT setval(pg_get_serial_sequence('orgs_member', 'id'), (SELECT max(id) FROM orgs_member))")
        _insert_select(Position, {
            "member_id": f"{m0} + n * {MEMBERS_PER_BRANCH} + j", "org_id": f"{b0} + n",
            "kind": "CASE j WHEN 0 THEN 'secretary' WHEN 1 THEN 'deputy_secretary' ELSE 'committee_member' END",
            "started_on": "DATE '2024-06-01'",
        }, f"FROM generate_series(0, %s) AS n, generate_series(0, {COMMITTEE - 1}) AS j", [branches - 1])
        print(f"  members         {time.perf_counter() - t0:7.1f} s")

        def at(day_sql, hour):
            return f"make_timestamptz({year}, m, {day_sql}, {hour}, 0, 0, 'Asia/Shanghai')"

        def meetings(kind, host_id, host_path, day_sql, hour, source, where="TRUE"):
            return _insert_select(Meeting, {
                "org_id": host_id, "org_path": host_path, "kind": f"'{kind}'", "title": f"'{kind}'",
                "starts_at": at(day_sql, hour), "ends_at": at(day_sql, hour) + " + interval '1 hour'",
            }, f"{source} WHERE {where}")

        branch_path = f"'{root.path}' || {lp % f'({s0} + n / {per})'} || {lp % f'({b0} + n)'}"
        months = f"FROM generate_series(0, {branches - 1}) AS n, generate_series(1, 12) AS m"
        total = 0
        total += meetings("committee_meeting", f"{b0} + n", branch_path, "1 + mod(n + m, 28)", 15, months,
                          "mod(n + m, 11) <> 0")
        total += meetings("theme_day", f"{b0} + n", branch_path, "5 + mod(n, 20)", 14, months, "mod(n * 7 + m, 13) <> 0")
        total += meetings("talk", f"{b0} + n", branch_path, "1 + mod(n + 7 * t, 28)", 10,
                          months + ", generate_series(0, 3) AS t")
        total += meetings("group_meeting", f"{g0} + n * {GROUPS} + g",
                          branch_path + f" || {lp % f'({g0} + n * {GROUPS} + g)'}", "10 + g", 19,
                          months + f", generate_series(0, {GROUPS - 1}) AS g", "mod(n + m + g, 9) <> 0")
        total += meetings("general_meeting", f"{b0} + n", branch_path, "20", 15, months, "mod(m, 3) = 0 AND mod(n + m, 5) <> 0")
        total += meetings("party_lecture", f"{b0} + n", branch_path, "21", 15, months, "mod(m, 3) = 0")
        total += meetings("org_life_meeting", f"{b0} + n", branch_path, "26", 14, months, "m = 12")
        total += meetings("appraisal", f"{b0} + n", branch_path, "27", 14, months, "m = 12 AND mod(n, 4) <> 0")
        print(f"  {total:,} meetings  {time.perf_counter() - t0:7.1f} s")

        # committee meetings: members 0–3 present (0–1 when the quorum fails); talks: a committee member and a member
        member_of = f"{m0} + (mt.org_id - {b0}) * {MEMBERS_PER_BRANCH}"
        here = f"FROM meetings_meeting mt, generate_series(0, 3) AS j WHERE mt.org_id BETWEEN {b0} AND {g0 - 1}"
        _insert_select(Attendance, {
            "meeting_id": "mt.id", "member_id": f"{member_of} + j", "status": "'present'", "via": "'manual'",
        }, here + " AND mt.kind = 'committee_meeting' AND (j < 2 OR mod((mt.org_id - %s) + extract(month FROM "
                  "mt.starts_at AT TIME ZONE 'Asia/Shanghai')::int, 17) <> 0)", [b0])
        _insert_select(Attendance, {
            "meeting_id": "mt.id", "member_id": f"{member_of} + CASE WHEN j = 0 THEN mod(mt.id, {COMMITTEE}) "
                                               f"ELSE {COMMITTEE} + mod(mt.id, {MEMBERS_PER_BRANCH - COMMITTEE}) END",
            "status": "'present'", "via": "'manual'",
        }, here + " AND mt.kind = 'talk' AND j < 2")
        print(f"  attendance      {time.perf_counter() - t0:7.1f} s")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"  analysed        {time.perf_counter() - t0:7.1f} s")
    return root.code


# --- timing --------------------------------------------------------------------------------------------


def _organiser(code: str):
    from django.contrib.auth import get_user_model

    from zhibu.orgs import services
    from zhibu.orgs.models import Org, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-compliance")
    services.role_grant(by=None, user=user, org=Org.objects.get(code=code), kind=Role.Kind.ORG_ADMIN)
    return user


def _timed(fn, n: int):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries = [], None
    for _ in range(n):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = ctx.captured_queries
    return times, queries


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
    parser.add_argument("--slowest", action="store_true", help="print the slowest queries of the engine")
    parser.add_argument("--engine-only", action="store_true", help="time the engine only, not the pages")
    args = parser.parse_args()

    _setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zhibu.meetings.models import Meeting
    from zhibu.meetings.rules import Period, compliance_compute, compliance_units, rules_enabled
    from zhibu.orgs.models import Org

    start = time.perf_counter()
    if args.org:
        code = args.org
    elif args.large:
        if connection.vendor != "postgresql":
            sys.exit("--large needs PostgreSQL (ZHIBU_DATABASE_URL)")
        code = build_province(args.large, args.year)
    else:
        code = build_university(args.branches, args.year)
    root = Org.objects.get(code=code)
    units = compliance_units(org=root, rules=rules_enabled()).count()
    meetings = Meeting.objects.filter(org_path__startswith=root.path).count()
    print(f"{connection.vendor}: {root.name} ({code}), {units:,} branches, {meetings:,} meetings "
          f"(data {time.perf_counter() - start:.1f} s)")

    period = Period.year(args.year)
    now = timezone.make_aware(dt.datetime(args.year + 1, 1, 15, 12))  # every slot of the year has closed

    def engine():
        rules = rules_enabled()
        branches = list(compliance_units(org=root, rules=rules))
        return compliance_compute(branches=branches, period=period, rules=rules, now=now, subtree=root.path)

    big = args.large or args.engine_only
    runs = 1 if big else args.runs
    times, queries = _timed(engine, runs)
    _report(f"engine, {units:,} branches × {args.year}", times, queries)
    report = engine()
    statuses = {"met": 0, "open": 0, "missing": 0}
    for b in report.branches:
        for r in b.results.values():
            statuses[r.status] += 1
    print(f"{'':38s} {sum(len(r.slots) for b in report.branches for r in b.results.values()):,} slots; "
          f"branch × rule results: {statuses}")
    if args.slowest or big:
        for q in sorted(queries, key=lambda q: -float(q["time"]))[:6]:
            print(f"    {float(q['time']) * 1000:7.0f} ms  {q['sql'][:150]}…")

    if big:
        return
    client = Client(SERVER_NAME="localhost")
    client.force_login(_organiser(code))
    for label, url in [
        ("report page (50 branches shown)", f"/compliance/orgs/{code}/?year={args.year}"),
        ("API, first 200 branches", f"/api/compliance?org={code}&year={args.year}&page_size=200"),
        ("Excel export, all branches", f"/compliance/orgs/{code}/export.xlsx?year={args.year}"),
        ("Excel export with the detail sheet", f"/compliance/orgs/{code}/export.xlsx?year={args.year}&detail=1"),
        ("home page reminders (above 300 branches: a link)", "/compliance/warnings/"),
    ]:
        assert client.get(url).status_code == 200
        times, queries = _timed(lambda url=url: client.get(url), args.runs)
        _report(label, times, queries)


if __name__ == "__main__":
    main()

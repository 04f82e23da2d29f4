"""Time the roster import: build a large roster, parse it, import it, export it again.

    python bench/bench_import.py                      # 20,000 rows into a fresh SQLite database in a temp ZHIBU_HOME
    python bench/bench_import.py --rows 5000
    python bench/bench_import.py --org U1             # an existing (generated) database: branches under org U1
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench python bench/bench_import.py

Without --org the script works in a fresh temporary ZHIBU_HOME (unless ZHIBU_HOME or ZHIBU_DATABASE_URL
is set), migrates it and creates one committee with 100 branches of two groups each. Target: 20,000
rows parsed and imported in under 60 s on a 2-core machine.
"""

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(fresh: bool) -> None:
    if fresh and "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def _branches(org_code: str | None, *, count: int = 100):
    from zhibu.core.paths import subtree_q
    from zhibu.orgs import services
    from zhibu.orgs.models import Org

    if org_code:
        root = Org.objects.get(code=org_code)
        branches = list(Org.objects.filter(subtree_q("path", root.path), kind=Org.Kind.BRANCH).order_by("path"))
        if not branches:
            raise SystemExit(f"no branches under {org_code}")
    else:
        root = Org.objects.filter(code="BENCH").first() or services.org_create(
            by=None, parent=None, name="基准测试大学党委", code="BENCH", kind=Org.Kind.COMMITTEE,
            category=Org.Category.UNIVERSITY)
        branches = list(Org.objects.filter(parent=root, kind=Org.Kind.BRANCH).order_by("path"))
        for i in range(len(branches), count):
            branch = services.org_create(by=None, parent=root, name=f"基准测试第{i + 1}党支部", code=f"BENCH-{i + 1:03d}",
                                         kind=Org.Kind.BRANCH, category=Org.Category.STUDENT)
            for g in (1, 2):
                services.org_create(by=None, parent=branch, name=f"第{g}党小组", code=f"BENCH-{i + 1:03d}-{g}",
                                    kind=Org.Kind.GROUP)
            branches.append(branch)
    groups: dict[int, list] = {}
    for g in Org.objects.filter(kind=Org.Kind.GROUP, parent__in=branches):
        groups.setdefault(g.parent_id, []).append(g)
    return branches, groups


def _workbook(rows: int, branches, groups) -> bytes:
    from openpyxl import Workbook

    from zhibu.core.personal import make_id_number
    from zhibu.orgs.models import Member
    from zhibu.orgs.roster import COLUMNS, SHEET_TITLE

    taken = set(Member.all_objects.values_list("id_number", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.append([c.header for c in COLUMNS])
    surnames, given = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平"
    n = 0
    serial = 0
    while n < rows:
        serial += 1
        birth = dt.date(1995 + serial % 10, 1 + serial % 12, 1 + serial % 28)
        id_number = make_id_number(f"51{serial // 1000 % 10000:04d}", birth, serial % 1000)
        if id_number in taken:
            continue
        taken.add(id_number)
        branch = branches[n % len(branches)]
        own = groups.get(branch.pk) or [None]
        group = own[n % len(own)] if n % 3 else None
        status = ("正式党员", "预备党员", "发展对象", "入党积极分子")[n % 4]
        joined = "2018-06-01" if status in ("正式党员", "预备党员") else None
        ws.append([
            branch.code, group.code if group else None, surnames[n % 20] + given[n // 20 % 20],
            "男" if int(id_number[16]) % 2 else "女", id_number, birth, f"139{n:08d}", status, joined,
            "2019/6/1" if status == "正式党员" else None, "学生", "物流管理", 2014 + n % 10,
            "组织委员" if n % 50 == 0 else None, None,
        ])
        n += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--org", help="use the branches under this existing org instead of creating some")
    parser.add_argument("--keep", action="store_true", help="keep the imported members (default: roll back)")
    args = parser.parse_args()
    _setup(fresh=not args.org)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhibu.core.paths import Scope
    from zhibu.orgs import roster
    from zhibu.orgs.models import Member
    from zhibu.orgs.selectors import member_list_for_scope

    settings.ZHIBU_IMPORT_MAX_BYTES = max(settings.ZHIBU_IMPORT_MAX_BYTES, 200 * 1024 * 1024)
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    if not args.org:
        call_command("migrate", verbosity=0)
    branches, groups = _branches(args.org)
    print(f"branches: {len(branches)}, members before: {Member.objects.count()}")

    timings = {}
    t = time.perf_counter()
    data = _workbook(args.rows, branches, groups)
    timings["build workbook"] = time.perf_counter() - t
    print(f"workbook: {args.rows} rows, {len(data) / 1024 / 1024:.1f} MB")

    t = time.perf_counter()
    result = roster.roster_parse(data, user=None)
    timings["parse + validate"] = time.perf_counter() - t
    if result.errors:
        for e in result.errors[:20]:
            print(e)
        raise SystemExit(f"{len(result.errors)} errors")

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            t = time.perf_counter()
            count = roster.roster_import(result, by=None)
            timings["import"] = time.perf_counter() - t
            print(f"imported: {count}, members now: {Member.objects.count()}")
            t = time.perf_counter()
            qs = member_list_for_scope(Scope(everything=True), org=branches[0].parent)
            exported = roster.roster_export_workbook(qs, show_personal=True)
            timings["export"] = time.perf_counter() - t
            print(f"export: {len(exported) / 1024 / 1024:.1f} MB")
            if not args.keep:
                raise Rollback
    except Rollback:
        print("rolled back (use --keep to keep the members)")

    for name, seconds in timings.items():
        print(f"{name:>18}: {seconds:6.2f} s")
    total = timings["parse + validate"] + timings["import"]
    print(f"{'parse + import':>18}: {total:6.2f} s  ({args.rows / total:,.0f} rows/s)")


if __name__ == "__main__":
    main()

"""Time the 毕业寄 assignment at campus scale: 10,000 registrations and 500 shifts.

    python bench/bench_gradmail.py                               # SQLite in a temp ZHIBU_HOME
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_gradmail python bench/bench_gradmail.py
    python bench/bench_gradmail.py --registrations 20000 --shifts 1000

A university's June: one school-level campaign over 1–30 June; 25 dormitory buildings, shifts on ten days,
mornings and afternoons (500 shifts), each with a packing quota of 20 (10,000 places, spread unevenly: some
buildings have more registrations than places); 10,000 graduates each registering for a random building
and a preferred range of 1–6 days, a few outside the shift days. Graduates and registrations are
bulk-created here. Timed: `assignment_run` (the whole service: two reads, the sweep, one UPDATE per shift and
per reason), then the campaign page and the first API page of registrations as the university's org admin.
Target: the assignment under 10 s; the share assigned is reported.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

CODE = "BENCH-GM"


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-gradmail-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _data(registrations: int, shifts: int, seed: int):
    from zhibu.careers.models import Graduate
    from zhibu.gradmail import services
    from zhibu.gradmail.models import Registration, Shift
    from zhibu.orgs import services as org_services
    from zhibu.orgs.models import Org

    rng = random.Random(seed)
    suffix = f"{int(time.time()) % 100000}"
    root = org_services.org_create(by=None, parent=None, name="基准测试大学党委", code=f"{CODE}-{suffix}",
                                   kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY)
    school = org_services.org_create(by=None, parent=root, name="基准测试学院党委", code=f"{CODE}-{suffix}-S",
                                     kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL)
    branches = [org_services.org_create(by=None, parent=school, name=f"毕业生党支部{i}", code=f"{CODE}-{suffix}-B{i}",
                                        kind=Org.Kind.BRANCH, category=Org.Category.STUDENT) for i in range(20)]
    campaign = services.campaign_create(by=None, org=school, year=2022, starts_on=dt.date(2022, 6, 1),
                                        ends_on=dt.date(2022, 6, 30))
    days = [dt.date(2022, 6, 13) + dt.timedelta(days=i) for i in range(14) if (13 + i) % 7 not in (4, 5)][:10]
    buildings = [f"学生公寓{i + 1}号楼" for i in range(max(shifts // (len(days) * 2), 1))]
    rows = [Shift(campaign=campaign, org=school, org_path=school.path, date=d, slot=slot, building=b, capacity=6,
                  quota=20) for b in buildings for d in days for slot in ("morning", "afternoon")][:shifts]
    Shift.objects.bulk_create(rows, batch_size=1000)
    grads = []
    for i in range(registrations):
        b = branches[i % len(branches)]
        grads.append(Graduate(org=b, org_path=b.path, name=f"毕业生{i}", student_number=f"B{suffix}{i:07d}",
                              major="物流管理", class_year=2022, graduation_date=dt.date(2022, 6, 30)))
    Graduate.objects.bulk_create(grads, batch_size=2000)
    weights = [1.6 if i % 5 == 0 else 0.85 for i in range(len(buildings))]  # some buildings are over-subscribed
    regs = []
    for g in grads:
        start = rng.choice(days) if rng.random() > 0.03 else dt.date(2022, 6, 28)
        end = start + dt.timedelta(days=rng.randint(0, 5))
        regs.append(Registration(campaign=campaign, graduate=g, org_id=g.org_id, org_path=g.org_path,
                                 building=rng.choices(buildings, weights)[0], room=f"{rng.randint(1, 6)}{rng.randint(1, 40):02d}",
                                 parcels_estimated=rng.randint(1, 4), recipient=g.name, phone="13800000000",
                                 address="北京市海淀区学院路37号", preferred_from=start, preferred_to=end,
                                 registered_on=dt.date(2022, 5, 30)))
    Registration.objects.bulk_create(regs, batch_size=2000)
    return root, campaign


def _admin(root):
    from django.contrib.auth import get_user_model

    from zhibu.orgs import services as org_services
    from zhibu.orgs.models import Role

    user = get_user_model().objects.create_user(username=f"bench-gm-{root.pk}", password="x")
    org_services.role_grant(by=None, user=user, org=root, kind=Role.Kind.ORG_ADMIN)
    return user


def _timed_get(client, url) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--shifts", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.test import Client

    from zhibu.core.progress import Progress
    from zhibu.gradmail.services_parcels import assignment_run, share_assigned

    settings.ALLOWED_HOSTS = ["*"]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    root, campaign = _data(args.registrations, args.shifts, args.seed)
    print(f"[{engine}] data: {args.registrations} registrations, {campaign.shifts.count()} shifts "
          f"({time.perf_counter() - started:.1f} s)")

    progress = Progress()
    started = time.perf_counter()
    run = assignment_run(by=None, campaign=campaign, progress=progress.callback("排班"))
    elapsed = time.perf_counter() - started
    share = share_assigned(campaign=campaign)
    print(f"assignment: {elapsed:.2f} s — considered {run.considered}, assigned {run.assigned} ({share:.1%}), "
          f"unassigned {run.unassigned} {run.reasons}  target < 10 s: {'OK' if elapsed < 10 else 'MISSED'}")
    started = time.perf_counter()
    rerun = assignment_run(by=None, campaign=campaign, reset=True)
    print(f"full re-run (reset): {time.perf_counter() - started:.2f} s — assigned {rerun.assigned}")

    client = Client()
    client.force_login(_admin(root))
    for label, url in [("campaign page", f"/gradmail/campaigns/{campaign.pk}/"),
                       ("registration list page", f"/gradmail/campaigns/{campaign.pk}/registrations/"),
                       ("API registrations (page 1 of 200)",
                        f"/api/gradmail/registrations/?campaign={campaign.pk}&page_size=200")]:
        client.get(url)  # warm
        t, q = _timed_get(client, url)
        print(f"{label}: {t * 1000:.0f} ms, {q} queries")


if __name__ == "__main__":
    main()

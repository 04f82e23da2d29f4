"""Time matching graduates and job posts: 5,000 graduates against 2,000 posts, the top 10 posts each.

    python bench/bench_careers.py                       # SQLite in a temp ZHIBU_HOME
    ZHIBU_DATABASE_URL=postgres://…/zhibu_bench_careers python bench/bench_careers.py
    python bench/bench_careers.py --graduates 20000 --posts 5000

A university with 10 schools (the schools and majors of `zhibu generate`), each with a student branch holding its
graduates and a faculty branch holding its posts; 5,000 graduates (85% bachelor, 15% master; 0–2 preferred cities,
0–2 preferred industries) and 2,000 posts (0–2 majors of their school, 10% asking for none; deadlines from 30 days
past to 60 days ahead, so some have expired; 8% closed), bulk-created. Timed:
  1. `matching.match_all` alone (the ranking, in Python, on tuples);
  2. the whole batch as a job would run it: both lists read from the database, then ranked;
  3. the all-pairs baseline on a sample of 200 graduates, extrapolated to all (what the index saves);
  4. one graduate's matches through the API (`GET /api/graduates/{id}/matches`) as the university's org_admin,
     with its query count.
Target: the batch (2) under 10 s. The fast path is checked against the all-pairs ranking on the sample.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CODE = "BENCH-CAR"


def _setup() -> None:
    if "ZHIBU_HOME" not in os.environ and "ZHIBU_DATABASE_URL" not in os.environ:
        os.environ["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-careers-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _data(n_graduates: int, n_posts: int):
    from zhibu.careers.models import Degree, Employer, Graduate, Industry, JobPost
    from zhibu.cobuild.creditcode import make_credit_code
    from zhibu.cobuild.models import ExternalUnit
    from zhibu.orgs import services
    from zhibu.orgs.models import Org
    from zhibu.orgs.synthetic.names import SCHOOLS

    rng = random.Random(2022)
    today = dt.date.today()
    root = Org.objects.filter(code=CODE).first()
    if root is not None:
        return root
    root = services.org_create(by=None, parent=None, name="基准测试大学党委", code=CODE, kind=Org.Kind.COMMITTEE,
                               category=Org.Category.UNIVERSITY)
    schools = []
    for i, (school_name, majors) in enumerate((SCHOOLS * 3)[:10], start=1):
        school = services.org_create(by=None, parent=root, name=f"{school_name}{i}党委", code=f"{CODE}-{i}",
                                     kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL)
        fac = services.org_create(by=None, parent=school, name=f"{school_name}{i}教工党支部", code=f"{CODE}-{i}-F",
                                  kind=Org.Kind.BRANCH, category=Org.Category.FACULTY)
        stu = services.org_create(by=None, parent=school, name=f"{school_name}{i}学生党支部", code=f"{CODE}-{i}-S",
                                  kind=Org.Kind.BRANCH, category=Org.Category.STUDENT)
        schools.append((school, fac, stu, list(majors)))
    cities = ["北京", "天津", "上海", "廊坊", "石家庄", "济南", "郑州", "西安", "武汉", "成都", "杭州", "南京"]
    units = [ExternalUnit(name=f"基准测试企业{i}", credit_code=make_credit_code(area="110000", serial=880000 + i),
                          kind="enterprise", city=rng.choice(cities), party_branch_name=f"基准测试企业{i}党支部")
             for i in range(300)]
    ExternalUnit.objects.bulk_create(units)
    employers = [Employer(unit=u, org=root, org_path=root.path, industry=rng.choice(Industry.values)) for u in units]
    Employer.objects.bulk_create(employers)
    posts = []
    for i in range(n_posts):
        school, fac, _, majors = rng.choice(schools)
        e = rng.choice(employers)
        wanted = [] if rng.random() < 0.1 else rng.sample(majors, rng.randint(1, 2))
        lo = rng.choice([5000, 6000, 7000, 8000])
        posts.append(JobPost(org=fac, org_path=fac.path, share_path=school.path, employer=e, title=f"岗位{i}",
                             majors=wanted, degree=rng.choices(["associate", "bachelor", "master"], [1, 8, 1])[0],
                             city=e.unit.city, headcount=rng.randint(1, 8), salary_min=lo, salary_max=lo + 3000,
                             deadline=today + dt.timedelta(days=rng.randint(-30, 60)),
                             status="closed" if rng.random() < 0.08 else "open"))
    JobPost.objects.bulk_create(posts, batch_size=1000)
    graduates = []
    for i in range(n_graduates):
        _, _, stu, majors = rng.choice(schools)
        graduates.append(Graduate(
            org=stu, org_path=stu.path, name=f"毕业生{i}", student_number=f"B{i:09d}", major=rng.choice(majors),
            degree=Degree.MASTER if rng.random() < 0.15 else Degree.BACHELOR, class_year=today.year,
            preferred_cities=rng.sample(cities, rng.randint(0, 2)),
            preferred_industries=rng.sample(Industry.values, rng.randint(0, 2))))
    Graduate.objects.bulk_create(graduates, batch_size=1000)
    return root


def _read():
    from zhibu.careers import matching
    from zhibu.careers.models import Graduate, JobPost

    root_path = __import__("zhibu.orgs.models", fromlist=["Org"]).Org.objects.get(code=CODE).path
    seekers = [matching.Seeker(pk, major, degree, tuple(c or ()), tuple(i or ())) for pk, major, degree, c, i in
               Graduate.objects.filter(org_path__startswith=root_path, status="seeking")
               .values_list("pk", "major", "degree", "preferred_cities", "preferred_industries")]
    posts = [matching.Post(pk, tuple(m or ()), d, c, ind, dl) for pk, m, d, c, ind, dl in
             JobPost.objects.filter(org_path__startswith=root_path, status="open")
             .values_list("pk", "majors", "degree", "city", "employer__industry", "deadline")]
    return seekers, posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graduates", type=int, default=5000)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhibu.careers import matching
    from zhibu.careers.models import Graduate
    from zhibu.orgs.factories import UserFactory, grant

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    t0 = time.perf_counter()
    root = _data(args.graduates, args.posts)
    print(f"database: {engine}; data ready in {time.perf_counter() - t0:.1f} s")
    today = dt.date.today()

    seekers, posts = _read()
    print(f"{len(seekers)} graduates seeking, {len(posts)} open posts")
    pure, batch = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        result = matching.match_all(seekers, posts, today=today, limit=10)
        pure.append(time.perf_counter() - t)
        t = time.perf_counter()
        s2, p2 = _read()
        matching.match_all(s2, p2, today=today, limit=10)
        batch.append(time.perf_counter() - t)
    assert len(result) == len(seekers) and all(len(v) <= 10 for v in result.values())
    print(f"1. match_all (ranking only):         median {statistics.median(pure):6.2f} s  (runs: "
          + ", ".join(f"{x:.2f}" for x in pure) + ")")
    print(f"2. batch (read both lists + rank):    median {statistics.median(batch):6.2f} s  target < 10 s")

    sample = random.Random(1).sample(seekers, min(200, len(seekers)))
    t = time.perf_counter()
    for s in sample:
        slow = matching.rank_posts(s, posts, today=today, limit=10, explain=False)
        assert [(m.post_id, m.score) for m in slow] == [(m.post_id, m.score) for m in result[s.id]], s
    naive = (time.perf_counter() - t) / len(sample) * len(seekers)
    print(f"3. all pairs, extrapolated:          {naive:6.2f} s  (the fast path agrees on {len(sample)} graduates)")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = UserFactory(username=f"bench-careers-{time.time_ns()}")
    grant(user, root, "org_admin")
    client = Client()
    client.force_login(user)
    gid = Graduate.objects.filter(org_path__startswith=root.path, status="seeking").values_list("pk", flat=True)[0]
    client.get(f"/api/graduates/{gid}/matches")
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = client.get(f"/api/graduates/{gid}/matches")
            times.append(time.perf_counter() - t)
        assert r.status_code == 200, r.content
    print(f"4. GET /api/graduates/{{id}}/matches: median {statistics.median(times) * 1000:6.0f} ms, "
          f"{len(ctx)} queries, {len(r.json())} posts")


if __name__ == "__main__":
    main()

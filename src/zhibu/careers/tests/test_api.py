"""The API: scoped like the pages, paginated, masked, writes through the services, bounded queries."""

import datetime as dt

from zhibu.careers.factories import GraduateFactory, JobPostFactory, VisitFactory
from zhibu.careers.models import Graduate, Recommendation


def test_lists_are_scoped_and_paginated(car, cast, login):
    client = login(cast.secretary)
    data = client.get("/api/graduates/?page_size=2").json()
    assert data["count"] == 3 and len(data["items"]) == 2 and data["next"]
    assert "phone" not in data["items"][0]
    assert client.get("/api/graduates/?status=seeking").json()["count"] == 2
    assert client.get("/api/visits/").json()["count"] == 1
    assert client.get("/api/jobs/").json()["count"] == 2
    outsider = login(cast.sibling_secretary)
    assert outsider.get("/api/graduates/").json()["count"] == 0
    assert outsider.get(f"/api/graduates/{car.alice.pk}").status_code == 404
    assert outsider.get(f"/api/graduates/{car.alice.pk}/matches").status_code == 404
    assert outsider.get(f"/api/visits/{car.visit.pk}").status_code == 404
    assert outsider.get("/api/graduates/?org=U1-WL-JG").status_code == 404


def test_posts_are_shared_within_the_school(car, cast, far, login):
    """A faculty branch's posts serve the student branch of its school, not other schools."""
    sibling = login(cast.sibling_secretary)
    assert sibling.get(f"/api/jobs/{car.job.pk}").status_code == 200
    assert sibling.get("/api/jobs/").json()["count"] == 2
    other = login(far)
    assert other.get(f"/api/jobs/{car.job.pk}").status_code == 404
    assert other.get("/api/jobs/").json()["count"] == 0
    assert other.get(f"/api/jobs/{car.job.pk}/matches").status_code == 404


def test_a_helper_sees_the_graduates_they_help(car, cast, login):
    from zhibu.careers.factories import GraduateFactory

    student = GraduateFactory(org=cast.sibling, name="林同学", student_number="2018070701", helper=cast.sec_member)
    client = login(cast.secretary)
    assert client.get(f"/api/graduates/{student.pk}").status_code == 200
    r = client.post(f"/api/graduates/{student.pk}/contacts", {"contacted_on": "2022-06-20", "note": "电话了解求职进展"},
                    content_type="application/json")
    assert r.status_code == 201
    assert client.patch(f"/api/graduates/{student.pk}", {"status": "employed"},
                        content_type="application/json").status_code == 403
    assert login(cast.member_user).get(f"/api/graduates/{student.pk}").status_code == 404


def test_anonymous_gets_401(car, login):
    client = login(None)
    for url in ["/api/graduates/", "/api/visits/", "/api/jobs/", f"/api/graduates/{car.alice.pk}/matches"]:
        assert client.get(url).status_code == 401


def test_detail_masks_phone_for_read_only(car, cast, login):
    phone = car.alice.phone
    assert login(cast.secretary).get(f"/api/graduates/{car.alice.pk}").json()["phone"] == phone
    masked = login(cast.member_user).get(f"/api/graduates/{car.alice.pk}").json()["phone"]
    assert masked == phone[:3] + "****" + phone[-4:]


def test_matches_explain_the_score(car, cast, login):
    data = login(cast.secretary).get(f"/api/graduates/{car.alice.pk}/matches").json()
    assert [m["job"]["title"] for m in data] == ["仓储运营管理培训生", "电商数据分析助理"]
    top = data[0]
    assert top["score"] == 40 + 20 + 25 + 10 + 5
    assert {r["label"] for r in top["reasons"]} == {"专业", "学历", "城市", "行业", "截止"}
    ranked = login(cast.secretary).get(f"/api/jobs/{car.job.pk}/matches").json()
    assert [m["graduate"]["name"] for m in ranked] == ["李明", "王丽"]


def test_recommend_and_outcome(car, cast, login):
    client = login(cast.secretary)
    r = client.post(f"/api/graduates/{car.alice.pk}/recommendations", {"job_id": car.job.pk},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    rec_id = r.json()["id"]
    r = client.post(f"/api/graduates/{car.alice.pk}/recommendations", {"job_id": car.job.pk},
                    content_type="application/json")
    assert r.status_code == 422 and "已向李明推荐过" in r.json()["detail"]
    r = client.post(f"/api/recommendations/{rec_id}/outcome", {"outcome": "interviewed"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome"] == "interviewed"
    ro = login(cast.member_user)
    r = ro.post(f"/api/recommendations/{rec_id}/outcome", {"outcome": "signed"}, content_type="application/json")
    assert r.status_code == 403
    assert Recommendation.objects.get(pk=rec_id).outcome == "interviewed"


def test_expired_post_refused_with_clear_message(car, cast, login):
    from zhibu.careers.models import JobPost

    JobPost.objects.filter(pk=car.job.pk).update(deadline=dt.date(2022, 5, 31))
    r = login(cast.secretary).post(f"/api/graduates/{car.alice.pk}/recommendations", {"job_id": car.job.pk},
                                   content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"] == "岗位“仓储运营管理培训生”已于2022年5月31日截止，不能再推荐"


def test_create_visit_graduate_job_and_patch(car, cast, login):
    client = login(cast.secretary)
    r = client.post("/api/visits/", {
        "org": "U1-WL-JG", "employer_id": car.other_employer.pk, "visited_on": "2022-06-02",
        "purpose": "拓展电商物流岗位", "visitor_member_ids": [cast.sec_member.pk], "jobs_promised": 4,
        "needs": ["cannot_retain"], "follow_ups": [{"action": "6月10日前推送简历", "due_on": "2022-06-10"}],
    }, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["visitors"] == ["陈立华"] and body["follow_ups"][0]["action"] == "6月10日前推送简历"
    r = client.post("/api/graduates/", {"org": "U1-WL-JG", "name": "新同学", "student_number": "2018019999",
                                        "major": "物流管理", "class_year": 2022, "phone": "13900001111"},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    gid = r.json()["id"]
    r = client.patch(f"/api/graduates/{gid}", {"status": "further_study", "destination": "北京交通大学"},
                     content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "further_study"
    r = client.post("/api/graduates/", {"org": "U1-WL-JG", "name": "重复", "student_number": "2018019999",
                                        "major": "物流管理", "class_year": 2022}, content_type="application/json")
    assert r.status_code == 422 and "student_number" in r.json()["errors"]
    r = client.post("/api/jobs/", {"org": "U1-WL-JG", "employer_id": car.employer.pk, "title": "调度员",
                                   "city": "北京", "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
                                   "majors": ["物流管理"]}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert login(cast.member_user).post("/api/graduates/", {
        "org": "U1-WL-JG", "name": "x", "student_number": "2018018888", "major": "物流管理", "class_year": 2022},
        content_type="application/json").status_code == 403
    assert login(cast.sibling_secretary).patch(f"/api/graduates/{gid}", {"status": "employed"},
                                               content_type="application/json").status_code == 404


def _grow(cast, car, n):
    for i in range(n):
        GraduateFactory(org=cast.branch, student_number=f"2020{i:06d}", helper=cast.plain_member,
                        preferred_cities=["北京"])
        JobPostFactory(org=cast.branch, employer=car.employer, title=f"岗位{i}")
        VisitFactory(org=cast.branch, employer=car.other_employer, visitors=[cast.sec_member, cast.plain_member])


def test_api_query_counts_do_not_grow(car, cast, login, django_assert_num_queries):
    client = login(cast.secretary)
    urls = ["/api/graduates/", "/api/visits/", "/api/jobs/", "/api/employers/", f"/api/graduates/{car.alice.pk}",
            f"/api/graduates/{car.alice.pk}/matches", f"/api/jobs/{car.job.pk}/matches", f"/api/visits/{car.visit.pk}"]
    counts = {}
    for url in urls:
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx)
    _grow(cast, car, 15)
    for url in urls:
        with django_assert_num_queries(counts[url], info=url):
            assert client.get(url).status_code == 200, url
    assert Graduate.objects.count() > 15

"""Pages: every page renders for the secretary, outsiders get 404, read-only roles 403 on writes, anonymous log in;
query counts do not grow with data."""

import datetime as dt

import pytest
from django.urls import reverse

from zhibu.careers.factories import GraduateFactory, JobPostFactory, VisitFactory
from zhibu.careers.models import Graduate, Recommendation


def _pages(car):
    return [
        reverse("careers:index"), reverse("careers:last_mile"), reverse("careers:employers"),
        reverse("careers:employer_detail", args=[car.employer.pk]), reverse("careers:visits"),
        reverse("careers:visit_detail", args=[car.visit.pk]), reverse("careers:jobs"),
        reverse("careers:job_detail", args=[car.job.pk]), reverse("careers:graduates"),
        reverse("careers:graduate_detail", args=[car.alice.pk]),
        reverse("careers:visit_create"), reverse("careers:job_create"), reverse("careers:graduate_create"),
        reverse("careers:graduate_import"), reverse("careers:employer_create"),
    ]


def test_every_page_renders_for_the_secretary(car, cast, login):
    client = login(cast.secretary)
    for url in _pages(car):
        r = client.get(url)
        assert r.status_code == 200, url


def test_anonymous_is_sent_to_login(car, login):
    client = login(None)
    for url in _pages(car):
        r = client.get(url)
        assert r.status_code == 302 and "login" in r["Location"], url


def test_outsider_gets_404_on_records(car, cast, far, login):
    client = login(cast.sibling_secretary)
    for url in [reverse("careers:visit_detail", args=[car.visit.pk]),
                reverse("careers:graduate_detail", args=[car.alice.pk])]:
        assert client.get(url).status_code == 404, url
    assert login(far).get(reverse("careers:job_detail", args=[car.job.pk])).status_code == 404
    client = login(cast.sibling_secretary)
    r = client.get(reverse("careers:graduates"))
    assert "李明" not in r.content.decode()


def test_read_only_member_cannot_write(car, cast, login):
    client = login(cast.member_user)
    assert client.get(reverse("careers:graduate_detail", args=[car.alice.pk])).status_code == 200
    assert client.get(reverse("careers:visit_create")).status_code == 403
    assert client.get(reverse("careers:graduate_import")).status_code == 403
    r = client.post(reverse("careers:recommend", args=[car.alice.pk, car.job.pk]))
    assert r.status_code == 403
    r = client.post(reverse("careers:graduate_status", args=[car.alice.pk]), {"status": "employed"})
    assert r.status_code == 403
    assert Graduate.objects.get(pk=car.alice.pk).status == "seeking"


def test_phones_are_masked_for_read_only_roles(car, cast, login):
    phone = car.alice.phone
    masked = phone[:3] + "****" + phone[-4:]
    page = login(cast.member_user).get(reverse("careers:graduates")).content.decode()
    assert masked in page and phone not in page
    detail = login(cast.member_user).get(reverse("careers:graduate_detail", args=[car.alice.pk])).content.decode()
    assert masked in detail and phone not in detail
    page = login(cast.secretary).get(reverse("careers:graduates")).content.decode()
    assert phone in page


def test_graduate_page_ranks_and_recommends(car, cast, login):
    client = login(cast.secretary)
    r = client.get(reverse("careers:graduate_detail", args=[car.alice.pk]))
    body = r.content.decode()
    assert body.index("仓储运营管理培训生") < body.index("电商数据分析助理")
    assert "专业对口（物流管理）" in body
    r = client.post(reverse("careers:recommend", args=[car.alice.pk, car.job.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "已推荐" in r.content.decode()
    rec = Recommendation.objects.get(graduate=car.alice, job=car.job)
    r = client.post(reverse("careers:recommendation_outcome", args=[rec.pk]), {"outcome": "signed"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    alice = Graduate.objects.get(pk=car.alice.pk)
    assert alice.status == "employed" and alice.destination == "京畿物流集团有限公司"


def test_expired_post_cannot_be_recommended(car, cast, login):
    from zhibu.careers.models import JobPost

    JobPost.objects.filter(pk=car.job.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    client = login(cast.secretary)
    r = client.post(reverse("careers:recommend", args=[car.alice.pk, car.job.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    assert "已于" in r.content.decode() and "截止，不能再推荐" in r.content.decode()
    assert "不能再推荐" in client.get(reverse("careers:job_detail", args=[car.job.pk])).content.decode()


def _more_data(cast, car, n):
    for i in range(n):
        GraduateFactory(org=cast.branch, student_number=f"2019{i:06d}", helper=cast.plain_member)
        JobPostFactory(org=cast.branch, employer=car.employer, title=f"岗位{i}")
        VisitFactory(org=cast.branch, employer=car.other_employer, visitors=[cast.sec_member],
                     follow_ups=[("反馈推荐名单", dt.date(2022, 6, 1))])


@pytest.mark.parametrize("name", ["index", "last_mile", "employers", "visits", "jobs", "graduates",
                                  "graduate_detail", "job_detail", "visit_detail", "employer_detail"])
def test_query_counts_do_not_grow(car, cast, login, django_assert_max_num_queries, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    args = {"graduate_detail": [car.alice.pk], "job_detail": [car.job.pk], "visit_detail": [car.visit.pk],
            "employer_detail": [car.employer.pk]}.get(name, [])
    url = reverse(f"careers:{name}", args=args)
    client = login(cast.secretary)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_data(cast, car, 12)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small), (name, [q["sql"] for q in big.captured_queries])
    assert len(small) <= 25

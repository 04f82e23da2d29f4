"""Edits through the API: PATCH, DELETE (soft) and POST …/restore of visits, job posts and graduates, PATCH of a
follow-up. The pages' rules: 422 naming the fields and nothing saved, 403 read-only, 404 outside the scope,
history written, query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.careers.factories import GraduateFactory, JobPostFactory, VisitFactory
from zhibu.careers.models import EnterpriseVisit, Graduate, JobPost, VisitFollowUp
from zhibu.core.audit import history_for
from zhibu.orgs.factories import UserFactory

pytestmark = pytest.mark.django_db
J = "application/json"


def _patch(client, url, data):
    return client.patch(url, data, content_type=J)


def _follow_up(car, **kw):
    return VisitFollowUp.objects.create(
        visit=car.visit, org_path=car.visit.org_path, action="反馈推荐名单", due_on=dt.date(2022, 6, 1), **kw
    )


def test_a_visit_is_patched_and_history_records_it(car, cast, login):
    client = login(cast.secretary)
    r = _patch(
        client,
        f"/api/visits/{car.visit.pk}",
        {"jobs_promised": 12, "visitor_member_ids": [cast.sec_member.pk], "needs": ["training"]},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["jobs_promised"], body["visitors"], body["needs"]) == (12, ["陈立华"], ["training"])
    assert body["leaders"] == "学院党委书记 王建国"  # not given, not changed
    visit = EnterpriseVisit.objects.get(pk=car.visit.pk)
    assert [link.member_id for link in visit.visitor_links.all()] == [cast.sec_member.pk]
    entry = history_for(visit).filter(action="update").first()
    assert entry.actor == cast.secretary and entry.changes["jobs_promised"] == [8, 12]
    assert entry.changes["visitors"] == ["陈立华、周敏", "陈立华"]


def test_a_bad_visit_patch_is_422_naming_the_fields_and_nothing_is_saved(car, cast, login):
    client = login(cast.secretary)
    url = f"/api/visits/{car.visit.pk}"
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = _patch(client, url, {"visited_on": future, "purpose": "  ", "jobs_promised": 99})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert "走访日期不能晚于今天" in errors["visited_on"][0] and errors["purpose"] == ["请填写走访目的"]
    assert "请填写走访目的" in r.json()["detail"]
    r = _patch(
        client, url, {"visitor_member_ids": [cast.sec_member.pk, cast.other_member.pk], "jobs_promised": 99}
    )
    assert (
        r.status_code == 422
        and f"没有找到编号为{cast.other_member.pk}的党员" in r.json()["errors"]["visitor_member_ids"][0]
    )
    r = _patch(client, url, {"employer_id": 999999, "jobs_promised": 99})
    assert r.status_code == 422 and "没有找到编号为999999的用人单位" in r.json()["errors"]["employer_id"][0]
    r = _patch(client, url, {"purpose": None, "jobs_promised": 99})
    assert r.status_code == 422 and r.json()["errors"] == {"purpose": ["“purpose”不能为空"]}
    r = _patch(client, url, {"jobs_promised": "很多"})
    assert r.status_code == 422 and "jobs_promised" in r.json()["errors"]
    visit = EnterpriseVisit.objects.get(pk=car.visit.pk)
    assert (visit.jobs_promised, visit.visited_on, visit.visitor_links.count()) == (
        8,
        dt.date(2022, 5, 20),
        2,
    )
    assert not history_for(visit).filter(action="update").exists()


def test_a_visit_is_deleted_softly_and_restored(car, cast, login):
    client = login(cast.secretary)
    r = client.delete(f"/api/visits/{car.visit.pk}")
    assert r.status_code == 204 and not r.content
    assert not EnterpriseVisit.objects.filter(pk=car.visit.pk).exists()
    assert EnterpriseVisit.all_objects.get(pk=car.visit.pk).deleted_by == cast.secretary
    assert client.get(f"/api/visits/{car.visit.pk}").status_code == 404
    assert client.delete(f"/api/visits/{car.visit.pk}").status_code == 404
    r = client.post(f"/api/visits/{car.visit.pk}/restore")
    assert r.status_code == 200 and r.json()["visitors"] == ["陈立华", "周敏"]
    assert client.get(f"/api/visits/{car.visit.pk}").status_code == 200
    assert client.post(f"/api/visits/{car.visit.pk}/restore").status_code == 404  # nothing deleted to restore
    entries = {e.action: e.actor for e in history_for(car.visit)}
    assert entries["delete"] == cast.secretary and entries["restore"] == cast.secretary


def test_a_follow_up_is_corrected_closed_and_reopened(car, cast, login):
    f = _follow_up(car)
    client = login(cast.secretary)
    url = f"/api/follow-ups/{f.pk}"
    r = _patch(client, url, {"due_on": "2022-05-01", "action": "改了也不存"})
    assert r.status_code == 422 and "完成期限不能早于走访日期2022年5月20日" in r.json()["errors"]["due_on"][0]
    r = _patch(client, url, {"done_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()})
    assert r.status_code == 422 and r.json()["errors"]["done_on"] == ["完成日期不能晚于今天"]
    f.refresh_from_db()
    assert (f.action, f.done_on) == ("反馈推荐名单", None)
    r = _patch(
        client,
        url,
        {"action": "反馈第二批推荐名单", "assignee_member_id": cast.plain_member.pk, "done_on": "2022-06-08"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["assignee_member_id"] == cast.plain_member.pk and r.json()["done_on"] == "2022-06-08"
    f.refresh_from_db()
    assert (f.action, f.due_on, f.assignee, f.done_on) == (
        "反馈第二批推荐名单",
        dt.date(2022, 6, 1),
        cast.plain_member,
        dt.date(2022, 6, 8),
    )
    assert _patch(client, url, {"done_on": None, "assignee_member_id": None}).status_code == 200
    f.refresh_from_db()
    assert (f.done_on, f.assignee) == (None, None)
    changes = [e.changes for e in history_for(car.visit).filter(action="update")]
    assert any("跟进事项·action" in c for c in changes) and any("跟进事项·done_on" in c for c in changes)


def test_a_job_post_is_patched_deleted_and_restored(car, cast, login):
    client = login(cast.secretary)
    url = f"/api/jobs/{car.job.pk}"
    r = _patch(client, url, {"salary_max": 5000, "title": "不存"})
    assert r.status_code == 422 and "月薪上限5000元低于下限6000元" in r.json()["errors"]["salary_max"][0]
    r = _patch(client, url, {"visit_id": 999999})
    assert r.status_code == 422 and "没有找到编号为999999的走访记录" in r.json()["errors"]["visit_id"][0]
    r = _patch(client, url, {"employer_id": car.other_employer.pk})  # the visit went to another employer
    assert r.status_code == 422 and "走访的不是该用人单位" in r.json()["errors"]["visit_id"][0]
    assert JobPost.objects.get(pk=car.job.pk).title == "仓储运营管理培训生"
    r = _patch(
        client,
        url,
        {
            "title": "仓储主管",
            "majors": ["物流管理", "物流工程"],
            "headcount": 4,
            "status": "filled",
            "salary_min": None,
            "salary_max": None,
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["title"], body["majors"], body["status"], body["salary_min"]) == (
        "仓储主管",
        ["物流管理", "物流工程"],
        "filled",
        None,
    )
    assert body["visit_id"] == car.visit.pk
    entry = history_for(car.job).filter(action="update").first()
    assert entry.actor == cast.secretary and entry.changes["title"] == ["仓储运营管理培训生", "仓储主管"]
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404 and client.get("/api/jobs/").json()["count"] == 1
    r = client.post(f"{url}/restore")
    assert r.status_code == 200 and r.json()["title"] == "仓储主管"
    assert {"delete", "restore"} <= {e.action for e in history_for(car.job)}


def test_a_graduate_is_patched_deleted_and_restored_unless_the_number_was_taken(car, cast, login):
    client = login(cast.secretary)
    url = f"/api/graduates/{car.alice.pk}"
    r = _patch(client, url, {"student_number": car.bob.student_number, "name": "不存"})
    assert r.status_code == 422 and "学号2018010102已登记（王丽）" in r.json()["errors"]["student_number"][0]
    r = _patch(client, url, {"helper_member_id": cast.sibling_member.pk})  # outside the secretary's scope
    assert r.status_code == 422 and "helper_member_id" in r.json()["errors"]
    r = _patch(client, url, {"name": None})
    assert r.status_code == 422 and r.json()["errors"] == {"name": ["“name”不能为空"]}
    assert Graduate.objects.get(pk=car.alice.pk).name == "李明"
    r = _patch(
        client, url, {"name": "李明明", "major": "物流工程", "degree": "master", "class_name": "物流1801"}
    )
    assert r.status_code == 200, r.content
    assert (r.json()["name"], r.json()["degree"], r.json()["helper_name"]) == ("李明明", "master", "周敏")
    assert history_for(car.alice).filter(action="update").first().changes["name"] == ["李明", "李明明"]
    # moving to another organisation needs it in the caller's scope (and manage rights at both ends)
    r = _patch(client, url, {"org": cast.sibling.code})
    assert r.status_code == 422 and r.json()["errors"]["org"] == ["没有找到编码为U1-WL-XS的组织"]
    assert Graduate.objects.get(pk=car.alice.pk).org == cast.branch
    r = _patch(login(cast.organiser), url, {"org": cast.sibling.code})
    assert r.status_code == 200 and r.json()["org_code"] == cast.sibling.code
    client = login(cast.secretary)
    assert client.delete(f"/api/graduates/{car.bob.pk}").status_code == 204
    assert client.get(f"/api/graduates/{car.bob.pk}").status_code == 404
    GraduateFactory(org=cast.branch, name="王丽（新）", student_number=car.bob.student_number)
    r = client.post(f"/api/graduates/{car.bob.pk}/restore")
    assert (
        r.status_code == 422
        and "已重新登记（王丽（新）），不能恢复" in r.json()["errors"]["student_number"][0]
    )
    assert not Graduate.objects.filter(pk=car.bob.pk).exists()
    Graduate.objects.filter(name="王丽（新）").delete()
    r = client.post(f"/api/graduates/{car.bob.pk}/restore")
    assert r.status_code == 200 and r.json()["name"] == "王丽"
    assert history_for(car.bob).filter(action="restore").first().actor == cast.secretary


def test_outsiders_get_404_read_only_roles_403_and_nothing_changes(car, cast, far, login):
    f = _follow_up(car)
    patches = {
        f"/api/visits/{car.visit.pk}": {"jobs_promised": 1},
        f"/api/follow-ups/{f.pk}": {"action": "改"},
        f"/api/jobs/{car.job.pk}": {"title": "改"},
        f"/api/graduates/{car.alice.pk}": {"name": "改"},
    }
    deletes = [f"/api/visits/{car.visit.pk}", f"/api/jobs/{car.job.pk}", f"/api/graduates/{car.alice.pk}"]
    grad_user = UserFactory(username="graduate", first_name="刘畅")
    GraduateFactory(org=cast.sibling, name="刘畅", student_number="2018030301", user=grad_user)
    for user, code in ((far, 404), (grad_user, 404), (cast.member_user, 403)):
        client = login(user)
        for url, data in patches.items():
            r = _patch(client, url, data)
            assert r.status_code == code, (user, url)
            assert r.json()["detail"], url
        for url in deletes:
            assert client.delete(url).status_code == code, (user, url)
    # a school's post shared with its student branch: seen there, not editable there
    assert (
        _patch(login(cast.sibling_secretary), f"/api/jobs/{car.job.pk}", {"title": "改"}).status_code == 403
    )
    assert EnterpriseVisit.objects.get(pk=car.visit.pk).jobs_promised == 8
    assert JobPost.objects.get(pk=car.job.pk).title == "仓储运营管理培训生"
    assert Graduate.objects.get(pk=car.alice.pk).name == "李明"
    assert VisitFollowUp.objects.get(pk=f.pk).action == "反馈推荐名单"
    client = login(cast.secretary)
    for url in deletes:
        assert client.delete(url).status_code == 204
    for user, code in ((far, 404), (cast.member_user, 403)):
        for url in deletes:
            assert login(user).post(f"{url}/restore").status_code == code, (user, url)
    assert not EnterpriseVisit.objects.filter(pk=car.visit.pk).exists()
    assert not Graduate.objects.filter(pk=car.alice.pk).exists()


def _more(cast, car, n, start=0):
    for i in range(start, start + n):
        GraduateFactory(org=cast.branch, student_number=f"2020{i:06d}", helper=cast.plain_member)
        JobPostFactory(org=cast.branch, employer=car.employer, title=f"岗位{i}")
        VisitFactory(
            org=cast.branch,
            employer=car.employer,
            visitors=[cast.sec_member, cast.plain_member],
            follow_ups=[("反馈推荐名单", dt.date(2022, 6, 1))],
        )
        _follow_up(car)


def test_writes_run_the_same_bounded_number_of_queries_at_two_data_sizes(car, cast, login):
    client = login(cast.secretary)
    f = _follow_up(car)
    counts = []
    for start, size in ((0, 2), (100, 25)):
        _more(cast, car, size, start)
        n = start
        visitor = cast.sec_member if start == 0 else cast.plain_member
        calls = [
            (
                "patch",
                f"/api/visits/{car.visit.pk}",
                {"jobs_promised": n + 1, "visitor_member_ids": [visitor.pk]},  # a change each round
            ),
            ("patch", f"/api/follow-ups/{f.pk}", {"action": f"反馈{n}"}),
            ("patch", f"/api/jobs/{car.job.pk}", {"headcount": n + 2}),
            (
                "patch",
                f"/api/graduates/{car.alice.pk}",
                {"major": f"物流{n}", "helper_member_id": cast.sec_member.pk},
            ),
            ("delete", f"/api/visits/{car.visit.pk}", None),
            ("post", f"/api/visits/{car.visit.pk}/restore", None),
            ("delete", f"/api/jobs/{car.job.pk}", None),
            ("post", f"/api/jobs/{car.job.pk}/restore", None),
            ("delete", f"/api/graduates/{car.alice.pk}", None),
            ("post", f"/api/graduates/{car.alice.pk}/restore", None),
        ]
        measured = []
        for method, url, data in calls:
            with CaptureQueriesContext(connection) as ctx:
                r = (
                    getattr(client, method)(url, data, content_type=J)
                    if data
                    else getattr(client, method)(url)
                )
            assert r.status_code in (200, 204), (url, r.content)
            measured.append(len(ctx.captured_queries))
        counts.append(measured)
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 25, counts

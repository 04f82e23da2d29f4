"""Edit pages for visits (and follow-ups), job posts and graduates: typed values re-shown with Chinese messages
naming the field, history kept, soft delete and restore; outside the scope 404, read-only roles 403; query counts
that do not grow with data."""

import datetime as dt

import pytest
from django.urls import reverse

from zhibu.careers.factories import GraduateFactory, JobPostFactory, VisitFactory
from zhibu.careers.models import EnterpriseVisit, Graduate, JobPost, VisitFollowUp
from zhibu.core.audit import history_for

pytestmark = pytest.mark.django_db


def _visit_post(car, cast, **over):
    data = {
        "employer": car.employer.pk,
        "visited_on": "2022-05-20",
        "visitors": [cast.sec_member.pk],
        "leaders": "学院院长 刘洋",
        "purpose": "回访，落实实习岗位",
        "jobs_promised": "12",
        "needs": ["training"],
        "needs_note": "",
    }
    data.update(over)
    return data


def test_the_secretary_edits_a_visit_and_history_records_it(car, cast, login):
    client = login(cast.secretary)
    url = reverse("careers:visit_edit", args=[car.visit.pk])
    page = client.get(url).content.decode()
    assert (
        "学院党委书记 王建国" in page
        and reverse("careers:visit_edit", args=[car.visit.pk])
        in client.get(car.visit.get_absolute_url()).content.decode()
    )
    r = client.post(url, _visit_post(car, cast))
    assert r.status_code == 302
    visit = EnterpriseVisit.objects.get(pk=car.visit.pk)
    assert (visit.jobs_promised, visit.leaders, visit.needs) == (12, "学院院长 刘洋", ["training"])
    assert [link.member_id for link in visit.visitor_links.all()] == [cast.sec_member.pk]
    entry = history_for(visit).filter(action="update").first()
    assert entry.actor == cast.secretary and entry.changes["jobs_promised"] == [8, 12]
    assert "visitors" in entry.changes


def test_bad_visit_input_is_shown_again_with_the_field_named_and_nothing_saved(car, cast, login):
    client = login(cast.secretary)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = client.post(
        reverse("careers:visit_edit", args=[car.visit.pk]),
        _visit_post(car, cast, purpose="", visited_on=future, jobs_promised="abc"),
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "请填写走访目的" in body and "对方承诺岗位数格式不正确" in body
    assert "学院院长 刘洋" in body  # what was typed is still there
    r = client.post(
        reverse("careers:visit_edit", args=[car.visit.pk]), _visit_post(car, cast, visited_on=future)
    )
    assert "走访日期不能晚于今天" in r.content.decode()
    assert EnterpriseVisit.objects.get(pk=car.visit.pk).jobs_promised == 8


def test_a_visit_is_deleted_softly_and_restored(car, cast, login):
    client = login(cast.secretary)
    assert client.post(reverse("careers:visit_delete", args=[car.visit.pk])).status_code == 302
    assert not EnterpriseVisit.objects.filter(pk=car.visit.pk).exists()
    assert client.get(car.visit.get_absolute_url()).status_code == 404
    assert "京畿物流集团有限公司" in client.get(reverse("careers:trash")).content.decode()
    assert client.post(reverse("careers:visit_restore", args=[car.visit.pk])).status_code == 302
    assert client.get(car.visit.get_absolute_url()).status_code == 200
    entries = {e.action: e.actor for e in history_for(car.visit)}
    assert entries["delete"] == cast.secretary and entries["restore"] == cast.secretary


def test_a_follow_up_is_corrected_and_closed(car, cast, login):
    f = VisitFollowUp.objects.create(
        visit=car.visit, org_path=car.visit.org_path, action="反馈推荐名单", due_on=dt.date(2022, 6, 1)
    )
    client = login(cast.secretary)
    url = reverse("careers:follow_up_edit", args=[f.pk])
    assert url in client.get(car.visit.get_absolute_url()).content.decode()
    r = client.post(url, {"action": "反馈推荐名单", "due_on": "2022-05-01", "assignee": ""})
    assert "完成期限不能早于走访日期2022年5月20日" in r.content.decode()
    r = client.post(url, {"action": "", "due_on": "2022-06-10", "assignee": ""})
    assert "请填写跟进事项" in r.content.decode()
    r = client.post(
        url,
        {
            "action": "反馈第二批推荐名单",
            "due_on": "2022-06-10",
            "assignee": cast.plain_member.pk,
            "done_on": "2022-06-08",
        },
    )
    assert r.status_code == 302
    f.refresh_from_db()
    assert (f.action, f.due_on, f.assignee, f.done_on) == (
        "反馈第二批推荐名单",
        dt.date(2022, 6, 10),
        cast.plain_member,
        dt.date(2022, 6, 8),
    )
    assert any("跟进事项·action" in e.changes for e in history_for(car.visit))


def _job_post(car, **over):
    data = {
        "employer": car.employer.pk,
        "title": "仓储主管",
        "majors": "物流管理、物流工程",
        "degree": "bachelor",
        "city": "天津",
        "headcount": "4",
        "salary_min": "7000",
        "salary_max": "9000",
        "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
        "source": "visit",
        "visit": car.visit.pk,
        "description": "",
        "status": "open",
    }
    data.update(over)
    return data


def test_a_job_post_is_edited_deleted_and_restored(car, cast, login):
    client = login(cast.secretary)
    url = reverse("careers:job_edit", args=[car.job.pk])
    assert url in client.get(car.job.get_absolute_url()).content.decode()
    r = client.post(url, _job_post(car, salary_min="9000", salary_max="7000", title="仓储主管（天津）"))
    body = r.content.decode()
    assert r.status_code == 200 and "月薪上限7000元低于下限9000元" in body and "仓储主管（天津）" in body
    assert client.post(url, _job_post(car)).status_code == 302
    job = JobPost.objects.get(pk=car.job.pk)
    assert (job.title, job.majors, job.headcount) == ("仓储主管", ["物流管理", "物流工程"], 4)
    assert history_for(job).filter(action="update").first().changes["title"] == [
        "仓储运营管理培训生",
        "仓储主管",
    ]
    client.post(reverse("careers:job_delete", args=[job.pk]))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert "仓储主管" not in client.get(reverse("careers:jobs")).content.decode()
    client.post(reverse("careers:job_restore", args=[job.pk]))
    assert client.get(job.get_absolute_url()).status_code == 200


def _graduate_post(cast, **over):
    data = {
        "org": cast.branch.pk,
        "name": "李明",
        "student_number": "2018010101",
        "major": "物流管理",
        "degree": "bachelor",
        "class_year": "2022",
        "class_name": "物流1801",
        "graduation_date": "2022-06-30",
        "phone": "13912345678",
        "status": "seeking",
        "destination": "",
        "preferred_cities": "北京、天津",
        "preferred_industries": ["logistics"],
        "helper": cast.plain_member.pk,
    }
    data.update(over)
    return data


def test_a_graduate_is_edited_with_messages_naming_the_field(car, cast, login):
    client = login(cast.secretary)
    url = reverse("careers:graduate_edit", args=[car.alice.pk])
    assert url in client.get(car.alice.get_absolute_url()).content.decode()
    r = client.post(
        url, _graduate_post(cast, phone="12345", student_number="2018010102", class_name="物流1802")
    )
    body = r.content.decode()
    assert "手机号码“12345”应为11位手机号码" in body and "学号2018010102已登记（王丽）" in body
    assert "物流1802" in body
    r = client.post(url, _graduate_post(cast, name="", major=""))
    assert "请填写姓名" in r.content.decode() and "请填写专业" in r.content.decode()
    assert client.post(url, _graduate_post(cast)).status_code == 302
    g = Graduate.objects.get(pk=car.alice.pk)
    assert (g.phone, g.class_name, g.preferred_cities) == ("13912345678", "物流1801", ["北京", "天津"])
    assert history_for(g).filter(action="update").first().actor == cast.secretary


def test_a_deleted_graduate_is_restored_unless_the_number_was_registered_again(car, cast, login):
    client = login(cast.secretary)
    client.post(reverse("careers:graduate_delete", args=[car.alice.pk]))
    assert client.get(car.alice.get_absolute_url()).status_code == 404
    again = GraduateFactory(org=cast.branch, name="李明明", student_number="2018010101")
    r = client.post(reverse("careers:graduate_restore", args=[car.alice.pk]), follow=True)
    assert "学号2018010101已重新登记（李明明），不能恢复" in r.content.decode()
    assert Graduate.all_objects.get(pk=car.alice.pk).deleted_at is not None
    Graduate.objects.filter(pk=again.pk).delete()
    client.post(reverse("careers:graduate_restore", args=[car.alice.pk]))
    assert Graduate.objects.filter(pk=car.alice.pk).exists()


def _write_urls(car):
    return [
        reverse("careers:visit_edit", args=[car.visit.pk]),
        reverse("careers:job_edit", args=[car.job.pk]),
        reverse("careers:graduate_edit", args=[car.alice.pk]),
    ]


def test_outsiders_get_404_and_read_only_roles_403(car, cast, far, login):
    f = VisitFollowUp.objects.create(
        visit=car.visit, org_path=car.visit.org_path, action="反馈", due_on=dt.date(2022, 6, 1)
    )
    edits = [*_write_urls(car), reverse("careers:follow_up_edit", args=[f.pk])]
    posts = [
        reverse("careers:visit_delete", args=[car.visit.pk]),
        reverse("careers:job_delete", args=[car.job.pk]),
        reverse("careers:graduate_delete", args=[car.alice.pk]),
    ]
    outsider = login(far)
    for url in edits + posts:
        assert (outsider.get(url) if url in edits else outsider.post(url)).status_code == 404, url
    member = login(cast.member_user)
    for url in edits:
        assert member.get(url).status_code == 403, url
        assert member.post(url, {}).status_code == 403, url
    for url in posts:
        assert member.post(url).status_code == 403, url
    assert member.get(reverse("careers:trash")).status_code == 403
    assert (
        EnterpriseVisit.objects.filter(pk=car.visit.pk).exists()
        and Graduate.objects.filter(pk=car.alice.pk).exists()
    )
    # restore of something deleted: read-only 403, outsider 404
    login(cast.secretary).post(posts[0])
    restore = reverse("careers:visit_restore", args=[car.visit.pk])
    assert login(cast.member_user).post(restore).status_code == 403
    assert login(far).post(restore).status_code == 404
    assert not EnterpriseVisit.objects.filter(pk=car.visit.pk).exists()


def _more(cast, car, n, start=0):
    for i in range(start, start + n):
        GraduateFactory(org=cast.branch, student_number=f"2020{i:06d}", helper=cast.plain_member)
        JobPostFactory(org=cast.branch, employer=car.employer, title=f"岗位{i}")
        VisitFactory(
            org=cast.branch,
            employer=car.other_employer,
            visitors=[cast.sec_member, cast.plain_member],
            follow_ups=[("反馈推荐名单", dt.date(2022, 6, 1))],
        )


def test_edit_pages_run_a_bounded_number_of_queries(car, cast, login, django_assert_max_num_queries):
    client = login(cast.secretary)
    f = VisitFollowUp.objects.create(
        visit=car.visit, org_path=car.visit.org_path, action="反馈", due_on=dt.date(2022, 6, 1)
    )
    urls = [*_write_urls(car), reverse("careers:trash"), reverse("careers:follow_up_edit", args=[f.pk])]
    for start, size in ((0, 2), (100, 15)):
        _more(cast, car, size, start)
        for v in EnterpriseVisit.objects.exclude(pk=car.visit.pk)[:3]:
            client.post(reverse("careers:visit_delete", args=[v.pk]))
        for url in urls:
            with django_assert_max_num_queries(12):  # the first also shows the flash message
                assert client.get(url).status_code == 200, url

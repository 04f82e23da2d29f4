"""Changing a course: name, code and teachers, with history; a teacher who wrote elements stays."""

import pytest
from django.urls import reverse

from zhibu.cobuild.factories import make_major
from zhibu.core.audit import history_for
from zhibu.integration import services
from zhibu.integration.models import Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(cast):
    major = make_major(school=cast.school)
    c = services.course_create(by=cast.secretary, org=cast.branch, major=major, name="物流学概论", code="WL101",
                               teachers="陈立华、周敏")
    services.course_create(by=cast.secretary, org=cast.branch, major=major, name="供应链管理", code="WL201",
                           teachers="周敏")
    services.element_add(by=cast.secretary, course=c, chapter="第一章 物流概述", element="交通强国战略与物流强国",
                         author="陈立华")
    return c


def _post(course, **overrides):
    data = {"major": course.major_id, "name": "物流学导论", "code": "WL102", "teachers": "陈立华、韩磊"}
    data.update(overrides)
    return data


def test_the_secretary_renames_a_course_and_changes_its_teachers(cast, login, course):
    url = reverse("integration:course_edit", args=[course.pk])
    assert "陈立华、周敏" in login(cast.secretary).get(url).content.decode()
    assert login(cast.secretary).post(url, _post(course)).status_code == 302
    c = Course.objects.get(pk=course.pk)
    assert (c.name, c.code) == ("物流学导论", "WL102")
    assert sorted(t.name for t in c.teachers.all()) == ["陈立华", "韩磊"]
    changes = history_for(c).first().changes
    assert "name" in changes and "任课教师" in str(changes)


def test_a_taken_code_or_a_dropped_author_is_refused_and_nothing_changes(cast, login, course):
    url = reverse("integration:course_edit", args=[course.pk])
    body = login(cast.secretary).post(url, _post(course, code="WL201")).content.decode()
    assert "已有课程代码为WL201的课程" in body and "物流学导论" in body
    body = login(cast.secretary).post(url, _post(course, teachers="周敏")).content.decode()
    assert "陈立华撰写了本课程的课程思政元素" in body
    c = Course.objects.get(pk=course.pk)
    assert (c.name, c.code) == ("物流学概论", "WL101")
    assert sorted(t.name for t in c.teachers.all()) == ["周敏", "陈立华"]


@pytest.mark.parametrize("who, status", [("member_user", 403), ("reviewer", 403), ("sibling_secretary", 404)])
def test_only_the_branchs_managers_may_edit(cast, login, course, who, status):
    url = reverse("integration:course_edit", args=[course.pk])
    assert login(getattr(cast, who)).post(url, _post(course)).status_code == status
    assert Course.objects.get(pk=course.pk).name == "物流学概论"

"""The cast's careers: an employer, a visit, two posts and a small graduating class of the faculty branch."""

import datetime as dt
from types import SimpleNamespace

import pytest

from zhibu.careers.factories import EmployerFactory, GraduateFactory, JobPostFactory, VisitFactory
from zhibu.careers.models import Degree, Graduate, Industry


@pytest.fixture
def far(cast):
    """The secretary of a branch in another school: outside the cast's school altogether."""
    from zhibu.orgs.factories import UserFactory, grant
    from zhibu.orgs.models import Role

    user = UserFactory(username="far", first_name="高峰")
    grant(user, cast.other_branch, Role.Kind.SECRETARY)
    return user


@pytest.fixture
def car(cast):
    employer = EmployerFactory(org=cast.branch, name="京畿物流集团有限公司")
    other_employer = EmployerFactory(org=cast.branch, name="华北电商科技有限公司", industry=Industry.IT,
                                     city="天津")
    visit = VisitFactory(org=cast.branch, employer=employer, visitors=[cast.sec_member, cast.plain_member],
                         leaders="学院党委书记 王建国", jobs_promised=8)
    today = dt.date.today()
    job = JobPostFactory(org=cast.branch, employer=employer, title="仓储运营管理培训生", visit=visit,
                         deadline=today + dt.timedelta(days=30))
    job2 = JobPostFactory(org=cast.branch, employer=other_employer, title="电商数据分析助理", majors=[],
                          city="天津", deadline=today + dt.timedelta(days=5))
    alice = GraduateFactory(org=cast.branch, name="李明", student_number="2018010101", preferred_cities=["北京"],
                            preferred_industries=["logistics"], helper=cast.plain_member)
    bob = GraduateFactory(org=cast.branch, name="王丽", student_number="2018010102", preferred_cities=["天津"],
                          degree=Degree.MASTER)
    placed = GraduateFactory(org=cast.branch, name="张晨", student_number="2018010103",
                             status=Graduate.Status.EMPLOYED, destination="京畿物流集团有限公司")
    outsider = GraduateFactory(org=cast.other_branch, name="高远", student_number="2018020101", major="工商管理")
    return SimpleNamespace(employer=employer, other_employer=other_employer, visit=visit, job=job, job2=job2,
                           alice=alice, bob=bob, placed=placed, outsider=outsider)

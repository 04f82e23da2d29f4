"""factory_boy factories: rows are created through the real services, so paths and history are real."""

import datetime as dt
import itertools

import factory

from zhibu.cobuild.factories import make_unit

from . import services, services_graduates, services_jobs
from .models import Degree, Employer, EnterpriseVisit, Graduate, Industry, JobPost

_units = itertools.count(1)


class GraduateFactory(factory.Factory):
    class Meta:
        model = Graduate

    org = None
    name = factory.Iterator(["李明", "王丽", "张晨", "刘畅", "陈雨", "杨帆", "赵琳", "黄磊", "周洁", "吴迪"])
    student_number = factory.Sequence(lambda n: f"2018{n:06d}")
    major = "物流管理"
    degree = Degree.BACHELOR
    class_year = 2022
    graduation_date = dt.date(2022, 6, 30)
    phone = factory.Sequence(lambda n: f"136{n:08d}")
    status = Graduate.Status.SEEKING

    @classmethod
    def _create(cls, model_class, org=None, **kwargs):
        return services_graduates.graduate_create(by=None, org=org, **kwargs)


class EmployerFactory(factory.Factory):
    class Meta:
        model = Employer

    org = None
    unit = None
    industry = Industry.LOGISTICS
    size = Employer.Size.LARGE
    partner_status = Employer.PartnerStatus.PARTNER

    @classmethod
    def _create(cls, model_class, org=None, unit=None, name=None, city="北京", **kwargs):
        if unit is None:
            n = next(_units)
            unit = make_unit(name=name or f"测试物流有限公司{n}", city=city,
                             party_branch_name=f"{name or f'测试物流有限公司{n}'}党支部")
        return services.employer_create(by=None, org=org, unit=unit, **kwargs)


class JobPostFactory(factory.Factory):
    class Meta:
        model = JobPost

    org = None
    employer = None
    title = "物流运营管理培训生"
    majors = factory.LazyFunction(lambda: ["物流管理"])
    degree = Degree.BACHELOR
    city = "北京"
    headcount = 3
    salary_min = 6000
    salary_max = 9000
    deadline = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))

    @classmethod
    def _create(cls, model_class, org=None, employer=None, **kwargs):
        return services_jobs.job_create(by=None, org=org, employer=employer, **kwargs)


class VisitFactory(factory.Factory):
    class Meta:
        model = EnterpriseVisit

    org = None
    employer = None
    visited_on = dt.date(2022, 5, 20)
    purpose = "了解企业用人需求，拓展物流管理专业就业岗位"
    jobs_promised = 5
    needs = factory.LazyFunction(lambda: ["cannot_recruit"])
    visitors = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, org=None, employer=None, **kwargs):
        return services.visit_create(by=None, org=org, employer=employer, **kwargs)

"""factory_boy factories: rows are created through the real services, so paths and history are real."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from zhibu.core.personal import make_id_number

from . import services
from .models import Member, Org, Role

_orders = itertools.count(1)


def unique_id_number(birth: dt.date = dt.date(1990, 3, 7), gender: str = Member.Gender.FEMALE) -> str:
    """A valid ID number not handed out before in this process (for 50,000 calls), its sex digit matching `gender`."""
    n = next(_orders)
    # The order code's last digit is odd for men and even for women (GB 11643), as `id_gender` reads it.
    parity = 1 if gender == Member.Gender.MALE else 0
    return make_id_number(f"1101{n // 500 % 100:02d}", birth, n % 500 * 2 + parity)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-123")


class OrgFactory(factory.Factory):
    class Meta:
        model = Org

    name = factory.Sequence(lambda n: f"测试党支部{n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = Org.Kind.BRANCH
    category = Org.Category.FACULTY
    parent = None

    @classmethod
    def _create(cls, model_class, parent=None, name=None, code=None, kind=None, **kwargs):
        return services.org_create(by=None, parent=parent, name=name, code=code, kind=kind, **kwargs)


class MemberFactory(factory.Factory):
    class Meta:
        model = Member

    org = None
    name = factory.Iterator(["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄涛"])
    gender = Member.Gender.FEMALE
    birth_date = dt.date(1990, 3, 7)
    id_number = factory.LazyAttribute(lambda o: unique_id_number(o.birth_date, o.gender))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    status = Member.Status.FULL
    joined_on = dt.date(2012, 6, 1)
    full_on = dt.date(2013, 6, 1)
    occupation = Member.Occupation.TEACHER

    @classmethod
    def _create(cls, model_class, org=None, **kwargs):
        return services.member_create(by=None, org=org, **kwargs)


def grant(user, org: Org, kind: str) -> Role:
    return services.role_grant(by=None, user=user, org=org, kind=kind)

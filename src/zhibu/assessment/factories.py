"""Assessment records for tests, made through the real services so that paths and history are real."""

import datetime as dt
from decimal import Decimal

from zhibu.orgs.factories import MemberFactory, UserFactory, grant
from zhibu.orgs.models import Member, Org, Role

from . import services
from .models import Deed


def make_deed(*, member: Member, date: dt.date = dt.date(2025, 6, 20), title: str = "为毕业生打包邮寄行李",
              category: str = Deed.Category.GRADMAIL, hours="2", beneficiaries: int = 3, by=None,
              confirm_by=None, **kwargs) -> Deed:
    deed = services.deed_log(by=by, member=member, date=date, title=title, category=category,
                             hours=Decimal(str(hours)), beneficiaries=beneficiaries, **kwargs)
    if confirm_by is not None:
        deed = services.deed_confirm(by=confirm_by, deed=deed)
    return deed


def make_voters(*, branch: Org, count: int, prefix: str = "voter", status: str = Member.Status.FULL) -> list[Member]:
    """`count` members of `branch`, each with a login (password pw-test-123) and the 党员 role there."""
    members = []
    for i in range(count):
        user = UserFactory(username=f"{prefix}{branch.pk}-{i + 1}", first_name=f"党员{i + 1}")
        grant(user, branch, Role.Kind.MEMBER)
        members.append(MemberFactory(org=branch, name=f"{prefix[:2]}党员{i + 1}", user=user, status=status,
                                     **({"full_on": None} if status != Member.Status.FULL else {})))
    return members

"""The cast's 毕业寄: the logistics school's 2022 campaign, graduates of its student branch (one with a login),
shifts in two buildings, and one graduate of another school (the outsider)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from zhibu.careers.factories import GraduateFactory
from zhibu.gradmail import services
from zhibu.orgs.factories import UserFactory

D = dt.date
START, END = D(2022, 6, 18), D(2022, 6, 25)


@pytest.fixture
def gm(cast):
    campaign = services.campaign_create(by=None, org=cast.school, year=2022, starts_on=D(2022, 6, 10),
                                        ends_on=D(2022, 6, 30))
    grad_user = UserFactory(username="graduate", first_name="李明")
    graduate = GraduateFactory(org=cast.sibling, name="李明", student_number="2018000001", user=grad_user,
                               phone="13600000001")
    others = [GraduateFactory(org=cast.sibling, student_number=f"20180001{i:02d}") for i in range(3)]
    outsider = GraduateFactory(org=cast.other_branch, name="高远", student_number="2018999999")
    last_year = GraduateFactory(org=cast.sibling, name="往届生", student_number="2017000001", class_year=2021,
                                graduation_date=D(2021, 6, 30))
    s7 = services.shift_create(by=None, campaign=campaign, date=D(2022, 6, 20), slot="morning",
                               building="学生公寓7号楼", capacity=2, quota=3)
    s9 = services.shift_create(by=None, campaign=campaign, date=D(2022, 6, 21), slot="afternoon",
                               building="学生公寓9号楼", capacity=4, quota=10)
    return SimpleNamespace(campaign=campaign, graduate=graduate, grad_user=grad_user, others=others,
                           outsider=outsider, last_year=last_year, s7=s7, s9=s9)


def register(gm, graduate, *, building="学生公寓7号楼", room="301", start=START, end=END, by=None,
             **kwargs):
    data = dict(recipient=graduate.name, phone="13812345678", address="山东省青岛市市南区香港中路100号3单元501",
                parcels_estimated=2)
    data.update(kwargs)
    return services.registration_create(by=by, campaign=gm.campaign, graduate=graduate, building=building, room=room,
                                        preferred_from=start, preferred_to=end, **data)

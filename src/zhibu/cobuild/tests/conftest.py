"""The cast's co-building: the faculty branch's major, an enterprise, and one partnership of each mechanism."""

import datetime as dt
from types import SimpleNamespace

import pytest

from zhibu.cobuild.factories import make_major, make_partnership, make_unit
from zhibu.cobuild.models import MajorLevel, Partnership


@pytest.fixture
def co(cast):
    major = make_major(school=cast.school, department="物流管理系", levels=[
        (MajorLevel.Tier.NATIONAL, "国家级一流本科专业建设点", 2019),
        (MajorLevel.Tier.PROVINCIAL, "北京市级一流本科专业建设点", 2020),
    ])
    unit = make_unit()
    bm = make_partnership(org=cast.branch, kind=Partnership.Kind.BRANCH_MAJOR, major=major)
    fs = make_partnership(org=cast.branch, kind=Partnership.Kind.FACULTY_STUDENT, partner_org=cast.sibling)
    ce = make_partnership(org=cast.branch, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=unit,
                          starts_on=dt.date(2022, 1, 10), goals="技术支持与就业拓展")
    return SimpleNamespace(major=major, unit=unit, bm=bm, fs=fs, ce=ce)

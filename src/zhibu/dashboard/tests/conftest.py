"""The cast's records of 2025 for the dashboard: meetings, a published case adopted by another branch,
graduates and confirmed deeds; `grow` adds more of everything (the second data size of the query-count tests)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind
from zhibu.methods import adoptions
from zhibu.methods.factories import make_case, walk
from zhibu.orgs.factories import MemberFactory, OrgFactory
from zhibu.orgs.models import Member, Org

YEAR = 2025


def _graduate(org, status: str, n: int):
    from zhibu.careers.factories import GraduateFactory

    return GraduateFactory(org=org, class_year=YEAR, graduation_date=dt.date(YEAR, 6, 30), status=status,
                           student_number=f"D{org.pk:04d}{n:04d}")


def _deed(member, day: dt.date, beneficiaries: int, confirm_by):
    from zhibu.assessment.factories import make_deed

    return make_deed(member=member, date=day, beneficiaries=beneficiaries, confirm_by=confirm_by)


def _records(branch: Org, members: list[Member], by, n: int = 0):
    make_meeting(org=branch, kind=MeetingKind.THEME_DAY, starts_at=at(dt.date(YEAR, 3, 10 + n % 10)),
                 attendees=members[:2])
    make_meeting(org=branch, kind=MeetingKind.COMMITTEE_MEETING, title="支委会", starts_at=at(dt.date(YEAR, 3, 12)),
                 attendees=members[:1])
    _graduate(branch, "employed", 1)
    _graduate(branch, "seeking", 2)
    _deed(members[-1], dt.date(YEAR, 5, 20), 5, by)


@pytest.fixture
def dash(cast):
    _records(cast.branch, [cast.sec_member, cast.plain_member], cast.admin)
    _graduate(cast.sibling, "further_study", 3)
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    adoption = adoptions.adoption_create(by=None, case=case, branch=cast.other_branch,
                                         adopted_on=dt.date.today(), adaptation="结合本支部实际，建立三重共建机制。")
    return SimpleNamespace(case=case, adoption=adoption, year=YEAR)


@pytest.fixture
def grow(cast, dash):
    """Five more branches under the school, each with members, meetings, graduates and deeds."""

    def _grow(count: int = 5):
        for i in range(count):
            branch = OrgFactory(name=f"新增第{i + 1}党支部", code=f"U1-WL-N{i + 1}", parent=cast.school)
            members = [MemberFactory(org=branch, name=f"党员{i}-{j}") for j in range(4)]
            _records(branch, members, cast.admin, i)
    return _grow

"""The shared cast every test can use: each feature gets its negative test for free.

Tree:  市委组织部 › 市委教育工委 › 示例大学党委 › 物流学院党委 › 物流管理专业教工党支部 (branch)
                                                          › 物流管理专业学生党支部 (sibling)
                                            › 经济管理学院党委 › 工商管理教工党支部 (other_branch)
"""

from types import SimpleNamespace

import pytest

from zhibu.orgs import services as org_services
from zhibu.orgs.factories import MemberFactory, OrgFactory, UserFactory, grant
from zhibu.orgs.models import Member, Org, Position, Role


def pytest_configure(config):
    from django.conf import settings

    # Tests log in hundreds of times; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db):
    municipal = OrgFactory(name="市委组织部", code="M-ZZB", kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT)
    edu = OrgFactory(name="市委教育工委", code="M-JYGW", kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT,
                     parent=municipal)
    university = OrgFactory(name="中共示例大学委员会", short_name="示例大学党委", code="U1",
                            kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY, parent=edu)
    school = OrgFactory(name="中共示例大学物流学院委员会", short_name="物流学院党委", code="U1-WL",
                        kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL, parent=university)
    branch = OrgFactory(name="物流管理专业教工党支部", code="U1-WL-JG", parent=school)
    group = OrgFactory(name="第一党小组", code="U1-WL-JG-1", kind=Org.Kind.GROUP, parent=branch)
    sibling = OrgFactory(name="物流管理专业学生党支部", code="U1-WL-XS", category=Org.Category.STUDENT, parent=school)
    other_school = OrgFactory(name="中共示例大学经济管理学院委员会", short_name="经管学院党委", code="U1-JG",
                              kind=Org.Kind.COMMITTEE, category=Org.Category.SCHOOL, parent=university)
    other_branch = OrgFactory(name="工商管理教工党支部", code="U1-JG-GS", parent=other_school)

    secretary = UserFactory(username="secretary", first_name="陈立华")
    member_user = UserFactory(username="member", first_name="周敏")
    sibling_secretary = UserFactory(username="sibling", first_name="孙悦")
    organiser = UserFactory(username="organiser", first_name="吴刚")
    reviewer = UserFactory(username="reviewer", first_name="郑红")
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)

    grant(secretary, branch, Role.Kind.SECRETARY)
    grant(member_user, branch, Role.Kind.MEMBER)
    grant(sibling_secretary, sibling, Role.Kind.SECRETARY)
    grant(organiser, university, Role.Kind.ORG_ADMIN)
    grant(reviewer, municipal, Role.Kind.REVIEWER)

    sec_member = MemberFactory(org=branch, name="陈立华", user=secretary)
    org_services.position_assign(by=None, member=sec_member, org=branch, kind=Position.Kind.SECRETARY)
    plain_member = MemberFactory(org=branch, name="周敏", user=member_user, group=group)
    sibling_member = MemberFactory(org=sibling, name="林晓", occupation=Member.Occupation.STUDENT,
                                   major="物流管理", class_year=2021, status=Member.Status.PROBATIONARY, full_on=None)
    other_member = MemberFactory(org=other_branch, name="高峰")

    return SimpleNamespace(
        municipal=municipal, edu=edu, university=university, school=school, branch=branch, group=group,
        sibling=sibling, other_school=other_school, other_branch=other_branch,
        secretary=secretary, member_user=member_user, sibling_secretary=sibling_secretary,
        organiser=organiser, reviewer=reviewer, admin=admin,
        sec_member=sec_member, plain_member=plain_member, sibling_member=sibling_member, other_member=other_member,
    )


@pytest.fixture
def login(client):
    """login(user) → the test client, logged in as that user (None: anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT

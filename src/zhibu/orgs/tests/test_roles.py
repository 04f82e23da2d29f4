"""Granting roles and offices from the org pages."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from zhibu.orgs import selectors
from zhibu.orgs.models import Position, Role

pytestmark = pytest.mark.django_db


def test_secretary_grants_a_member_role_to_a_new_account(cast, login):
    client = login(cast.secretary)
    url = reverse("orgs:org_roles", args=[cast.branch.code])
    response = client.post(url, {"username": "newbie", "kind": "member", "full_name": "新同志",
                                 "password": "Zhibu-2026-strong"})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert user.check_password("Zhibu-2026-strong") and user.first_name == "新同志"
    assert selectors.scope_for_user(user).contains(cast.branch.path)
    assert not selectors.scope_for_user(user).contains(cast.sibling.path)
    assert "新同志" in client.get(url).content.decode()


def test_unknown_user_without_password_is_reshown_with_a_message(cast, login):
    response = login(cast.secretary).post(reverse("orgs:org_roles", args=[cast.branch.code]),
                                          {"username": "ghost", "kind": "viewer"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名不存在" in body and 'value="ghost"' in body
    assert not get_user_model().objects.filter(username="ghost").exists()


def test_weak_password_is_refused(cast, login):
    response = login(cast.secretary).post(reverse("orgs:org_roles", args=[cast.branch.code]),
                                          {"username": "weak", "kind": "viewer", "password": "123"})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="weak").exists()


def test_roles_page_is_for_managers_only(cast, login):
    url = reverse("orgs:org_roles", args=[cast.branch.code])
    assert login(cast.sibling_secretary).get(url).status_code == 404
    assert login(cast.reviewer).get(url).status_code == 403
    assert login(cast.member_user).get(url).status_code == 403
    assert login(None).get(url).status_code == 302


def test_revoke_role(cast, login):
    role = Role.objects.get(user=cast.member_user, org=cast.branch)
    client = login(cast.secretary)
    assert client.post(reverse("orgs:role_revoke", args=[cast.branch.code, role.pk])).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    # a sibling cannot revoke roles in the branch, even by guessing ids
    role = Role.objects.get(user=cast.secretary, org=cast.branch)
    response = login(cast.sibling_secretary).post(reverse("orgs:role_revoke", args=[cast.sibling.code, role.pk]))
    assert response.status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


def test_new_secretary_ends_the_previous_one(cast, login):
    client = login(cast.organiser)
    response = client.post(reverse("orgs:position_create", args=[cast.branch.code]), {
        "member": cast.plain_member.pk, "kind": "secretary", "title": "", "started_on": "2026-10-01"})
    assert response.status_code == 302
    current = Position.objects.get(org=cast.branch, kind="secretary", ended_on__isnull=True)
    assert current.member == cast.plain_member
    old = Position.objects.get(org=cast.branch, kind="secretary", member=cast.sec_member)
    assert old.ended_on is not None
    body = client.get(reverse("orgs:org_detail", args=[cast.branch.code])).content.decode()
    assert "周敏" in body


def test_position_for_a_member_of_another_branch_is_refused(cast, login):
    response = login(cast.organiser).post(reverse("orgs:position_create", args=[cast.branch.code]), {
        "member": cast.other_member.pk, "kind": "committee_member", "started_on": "2026-10-01"})
    assert response.status_code == 200
    assert not Position.objects.filter(member=cast.other_member).exists()


def test_end_position(cast, login):
    position = Position.objects.get(member=cast.sec_member)
    assert login(cast.reviewer).post(reverse("orgs:position_end", args=[cast.branch.code, position.pk])).status_code == 403
    assert login(cast.secretary).post(reverse("orgs:position_end", args=[cast.branch.code, position.pk])).status_code == 302
    position.refresh_from_db()
    assert position.ended_on is not None


def test_org_soft_delete_and_restore(cast, login):
    from zhibu.core.models import AuditEntry
    from zhibu.orgs.models import Org

    client = login(cast.secretary)
    # a branch with members cannot be deleted
    client.post(reverse("orgs:org_delete", args=[cast.branch.code]))
    assert Org.objects.filter(pk=cast.branch.pk).exists()
    Member = cast.group.group_members.model
    Member.objects.filter(group=cast.group).update(group=None)
    assert client.post(reverse("orgs:org_delete", args=[cast.group.code])).status_code == 302
    assert not Org.objects.filter(pk=cast.group.pk).exists()
    assert login(cast.reviewer).get(reverse("orgs:org_detail", args=[cast.group.code])).status_code == 404
    assert login(cast.sibling_secretary).post(reverse("orgs:org_restore", args=[cast.group.code])).status_code == 404
    client = login(cast.secretary)
    assert "第一党小组" in client.get(reverse("orgs:member_trash")).content.decode()
    assert client.post(reverse("orgs:org_restore", args=[cast.group.code])).status_code == 302
    assert Org.objects.filter(pk=cast.group.pk).exists()
    actions = set(AuditEntry.objects.filter(object_id=str(cast.group.pk)).values_list("action", flat=True))
    assert {"delete", "restore"} <= actions

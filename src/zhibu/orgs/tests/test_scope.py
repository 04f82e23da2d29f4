import pytest
from django.http import Http404

from zhibu.core.paths import path_successor
from zhibu.orgs import selectors
from zhibu.orgs.models import Member


def test_path_successor_bounds_the_subtree():
    assert path_successor("000000001") == "000000002"
    assert path_successor("000000009000000099") == "000000009000000100"


def test_it_scopes_members_to_the_role_subtrees(cast):
    names = lambda u: set(selectors.member_list_for_user(user=u).values_list("name", flat=True))  # noqa: E731
    assert names(cast.secretary) == {"陈立华", "周敏"}
    assert names(cast.sibling_secretary) == {"林晓"}
    assert names(cast.organiser) == {"陈立华", "周敏", "林晓", "高峰"}
    assert names(cast.reviewer) == {"陈立华", "周敏", "林晓", "高峰"}


def test_outsider_gets_404(cast):
    with pytest.raises(Http404):
        selectors.member_get_for_user(user=cast.sibling_secretary, member_id=cast.plain_member.pk)
    with pytest.raises(Http404):
        selectors.org_get_for_user(user=cast.sibling_secretary, code=cast.branch.code)


def test_personal_data_rights(cast):
    path = cast.branch.path
    assert selectors.can_see_personal(cast.secretary, path)
    assert selectors.can_see_personal(cast.organiser, path)
    assert not selectors.can_see_personal(cast.member_user, path)
    assert not selectors.can_see_personal(cast.reviewer, path)
    assert not selectors.can_see_personal(cast.sibling_secretary, path)
    assert Member.objects.count() == 4

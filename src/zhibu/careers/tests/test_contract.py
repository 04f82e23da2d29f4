"""The graduate contract other apps (gradmail) rely on."""

import pytest
from django.http import Http404

from zhibu.careers import selectors
from zhibu.careers.factories import GraduateFactory
from zhibu.careers.models import Graduate
from zhibu.orgs.selectors import scope_for_user


def test_graduate_factory_and_scope(car, cast):
    assert car.alice.org_path == cast.branch.path
    names = {g.name for g in selectors.graduate_list_for_scope(scope_for_user(cast.secretary))}
    assert names == {"李明", "王丽", "张晨"}
    assert list(selectors.graduate_list_for_user(user=cast.sibling_secretary)) == []
    assert selectors.graduate_list_for_user(user=cast.organiser).count() == 4


def test_graduate_get_for_user_outside_scope_is_404(car, cast):
    assert selectors.graduate_get_for_user(user=cast.secretary, graduate_id=car.alice.pk) == car.alice
    with pytest.raises(Http404):
        selectors.graduate_get_for_user(user=cast.sibling_secretary, graduate_id=car.alice.pk)
    with pytest.raises(Http404):
        selectors.graduate_get_for_user(user=cast.secretary, graduate_id=car.outsider.pk)


def test_graduate_for_login(car, cast):
    from zhibu.orgs.factories import UserFactory

    u = UserFactory(username="grad-li")
    assert selectors.graduate_for_login(u) is None
    g = GraduateFactory(org=cast.sibling, user=u, name="林同学")
    assert selectors.graduate_for_login(u) == g


def test_graduates_by_student_numbers_is_subtree_bound(car, cast):
    found = selectors.graduates_by_student_numbers(under=cast.school.path,
                                                   numbers=["2018010101", "2018020101", " 2018010102 ", ""])
    assert set(found) == {"2018010101", "2018010102"}
    assert found["2018010101"].name == "李明"


def test_status_codes_and_labels():
    assert Graduate.Status.values == ["seeking", "employed", "further_study", "abroad", "public_service",
                                      "not_seeking"]
    assert Graduate.Status.FURTHER_STUDY.label == "升学"

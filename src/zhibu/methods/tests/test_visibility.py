"""Who sees which case: drafts stay in the branch, submitted cases go up the tree, published ones to everyone."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from zhibu.methods import selectors
from zhibu.methods.factories import make_case, walk

pytestmark = pytest.mark.django_db


def visible(user, case) -> bool:
    try:
        selectors.case_get_for_user(user=user, case_id=case.pk)
    except Http404:
        return False
    return True


@pytest.mark.parametrize(("role", "sees"), [
    ("secretary", True), ("member_user", True), ("sibling_secretary", False), ("organiser", False),
    ("reviewer", False), ("admin", True),
])
def test_a_draft_never_submitted_stays_in_its_branch(cast, role, sees):
    case = make_case(branch=cast.branch, by=cast.secretary)
    assert visible(getattr(cast, role), case) is sees
    assert not visible(AnonymousUser(), case)


@pytest.mark.parametrize(("role", "sees"), [
    ("secretary", True), ("member_user", True), ("sibling_secretary", False), ("organiser", True),
    ("reviewer", True), ("admin", True),
])
def test_a_submitted_case_is_seen_up_the_tree_but_not_by_the_sibling(cast, role, sees):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="submitted")
    assert visible(getattr(cast, role), case) is sees


def test_a_case_sent_back_for_revision_stays_visible_to_its_reviewers(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="researched")
    from zhibu.methods import services

    services.case_review(case=case, by=cast.reviewer, overall="请修改", decision="revise")
    assert visible(cast.reviewer, case) and visible(cast.organiser, case) and not visible(cast.sibling_secretary, case)


def test_published_cases_are_for_everyone_and_only_they_are_in_the_library(cast):
    published = walk(make_case(branch=cast.branch, by=cast.secretary, title="已发布案例"), cast, to="published")
    draft = make_case(method=published.method, by=cast.secretary, title="草稿案例")
    assert visible(AnonymousUser(), published) and visible(cast.sibling_secretary, published)
    assert list(selectors.case_library()) == [published]
    assert not visible(AnonymousUser(), draft)

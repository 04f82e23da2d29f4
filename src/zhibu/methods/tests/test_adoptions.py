"""Adoptions of published cases and the reach they add up to, on a small adoption tree."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.methods import selectors, services
from zhibu.methods.factories import make_case, walk
from zhibu.methods.models import Case
from zhibu.orgs import services as org_services
from zhibu.orgs.factories import OrgFactory, UserFactory, grant
from zhibu.orgs.models import Org, Role

pytestmark = pytest.mark.django_db

DAY = dt.date(2023, 3, 1)


@pytest.fixture
def published(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    case.published_at = case.published_at.replace(year=2022, month=9, day=1)
    Case.objects.filter(pk=case.pk).update(published_at=case.published_at)
    return case


def adopt(case, branch, by=None, via=None, day=DAY):
    return services.adoption_create(by=by, case=case, branch=branch, adopted_on=day, via=via,
                                    adaptation="结合本支部实际，建立支部与课程组共建机制")


def test_reach_counts_adoptions_branches_universities_cities_and_depth(cast, published):
    org_services.org_update(by=None, org=cast.municipal, city="北京市")
    other_uni = OrgFactory(name="中共另一大学委员会", code="U2", kind=Org.Kind.COMMITTEE, category=Org.Category.UNIVERSITY,
                           parent=cast.edu, city="天津市")
    far_branch = OrgFactory(name="另一大学机械系教工党支部", code="U2-JX", parent=other_uni)
    a1 = adopt(published, cast.other_branch)                      # same university, Beijing (inherited)
    a2 = adopt(published, far_branch, via=a1, day=DAY + dt.timedelta(days=30))   # another university, Tianjin
    adopt(published, cast.sibling, via=a2, day=DAY + dt.timedelta(days=60))     # depth 3
    assert selectors.case_reach(case=published) == {
        "adoptions": 3, "branches": 3, "universities": 2, "cities": 2, "depth": 3}
    graph = selectors.adoption_graph(case=published, adoptions=selectors.adoption_list(case=published))
    assert len(graph["nodes"]) == 4 and {"source": f"b{far_branch.pk}", "target": f"b{cast.sibling.pk}"} in graph["links"]


def test_reach_of_a_case_nobody_adopted_is_zero(cast, published):
    assert selectors.case_reach(case=published) == {"adoptions": 0, "branches": 0, "universities": 0, "cities": 0,
                                                   "depth": 0}


def test_an_unpublished_case_cannot_be_adopted(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="reviewed")
    with pytest.raises(ValidationError, match="只能借鉴已发布的案例"):
        adopt(case, cast.other_branch)


def test_a_branch_cannot_adopt_its_own_case_or_adopt_twice(cast, published):
    with pytest.raises(ValidationError, match="不能借鉴本支部自己的案例"):
        adopt(published, cast.branch)
    adopt(published, cast.other_branch)
    with pytest.raises(ValidationError, match="已登记过借鉴该案例"):
        adopt(published, cast.other_branch)


def test_only_the_adopting_branchs_managers_record_it(cast, published):
    with pytest.raises(PermissionDenied):
        adopt(published, cast.other_branch, by=cast.secretary)
    outsider = UserFactory(username="gs-secretary")
    grant(outsider, cast.other_branch, Role.Kind.SECRETARY)
    adoption = adopt(published, cast.other_branch, by=outsider)
    assert adoption.created_by == outsider
    services.adoption_record_outcomes(by=outsider, adoption=adoption, outcomes="课程思政示范课3门",
                                      outcomes_on=adoption.adopted_on + dt.timedelta(days=180))
    adoption.refresh_from_db()
    assert adoption.outcomes == "课程思政示范课3门"

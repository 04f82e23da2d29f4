"""Org and member endpoints: reads only, every one through the caller's scope (outside it: 404)."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from zhibu.core.pagination import ErrorOut, PageNumberPagination

from . import selectors
from .schemas import (
    MemberDetailOut,
    MemberFilters,
    MemberOut,
    OrgDetailOut,
    OrgFilters,
    OrgOut,
)

router = Router(tags=["组织与党员"])

_NOT_FOUND = {404: ErrorOut}


@router.get(
    "/orgs/",
    response=list[OrgOut],
    summary="党组织列表",
    description="调用者范围内的党组织，按组织树顺序排列。",
)
@paginate(PageNumberPagination)
def org_list(request: HttpRequest, filters: Query[OrgFilters]):
    parent = selectors.org_get_for_user(user=request.user, code=filters.parent) if filters.parent else None
    return selectors.org_list_for_user(user=request.user, kind=filters.kind, q=filters.q, parent=parent)


@router.get(
    "/orgs/{code}",
    response={200: OrgDetailOut, **_NOT_FOUND},
    summary="党组织详情",
    description="含荣誉、现任委员会成员、本组织及下级组织按政治面貌统计的人数。",
)
def org_detail(request: HttpRequest, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    org.committee = selectors.org_committee(org=org)
    org.member_stats = selectors.org_member_stats(org=org)
    return org


@router.get(
    "/members/",
    response=list[MemberOut],
    summary="党员列表",
    description="调用者范围内的党员。身份证号和手机号码只给脱敏值。",
)
@paginate(PageNumberPagination)
def member_list(request: HttpRequest, filters: Query[MemberFilters]):
    org = selectors.org_get_for_user(user=request.user, code=filters.org) if filters.org else None
    return selectors.member_list_for_user(
        user=request.user, org=org, status=filters.status, occupation=filters.occupation, q=filters.q
    )


@router.get(
    "/members/{int:member_id}",
    response={200: MemberDetailOut, **_NOT_FOUND},
    summary="党员详情",
    description="有权查看个人信息的角色（本组织及上级的书记、支委、组织管理员）可见完整身份证号和手机号码，其他人只见脱敏值。",
)
def member_detail(request: HttpRequest, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    member.current_positions = [p for p in selectors.member_positions(member=member) if p.ended_on is None]
    return member

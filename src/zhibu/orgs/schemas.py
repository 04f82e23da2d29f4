"""API shapes for organisations and members.

Lists carry personal data only masked; a member's detail carries it unmasked only for users whose
roles grant it at the member's branch (`selectors.can_see_personal`).
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from zhibu.core.personal import mask_id_number, mask_phone

from .models import Honour, Member, Org, Position
from .selectors import can_see_personal, scope_for_user

# --- organisations -------------------------------------------------------------------------------


class OrgFilters(Schema):
    kind: Org.Kind | None = Field(None, description="按类型筛选")
    q: str | None = Field(None, description="按名称、简称包含或编码完全匹配查找")
    parent: str | None = Field(None, description="只列出该编码组织的直接下级；该组织不在范围内时返回 404")


class OrgOut(Schema):
    code: str = Field(description="组织编码")
    name: str = Field(description="名称")
    short_name: str = Field(description="简称")
    kind: Org.Kind = Field(description="类型：superior 上级机关、committee 党委、general_branch 党总支、branch 党支部、group 党小组")
    kind_label: str = Field(description="类型（中文）")
    category: Org.Category = Field(description="类别")
    category_label: str = Field(description="类别（中文）")
    parent_code: str | None = Field(description="上级组织编码；顶层组织或上级不在调用者范围内时为 null")
    depth: int = Field(description="在组织树中的层级，顶层为0")
    established_on: dt.date | None = Field(description="成立日期")

    @staticmethod
    def resolve_kind_label(obj: Org) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_category_label(obj: Org) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_parent_code(obj: Org, context) -> str | None:
        # A parent outside the caller's scope does not exist for them, so neither does its code.
        request = (context or {}).get("request")
        if not obj.parent_id or request is None or not scope_for_user(request.user).contains(obj.parent.path):
            return None
        return obj.parent.code


class HonourOut(Schema):
    title: str = Field(description="荣誉名称")
    year: int = Field(description="年度")
    level: Honour.Level = Field(description="级别")
    level_label: str = Field(description="级别（中文）")
    awarded_by: str = Field(description="授予单位")

    @staticmethod
    def resolve_level_label(obj: Honour) -> str:
        return obj.get_level_display()


class OfficeHolderOut(Schema):
    member_id: int = Field(description="党员编号")
    member_name: str = Field(description="姓名")
    kind: Position.Kind = Field(description="职务")
    kind_label: str = Field(description="职务（中文）")
    title: str = Field(description="分工，如 组织委员")
    started_on: dt.date = Field(description="任职日期")

    @staticmethod
    def resolve_member_name(obj: Position) -> str:
        return obj.member.name

    @staticmethod
    def resolve_kind_label(obj: Position) -> str:
        return obj.get_kind_display()


class MemberStatsOut(Schema):
    activist: int = Field(description="入党积极分子")
    candidate: int = Field(description="发展对象")
    probationary: int = Field(description="预备党员")
    full: int = Field(description="正式党员")
    total: int = Field(description="合计")


class OrgDetailOut(OrgOut):
    description: str = Field(description="简介")
    term_start: dt.date | None = Field(description="本届委员会任期开始")
    term_end: dt.date | None = Field(description="本届委员会任期届满")
    honours: list[HonourOut] = Field(description="荣誉")
    committee: list[OfficeHolderOut] = Field(description="现任委员会成员（党小组为组长）")
    member_stats: MemberStatsOut = Field(description="本组织及全部下级组织的人数，按政治面貌统计")


# --- members -------------------------------------------------------------------------------------


class MemberFilters(Schema):
    org: str | None = Field(None, description="只列出该编码组织及其全部下级组织的党员；该组织不在范围内时返回 404")
    status: Member.Status | None = Field(None, description="按政治面貌筛选")
    occupation: Member.Occupation | None = Field(None, description="按身份筛选")
    q: str | None = Field(None, description="按姓名或专业包含查找")


class PositionOut(Schema):
    org_code: str = Field(description="任职组织编码")
    org_name: str = Field(description="任职组织名称")
    kind: Position.Kind = Field(description="职务")
    kind_label: str = Field(description="职务（中文）")
    title: str = Field(description="分工")
    started_on: dt.date = Field(description="任职日期")

    @staticmethod
    def resolve_org_code(obj: Position) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Position) -> str:
        return obj.org.name

    @staticmethod
    def resolve_kind_label(obj: Position) -> str:
        return obj.get_kind_display()


class MemberOut(Schema):
    """A member as lists show them: personal data masked, always."""

    id: int = Field(description="党员编号")
    name: str = Field(description="姓名")
    gender: Member.Gender = Field(description="性别")
    status: Member.Status = Field(description="政治面貌")
    status_label: str = Field(description="政治面貌（中文）")
    occupation: Member.Occupation = Field(description="身份")
    occupation_label: str = Field(description="身份（中文）")
    major: str = Field(description="专业")
    class_year: int | None = Field(description="年级")
    joined_on: dt.date | None = Field(description="入党日期")
    full_on: dt.date | None = Field(description="转正日期")
    org_code: str = Field(description="所在支部编码")
    org_name: str = Field(description="所在支部名称")
    group_code: str | None = Field(description="所在党小组编码")
    group_name: str | None = Field(description="所在党小组名称")
    id_number_masked: str = Field(description="身份证号（脱敏）")
    phone_masked: str = Field(description="手机号码（脱敏）")
    positions: list[PositionOut] = Field(description="现任职务")

    @staticmethod
    def resolve_status_label(obj: Member) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_occupation_label(obj: Member) -> str:
        return obj.get_occupation_display()

    @staticmethod
    def resolve_org_code(obj: Member) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Member) -> str:
        return obj.org.name

    @staticmethod
    def resolve_group_code(obj: Member) -> str | None:
        return obj.group.code if obj.group_id else None

    @staticmethod
    def resolve_group_name(obj: Member) -> str | None:
        return obj.group.name if obj.group_id else None

    @staticmethod
    def resolve_id_number_masked(obj: Member) -> str:
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone_masked(obj: Member) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_positions(obj: Member) -> list[Position]:
        # Set by the list selector's prefetch and by the detail endpoint.
        return obj.current_positions


def _personal(obj: Member, context: dict | None, value: Any) -> Any:
    request = (context or {}).get("request")
    if request is None or not can_see_personal(request.user, obj.org_path):
        return None
    return value


class MemberDetailOut(MemberOut):
    """One member: ID number, phone and birth date unmasked only for roles that may see them, else null."""

    id_number: str | None = Field(description="身份证号；无权查看时为 null")
    phone: str | None = Field(description="手机号码；无权查看时为 null")
    birth_date: dt.date | None = Field(description="出生日期；无权查看时为 null")
    note: str = Field(description="备注")

    @staticmethod
    def resolve_id_number(obj: Member, context) -> str | None:
        return _personal(obj, context, obj.id_number)

    @staticmethod
    def resolve_phone(obj: Member, context) -> str | None:
        return _personal(obj, context, obj.phone or None)

    @staticmethod
    def resolve_birth_date(obj: Member, context) -> dt.date | None:
        return _personal(obj, context, obj.birth_date)

"""Co-building writes: register a partnership, change it, record an outcome, register an external unit.

Each endpoint calls the same service as the pages, so the rules and their Chinese messages are the same;
a refusal is 403 (read-only role) or 422 (every field at fault, nothing saved); outside the scope, 404.
They share the reads' router: django-ninja routes a path to the first router that declares it.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from zhibu.core.pagination import WRITE_ERRORS, refused
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .api import OutcomeOut, PartnershipDetailOut, UnitOut, partnership_detail, router
from .models import ExternalUnit, Outcome, Partnership
from .services import ContactRow
from .services_records import outcome_record


class ContactIn(Schema):
    side: str = Field("campus", description="campus 校内 或 partner 共建方")
    name: str
    title: str = ""
    phone: str = ""


class PartnershipIn(Schema):
    org: str = Field(description="校内支部编码")
    kind: Partnership.Kind
    starts_on: dt.date
    ends_on: dt.date | None = None
    major: str | None = Field(None, description="branch_major：专业代码（本院系的专业）")
    partner_org: str | None = Field(None, description="faculty_student：学生党支部编码")
    external_unit: str | None = Field(None, description="campus_external：校外单位的统一社会信用代码")
    external_branch_name: str = ""
    title: str = ""
    goals: str = ""
    contacts: list[ContactIn] = []


class PartnershipPatch(Schema):
    title: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    goals: str | None = None
    external_branch_name: str | None = None
    contacts: list[ContactIn] | None = None


class OutcomeIn(Schema):
    kind: Outcome.Kind
    title: str
    occurred_on: dt.date
    quantity: int = 1
    description: str = ""


class UnitIn(Schema):
    name: str
    credit_code: str = Field(description="18位统一社会信用代码，校验位须正确")
    kind: ExternalUnit.Kind
    city: str
    has_party_branch: bool = True
    party_branch_name: str = ""


def _contacts(rows) -> list[ContactRow]:
    return [ContactRow(side=c.side, name=c.name, title=c.title, phone=c.phone) for c in rows]


def _parties(request, org, payload: PartnershipIn) -> dict:
    """The counterpart named by code, from the same choices the page offers; unknown → 422 on that field."""
    from django.core.exceptions import ValidationError

    parties: dict = {}
    if payload.major:
        parties["major"] = selectors.major_choices_for_branch(branch=org).filter(code=payload.major).first()
        if parties["major"] is None:
            raise ValidationError({"major": f"本院系没有代码为{payload.major}的专业"})
    if payload.partner_org:
        parties["partner_org"] = selectors.student_branch_choices(user=request.user, branch=org).filter(
            code=payload.partner_org).first()
        if parties["partner_org"] is None:
            raise ValidationError({"partner_org": f"没有找到可共建的学生党支部“{payload.partner_org}”"})
    if payload.external_unit:
        parties["external_unit"] = selectors.unit_choices().filter(credit_code=payload.external_unit).first()
        if parties["external_unit"] is None:
            raise ValidationError({"external_unit": f"统一社会信用代码为{payload.external_unit}的校外单位尚未登记"})
    return parties


@router.post("/partnerships/", response={201: PartnershipDetailOut, **WRITE_ERRORS}, summary="登记共建",
             description="与页面同样的规则：机制须与双方相符、同一对象不重复共建；任何一处有误都不保存（422）。")
def partnership_create(request: HttpRequest, payload: PartnershipIn):
    org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
    status, result = refused(lambda: services.partnership_create(
        by=request.user, org=org, kind=payload.kind, starts_on=payload.starts_on, ends_on=payload.ends_on,
        title=payload.title, goals=payload.goals, external_branch_name=payload.external_branch_name,
        contacts=_contacts(payload.contacts), **_parties(request, org, payload)))
    if status:
        return Status(status, result)
    return Status(201, partnership_detail(request, result.pk))


@router.patch("/partnerships/{int:partnership_id}", response={200: PartnershipDetailOut, **WRITE_ERRORS},
              summary="修改共建", description="可改名称、日期、目标、对方党组织名称和联系人（整体替换）；机制和双方不能改。")
def partnership_update(request: HttpRequest, partnership_id: int, payload: PartnershipPatch):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    fields = payload.dict(exclude_unset=True)
    contacts = fields.pop("contacts", None)
    status, result = refused(lambda: services.partnership_update(
        by=request.user, partnership=p, contacts=_contacts(payload.contacts) if contacts is not None else None,
        **fields))
    if status:
        return Status(status, result)
    return partnership_detail(request, p.pk)


@router.post("/partnerships/{int:partnership_id}/outcomes", response={201: OutcomeOut, **WRITE_ERRORS},
             summary="登记共建成果")
def outcome_create(request: HttpRequest, partnership_id: int, payload: OutcomeIn):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    status, result = refused(lambda: outcome_record(by=request.user, partnership=p, **payload.dict()))
    return Status(status or 201, result)


@router.post("/external-units/", response={201: UnitOut, **WRITE_ERRORS}, summary="登记校外单位",
             description="全平台共用；统一社会信用代码的校验位不对或已登记时返回 422。")
def unit_create(request: HttpRequest, payload: UnitIn):
    status, result = refused(lambda: services.unit_register(by=request.user, **payload.dict()))
    return Status(status or 201, result)

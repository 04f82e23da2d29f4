"""毕业寄的接口: campaigns, shifts, registrations and parcels, scoped like the pages (outside the scope: 404).

Recipients' phones and addresses are masked unless the caller handles the registration. Writes: a member
signs up for a shift, staff register a graduate, the courier desk moves a parcel along.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zhibu.careers import selectors as careers_selectors
from zhibu.core.pagination import WRITE_ERRORS, ErrorOut, PageNumberPagination, patch_fields, refused, write
from zhibu.core.personal import mask_phone

from . import selectors, services, services_edits, services_parcels
from .couriers import Courier
from .models import Parcel, Registration, Shift

try:
    from ninja import Status
except ImportError:  # older django-ninja: a (status, body) tuple does the same
    def Status(status: int, body):  # noqa: N802 (stands in for the class)
        return status, body

router = Router(tags=["毕业寄"])
_READ = {404: ErrorOut}
_WRITE = {**WRITE_ERRORS, 400: ErrorOut}


class CampaignOut(Schema):
    id: int
    title: str
    org_code: str = Field(description="组织单位编码")
    year: int = Field(description="毕业年份")
    starts_on: dt.date
    ends_on: dt.date
    registration_count: int
    shift_count: int

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code


class ShiftOut(Schema):
    id: int
    campaign_id: int
    date: dt.date
    slot: Shift.Slot = Field(description="morning、afternoon 或 evening")
    slot_label: str
    building: str
    capacity: int = Field(description="志愿者名额")
    signup_count: int = Field(description="已报名志愿者")
    quota: int = Field(description="可打包登记数")
    assigned_count: int = Field(description="已安排的登记")
    hours: Decimal = Field(description="服务时长（小时）")

    @staticmethod
    def resolve_slot_label(obj):
        return obj.get_slot_display()


class RegistrationOut(Schema):
    id: int
    campaign_id: int
    student_number: str
    graduate_name: str
    building: str
    room: str
    parcels_estimated: int
    recipient: str
    phone: str = Field(description="经办人可见完整号码，其他人看到打码后的号码")
    address: str = Field(description="经办人可见完整地址，其他人看到打码后的地址")
    preferred_from: dt.date
    preferred_to: dt.date
    courier: str
    status: Registration.Status
    status_label: str
    shift_id: int | None
    unassigned_reason: str

    @staticmethod
    def resolve_student_number(obj):
        return obj.graduate.student_number

    @staticmethod
    def resolve_graduate_name(obj):
        return obj.graduate.name

    @staticmethod
    def resolve_phone(obj, context):
        return obj.phone if selectors.personal_open(context["request"].user, obj) else mask_phone(obj.phone)

    @staticmethod
    def resolve_address(obj, context):
        if selectors.personal_open(context["request"].user, obj):
            return obj.address
        return selectors.mask_address(obj.address)

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ParcelOut(Schema):
    id: int
    registration_id: int
    campaign_id: int
    seq: int
    courier: Courier
    courier_label: str
    weight_kg: Decimal | None
    tracking_number: str
    status: Parcel.Status
    status_label: str
    problem_note: str
    handed_on: dt.date | None
    delivered_on: dt.date | None

    @staticmethod
    def resolve_courier_label(obj):
        return obj.get_courier_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class RegistrationIn(Schema):
    student_number: str
    building: str
    room: str
    recipient: str
    phone: str
    address: str
    preferred_from: dt.date
    preferred_to: dt.date
    parcels_estimated: int = 2
    courier: str = ""
    note: str = ""


class ParcelStatusIn(Schema):
    status: Parcel.Status = Field(description="packed、handed（已寄出，须有运单号）、delivered、problem（须有说明）")
    tracking_number: str | None = Field(None, description="按快递公司的格式校验，如顺丰 SF加12位数字")
    courier: Courier | None = None
    problem_note: str = ""


def _unprocessable(field: str, message: str):
    return Status(422, {"detail": message, "errors": {field: [message]}})


def _not_for_graduates(request) -> None:
    """A graduate's own login sees their registrations and parcels, nothing of the campaign's running."""
    if selectors.is_graduate_only(request.user):
        raise Http404("没有找到")


def _campaign(request, campaign_id):
    return selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id) if campaign_id else None


@router.get("/gradmail/campaigns/", response=list[CampaignOut], summary="毕业寄工作列表")
@paginate(PageNumberPagination)
def campaign_list(request: HttpRequest, year: int | None = None):
    if selectors.is_graduate_only(request.user):  # their own campaigns only, without the school's numbers
        qs = selectors.campaigns_for_graduate(user=request.user)
        return qs.filter(year=year) if year else qs
    return selectors.campaign_list_for_user(user=request.user, year=year)


@router.get("/gradmail/shifts/", response={200: list[ShiftOut], **_READ}, summary="班次列表",
            description="一项毕业寄工作的班次，含报名人数和已安排的登记数。")
@paginate(PageNumberPagination)
def shift_list(request: HttpRequest, campaign: int, building: str | None = None, date: dt.date | None = None):
    _not_for_graduates(request)
    return selectors.shift_list(campaign=_campaign(request, campaign), building=building, date=date)


@router.post("/gradmail/shifts/{int:shift_id}/signups", response={201: dict, **_WRITE}, summary="报名班次",
             description="调用者以自己的党员身份报名；名额已满时返回 422。")
def shift_signup(request: HttpRequest, shift_id: int):
    _not_for_graduates(request)
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)
    member = selectors.member_of(request.user)
    if member is None:
        return _unprocessable("member", "您的账号没有关联党员档案")
    code, signup = refused(lambda: services.shift_signup(by=request.user, shift=shift, member=member))
    if code:
        return Status(code, signup)
    return Status(201, {"id": signup.pk, "shift_id": shift.pk, "name": signup.name, "hours": float(signup.hours)})


@router.get("/gradmail/registrations/", response={200: list[RegistrationOut], **_READ}, summary="登记列表",
            description="调用者范围内的登记（毕业生本人看到自己的）；收件电话和地址仅对经办人完整显示。")
@paginate(PageNumberPagination)
def registration_list(request: HttpRequest, campaign: int | None = None, status: Registration.Status | None = None,
                      building: str | None = None, q: str | None = None):
    return selectors.registration_list_for_user(user=request.user, campaign=_campaign(request, campaign),
                                                status=status, building=building, q=q)


@router.post("/gradmail/campaigns/{int:campaign_id}/registrations", response={201: RegistrationOut, **_WRITE},
             summary="登记毕业生", description="不是本次工作范围内当年毕业的毕业生，返回 422 并说明原因。")
def registration_create(request: HttpRequest, campaign_id: int, payload: RegistrationIn):
    campaign = _campaign(request, campaign_id)
    data = payload.dict()
    number = data.pop("student_number").strip()
    own = careers_selectors.graduate_for_login(request.user)
    graduate = own if own is not None and own.student_number == number else \
        careers_selectors.graduate_list_for_user(user=request.user).filter(student_number=number).first()
    if graduate is None:
        return _unprocessable("student_number", f"在您的管理范围内没有找到学号为{number}的毕业生")
    code, reg = refused(lambda: services.registration_create(by=request.user, campaign=campaign, graduate=graduate,
                                                             **data))
    if code:
        return Status(code, reg)
    return Status(201, selectors.registration_get_for_user(user=request.user, registration_id=reg.pk))


@router.get("/gradmail/parcels/", response={200: list[ParcelOut], **_READ}, summary="包裹列表")
@paginate(PageNumberPagination)
def parcel_list(request: HttpRequest, campaign: int | None = None, status: Parcel.Status | None = None,
                courier: Courier | None = None, q: str | None = None):
    return selectors.parcel_list_for_user(user=request.user, campaign=_campaign(request, campaign), status=status,
                                          courier=courier, q=q)


@router.post("/gradmail/parcels/{int:parcel_id}/status", response={200: ParcelOut, **_WRITE},
             summary="更新包裹状态", description="包裹台志愿者使用：交寄时填写运单号（按快递公司格式校验）。")
def parcel_status(request: HttpRequest, parcel_id: int, payload: ParcelStatusIn):
    _not_for_graduates(request)
    parcel = selectors.parcel_get_for_user(user=request.user, parcel_id=parcel_id)
    return write(lambda: services_parcels.parcel_update(
        by=request.user, parcel=parcel, status=payload.status, tracking_number=payload.tracking_number,
        courier=payload.courier, problem_note=payload.problem_note))


# --- corrections, soft deletes and restores (the same services and rules as the edit pages) --------


class RegistrationPatchIn(Schema):
    """Only the fields given change; the graduate stays who they are."""

    building: str | None = None
    room: str | None = None
    parcels_estimated: int | None = None
    recipient: str | None = None
    phone: str | None = None
    address: str | None = None
    preferred_from: dt.date | None = None
    preferred_to: dt.date | None = None
    courier: str | None = Field(None, description="快递公司；给出 null 或空文本表示不指定")
    note: str | None = None


class ShiftPatchIn(Schema):
    date: dt.date | None = None
    slot: Shift.Slot | None = None
    building: str | None = None
    capacity: int | None = Field(None, le=200, description="志愿者名额，不能少于已报名人数")
    quota: int | None = Field(None, le=500, description="可打包登记数，不能少于已安排的登记数")
    note: str | None = None


def _blank_nulls(data: dict) -> dict:
    """A null for a field that may be empty is the empty text the services store."""
    return {k: "" if v is None else v for k, v in data.items()}


def _shift_out(shift_id: int, campaign) -> Shift:
    return selectors.shift_list(campaign=campaign).get(pk=shift_id)


def _require_manage(user, campaign) -> None:
    if not selectors.can_manage_campaign(user, campaign):
        raise PermissionDenied("您在该毕业寄工作只有查看权限")


@router.patch("/gradmail/registrations/{int:registration_id}", response={200: RegistrationOut, **WRITE_ERRORS},
              summary="修改登记",
              description="只修改给出的字段。工作人员在打包前都可修改；毕业生本人只能在排班前修改自己的登记（之后 403）。"
                          "改后原班次不再合适（楼栋或意向日期变了）的，退回待排班。")
def registration_patch(request: HttpRequest, registration_id: int, payload: RegistrationPatchIn):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)

    def call():
        if not services.can_register_for(request.user, reg.campaign, reg.graduate):
            raise PermissionDenied("您在该登记只有查看权限")
        if reg.status not in (Registration.Status.REGISTERED, Registration.Status.ASSIGNED):
            raise PermissionDenied("已打包的登记不能再修改，请联系毕业寄工作负责人")
        staff = services.is_staff_for(request.user, reg.campaign, reg.graduate)
        if not staff and reg.status != Registration.Status.REGISTERED:
            raise PermissionDenied("登记已排班，不能自行修改；如需更改，请联系毕业寄工作负责人")
        data = _blank_nulls(patch_fields(payload, nullable=("courier", "note")))
        services.registration_update(by=request.user, registration=reg, **data)
        return selectors.registration_get_for_user(user=request.user, registration_id=reg.pk)

    return write(call)


@router.delete("/gradmail/registrations/{int:registration_id}", response={204: None, **WRITE_ERRORS},
               summary="撤销登记",
               description="软删除（撤销），打包前毕业生本人或工作人员可撤销；工作人员可用 POST …/restore 恢复。")
def registration_delete(request: HttpRequest, registration_id: int, reason: str = ""):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)
    return write(lambda: services.registration_cancel(by=request.user, registration=reg, reason=reason), 204)


@router.post("/gradmail/registrations/{int:registration_id}/restore", response={200: RegistrationOut, **WRITE_ERRORS},
             summary="恢复登记", description="工作人员恢复已撤销的登记，回到待排班；该毕业生已重新登记时不能恢复（422）。")
def registration_restore(request: HttpRequest, registration_id: int):
    _not_for_graduates(request)
    reg = selectors.deleted_registration_get(user=request.user, registration_id=registration_id)

    def call():
        services_edits.registration_restore(by=request.user, registration=reg)
        return selectors.registration_get_for_user(user=request.user, registration_id=reg.pk)

    return write(call)


@router.patch("/gradmail/shifts/{int:shift_id}", response={200: ShiftOut, **WRITE_ERRORS}, summary="修改班次",
              description="只修改给出的字段。志愿者名额不能少于已报名人数，可打包登记数不能少于已安排的登记；"
                          "已安排登记的班次不能改楼栋，日期须在这些登记的意向日期内（422，不保存）。")
def shift_patch(request: HttpRequest, shift_id: int, payload: ShiftPatchIn):
    _not_for_graduates(request)
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)

    def call():
        _require_manage(request.user, shift.campaign)
        data = {k: getattr(shift, k) for k in services_edits.SHIFT_FIELDS}
        data.update(_blank_nulls(patch_fields(payload, nullable=("note",))))
        data["slot"] = str(data["slot"])
        services_edits.shift_update(by=request.user, shift=shift, **data)
        return _shift_out(shift.pk, shift.campaign)

    return write(call)


@router.delete("/gradmail/shifts/{int:shift_id}", response={204: None, **WRITE_ERRORS}, summary="删除班次",
               description="软删除，可用 POST …/restore 恢复；已有志愿者报名或已安排登记的班次不能删除（422）。")
def shift_delete(request: HttpRequest, shift_id: int):
    _not_for_graduates(request)
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)

    def call():
        _require_manage(request.user, shift.campaign)
        services_edits.shift_delete(by=request.user, shift=shift)

    return write(call, 204)


@router.post("/gradmail/shifts/{int:shift_id}/restore", response={200: ShiftOut, **WRITE_ERRORS}, summary="恢复班次",
             description="同一日期、时段、楼栋已有新的班次时不能恢复（422）。")
def shift_restore(request: HttpRequest, shift_id: int):
    _not_for_graduates(request)
    shift = selectors.deleted_shift_get(user=request.user, shift_id=shift_id)

    def call():
        _require_manage(request.user, shift.campaign)
        services_edits.shift_restore(by=request.user, shift=shift)
        return _shift_out(shift.pk, shift.campaign)

    return write(call)

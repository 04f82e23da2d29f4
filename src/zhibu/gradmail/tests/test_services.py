"""Services: bad input is refused in Chinese and nothing is saved; the parcel's way to the courier; the
registries (metrics, deeds, evidence) count in SQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.core import deedsources, evidence, metrics
from zhibu.core.models import AuditEntry
from zhibu.gradmail import services, services_parcels
from zhibu.gradmail.couriers import tracking_problem
from zhibu.gradmail.models import Parcel, Registration, Signup

from .conftest import register

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize("courier, good, bad", [
    ("sf", "SF123456789012", "SF12345"),
    ("ems", "EA123456789CN", "EA12345678CN"),
    ("zto", "731234567890", "131234567890"),
    ("yto", "YT1234567890123", "YT123"),
    ("yunda", "4312345678901", "43123456789"),
    ("jd", "JD0012345678901", "JD12"),
    ("sto", "7712345678901", "1234567890123"),
    ("deppon", "DPK123456789012", "DPK1"),
])
def test_tracking_formats(courier, good, bad):
    assert tracking_problem(courier, good) is None
    assert tracking_problem(courier, good.lower()) is None
    assert tracking_problem(courier, bad)


def test_a_wrong_sf_number_names_the_courier_and_the_format():
    assert tracking_problem("sf", "SF123") == "运单号“SF123”不符合顺丰速运的格式：应为SF加12位数字，如SF123456789012"


def test_a_graduate_of_another_school_is_refused(gm):
    with pytest.raises(ValidationError) as exc:
        register(gm, gm.outsider)
    assert exc.value.message_dict["graduate"] == [
        "学号2018999999的高远不是物流学院党委的毕业生，不能登记本次毕业寄"]
    assert not Registration.objects.exists()


def test_a_graduate_of_another_year_is_refused(gm):
    with pytest.raises(ValidationError) as exc:
        register(gm, gm.last_year)
    assert "是2021年毕业，不是2022届毕业生" in exc.value.message_dict["graduate"][0]
    assert not Registration.objects.exists()


def test_bad_fields_are_named(gm):
    with pytest.raises(ValidationError) as exc:
        register(gm, gm.graduate, phone="12345", address="青岛", start=D(2022, 7, 5), end=D(2022, 7, 9))
    errors = exc.value.message_dict
    assert "收件电话“12345”" in errors["phone"][0]
    assert "收件地址过短" in errors["address"][0]
    assert "意向日期须在本次工作期间" in errors["preferred_from"][0]
    assert not Registration.objects.exists()


def test_registering_twice_is_refused(gm):
    register(gm, gm.graduate)
    with pytest.raises(ValidationError, match="已登记本次毕业寄"):
        register(gm, gm.graduate, room="999")
    assert Registration.objects.count() == 1


def test_who_may_register(gm, cast):
    with pytest.raises(PermissionDenied):
        register(gm, gm.graduate, by=cast.member_user)
    with pytest.raises(PermissionDenied):
        register(gm, gm.others[0], by=gm.grad_user)  # a graduate registers only themself
    reg = register(gm, gm.graduate, by=gm.grad_user)
    assert reg.created_by == gm.grad_user and reg.org == cast.sibling
    register(gm, gm.others[0], by=cast.sibling_secretary)


def test_history_masks_the_address_and_phone(gm):
    reg = register(gm, gm.graduate)
    entry = AuditEntry.objects.get(object_id=str(reg.pk), action="create", content_type__model="registration")
    flat = str(entry.changes)
    assert "13812345678" not in flat and "香港中路100号" not in flat


def test_a_signup_over_capacity_is_refused_and_nothing_saved(gm, cast):
    services.shift_signup(by=cast.secretary, shift=gm.s7, member=cast.sec_member)
    services.shift_signup(by=None, shift=gm.s7, name="学生志愿者甲")
    with pytest.raises(ValidationError) as exc:
        services.shift_signup(by=cast.member_user, shift=gm.s7, member=cast.plain_member)
    assert exc.value.message_dict["shift"] == ["班次“2022年6月20日上午学生公寓7号楼”的志愿者名额已满（2/2），未能报名"]
    assert Signup.objects.filter(shift=gm.s7).count() == 2


def test_members_sign_up_themselves_not_others(gm, cast):
    with pytest.raises(PermissionDenied):
        services.shift_signup(by=cast.member_user, shift=gm.s9, member=cast.sec_member)
    s = services.shift_signup(by=cast.member_user, shift=gm.s9, member=cast.plain_member)
    assert s.hours == Decimal("3.0") and s.org == cast.branch
    with pytest.raises(ValidationError, match="已报名"):
        services.shift_signup(by=cast.member_user, shift=gm.s9, member=cast.plain_member)


def test_a_shift_outside_the_campaign_is_refused(gm):
    with pytest.raises(ValidationError, match="不在本次工作期间"):
        services.shift_create(by=None, campaign=gm.campaign, date=D(2022, 7, 2), slot="morning", building="7号楼")


def test_batch_shifts_skip_existing(gm):
    made = services.shifts_create_batch(by=None, campaign=gm.campaign, date_from=D(2022, 6, 20),
                                        date_to=D(2022, 6, 21), slots=["morning", "afternoon"],
                                        buildings=["学生公寓7号楼", "学生公寓９号楼"])
    assert len(made) == 6  # 2 days × 2 slots × 2 buildings, less the two in the fixture


def _packed(gm, cast, n=2):
    reg = register(gm, gm.graduate)
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    services.shift_signup(by=cast.secretary, shift=gm.s7, member=cast.sec_member)
    reg.refresh_from_db()
    parcels = services_parcels.registration_pack(by=cast.secretary, registration=reg, parcels=[
        services_parcels.ParcelRow(courier="sf", weight_kg="12.5") for _ in range(n)])
    return reg, parcels


def test_a_wrong_tracking_number_is_refused_naming_the_courier(gm, cast):
    reg, (p1, _) = _packed(gm, cast)
    with pytest.raises(ValidationError) as exc:
        services_parcels.parcel_update(by=cast.secretary, parcel=p1, status="handed", tracking_number="YT123")
    assert "不符合顺丰速运的格式：应为SF加12位数字" in exc.value.message_dict["tracking_number"][0]
    p1.refresh_from_db()
    assert p1.status == Parcel.Status.PACKED and p1.tracking_number == ""


def test_handing_every_parcel_to_the_courier_ships_the_registration(gm, cast):
    reg, (p1, p2) = _packed(gm, cast)
    assert Registration.objects.get(pk=reg.pk).status == "packed"
    services_parcels.parcel_update(by=cast.secretary, parcel=p1, status="handed", tracking_number="sf 1234 5678 9012")
    assert Parcel.objects.get(pk=p1.pk).tracking_number == "SF123456789012"
    assert Registration.objects.get(pk=reg.pk).status == "packed"
    with pytest.raises(ValidationError, match="已登记在另一件包裹上"):
        services_parcels.parcel_update(by=cast.secretary, parcel=p2, status="handed", tracking_number="SF123456789012")
    services_parcels.parcel_update(by=cast.secretary, parcel=p2, status="handed", tracking_number="SF123456789013")
    assert Registration.objects.get(pk=reg.pk).status == "shipped"
    with pytest.raises(ValidationError, match="请说明异常情况"):
        services_parcels.parcel_update(by=cast.secretary, parcel=p2, status="problem")
    services_parcels.parcel_update(by=cast.secretary, parcel=p2, status="problem", problem_note="收件地址不详，快递退回")
    assert Registration.objects.get(pk=reg.pk).status == "packed"


def test_handing_over_needs_a_number_and_delivery_needs_handing_over(gm, cast):
    _, (p1, _) = _packed(gm, cast)
    with pytest.raises(ValidationError, match="须填写运单号"):
        services_parcels.parcel_update(by=cast.secretary, parcel=p1, status="handed")
    with pytest.raises(ValidationError, match="尚未交寄"):
        services_parcels.parcel_update(by=cast.secretary, parcel=p1, status="delivered", tracking_number="SF123456789012")


def test_only_handlers_update_parcels(gm, cast):
    _, (p1, _) = _packed(gm, cast)
    for user in (cast.member_user, cast.sibling_secretary, gm.grad_user):
        with pytest.raises(PermissionDenied):
            services_parcels.parcel_update(by=user, parcel=p1, status="handed", tracking_number="SF123456789012")
    # A member signed up for a shift works the courier desk.
    services.shift_signup(by=cast.member_user, shift=gm.s9, member=cast.plain_member)
    services_parcels.parcel_update(by=cast.member_user, parcel=p1, status="handed", tracking_number="SF123456789012")


def test_metrics_deeds_and_evidence(gm, cast, django_assert_max_num_queries):
    reg, (p1, p2) = _packed(gm, cast)
    services.shift_signup(by=None, shift=gm.s7, name="学生志愿者")
    services_parcels.parcel_update(by=None, parcel=p1, status="handed", tracking_number="SF123456789012")
    today = dt.date.today()
    start, end = D(2022, 1, 1), today
    with django_assert_max_num_queries(1):
        assert metrics.values("gradmail.registrations", under=cast.university.path, start=start, end=end) == {
            cast.sibling.pk: 1}
    with django_assert_max_num_queries(1):
        assert metrics.values("gradmail.parcels", under=cast.university.path, start=start, end=end) == {
            cast.sibling.pk: 1}
    with django_assert_max_num_queries(1):
        assert metrics.values("gradmail.volunteer_hours", under=cast.university.path, start=start, end=end) == {
            cast.branch.pk: 3.0}
    assert metrics.values("gradmail.volunteer_hours", under=cast.other_school.path, start=start, end=end) == {}
    source = deedsources.source("gradmail.shift")
    assert source.category == "gradmail"
    with django_assert_max_num_queries(2):
        rows = source.rows(under=cast.branch.path, start=D(2022, 6, 1), end=D(2022, 6, 30))
    assert len(rows) == 1
    row = rows[0]
    assert (row.member_id, row.org_id, row.hours, row.beneficiaries) == (cast.sec_member.pk, cast.branch.pk,
                                                                          Decimal("3.0"), 1)
    assert row.date == D(2022, 6, 20) and row.url.endswith(f"/gradmail/shifts/{gm.s7.pk}/")
    with django_assert_max_num_queries(4):
        records = evidence.records_for(cast.branch.path, kinds=["gradmail_campaign"])
    assert [r.id for r in records] == [gm.campaign.pk]
    assert "本组织志愿服务1人次" in records[0].summary and "寄出1件" in records[0].summary
    assert evidence.records_for(cast.other_branch.path, kinds=["gradmail_campaign"]) == []


def test_a_registration_is_withdrawn_before_packing_only(gm, cast):
    reg = register(gm, gm.graduate)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(by=cast.member_user, registration=reg)
    services.registration_cancel(by=gm.grad_user, registration=reg, reason="已返校")
    assert not Registration.objects.filter(pk=reg.pk).exists()
    assert Registration.all_objects.get(pk=reg.pk).deleted_by == gm.grad_user
    again = register(gm, gm.graduate)  # may register again afterwards
    _packed_reg = services_parcels.registration_pack(by=None, registration=again,
                                                     parcels=[services_parcels.ParcelRow("sf")])
    with pytest.raises(ValidationError, match="已打包的登记不能撤销"):
        services.registration_cancel(by=gm.grad_user, registration=again)

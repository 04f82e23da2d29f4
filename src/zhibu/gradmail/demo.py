"""The demo's 毕业寄: the logistics school's 2022 campaign, as the symposium's members told it.

Sixty 2022 graduates of the student branch registered (three dormitory buildings, addresses all over the
country); shifts from 13 to 24 June, mornings and afternoons, with faculty members, student members and
student volunteers signed up; the assignment has run (a few registrations whose preferred dates have no
shift are left with their reason); parcels are packed, handed to couriers, delivered, and two have problems.
The graduate login `graduate` sees their own parcels "已寄出".
Registered on the context: ctx.extra["gradmail_campaign"].
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from zhibu.careers import selectors as careers_selectors
from zhibu.careers import services_graduates
from zhibu.orgs.models import Member
from zhibu.orgs.synthetic import People

from . import services, services_parcels
from .couriers import Courier, make_tracking
from .models import Campaign, Parcel, Registration

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

D = dt.date
BUILDINGS = ["学生公寓5号楼", "学生公寓7号楼", "学生公寓9号楼"]
PLACES = ["山东省青岛市市南区香港中路", "河北省石家庄市长安区中山东路", "河南省郑州市金水区花园路", "四川省成都市武侯区人民南路",
          "湖南省长沙市岳麓区麓山南路", "浙江省杭州市西湖区文三路", "内蒙古自治区呼和浩特市新城区新华大街",
          "广东省广州市天河区天河路", "黑龙江省哈尔滨市南岗区西大直街", "山西省太原市小店区长风街"]
COURIERS = [Courier.SF, Courier.SF, Courier.SF, Courier.EMS, Courier.JD, Courier.ZTO, Courier.YTO, Courier.YUNDA]
GRADUATES = 60


def present(ctx: DemoContext) -> bool:
    school = ctx.orgs.get("school")
    campaign = Campaign.objects.filter(org=school, year=2022).first() if school else None
    if campaign is None:
        return False
    ctx.extra["gradmail_campaign"] = campaign
    _tips(ctx)
    return True


def _tips(ctx: DemoContext) -> None:
    ctx.tip("organiser", "“毕业寄”：2022届排班、包裹台和揽收清单")
    ctx.tip("sibling", "“毕业寄”：为本支部毕业生登记，收件信息完整可见")
    ctx.tip("member", "“毕业寄”：报名志愿服务班次")
    ctx.tip("graduate", "“我的毕业寄”：包裹已寄出")


def _graduates(ctx: DemoContext, rng: random.Random) -> list:
    """The student branch's 2022 graduates: those the careers demo made, topped up to sixty."""
    branch = ctx.orgs["sibling"]
    have = [g for g in careers_selectors.graduate_list_for_scope(_everything(), org=branch, class_year=2022)]
    people = People(rng)
    n = 0
    while len(have) < GRADUATES:
        n += 1
        number = f"2018{6500 + n:06d}"
        if careers_selectors.graduates_by_student_numbers(under=branch.path, numbers=[number]):
            continue
        gender = people.gender()
        have.append(services_graduates.graduate_create(
            by=None, org=branch, name=people.name(gender, 2000), student_number=number, major="物流管理",
            class_year=2022, graduation_date=D(2022, 6, 30), phone=people.phone()))
    return have


def _everything():
    from zhibu.core.paths import Scope

    return Scope(everything=True)


def _graduate_login(ctx: DemoContext, graduates: list):
    User = get_user_model()
    user = User.objects.filter(username="graduate").first()
    if user is not None:
        own = careers_selectors.graduate_for_login(user)
        if own is not None:
            return own
    graduate = next((g for g in graduates if g.user_id is None), graduates[0])
    if user is None:
        user = User.objects.create_user(username="graduate", password=ctx.password, first_name=graduate.name)
    graduate = services_graduates.graduate_update(by=None, graduate=graduate, user=user)
    ctx.login("graduate", name=graduate.name, role="毕业生", org=ctx.orgs["sibling"].display_name)
    return graduate


def load(ctx: DemoContext) -> None:
    if "school" not in ctx.orgs or "sibling" not in ctx.orgs:
        return
    rng = random.Random("zhibu-gradmail")
    campaign = services.campaign_create(
        by=None, org=ctx.orgs["school"], year=2022, starts_on=D(2022, 6, 6), ends_on=D(2022, 6, 30),
        title="物流学院2022届毕业生“毕业寄”",
        note="受疫情影响部分毕业生无法返校。在学校和学院党委统一领导下，教工党员、学生党员冲锋在前，为毕业生打包、邮寄行李。")
    services.shifts_create_batch(by=None, campaign=campaign, date_from=D(2022, 6, 13), date_to=D(2022, 6, 24),
                                 slots=["morning", "afternoon"], buildings=BUILDINGS, capacity=6, quota=4)
    graduates = _graduates(ctx, rng)
    own = _graduate_login(ctx, graduates)
    if own not in graduates:
        graduates[0] = own
    regs = []
    for i, g in enumerate(graduates):
        start = D(2022, 6, rng.randint(10, 22)) if i else D(2022, 6, 14)
        end = start + dt.timedelta(days=rng.randint(0, 5))
        if i % 20 == 19:  # a few want only the last days, when no shifts are planned
            start, end = D(2022, 6, 27), D(2022, 6, 29)
        building = BUILDINGS[i % 3]
        regs.append(services.registration_create(
            by=None, campaign=campaign, graduate=g, building=building, room=f"{rng.randint(1, 6)}{rng.randint(1, 30):02d}",
            parcels_estimated=rng.randint(1, 4), recipient=g.name, phone=g.phone or "13800000000",
            address=f"{rng.choice(PLACES)}{rng.randint(1, 300)}号{rng.randint(1, 20)}单元{rng.randint(101, 1802)}",
            preferred_from=start, preferred_to=end, courier=rng.choice(COURIERS + [""]),
            note="书籍较多" if i % 7 == 0 else ""))
    Registration.objects.filter(campaign=campaign).update(registered_on=D(2022, 6, 5))
    _volunteers(ctx, campaign, rng)
    services_parcels.assignment_run(by=None, campaign=campaign)
    _parcels(campaign, rng, own)
    ctx.extra["gradmail_campaign"] = campaign
    _tips(ctx)


def _volunteers(ctx: DemoContext, campaign: Campaign, rng: random.Random) -> None:
    teachers = list(Member.objects.filter(org=ctx.orgs["branch"]).order_by("id"))
    students = list(Member.objects.filter(org=ctx.orgs["sibling"]).order_by("id"))
    volunteers = ["王晨（学生志愿者）", "刘思雨（学生志愿者）", "张一鸣（学生志愿者）", "赵可欣（学生志愿者）"]
    member_login = ctx.members.get("member")
    for n, shift in enumerate(campaign.shifts.order_by("date", "slot", "building")):
        if shift.date > D(2022, 6, 21) and n % 3:
            continue  # the last days are not yet fully staffed
        taken = rng.sample(teachers, min(2, len(teachers))) + rng.sample(students, min(2, len(students)))
        if member_login is not None and member_login not in taken and n % 7 == 0:
            taken = taken[:3] + [member_login]
        for m in taken:
            services.shift_signup(by=None, shift=shift, member=m)
        services.shift_signup(by=None, shift=shift, name=volunteers[n % len(volunteers)].split("（")[0])


def _parcels(campaign: Campaign, rng: random.Random, own) -> None:
    serial = 220613000
    for reg in Registration.objects.filter(campaign=campaign, shift__isnull=False).select_related("shift"):
        shift = reg.shift
        if (shift.date > D(2022, 6, 22) or reg.pk % 9 == 0) and reg.graduate_id != own.pk:
            continue  # still to be packed
        courier = reg.courier or Courier.SF
        parcels = services_parcels.registration_pack(by=None, registration=reg, parcels=[
            services_parcels.ParcelRow(courier=courier, weight_kg=f"{rng.uniform(4, 22):.1f}")
            for _ in range(reg.parcels_estimated)])
        for p in parcels:
            serial += 1
            roll = rng.random()
            if reg.graduate_id == own.pk or roll < 0.8:
                services_parcels.parcel_update(by=None, parcel=p, status=Parcel.Status.HANDED,
                                               tracking_number=make_tracking(courier, serial))
                handed = shift.date + dt.timedelta(days=1)
                if reg.graduate_id != own.pk and roll < 0.45:
                    services_parcels.parcel_update(by=None, parcel=p, status=Parcel.Status.DELIVERED)
                    Parcel.objects.filter(pk=p.pk).update(handed_on=handed, delivered_on=handed + dt.timedelta(days=3))
                else:
                    Parcel.objects.filter(pk=p.pk).update(handed_on=handed)
            elif roll < 0.83:
                services_parcels.parcel_update(by=None, parcel=p, status=Parcel.Status.PROBLEM,
                                               problem_note="纸箱破损，待重新打包")

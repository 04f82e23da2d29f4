"""The gradmail hook of `zhibu generate`: one June campaign per generated school, with its timetable.

Per school (of the universities just generated): a campaign for the latest June (this year's once June has
begun, else last year's), 1–30 June; shifts on ten working days, mornings and afternoons, in four dormitory
buildings (6 volunteer places, a packing quota sized so that about nine in ten registrations fit); 2–5
members of the school's branches signed up per shift. If the careers hook generated graduates (read
through careers' selectors, never written here), ~65% of the school's graduates of that year register;
the assignment places them (the same `assignment.assign` as the services); ~80% of the placed are packed,
and of their parcels ~85% handed to a courier with a well-formed tracking number, some delivered.
Written with bulk_create; rows satisfy the services' rules (checked by the tests).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhibu.careers import selectors as careers_selectors
from zhibu.core.paths import Scope
from zhibu.orgs.selectors import member_list_for_scope
from zhibu.orgs.synthetic import SyntheticContext

from . import assignment
from .couriers import Courier, make_tracking
from .models import Campaign, Parcel, Registration, Shift, Signup

BUILDINGS = ["学生公寓1号楼", "学生公寓2号楼", "学生公寓3号楼", "学生公寓4号楼"]
SLOTS = ["morning", "afternoon"]
COURIERS = [Courier.SF, Courier.SF, Courier.EMS, Courier.JD, Courier.ZTO, Courier.YTO, Courier.YUNDA, Courier.STO]
CITIES = ["山东省济南市历下区", "河北省保定市竞秀区", "河南省洛阳市西工区", "江苏省南京市鼓楼区", "安徽省合肥市蜀山区",
          "湖北省武汉市洪山区", "陕西省西安市雁塔区", "辽宁省沈阳市和平区", "福建省厦门市思明区", "云南省昆明市五华区"]


def _year(today: dt.date) -> int:
    return today.year if today.month >= 6 else today.year - 1


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("gradmail")
    year = _year(ctx.today)
    days = [d for d in (dt.date(year, 6, 1) + dt.timedelta(days=i) for i in range(30)) if d.weekday() < 5][5:15]
    ctx.progress.phase("生成毕业寄", len(ctx.schools))
    branches_by_school: dict[int, list[int]] = {}
    for b in ctx.branches:
        branches_by_school.setdefault(b.parent_id, []).append(b.pk)
    branch_path = {b.pk: b.path for b in ctx.branches}
    campaigns = [Campaign(org=s, org_path=s.path, year=year, title=f"{s.display_name}{year}届毕业生“毕业寄”",
                          starts_on=dt.date(year, 6, 1), ends_on=dt.date(year, 6, 30)) for s in ctx.schools]
    Campaign.objects.bulk_create(campaigns, batch_size=ctx.batch_size)
    counts = {"shifts": 0, "signups": 0, "registrations": 0, "parcels": 0}
    # Past every parcel already written, so that a second run with the same seed reuses no tracking number.
    serial = rng.randint(10**8, 9 * 10**8) + Parcel.all_objects.count()
    for campaign in campaigns:
        school = campaign.org
        graduates = list(careers_selectors.graduate_list_for_scope(Scope(everything=True), org=school,
                                                                   class_year=year).prefetch_related(None))
        registering = [g for g in graduates if rng.random() < 0.65]
        per_building = max(len(registering) // len(BUILDINGS), 1)
        quota = max(-(-per_building * 9 // (10 * len(days) * len(SLOTS))), 1)
        shifts = [Shift(campaign=campaign, org=school, org_path=school.path, date=d, slot=slot, building=b,
                        capacity=6, quota=quota) for d in days for slot in SLOTS for b in BUILDINGS]
        Shift.objects.bulk_create(shifts, batch_size=ctx.batch_size)
        members = [(m, bid) for bid in branches_by_school.get(school.pk, []) for m in ctx.branch_members.get(bid, [])]
        names = dict(member_list_for_scope(Scope(everything=True), org=school).prefetch_related(None)
                     .values_list("pk", "name")) if members else {}
        signups = []
        for shift in shifts:
            for member_id, bid in rng.sample(members, min(len(members), rng.randint(2, 5))):
                signups.append(Signup(shift=shift, member_id=member_id, name=names.get(member_id, "志愿者"), org_id=bid,
                                      org_path=branch_path[bid], hours=Decimal("3.0")))
        regs = []
        for g in registering:
            start = rng.choice(days)
            end = start + dt.timedelta(days=rng.randint(0, 6))
            regs.append(Registration(
                campaign=campaign, graduate=g, org_id=g.org_id, org_path=g.org_path, building=rng.choice(BUILDINGS),
                room=f"{rng.randint(1, 6)}{rng.randint(1, 40):02d}", parcels_estimated=rng.randint(1, 4),
                recipient=g.name, phone=g.phone or f"139{rng.randint(0, 10**8 - 1):08d}",
                address=f"{rng.choice(CITIES)}{rng.choice(['建设路', '人民路', '解放大街', '学府路'])}{rng.randint(1, 400)}号",
                preferred_from=start, preferred_to=end, courier=rng.choice(COURIERS + [""]),
                registered_on=dt.date(year, 5, rng.randint(20, 31))))
        outcome = assignment.assign(
            [assignment.Need(i, r.building, r.preferred_from, r.preferred_to) for i, r in enumerate(regs)],
            [assignment.Place(i, s.building, s.date, Shift.SLOT_ORDER[s.slot], s.quota) for i, s in enumerate(shifts)])
        parcels = []
        for i, r in enumerate(regs):
            if i in outcome.placed:
                r.shift = shifts[outcome.placed[i]]
                r.status = Registration.Status.ASSIGNED
            else:
                r.unassigned_reason = outcome.unplaced[i][1][:200]
        Signup.objects.bulk_create(signups, batch_size=ctx.batch_size)
        Registration.objects.bulk_create(regs, batch_size=ctx.batch_size)
        for r in regs:
            if r.shift is None or rng.random() > 0.8:
                continue
            courier = r.courier or Courier.SF
            sent_all = True
            for seq in range(1, r.parcels_estimated + 1):
                p = Parcel(registration=r, campaign=campaign, org_id=r.org_id, org_path=r.org_path, seq=seq,
                           courier=courier, weight_kg=Decimal(rng.randint(30, 220)) / 10, packed_shift=r.shift,
                           status=Parcel.Status.PACKED)
                if rng.random() < 0.85:
                    serial += 1
                    p.tracking_number = make_tracking(courier, serial)
                    p.handed_on = r.shift.date + dt.timedelta(days=1)
                    p.status = Parcel.Status.HANDED
                    if rng.random() < 0.5:
                        p.status, p.delivered_on = Parcel.Status.DELIVERED, p.handed_on + dt.timedelta(days=3)
                else:
                    sent_all = False
                parcels.append(p)
            r.status = Registration.Status.SHIPPED if sent_all else Registration.Status.PACKED
        Parcel.objects.bulk_create(parcels, batch_size=ctx.batch_size)
        Registration.objects.bulk_update([r for r in regs if r.status in ("shipped", "packed")], ["status"],
                                         batch_size=ctx.batch_size)
        counts["shifts"] += len(shifts)
        counts["signups"] += len(signups)
        counts["registrations"] += len(regs)
        counts["parcels"] += len(parcels)
        ctx.progress.advance(1)
    ctx.count("毕业寄工作", len(campaigns))
    ctx.count("毕业寄班次", counts["shifts"])
    ctx.count("毕业寄志愿者报名", counts["signups"])
    ctx.count("毕业寄登记", counts["registrations"])
    ctx.count("毕业寄包裹", counts["parcels"])

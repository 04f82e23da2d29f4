"""The demo's member assessment: the faculty branch's deeds (毕业寄 among them), pledges and the 2022 appraisal.

Teachers' 毕业寄 work of 2020 (hand-logged, confirmed by the branch) and of 2022 (synced from the graduation
mailing campaign's volunteer shifts, linking back to them); job help for the last-mile graduates, tutoring
and service to students this year, a few still waiting for confirmation (the secretary confirms them, the
member `member` sends a beneficiary the link); badge pledges for this year; the 2022 民主评议党员, decided
in January 2023 with 优秀 for at most a third.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from zhibu.orgs.models import Member

from . import services, services_appraisal
from .models import Deed, Grade, MemberAppraisal
from .services_sync import deeds_sync

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

D = dt.date


def present(ctx: DemoContext) -> bool:
    branch = ctx.orgs.get("branch")
    if branch is None or not Deed.objects.filter(org=branch, source_kind="").exists():
        return False
    _tips(ctx)
    return True


def _tips(ctx: DemoContext) -> None:
    ctx.tip("secretary", "“党员考评”：确认实事、同步毕业寄记录、积分排名、2022年度民主评议结果")
    ctx.tip("member", "“党员考评”：手机登记实事、积分明细、戴党徽亮身份承诺")


def load(ctx: DemoContext) -> None:
    branch, today = ctx.orgs["branch"], ctx.today
    rng = random.Random("assessment-demo")
    teachers = list(Member.objects.filter(org=branch).order_by("id"))
    secretary, me = ctx.members.get("secretary"), ctx.members.get("member")
    sec_user = secretary.user if secretary else None
    others = [m for m in teachers if m not in (secretary, me)]

    def deed(member, day, title, category, hours, n=0, note="", confirm=None, by_beneficiary=""):
        d = services.deed_log(by=None, member=member, date=day, title=title, category=category,
                              hours=Decimal(str(hours)), beneficiaries=n, beneficiary_note=note)
        if by_beneficiary:
            d = services.deed_confirm_by_beneficiary(token=services.deed_confirm_token(d), name=by_beneficiary)
        elif confirm is not None:
            d = services.deed_confirm(by=confirm, deed=d)
        return d

    for i, m in enumerate(others[:6]):
        deed(m, D(2020, 6, 15 + i % 4), "2020届毕业生“毕业寄”：进宿舍打包行李、登记邮寄信息", "gradmail", 4 + i % 3,
             8 + i, "因疫情未能返校的2020届物流管理专业毕业生", confirm=sec_user)
    for i, m in enumerate(others[6:10]):
        deed(m, D(2022, 6, 20 + i), "为滞留外地的2022届毕业生视频核对行李清单", "gradmail", 2, 5 + i,
             "2022届毕业生", confirm=sec_user)
    year = today.year
    start = D(year, 3, 1)
    plans = [
        ("“最后一公里”就业帮扶：一对一修改简历、模拟面试", "employment", 3, 2, "2026届未就业毕业生"),
        ("考研数学答疑（每周一次）", "teaching", 6, 15, "物流管理专业大三学生"),
        ("新生入学报到志愿服务", "service", 4, 60, "2026级新生及家长"),
        ("社区垃圾分类宣传志愿服务", "volunteering", 3, 40, "花园路社区居民"),
        ("为学生党支部讲授“物流强国”专题党课", "teaching", 2, 35, "物流管理专业学生党员"),
    ]
    for i, m in enumerate(others[:10]):
        title, category, hours, n, note = plans[i % len(plans)]
        day = min(start + dt.timedelta(days=23 * i + rng.randint(0, 9)), today)
        deed(m, day, title, category, hours, n, note, confirm=sec_user if i % 3 else None,
             by_beneficiary="王晓雨" if i % 3 == 0 and i % 2 == 0 else "")
    if me is not None:
        deed(me, min(D(year, 4, 18), today), "为2026届毕业生逐一电话回访就业去向", "employment", 5, 12,
             "2026届物流管理专业毕业生", by_beneficiary="李思远")
        deed(me, min(D(year, 9, 5), today), "迎新季为新生讲解专业培养方案", "service", 2, 30, "2026级新生")
    if secretary is not None:
        deed(secretary, min(D(year, 5, 12), today), "带队走访共建企业，争取实习岗位", "employment", 6, 15,
             "物流管理专业大四学生")
    for m in teachers:
        if m.status in (Member.Status.FULL, Member.Status.PROBATIONARY) and rng.random() < 0.8 and m != me:
            services.badge_pledge(by=None, member=m, year=year, promise="在课堂和工作中佩戴党徽、亮明身份")
    for y in (2020, 2022, year):
        deeds_sync(by=None, org=ctx.orgs["school"], start=D(y, 1, 1), end=D(y, 12, 31))
    _appraisal_2022(branch, rng)
    _tips(ctx)


def _appraisal_2022(branch, rng: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from zhibu.core.models import AuditEntry

    a = services_appraisal.appraisal_open(by=None, org=branch, year=2022, note="2022年度民主评议党员（2023年1月）")
    ids = services_appraisal.candidate_ids(a)
    voters = Member.objects.filter(pk__in=ids).order_by("id")
    favourites = set(rng.sample(ids, k=max(1, len(ids) // 4)))
    for voter in voters:
        if rng.random() < 0.08:
            continue  # did not vote
        ballot = {}
        for c in ids:
            if c == voter.pk:
                continue
            roll = rng.random()
            ballot[c] = (Grade.EXCELLENT if roll < (0.7 if c in favourites else 0.2)
                         else Grade.BASIC if roll > 0.97 else Grade.QUALIFIED)
        services_appraisal.appraisal_vote(by=None, appraisal=a, ballot=ballot, voter=voter)
    a = services_appraisal.appraisal_close(by=None, appraisal=a)
    votes = services_appraisal.tallies(a)
    ranked = sorted(ids, key=lambda c: -votes[c][Grade.EXCELLENT])
    best = set(ranked[: a.max_excellent(len(ids))])
    grades = {c: Grade.EXCELLENT if c in best else Grade.QUALIFIED for c in ids}
    services_appraisal.appraisal_decide(by=None, appraisal=a, grades=grades)
    tz = timezone.get_current_timezone()
    history = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(MemberAppraisal),
                                        object_id=str(a.pk))
    for note, day in (("参评", 5), ("投票结束", 10), ("确定等次", 12)):
        history.filter(note__startswith=note).update(at=dt.datetime(2023, 1, day, 15, 0, tzinfo=tz))
    MemberAppraisal.objects.filter(pk=a.pk).update(
        opened_at=dt.datetime(2023, 1, 5, 14, 30, tzinfo=tz), closed_at=dt.datetime(2023, 1, 10, 17, 0, tzinfo=tz),
        decided_at=dt.datetime(2023, 1, 12, 15, 0, tzinfo=tz))

"""The assessment hook of `zhibu generate`: deeds, badge pledges and last year's member appraisal.

Rates: ~45% of party members log 1–3 deeds over the last year (categories weighted towards service and
volunteering, 0.5–8 hours, 0–40 beneficiaries), ~80% of them confirmed (by a beneficiary or the branch);
~70% of party members pledge 戴党徽、亮身份 for this year; ~60% of branches with at least three full
members held last year's appraisal: every full member a candidate, ~90% voted (anonymous counters only),
decided in January with 优秀 for at most a third (those with the most 优秀 votes).
Written with bulk_create; rows satisfy the same constraints as the services'.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zhibu.orgs.models import Member
from zhibu.orgs.synthetic import SyntheticContext

from .models import (
    AppraisalResult,
    AppraisalTally,
    AppraisalVoter,
    BadgePledge,
    Deed,
    Grade,
    MemberAppraisal,
)

TITLES = {
    "service": ["新生入学报到志愿服务", "为学生答疑解惑、谈心谈话", "宿舍走访与生活帮扶"],
    "teaching": ["考研答疑辅导", "课程学业帮扶", "指导学生竞赛"],
    "employment": ["“最后一公里”一对一就业指导", "走访企业拓展实习岗位", "修改简历、模拟面试"],
    "gradmail": ["“毕业寄”打包邮寄志愿服务"],
    "volunteering": ["社区志愿服务", "无偿献血志愿服务", "校园文明引导志愿服务"],
    "other": ["为群众办实事"],
}
WEIGHTS = {"service": 30, "teaching": 20, "employment": 15, "gradmail": 10, "volunteering": 20, "other": 5}
PARTY = (Member.Status.FULL, Member.Status.PROBATIONARY)


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("assessment")
    today = ctx.today
    first = today - dt.timedelta(days=364)
    ctx.progress.phase("生成实事与评议", len(ctx.branches))
    by_branch: dict[int, list[tuple[int, str]]] = {}
    branch_ids = [b.pk for b in ctx.branches]
    for i in range(0, len(branch_ids), 500):
        for pk, org_id, status in Member.objects.filter(org_id__in=branch_ids[i : i + 500]).values_list(
                "id", "org_id", "status"):
            by_branch.setdefault(org_id, []).append((pk, status))
    now = timezone.now()
    tz = timezone.get_current_timezone()
    deeds, pledges, appraisals, plans = [], [], [], []
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    for branch in ctx.branches:
        members = by_branch.get(branch.pk, [])
        for pk, status in members:
            if status not in PARTY:
                continue
            if rng.random() < 0.7:
                pledges.append(BadgePledge(member_id=pk, org_id=branch.pk, org_path=branch.path, year=today.year))
            if rng.random() >= 0.45:
                continue
            for _ in range(rng.randint(1, 3)):
                category = rng.choices(kinds, weights)[0]
                confirmed = rng.random() < 0.8
                via = rng.choice([Deed.Via.BENEFICIARY, Deed.Via.SECRETARY]) if confirmed else ""
                deeds.append(Deed(
                    member_id=pk, org_id=branch.pk, org_path=branch.path,
                    date=first + dt.timedelta(days=rng.randrange(365)), title=rng.choice(TITLES[category]),
                    category=category, hours=Decimal(rng.randint(1, 16)) / 2, beneficiaries=rng.randint(0, 40),
                    status=Deed.Status.CONFIRMED if confirmed else Deed.Status.PENDING, confirmed_via=via,
                    confirmed_at=now if confirmed else None,
                    confirmer_name=("服务对象" if via == Deed.Via.BENEFICIARY else "支部") if confirmed else ""))
        full = [pk for pk, status in members if status == Member.Status.FULL]
        if len(full) >= 3 and rng.random() < 0.6:
            year = today.year - 1
            a = MemberAppraisal(org=branch, org_path=branch.path, year=year, status=MemberAppraisal.Status.DECIDED,
                                opened_at=dt.datetime(year + 1, 1, 6, 14, tzinfo=tz),
                                closed_at=dt.datetime(year + 1, 1, 10, 17, tzinfo=tz),
                                decided_at=dt.datetime(year + 1, 1, 13, 15, tzinfo=tz))
            appraisals.append(a)
            plans.append((a, branch, full))
        ctx.progress.advance(1)
    Deed.objects.bulk_create(deeds, batch_size=ctx.batch_size)
    BadgePledge.objects.bulk_create(pledges, batch_size=ctx.batch_size)
    MemberAppraisal.objects.bulk_create(appraisals, batch_size=ctx.batch_size)
    voters, tallies, results = [], [], []
    for a, branch, full in plans:
        voting = [pk for pk in full if rng.random() < 0.9]
        counts = {c: {g: 0 for g in Grade.values} for c in full}
        for v in voting:
            voters.append(AppraisalVoter(appraisal=a, member_id=v))
            for c in full:
                if c != v:
                    roll = rng.random()
                    grade = Grade.EXCELLENT if roll < 0.25 else Grade.BASIC if roll > 0.98 else Grade.QUALIFIED
                    counts[c][grade] += 1
        for c in full:
            tallies.extend(AppraisalTally(appraisal=a, candidate_id=c, grade=g, count=counts[c][g]) for g in Grade.values)
        best = set(sorted(full, key=lambda c: -counts[c][Grade.EXCELLENT])[: a.max_excellent(len(full))])
        results.extend(AppraisalResult(appraisal=a, member_id=c, org_path=branch.path, votes=counts[c],
                                       grade=Grade.EXCELLENT if c in best else Grade.QUALIFIED) for c in full)
    rng.shuffle(voters)  # the voters' row order says nothing either
    AppraisalVoter.objects.bulk_create(voters, batch_size=ctx.batch_size)
    AppraisalTally.objects.bulk_create(tallies, batch_size=ctx.batch_size)
    AppraisalResult.objects.bulk_create(results, batch_size=ctx.batch_size)
    ctx.count("党员实事", len(deeds))
    ctx.count("戴党徽亮身份承诺", len(pledges))
    ctx.count("民主评议党员", len(appraisals))

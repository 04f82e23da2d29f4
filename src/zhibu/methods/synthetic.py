"""The methods hook of `zhibu generate`: work methods, cases at every stage of their life, and adoptions.

Rates (per generated university): ~10% of branches have named a work method; ~70% of those have written
it up as a case; of the cases ~35% are drafts, ~15% submitted, ~10% endorsed, ~5% researched, ~5% reviewed,
~20% published and ~10% promoted, each with the timeline its stage implies (one round). Published and
promoted cases are adopted by 0–6 other branches of the same university (a promoted case more), and a
quarter of adoptions learn from an earlier adopter (`via`), so reach has a second generation.
Written with bulk_create; the rows satisfy the services' rules (names agree with pillars — checked by the
tests).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhibu.orgs.synthetic import SyntheticContext

from .cases import reindex_cases
from .formula import name_for
from .models import Adoption, Case, CaseStatus, Pillar, PillarItem, Transition, WorkMethod

S, A = CaseStatus, Transition.Action
# (pillar label, measure, items): a method draws one to four of these, in order, with 1–4 items each.
PILLARS = [
    ("中心", "个", ["围绕专业建设", "围绕立德树人", "围绕人才培养", "围绕学科发展"]),
    ("共建工作机制", "重", ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建", "支部与课程团队共建"]),
    ("任务", "大", ["教师思政", "学生思政", "课程思政", "服务社会"]),
    ("平台", "个", ["理论学习平台", "志愿服务平台", "实践育人平台", "校企合作平台"]),
]
GOALS = ["同研究", "同部署", "同落实", "同考核"]
APPROACH = ["找抓手", "建制度", "抓落实"]
# (status, share, the steps that lead to it)
STAGES = [
    (S.DRAFT, 0.35, []),
    (S.SUBMITTED, 0.15, [A.SUBMIT]),
    (S.ENDORSED, 0.10, [A.SUBMIT, A.ENDORSE]),
    (S.RESEARCHED, 0.05, [A.SUBMIT, A.ENDORSE, A.RESEARCH]),
    (S.REVIEWED, 0.05, [A.SUBMIT, A.ENDORSE, A.RESEARCH, A.APPROVE]),
    (S.PUBLISHED, 0.20, [A.SUBMIT, A.ENDORSE, A.RESEARCH, A.APPROVE, A.PUBLISH]),
    (S.PROMOTED, 0.10, [A.SUBMIT, A.ENDORSE, A.RESEARCH, A.APPROVE, A.PUBLISH, A.PROMOTE]),
]
FLOW = [S.DRAFT, S.SUBMITTED, S.ENDORSED, S.RESEARCHED, S.REVIEWED, S.PUBLISHED, S.PROMOTED]


def _stage(roll: float):
    for status, share, steps in STAGES:
        if roll < share:
            return status, steps
        roll -= share
    return STAGES[0][0], STAGES[0][2]


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("methods")
    today = ctx.today
    tz = timezone.get_current_timezone()
    ctx.progress.phase("生成工作法与案例", len(ctx.branches))

    methods, pillar_plan = [], []
    for branch in ctx.branches:
        ctx.progress.advance()
        if rng.random() >= 0.10:
            continue
        parts = sorted(rng.sample(range(len(PILLARS)), rng.randint(1, 3) if rng.random() < 0.8 else 4))
        plan = [(PILLARS[p][0], PILLARS[p][1], rng.sample(PILLARS[p][2], rng.randint(1, 4))) for p in parts]
        plan[0] = (plan[0][0], plan[0][1], plan[0][2][:1]) if rng.random() < 0.6 else plan[0]
        name = name_for([len(items) for _, _, items in plan])
        methods.append(WorkMethod(
            branch=branch, org_path=branch.path, name=name, slogan=f"{branch.short_name or branch.name}的{name}工作法",
            approach=APPROACH, practices=[f"以{plan[0][2][0]}为抓手"], goals=rng.sample(GOALS, rng.randint(2, 4)),
            description=f"{branch.name}在实践中形成的“{name}”工作法。",
        ))
        pillar_plan.append(plan)
    WorkMethod.objects.bulk_create(methods, batch_size=ctx.batch_size)

    pillars = []
    for method, plan in zip(methods, pillar_plan, strict=True):
        for i, (label, measure, items) in enumerate(plan, start=1):
            pillars.append(Pillar(method=method, ordinal=i, count=len(items), measure=measure, label=label))
    Pillar.objects.bulk_create(pillars, batch_size=ctx.batch_size)
    flat_items = [items for plan in pillar_plan for _, _, items in plan]
    PillarItem.objects.bulk_create(
        [PillarItem(pillar=p, ordinal=j, text=text) for p, items in zip(pillars, flat_items, strict=True)
         for j, text in enumerate(items, start=1)], batch_size=ctx.batch_size)

    cases, steps_of = [], []
    for method in methods:
        if rng.random() >= 0.7:
            continue
        status, steps = _stage(rng.random())
        started = today - dt.timedelta(days=rng.randint(60, 900))
        case = Case(
            title=f"{method.branch.name}“{method.name}”工作法", method=method, branch=method.branch,
            org_path=method.org_path, status=status, round=1 if steps else 0,
            background=f"{method.branch.name}现有党员若干名。", practice=method.description,
            outcome="支部建设成效明显。", insight="党建与业务同研究、同部署、同落实、同考核。",
        )
        moments = [dt.datetime.combine(started + dt.timedelta(days=20 * (k + 1)), dt.time(10, 0), tz)
                   for k in range(len(steps))]
        if steps:
            case.submitted_at = moments[0]
        if A.PUBLISH in steps:
            case.published_at = moments[steps.index(A.PUBLISH)]
        cases.append(case)
        steps_of.append(list(zip(steps, moments, strict=True)))
    Case.objects.bulk_create(cases, batch_size=ctx.batch_size)
    transitions = []
    for case, steps in zip(cases, steps_of, strict=True):
        status = S.DRAFT
        for action, at in steps:
            to = FLOW[FLOW.index(status) + 1]
            transitions.append(Transition(case=case, round=1, action=action, from_status=status, to_status=to,
                                          at=at, note=""))
            status = to
    Transition.objects.bulk_create(transitions, batch_size=ctx.batch_size)
    reindex_cases(cases)

    by_university: dict[str, list] = {}
    for b in ctx.branches:
        by_university.setdefault(b.path[:27], []).append(b)
    adoptions: list[Adoption] = []
    for case in cases:
        if case.status not in (S.PUBLISHED, S.PROMOTED):
            continue
        peers = [b for b in by_university.get(case.org_path[:27], []) if b.pk != case.branch_id]
        wanted = rng.randint(0, 3) + (3 if case.status == S.PROMOTED else 0)
        first = timezone.localdate(case.published_at) if case.published_at else today
        chosen = rng.sample(peers, min(wanted, len(peers)))
        first_wave = chosen[: max(1, (len(chosen) * 3 + 3) // 4)] if chosen else []
        wave = [Adoption(case=case, branch=b, org_path=b.path, adopted_on=min(today, first + dt.timedelta(
            days=rng.randint(10, 200))), adaptation=f"结合{b.name}实际借鉴“{case.method.name}”工作法。")
            for b in first_wave]
        Adoption.objects.bulk_create(wave, batch_size=ctx.batch_size)  # saved first: the second wave points at them
        second = [Adoption(case=case, branch=b, org_path=b.path, via=(via := rng.choice(wave)),
                           adopted_on=min(today, via.adopted_on + dt.timedelta(days=rng.randint(10, 200))),
                           adaptation=f"学习{via.branch.name}的做法，借鉴“{case.method.name}”工作法。")
                  for b in chosen[len(first_wave):]]
        Adoption.objects.bulk_create(second, batch_size=ctx.batch_size)
        mine = wave + second
        adoptions += mine
    ctx.count("工作法", len(methods))
    ctx.count("工作法案例", len(cases))
    ctx.count("借鉴推广", len(adoptions))
